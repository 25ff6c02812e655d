/**
 * Flows in a private chat: questions and cited answers, paging, the whole
 * document, "nothing found", /start with deep links, /help, /ask, other input.
 * The bot searches the invented fixture corpus (test/fixtures/knowledge).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseTelegramHtml } from "../../src/telegram-sim/index.js";
import {
  BotHarness,
  buttonLabels,
  ENGLISH_USER,
  findButton,
  type RecordedCall,
  RUSSIAN_USER,
  textOf,
} from "../support/bot-harness.js";

const TOKYO = "When did the Tomsk delegation visit Tokyo?";
/** The fixture's one sentence about the delegation's visit: the best answer to TOKYO. */
const TOKYO_ANSWER =
  "The delegation of the Tomsk region visited Tokyo with an official mission on June 8-10.";
let h: BotHarness;
beforeEach(() => {
  h = new BotHarness();
});
afterEach(() => {
  expect(h.problems()).toEqual([]);
});

const boldOf = (call: RecordedCall | undefined) => {
  const parsed = parseTelegramHtml(String(call?.payload.text));
  return parsed.entities
    .filter((e) => e.type === "bold")
    .map((e) => parsed.text.slice(e.offset, e.offset + e.length));
};
/** The pager of an answer: "1/n" and n, read from its first row. */
const pagerOf = (rows: string[][]) => {
  const label = rows[0]?.find((l) => /^\d+\/\d+$/u.test(l)) ?? "";
  return { label, pages: Number(label.split("/")[1]) };
};
const only = (calls: RecordedCall[], method: string) => {
  const found = calls.filter((c) => c.method === method);
  expect(found, method).toHaveLength(1);
  return found[0] as RecordedCall;
};

describe("a question in a private chat", () => {
  it("gets the best passage quoted with matched words in bold, the citation and the buttons, as a reply (English)", async () => {
    const calls = await h.text("When did the Tomsk delegation visit Tokyo?");
    expect(calls.map((c) => c.method)).toEqual(["sendMessage"]);
    const reply = only(calls, "sendMessage");
    const question = h.message(ENGLISH_USER.id, 1);
    expect(reply.payload.chat_id).toBe(ENGLISH_USER.id);
    expect(reply.payload.reply_parameters).toEqual({
      message_id: question.message_id,
      allow_sending_without_reply: true,
    });
    expect(reply.payload.parse_mode).toBe("HTML");
    const text = textOf(reply);
    expect(text.startsWith(TOKYO_ANSWER)).toBe(true);
    const boldWords = boldOf(reply).flatMap((bold) => bold.split(" "));
    expect(boldWords).toEqual(expect.arrayContaining(["delegation", "Tokyo"]));
    expect(text).toContain("📄 A Tomsk delegation on a mission to Tokyo");
    expect(text).toContain("date as stated: 8–10 June · source: Press office of the region");
    const rows = buttonLabels(reply.payload.reply_markup);
    // Other passages of the fixture's Tokyo text answer too: a pager on its first page.
    expect(rows[0]).toEqual([pagerOf(rows).label, "▶"]);
    expect(pagerOf(rows).label).toMatch(/^1\/\d+$/u);
    expect(pagerOf(rows).pages).toBeGreaterThan(1);
    expect(rows[1]).toEqual(["📄 Whole document"]);
    expect(rows.slice(2).flat()).toContain(
      "📅 8–10 June · The Tomsk delegation's mission to Tokyo",
    );
    expect(h.updateLogs().at(-1)).toMatchObject({
      outcome: "answered",
      update_type: "message",
      chat_type: "private",
      lang: "en",
    });
  });

  it("gets the reviewed translation, the English original folded under it and a Russian citation, for a Russian speaker", async () => {
    const calls = await h.text("Когда томская делегация была в Токио?", { from: RUSSIAN_USER });
    const reply = only(calls, "sendMessage");
    const text = textOf(reply);
    expect(
      text.startsWith("Делегация Томской области посетила Токио с официальной миссией 8–10 июня."),
    ).toBe(true);
    const parsed = parseTelegramHtml(String(reply.payload.text));
    const original = parsed.entities.find((e) => e.type === "expandable_blockquote");
    expect(original && parsed.text.slice(original.offset, original.offset + original.length)).toBe(
      TOKYO_ANSWER,
    );
    expect(text).toContain("🇬🇧 Оригинал на английском:");
    expect(text).toContain("📄 Томская делегация с миссией в Токио");
    expect(text).toContain("дата в тексте: 8–10 июня · источник: Пресс-служба области");
    const rows = buttonLabels(only(calls, "sendMessage").payload.reply_markup);
    expect(rows[1]).toEqual(["📄 Весь документ"]);
    expect(rows.slice(2).flat()).toContain("📅 8–10 июня · Миссия томской делегации в Токио");
    // A question the next passage answers, in Russian: its shortest stored one asking as a question.
    expect(rows[2]).toEqual(["💬 что губернатор рассказал японцам"]);
  });

  it("pages with ◀ ▶ by editing the same message, through every answer and back to the first", async () => {
    await h.text(TOKYO);
    const answer = h.lastSent();
    const first = answer.text ?? "";
    const { pages } = pagerOf(buttonLabels(answer.reply_markup));
    const seen = [first];
    for (let page = 2; page <= pages; page++) {
      const next = await h.press(answer, "▶");
      expect(next.map((c) => c.method)).toEqual(["answerCallbackQuery", "editMessageText"]);
      const edit = only(next, "editMessageText");
      expect(edit.payload).toMatchObject({
        chat_id: answer.chat.id,
        message_id: answer.message_id,
      });
      // Every page quotes the Tokyo text, and the question was recovered for highlighting.
      expect(textOf(edit)).toContain("📄 A Tomsk delegation on a mission to Tokyo");
      expect(boldOf(edit).length).toBeGreaterThan(0);
      const pager = buttonLabels(edit.payload.reply_markup)[0];
      expect(pager).toEqual(
        page < pages ? ["◀", `${page}/${pages}`, "▶"] : ["◀", `${page}/${pages}`],
      );
      seen.push(textOf(edit));
    }
    // Each page showed another passage.
    expect(new Set(seen).size).toBe(pages);
    for (let page = pages; page > 1; page--) await h.press(answer, "◀");
    expect(h.current(answer).text).toBe(first);
    expect(buttonLabels(h.current(answer).reply_markup)[0]).toEqual([`1/${pages}`, "▶"]);
    expect(h.sentMessages()).toHaveLength(1);
  });

  it("does not edit when a button would change nothing (the page counter, a repeated tap)", async () => {
    await h.text(TOKYO);
    const answer = h.lastSent();
    const { label } = pagerOf(buttonLabels(answer.reply_markup));
    expect((await h.press(answer, label)).map((c) => c.method)).toEqual(["answerCallbackQuery"]);
    const next = findButton(answer, "▶");
    if (!next || !("callback_data" in next)) throw new Error("no ▶");
    await h.pressData(answer, next.callback_data);
    // A second tap on the old ▶ arrives after the message already shows page 2.
    const again = await h.pressData(answer, next.callback_data);
    expect(again.map((c) => c.method)).toEqual(["answerCallbackQuery"]);
  });

  it("opens the whole document in the same message, pages through it, and goes back to the answer", async () => {
    // The fixture's Tokyo text is about 700 characters: 400 a page makes two pages or more.
    h = new BotHarness({ settings: { documentPageLength: 400 } });
    await h.text("When did the Tomsk delegation visit Tokyo?");
    const answer = h.lastSent();
    const first = answer.text;
    const open = only(await h.press(answer, "📄 Whole document"), "editMessageText");
    expect(textOf(open)).toMatch(/^📄 A Tomsk delegation on a mission to Tokyo\n/u);
    expect(textOf(open)).toContain(TOKYO_ANSWER);
    const pager = buttonLabels(open.payload.reply_markup)[0] ?? [];
    expect(pager[0]).toMatch(/^1\/\d$/u);
    expect(buttonLabels(open.payload.reply_markup).at(-1)).toEqual(["↩ Back to the answer"]);
    const page2 = only(await h.press(answer, "▶"), "editMessageText");
    expect(textOf(page2)).not.toBe(textOf(open));
    expect(textOf(page2).length).toBeLessThanOrEqual(400);
    await h.press(answer, "↩ Back to the answer");
    expect(h.current(answer).text).toBe(first);
    expect(h.sentMessages()).toHaveLength(1);
  });

  it("says plainly when nothing answers, and offers suggestions, examples and the lists", async () => {
    // Two edits from "tokyo": too far to correct on its own, near enough to offer.
    const calls = await h.text("tokkiyo");
    const reply = only(calls, "sendMessage");
    expect(textOf(reply)).toContain("I found nothing about “tokkiyo” in the texts I know.");
    const labels = buttonLabels(reply.payload.reply_markup).flat();
    expect(labels[0]).toBe("🔎 tokyo");
    expect(labels.filter((l) => l.startsWith("💬 "))).toHaveLength(3);
    expect(labels.slice(-3)).toEqual(["🏭 Clusters", "📅 Events", "📚 Sources"]);
    expect(h.updateLogs().at(-1)).toMatchObject({ outcome: "no_answer" });

    const noAnswer = h.lastSent();
    const suggested = await h.press(noAnswer, "🔎 tokyo");
    expect(suggested.map((c) => c.method)).toEqual(["answerCallbackQuery", "sendMessage"]);
    const answer = only(suggested, "sendMessage");
    expect(answer.payload.reply_parameters).toMatchObject({ message_id: noAnswer.message_id });
    expect(textOf(answer).split("\n")[0]).toBe("❓ tokyo");
  });

  it("answers an example question button as a new message showing the question, and keeps it while paging", async () => {
    await h.text("/start");
    const welcome = h.lastSent();
    const calls = await h.press(welcome, /^💬 When did/u);
    const answer = only(calls, "sendMessage");
    expect(textOf(answer).split("\n")[0]).toBe("❓ When did the Tomsk delegation visit Tokyo?");
    const paged = only(await h.press(h.lastSent(), "▶"), "editMessageText");
    expect(textOf(paged).split("\n")[0]).toBe("❓ When did the Tomsk delegation visit Tokyo?");
    expect(boldOf(paged).length).toBeGreaterThan(0);
  });

  it("opens a related event card under an answer as a new message", async () => {
    await h.text("When did the Tomsk delegation visit Tokyo?");
    const answer = h.lastSent();
    const calls = await h.press(answer, /The Tomsk delegation's mission to Tokyo/u);
    const card = only(calls, "sendMessage");
    expect(card.payload.reply_parameters).toMatchObject({ message_id: answer.message_id });
    expect(textOf(card)).toMatch(
      /^📅 The Tomsk delegation's mission to Tokyo\nMission\n\nWhen: June 8-10/u,
    );
  });
});

describe("/start", () => {
  it("welcomes in the user's language with example questions as buttons", async () => {
    const en = only(await h.text("/start"), "sendMessage");
    expect(textOf(en)).toMatch(/^👋 Hello!/u);
    expect(buttonLabels(en.payload.reply_markup).slice(0, 3).flat()).toEqual([
      "💬 How many innovation clusters is INO Tomsk based on?",
      "💬 When did the Tomsk delegation visit Tokyo?",
      "💬 Which sectors is Italy interested in?",
    ]);
    const ru = only(await h.text("/start", { from: RUSSIAN_USER }), "sendMessage");
    expect(textOf(ru)).toMatch(/^👋 Здравствуйте!/u);
    expect(buttonLabels(ru.payload.reply_markup).at(-1)).toEqual([
      "🏭 Кластеры",
      "📅 События",
      "📚 Источники",
    ]);
  });

  it("opens a document, a cluster, an event or help from a deep link", async () => {
    expect(textOf(only(await h.text("/start doc_italy-visit"), "sendMessage"))).toMatch(
      /^📄 The Italian Ambassador visits Tomsk/u,
    );
    const cluster = only(await h.text("/start cluster_timber"), "sendMessage");
    expect(textOf(cluster)).toMatch(/^🏭 Timber cluster\n/u);
    expect(buttonLabels(cluster.payload.reply_markup).at(-1)).toEqual(["↩ All clusters"]);
    expect(textOf(only(await h.text("/start event_tokyo-mission"), "sendMessage"))).toMatch(
      /^📅 The Tomsk delegation's mission to Tokyo/u,
    );
    expect(textOf(only(await h.text("/start help"), "sendMessage"))).toMatch(/^ℹ️ What I know/u);
  });

  it("says a link is out of date and welcomes instead", async () => {
    const text = textOf(only(await h.text("/start doc_no-such-document"), "sendMessage"));
    expect(text).toMatch(/^🔗 This link points to something I no longer have/u);
    expect(text).toContain("👋 Hello!");
    expect(textOf(only(await h.text("/start whatever"), "sendMessage"))).toMatch(/^👋 Hello!/u);
  });
});

describe("/help and /ask", () => {
  it("/help tells what the bot knows, how to ask, groups and inline", async () => {
    const text = textOf(only(await h.text("/help"), "sendMessage"));
    // The fixture holds 3 texts, 3 clusters and 4 events.
    expect(text).toContain("3 source texts");
    expect(text).toContain("the 3 innovation clusters");
    expect(text).toContain("4 visits, forums and sessions");
    expect(text).toContain("/ask@test_coop_bot <question>");
    expect(text).toContain("Group Privacy");
    expect(text).toContain("Type @test_coop_bot and a question");
    expect(textOf(only(await h.text("/help", { from: RUSSIAN_USER }), "sendMessage"))).toContain(
      "Что я знаю",
    );
  });

  it("/ask <question> answers, /ask alone explains how to ask", async () => {
    const answer = only(await h.text("/ask Which sectors is Italy interested in?"), "sendMessage");
    expect(textOf(answer)).toMatch(/^Italy is interested in nanotechnology/u);
    const hint = only(await h.text("/ask"), "sendMessage");
    expect(textOf(hint)).toMatch(/^✍️ Write your question after the command/u);
    expect(textOf(only(await h.text("/ask   !!!"), "sendMessage"))).toMatch(/^✍️/u);
  });
});

describe("other input in a private chat", () => {
  it("gives a short hint for stickers, photos and edited messages, and knows no unknown commands", async () => {
    const sticker = only(await h.send(h.updates.sticker({ from: ENGLISH_USER })), "sendMessage");
    expect(textOf(sticker)).toMatch(/^🙂 I understand text only/u);
    const photo = only(
      await h.send(h.updates.photo({ from: RUSSIAN_USER, caption: "что это?" })),
      "sendMessage",
    );
    expect(textOf(photo)).toMatch(/^🙂 Я понимаю только текст/u);
    await h.text("hello");
    const original = h.message(ENGLISH_USER.id, h.lastSent().reply_to_message?.message_id ?? 0);
    const edited = only(await h.send(h.updates.editedMessage(original, "changed")), "sendMessage");
    expect(textOf(edited)).toMatch(/^✏️/u);
    expect(textOf(only(await h.text("/frobnicate"), "sendMessage"))).toMatch(
      /^🤔 I don't know this command/u,
    );
  });

  it("stays silent on channel posts", async () => {
    expect(await h.send(h.updates.channelPost("When did the delegation visit Tokyo?"))).toEqual([]);
    expect(h.updateLogs().at(-1)).toMatchObject({ outcome: "ignored" });
  });
});
