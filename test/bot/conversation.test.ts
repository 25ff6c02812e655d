/**
 * A conversation, not a search box: small talk gets a friendly word, follow-ups
 * are read in the context of the last answer (or of the answer replied to), in
 * English and Russian. On the fixture corpus (test/fixtures/knowledge).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoryState } from "../../src/store/index.js";
import {
  BotHarness,
  buttonLabels,
  ENGLISH_USER,
  RUSSIAN_USER,
  textOf,
} from "../support/bot-harness.js";

const TOKYO_FIRST =
  "The delegation of the Tomsk region visited Tokyo with an official mission on June 8-10.";
const TOKYO_SECOND =
  "The governor told Japanese businessmen about the region and its investment projects.";

let h: BotHarness;
beforeEach(() => {
  h = new BotHarness();
});
afterEach(() => {
  expect(h.problems()).toEqual([]);
});

const reply = async (text: string, options: Parameters<BotHarness["text"]>[1] = {}) => {
  const calls = await h.text(text, options);
  const sent = calls.filter((c) => c.method === "sendMessage");
  expect(sent, text).toHaveLength(1);
  return sent[0] as (typeof sent)[number];
};

describe("small talk", () => {
  it("greets back with what the bot knows and the entry points, never 'nothing found' or a quote", async () => {
    for (const [text, from, opening] of [
      ["Hello", ENGLISH_USER, "👋 Hello!"],
      ["Здравствуйте!", RUSSIAN_USER, "👋 Здравствуйте!"],
      ["privet", RUSSIAN_USER, "👋 Здравствуйте!"],
    ] as const) {
      const sent = await reply(text, { from });
      expect(textOf(sent).startsWith(opening), text).toBe(true);
      const labels = buttonLabels(sent.payload.reply_markup).flat();
      expect(labels.filter((l) => l.startsWith("💬 ")).length, text).toBeGreaterThan(0);
      expect(textOf(sent)).not.toMatch(/🤷|🤔|📄/u);
    }
    expect(h.updateLogs().map((l) => l.outcome)).toEqual([
      "small_talk",
      "small_talk",
      "small_talk",
    ]);
  });

  it("says what it can do when asked, in both languages", async () => {
    expect(textOf(await reply("What can you do?"))).toMatch(/^🤖 I am a bot/u);
    expect(textOf(await reply("что ты умеешь?", { from: RUSSIAN_USER }))).toMatch(/^🤖 Я бот/u);
  });

  it("acknowledges thanks after an answer instead of answering again", async () => {
    await reply("When did the Tomsk delegation visit Tokyo?");
    const thanks = await reply("Thanks, very helpful!");
    expect(textOf(thanks)).toBe("😊 You're welcome! Ask me anything else about the texts.");
    expect(textOf(await reply("Спасибо!", { from: RUSSIAN_USER }))).toMatch(/^😊 Спасибо!/u);
  });
});

describe("follow-ups", () => {
  it("continue an answer with the next passage of the same text, and say when the text ends", async () => {
    await reply("When did the Tomsk delegation visit Tokyo?");
    const more = await reply("tell me more");
    expect(textOf(more)).toContain(TOKYO_SECOND);
    expect(textOf(more).split("\n")[0]).toBe("➡️ Further in the same text:");
    // On through the text: each "more" the next sentence, then the end.
    for (let i = 0; i < 4; i++) await reply("more");
    const end = await reply("more");
    expect(textOf(end)).toMatch(/^📄 That is where the text ends/u);
    expect(buttonLabels(end.payload.reply_markup)).toEqual([["📄 Whole document"]]);
  });

  it("continue in Russian: «А подробнее?» after a Russian answer", async () => {
    await reply("Когда томская делегация была в Токио?", { from: RUSSIAN_USER });
    const more = await reply("А подробнее?", { from: RUSSIAN_USER });
    expect(textOf(more)).toContain("Губернатор рассказал японским бизнесменам о регионе");
    expect(textOf(more).split("\n")[0]).toBe("➡️ Дальше в том же тексте:");
  });

  it("ask the last question again about a new subject, showing how it was read", async () => {
    await reply("Which sectors is Italy interested in?");
    const japan = await reply("and Japan?");
    expect(textOf(japan).split("\n")[0]).toBe("❓ Which sectors is japan interested in?");
  });

  it("ask the last question again with a new question word", async () => {
    await reply("Who went to Tokyo on an official mission?");
    const when = await reply("when was that?");
    expect(textOf(when).split("\n")[0]).toMatch(/^❓ when /u);
    expect(textOf(when)).toContain(TOKYO_FIRST);
  });

  it("say there is nothing to continue before any answer", async () => {
    expect(textOf(await reply("tell me more"))).toMatch(/^🤔 There is nothing to continue yet/u);
  });

  it("read a reply to an answer in that answer's context, even after other answers", async () => {
    await reply("When did the Tomsk delegation visit Tokyo?");
    const tokyo = h.lastSent();
    await reply("Which sectors is Italy interested in?");
    const more = await reply("tell me more", { replyTo: tokyo });
    expect(textOf(more)).toContain(TOKYO_SECOND);
  });

  it("continue the passage on screen after paging", async () => {
    await reply("When did the Tomsk delegation visit Tokyo?");
    const answer = h.lastSent();
    await h.press(answer, "▶");
    const shown = h.current(answer).text ?? "";
    const more = await reply("more");
    expect(textOf(more)).not.toContain(TOKYO_FIRST);
    expect(textOf(more)).not.toContain(shown.split("\n")[0]);
  });

  it("are read from the store, so a restarted bot (or another replica) continues the answer", async () => {
    const store = memoryState();
    const first = new BotHarness({ store });
    await first.text("When did the Tomsk delegation visit Tokyo?");
    const restarted = new BotHarness({ store, sim: first.sim });
    const more = (await restarted.text("tell me more")).find((c) => c.method === "sendMessage");
    expect(textOf(more as never)).toContain(TOKYO_SECOND);
    expect(restarted.problems()).toEqual([]);
  });

  it("keep a chat's last answer under a hashed key, never the chat's id, for 15 minutes", async () => {
    const store = memoryState();
    const keys: string[] = [];
    const sessions = {
      ...store.sessions,
      set: async (key: string, value: unknown) => {
        keys.push(key);
        await store.sessions.set(key, value);
      },
    };
    const bot = new BotHarness({ store: { ...store, sessions } });
    await bot.text("When did the Tomsk delegation visit Tokyo?");
    const conversation = keys.filter((k) => k.startsWith("conversation:"));
    expect(conversation).toHaveLength(1);
    expect(conversation[0]).not.toContain(String(ENGLISH_USER.id));
    expect(await store.sessions.prune("conversation:", 15 * 60_000)).toBe(0);
  });
});
