/** Inline mode: @thisbot <question> in any chat. */
import type { InlineQueryResultArticle, InputTextMessageContent } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseTelegramHtml } from "../../src/telegram-sim/index.js";
import {
  BotHarness,
  ENGLISH_USER,
  type RecordedCall,
  RUSSIAN_USER,
} from "../support/bot-harness.js";

let h: BotHarness;
beforeEach(() => {
  h = new BotHarness();
});
afterEach(() => {
  expect(h.problems()).toEqual([]);
});

const resultsOf = (calls: RecordedCall[]) => {
  expect(calls.map((c) => c.method)).toEqual(["answerInlineQuery"]);
  return (calls[0]?.payload.results ?? []) as InlineQueryResultArticle[];
};
const contentOf = (r: InlineQueryResultArticle) =>
  r.input_message_content as InputTextMessageContent;

describe("inline mode", () => {
  it("offers up to 10 cited answers with unique short ids and a deep link into the bot", async () => {
    const calls = await h.send(
      h.updates.inlineQuery("When did the Tomsk delegation visit Tokyo?", { from: ENGLISH_USER }),
    );
    const results = resultsOf(calls);
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(10);
    expect(new Set(results.map((r) => r.id)).size).toBe(results.length);
    for (const r of results) {
      expect(Buffer.byteLength(r.id)).toBeLessThanOrEqual(64);
      expect(r.type).toBe("article");
      expect(r.description?.length).toBeGreaterThan(0);
      const text = parseTelegramHtml(contentOf(r).message_text).text;
      expect(text.split("\n")[0]).toBe("❓ When did the Tomsk delegation visit Tokyo?");
      expect(text).toContain(`📄 ${r.title}`);
      const button = r.reply_markup?.inline_keyboard[0]?.[0];
      expect(button && "url" in button && button.url).toMatch(
        /^https:\/\/t\.me\/test_coop_bot\?start=doc_[a-z0-9-]+$/u,
      );
      expect(r.reply_markup?.inline_keyboard.flat().some((b) => "callback_data" in b)).toBe(false);
    }
    expect(results[0]?.title).toBe("A Tomsk delegation on a mission to Tokyo");
    expect(calls[0]?.payload).toMatchObject({ cache_time: 300, is_personal: true });
  });

  it("offers the clusters and events for an empty query", async () => {
    const results = resultsOf(await h.send(h.updates.inlineQuery("", { from: RUSSIAN_USER })));
    // The fixture's 3 clusters as listed, then its 4 events (in the engine's date order).
    const titles = results.map((r) => r.title);
    expect(titles.slice(0, 3)).toEqual([
      "🏭 Лесопромышленный кластер",
      "🏭 Фармацевтический кластер",
      "🏭 ИТ-кластер",
    ]);
    expect(titles.slice(3).sort()).toEqual([
      "📅 Визит посла Италии",
      "📅 Миссия томской делегации в Токио",
      "📅 Приглашение в индустриальный парк",
      "📅 Студенческие обмены с итальянскими университетами",
    ]);
    expect(new Set(results.map((r) => r.id)).size).toBe(results.length);
    const link = results[0]?.reply_markup?.inline_keyboard[0]?.[0];
    expect(link && "url" in link && link.url).toBe(
      "https://t.me/test_coop_bot?start=cluster_timber",
    );
  });

  it("answers nothing found with an 'open the bot' button", async () => {
    const calls = await h.send(
      h.updates.inlineQuery("what is the weather like", { from: ENGLISH_USER }),
    );
    expect(resultsOf(calls)).toEqual([]);
    expect(calls[0]?.payload.button).toEqual({
      text: "Nothing found — open the bot",
      start_parameter: "help",
    });
    expect(h.updateLogs().at(-1)).toMatchObject({
      outcome: "no_answer",
      update_type: "inline_query",
    });
  });

  it("copes with the longest query Telegram sends and with markup in it", async () => {
    for (const query of [
      "x".repeat(256),
      "<b>Tokyo</b> & </a> delegation",
      "\u202eTokyo\u200b delegation",
    ]) {
      const results = resultsOf(await h.send(h.updates.inlineQuery(query, { from: ENGLISH_USER })));
      for (const r of results) parseTelegramHtml(contentOf(r).message_text);
    }
  });
});
