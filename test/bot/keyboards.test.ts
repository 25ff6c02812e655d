import type { InlineKeyboardMarkup } from "grammy/types";
import { describe, expect, it } from "vitest";
import { parseCallbackData } from "../../src/bot/callback-data.js";
import {
  answerKeyboard,
  clusterCardKeyboard,
  clusterListKeyboard,
  eventCardKeyboard,
  eventListKeyboard,
  languageKeyboard,
  noAnswerKeyboard,
  pagerRow,
  sourceListKeyboard,
  topicKeyboard,
  welcomeKeyboard,
} from "../../src/bot/keyboards.js";
import { validateBotApiCall } from "../../src/telegram-sim/index.js";
import { tEn, tRu } from "../render/translate.js";
import { fixtureSearch, realSearch } from "../support/knowledge.js";

/** The invented fixture corpus, for keyboards of known content. */
const search = fixtureSearch();
const labels = (markup: InlineKeyboardMarkup) =>
  markup.inline_keyboard.map((row) => row.map((b) => b.text));

/** Telegram's rules for a keyboard, through the shared validator. */
function expectValid(markup: InlineKeyboardMarkup) {
  expect(
    validateBotApiCall("sendMessage", { chat_id: 1, text: "x", reply_markup: markup }),
  ).toBeNull();
  for (const button of markup.inline_keyboard.flat()) {
    if ("callback_data" in button)
      expect(parseCallbackData(button.callback_data).kind).toBe("action");
  }
}

describe("pagerRow", () => {
  const action = (page: number) => ({ kind: "events" as const, page });
  it("shows no ◀ on the first page, no ▶ on the last, nothing for a single page", () => {
    expect(pagerRow(0, 1, action, tEn)).toEqual([]);
    expect(pagerRow(0, 3, action, tEn).map((b) => b.text)).toEqual(["1/3", "▶"]);
    expect(pagerRow(1, 3, action, tEn).map((b) => b.text)).toEqual(["◀", "2/3", "▶"]);
    expect(pagerRow(2, 3, action, tEn).map((b) => b.text)).toEqual(["◀", "3/3"]);
    expect(
      pagerRow(1, 3, action, tEn).map((b) => ("callback_data" in b ? b.callback_data : "")),
    ).toEqual(["1E|0", "1n", "1E|2"]);
  });
});

describe("keyboards", () => {
  it("under an answer: pager, whole document, suggested next questions, related events", () => {
    const result = search.ask("When did the Tomsk delegation visit Tokyo?");
    const answer = result.answers[0];
    if (!answer) throw new Error("no answer");
    const state = {
      version: search.knowledge.version,
      index: 0,
      keys: result.answers.map((a) => a.passageKey),
    };
    const markup = answerKeyboard(state, answer, search, "en", tEn);
    expect(labels(markup)[0]).toEqual([`1/${state.keys.length}`, "▶"]);
    expect(labels(markup)[1]).toEqual(["📄 Whole document"]);
    // A question the next passage answers ("The governor told Japanese businessmen…"):
    // its shortest stored question that asks as a question, on a row of its own.
    expect(labels(markup)[2]).toEqual(["💬 what did the governor tell japanese business"]);
    // The passage belongs to the fixture's mission event: its card, two to a row.
    expect(labels(markup).slice(3).flat()).toContain(
      "📅 8–10 June · The Tomsk delegation's mission to Tokyo",
    );
    expectValid(markup);
    expectValid(
      answerKeyboard({ ...state, index: state.keys.length - 1 }, answer, search, "ru", tRu),
    );
  });

  it("are valid for every list and card of knowledge/, in both languages", () => {
    // The real knowledge: its ids and titles must all make valid buttons.
    const search = realSearch();
    const documentOf = (id: string) => search.document(id);
    for (const [lang, t] of [
      ["en", tEn],
      ["ru", tRu],
    ] as const) {
      expectValid(clusterListKeyboard(search.knowledge.clusters, lang, t));
      for (const cluster of search.knowledge.clusters)
        expectValid(clusterCardKeyboard(cluster, documentOf, lang, t));
      const events = search.eventsInDateOrder();
      for (const page of [0, 1]) expectValid(eventListKeyboard(events, page, 8, lang, t));
      for (const event of events) expectValid(eventCardKeyboard(event, 0, documentOf, lang, t));
      for (const topic of search.knowledge.topics) {
        expectValid(topicKeyboard(topic, search, lang, t));
      }
      expectValid(sourceListKeyboard(search.knowledge.documents, 0, 8, lang, t));
      expectValid(welcomeKeyboard(lang, t));
      expectValid(languageKeyboard(lang, t));
    }
  });

  it("pages the events list, the pager under each page", () => {
    // The fixture's 4 events, 3 to a page.
    const events = search.eventsInDateOrder();
    const first = labels(eventListKeyboard(events, 0, 3, "en", tEn));
    expect(first).toHaveLength(4);
    // Listed by the day the text states ("June 8-10"), not as it is written.
    expect(first[0]?.[0]).toBe(`📅 8–10 June · ${events[0]?.title.en}`);
    expect(first.at(-1)).toEqual(["1/2", "▶"]);
    const second = labels(eventListKeyboard(events, 1, 3, "en", tEn));
    expect(second).toEqual([[`📅 ${events[3]?.title.en}`], ["◀", "2/2"]]);
  });

  it("offers suggestions, examples and the lists when nothing is found", () => {
    const markup = noAnswerKeyboard(
      [
        { kind: "didYouMean", text: "italian ambassador" },
        {
          kind: "didYouMean",
          text: "очень длинный вопрос, который не помещается в шестьдесят четыре байта",
        },
        { kind: "cluster", id: "timber" },
        { kind: "event", id: "tokyo-mission" },
        { kind: "document", id: "tokyo-mission" },
        { kind: "cluster", id: "no-such-cluster" },
      ],
      search,
      "en",
      tEn,
    );
    const flat = labels(markup).flat();
    expect(flat[0]).toBe("🔎 italian ambassador");
    expect(flat).toContain("🏭 Timber cluster");
    expect(flat.some((l) => l.startsWith("💬 "))).toBe(true);
    expect(labels(markup).at(-1)).toEqual(["🏭 Clusters", "📅 Events", "📚 Sources"]);
    expect(flat.some((l) => l.includes("очень"))).toBe(false);
    expectValid(markup);
  });

  it("ticks the current language", () => {
    expect(labels(languageKeyboard("ru", tRu))).toEqual([["English", "✓ Русский"]]);
    expect(labels(languageKeyboard("en", tEn))).toEqual([["✓ English", "Русский"]]);
  });
});
