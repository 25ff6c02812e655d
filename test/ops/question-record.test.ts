/** What the log keeps of one question, from the search result and the reply's buttons. */
import { describe, expect, it } from "vitest";
import { encodeCallbackData } from "../../src/bot/callback-data.js";
import { questionRecord, suggestionsShown } from "../../src/ops/question-record.js";
import { fixtureSearch } from "../support/knowledge.js";

const data = (action: Parameters<typeof encodeCallbackData>[0]) => ({
  text: "x",
  callback_data: encodeCallbackData(action),
});

describe("suggestions shown", () => {
  const keyboard = {
    inline_keyboard: [
      [
        data({ kind: "answer", version: "v1", index: 0, keys: ["1.0", "1.1"] }),
        data({ kind: "noop" }),
      ],
      [data({ kind: "followUp", version: "v1", lang: "en", index: 1, key: "2.3" })],
      [
        data({ kind: "ask", text: "italian visit" }),
        data({ kind: "example", lang: "ru", index: 0 }),
      ],
      [data({ kind: "cluster", id: "it" }), data({ kind: "event", id: "forum" })],
      [data({ kind: "clusters" }), data({ kind: "vote", question: "AAAAAAAAAAAA", vote: "up" })],
      [{ text: "link", url: "https://example.org" }],
    ],
  };

  it("are the questions and cards offered, not paging, lists or votes", () => {
    expect(suggestionsShown(keyboard, true)).toEqual([
      "followUp:2.3:1",
      "didYouMean:italian visit",
      "example:ru:0",
      "cluster:it",
      "event:forum",
    ]);
  });

  it("keep a 'did you mean' guess's words out when texts are not logged", () => {
    expect(suggestionsShown(keyboard, false)).toContain("didYouMean");
    expect(suggestionsShown(keyboard, false).join()).not.toContain("italian");
  });
});

describe("the record", () => {
  const search = fixtureSearch();
  const base = {
    id: "q1",
    keyboard: { inline_keyboard: [] },
    chatType: "private",
    language: "ru",
    userHash: "h",
    latencyMs: 3,
    knowledgeVersion: search.knowledge.version,
  };

  it("maps the tiers and names what answered", () => {
    const card = search.ask("tell me about the italy visit");
    const hedge = search.ask("how many clusters");
    const decline = search.ask("what is the population of tomsk");
    const record = (question: string, result: typeof card) =>
      questionRecord({ ...base, question, normalized: search.normalize(question), result }, true);
    expect(record("c", card)).toMatchObject({
      tier: "confident",
      kind: "card",
      answerKey: card.answers[0]?.passageKey,
    });
    expect(record("h", hedge)).toMatchObject({ tier: "hedged", kind: "passage" });
    expect(record("d", decline)).toMatchObject({ tier: "declined", kind: "none", answerKey: null });
  });

  it("keeps the text and its normalized form only when texts are logged", () => {
    const question = "When did the Tomsk delegation visit Tokyo?";
    const asked = {
      ...base,
      question,
      normalized: search.normalize(question),
      result: search.ask(question),
    };
    expect(questionRecord(asked, true)).toMatchObject({
      text: question,
      normalized: "date: deleg tokyo tomsk visit",
    });
    expect(questionRecord(asked, false)).toMatchObject({ text: null, normalized: null });
  });
});
