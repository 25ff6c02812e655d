/** Stale buttons, failures, hostile input and what the logs say. */
import fc from "fast-check";
import type { Message } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { encodeCallbackData } from "../../src/bot/callback-data.js";
import type { SearchEngine } from "../../src/search/types.js";
import { BotHarness, ENGLISH_USER, findButton, RUSSIAN_USER } from "../support/bot-harness.js";
import { fixtureSearch } from "../support/knowledge.js";

let h: BotHarness;
afterEach(() => {
  expect(h.problems()).toEqual([]);
});

const STALE_EN = "This button is out of date — ask again.";

describe("stale buttons", () => {
  it("answer 'out of date' for forged, malformed, foreign and outdated data, and do nothing else", async () => {
    h = new BotHarness();
    await h.text("When did the Tomsk delegation visit Tokyo?");
    const answer = h.lastSent();
    const oldVersion = encodeCallbackData({
      kind: "answer",
      version: "zzzzzz",
      index: 0,
      keys: ["5.0"],
    });
    const unknownKey = encodeCallbackData({
      kind: "answer",
      version: h.search.knowledge.version,
      index: 0,
      keys: ["zz.zz"],
    });
    for (const data of [
      oldVersion,
      unknownKey,
      "1c|no-such-cluster",
      "1e|no-such-event",
      "1d|no-such-doc|0|",
      "1x|en|99",
      "0a|whatever",
      "garbage",
      "1a|<b>|0|x",
      "🙂".repeat(16),
    ]) {
      const calls = await h.pressData(answer, data);
      expect(
        calls.map((c) => c.method),
        data,
      ).toEqual(["answerCallbackQuery"]);
      expect(calls[0]?.payload.text).toBe(STALE_EN);
    }
    const ru = await h.pressData(answer, "garbage", RUSSIAN_USER);
    expect(ru[0]?.payload.text).toBe("Эта кнопка устарела — спросите заново.");
  });

  it("answers a button under an inline message (no message to edit) as stale", async () => {
    h = new BotHarness();
    const update = h.updates.numbered({
      callback_query: {
        id: "77",
        from: ENGLISH_USER,
        chat_instance: "1",
        inline_message_id: "AAA",
        data: "1C",
      },
    });
    const calls = await h.send(update);
    expect(calls.map((c) => [c.method, c.payload.text])).toEqual([
      ["answerCallbackQuery", STALE_EN],
    ]);
  });

  it("still works when the message is too old to be edited: the view comes as a new message", async () => {
    h = new BotHarness();
    await h.text("/clusters");
    const list = h.lastSent();
    const inaccessible = {
      chat: list.chat,
      message_id: list.message_id,
      date: 0,
    } as unknown as Message;
    const calls = await h.send(
      h.updates.numbered({
        callback_query: {
          id: "78",
          from: ENGLISH_USER,
          chat_instance: "1",
          message: inaccessible,
          data: "1c|timber",
        },
      }),
    );
    expect(calls.map((c) => c.method)).toEqual(["answerCallbackQuery", "sendMessage"]);
  });

  it("answers a press before showing its view, and never twice when showing it then fails", async () => {
    h = new BotHarness();
    await h.text("/clusters");
    const list = h.lastSent();
    h.sim.failNext("editMessageText", {
      type: "error",
      error: { error_code: 403, description: "Forbidden: bot was blocked by the user" },
    });
    const calls = await h.press(list, "🏭 Timber cluster");
    // The press was answered first (a throttled edit may wait); the failed edit is logged, not re-answered.
    expect(calls.map((c) => c.method)).toEqual(["answerCallbackQuery", "editMessageText"]);
    expect(h.logLines.some((l) => l.msg === "update failed")).toBe(true);
  });
});

describe("the error boundary", () => {
  function throwingSearch(): SearchEngine {
    const real = fixtureSearch();
    return {
      ...real,
      knowledge: real.knowledge,
      ask: () => {
        throw new Error("index exploded");
      },
      answerByKey: () => {
        throw new Error("index exploded");
      },
      eventsInDateOrder: () => real.eventsInDateOrder(),
      document: (id) => real.document(id),
      cluster: (id) => real.cluster(id),
      event: (id) => real.event(id),
    };
  }

  it("logs the failure with the update id, apologizes, and keeps handling updates", async () => {
    h = new BotHarness({ search: throwingSearch() });
    const calls = await h.text("When did the Tomsk delegation visit Tokyo?", {
      from: RUSSIAN_USER,
    });
    expect(calls.map((c) => c.method)).toEqual(["sendMessage"]);
    expect(String(calls[0]?.payload.text)).toMatch(/^😔 Извините/u);
    expect(calls[0]?.payload.reply_parameters).toMatchObject({ allow_sending_without_reply: true });
    const error = h.logLines.find((l) => l.msg === "update failed");
    expect(error).toMatchObject({ level: 50, update_id: expect.any(Number) });
    expect(JSON.stringify(error)).toContain("index exploded");
    expect(h.updateLogs().at(-1)).toMatchObject({ outcome: "error" });
    // The bot goes on.
    expect((await h.text("/clusters")).map((c) => c.method)).toEqual(["sendMessage"]);
  });

  it("answers a failing button with a short notice", async () => {
    h = new BotHarness();
    await h.text("When did the Tomsk delegation visit Tokyo?");
    const answer = h.lastSent();
    const broken = new BotHarness({ search: throwingSearch() });
    h = broken;
    const next = findButton(answer, "▶");
    if (!next || !("callback_data" in next)) throw new Error("no ▶");
    const update = broken.updates.callbackQuery(answer, next.callback_data, { from: ENGLISH_USER });
    const calls = await broken.send(update);
    expect(calls.map((c) => [c.method, c.payload.text])).toEqual([
      ["answerCallbackQuery", "Sorry, something went wrong. Please try again."],
    ]);
  });

  it("apologizes in a group only to messages addressed to the bot", async () => {
    h = new BotHarness({ search: throwingSearch() });
    const group = h.updates.supergroup();
    const calls = await h.send(
      h.updates.command("ask", "Tokyo?", { chat: group, from: ENGLISH_USER, addressed: true }),
    );
    expect(calls.map((c) => c.method)).toEqual(["sendMessage"]);
  });
});

describe("hostile and odd input", () => {
  const hostile = fc.oneof(
    fc.string({ unit: "binary", maxLength: 300 }),
    fc.string({ unit: "grapheme", maxLength: 300 }),
    fc.constantFrom(
      "",
      " ",
      "\u0000",
      "<b>Tokyo</b>",
      "&amp; </a> <i>",
      "**Tokyo** _delegation_ [x](http://e.com)",
      "\u202eokyoT\u202c \u200b\u200d",
      "Токио delegation 😀🇷🇺",
      "x".repeat(4096),
      "the a of to",
      "?",
      "42",
      "@test_coop_bot",
      "/ask@test_coop_bot <script>",
    ),
  );

  it("never crashes and never makes a call Telegram would refuse, in private chats and groups", async () => {
    h = new BotHarness();
    const group = h.updates.supergroup();
    await fc.assert(
      fc.asyncProperty(hostile, fc.boolean(), async (text, inGroup) => {
        const prefix = inGroup ? "@test_coop_bot " : "";
        await h.text(`${prefix}${text}`.slice(0, 4096), inGroup ? { chat: group } : {});
        await h.send(h.updates.inlineQuery(text.slice(0, 256), { from: ENGLISH_USER }));
        expect(h.problems()).toEqual([]);
      }),
      { numRuns: 120 },
    );
    const calls = await h.text("When did the Tomsk delegation visit Tokyo?");
    expect(String(calls[0]?.payload.text)).toContain("Tokyo");
  });

  it("survives messages with bogus entities", async () => {
    h = new BotHarness();
    const update = h.updates.textMessage("hello", { from: ENGLISH_USER });
    const message = update.message as Message;
    message.entities = [
      { type: "bot_command", offset: 0, length: 99 },
      { type: "mention", offset: -5, length: 3 },
    ];
    const calls = await h.send(update);
    expect(calls.every((c) => c.error === null)).toBe(true);
  });
});

describe("logging", () => {
  it("writes one line per update, without message texts at info level and without the token", async () => {
    h = new BotHarness();
    // "secret" is in no text: the closest passages, "not sure" (a hedge), are still paged.
    await h.text("When did the secret Tomsk delegation visit Tokyo?");
    await h.press(h.lastSent(), "▶");
    await h.send(h.updates.inlineQuery("Tokyo", { from: ENGLISH_USER }));
    await h.text("chatter", { chat: h.updates.supergroup() });
    const lines = h.updateLogs();
    expect(lines.map((l) => [l.update_type, l.outcome])).toEqual([
      ["message", "hedged"],
      ["callback_query", "answered"],
      ["inline_query", "answered"],
      ["message", "ignored"],
    ]);
    for (const line of lines) {
      expect(line).toEqual({
        level: 30,
        time: expect.any(String),
        update_id: expect.any(Number),
        update_type: expect.any(String),
        chat_type: expect.any(String),
        lang: expect.stringMatching(/^(?:en|ru)$/u),
        outcome: expect.any(String),
        latency_ms: expect.any(Number),
        msg: "update",
      });
    }
    const info = h.logLines.filter((l) => Number(l.level) >= 30).map((l) => JSON.stringify(l));
    expect(info.join("\n")).not.toContain("secret");
    expect(h.logLines.map((l) => JSON.stringify(l)).join("\n")).not.toContain("TEST-token");
  });
});
