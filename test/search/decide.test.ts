import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, decide } from "../../src/search/decide.js";
import { candidate } from "./support.js";

/** A question with one concept and a question word, unless a test says otherwise. */
const question = {
  concepts: [{ label: "x", alternatives: [], name: true, at: 0 }],
  definition: false,
  hasCue: true,
};
const card = (overrides = {}) =>
  candidate(
    { nameCoverage: 1, ...overrides },
    { kind: "card", key: "t:x", card: { kind: "topic", id: "x" } },
  );

describe("decide, one case per reason", () => {
  it("answers with the best candidate that fits in every way (answered)", () => {
    const best = candidate();
    expect(decide(question, [best])).toMatchObject({
      tier: "answer",
      reason: "answered",
      picks: [best],
    });
  });

  it("answers a bare name with the card named most exactly (card)", () => {
    const loose = card({ nameExtra: 2, score: 2 });
    const exact = card({ nameExtra: 0 });
    const bare = { ...question, hasCue: false };
    expect(decide(bare, [loose, exact])).toMatchObject({
      tier: "answer",
      reason: "card",
      picks: [exact],
    });
  });

  it("answers 'who is' with a card whose names hold the whole question, not one that holds part (card)", () => {
    const partly = card({ nameCoverage: 0.5 });
    const definition = { ...question, definition: true };
    expect(decide(definition, [partly, candidate()]).reason).toBe("answered");
    expect(decide(definition, [card()]).reason).toBe("card");
  });

  it("declines a question with no words to look for (no-words)", () => {
    expect(decide({ ...question, concepts: [] }, [candidate()])).toMatchObject({
      tier: "decline",
      reason: "no-words",
    });
  });

  it("declines when nothing shares a word with the question (no-match)", () => {
    expect(decide(question, [])).toMatchObject({ tier: "decline", reason: "no-match", picks: [] });
  });

  it("declines below the decline threshold (low-coverage)", () => {
    const weak = candidate({ confidence: DEFAULT_THRESHOLDS.decline - 0.01 });
    expect(decide(question, [weak])).toMatchObject({
      tier: "decline",
      reason: "low-coverage",
      picks: [],
    });
  });

  it("hedges between the thresholds, showing the closest (partial-coverage)", () => {
    const middling = candidate({ confidence: DEFAULT_THRESHOLDS.answer - 0.01 });
    expect(decide(question, [middling])).toMatchObject({
      tier: "hedge",
      reason: "partial-coverage",
      picks: [middling],
    });
  });

  it("hedges when the covering candidate lacks a name the question gives (missing-name)", () => {
    expect(decide(question, [candidate({ missingNames: ["Rosatom"] })]).reason).toBe(
      "missing-name",
    );
  });

  it("hedges when it does not state a figure, month or tense the question gives (missing-detail)", () => {
    expect(decide(question, [candidate({ missingDetails: ["16"] })])).toMatchObject({
      tier: "hedge",
      reason: "missing-detail",
    });
  });

  it("hedges when it does not state the kind of thing asked for (wrong-type)", () => {
    expect(decide(question, [candidate({ fitsType: false })])).toMatchObject({
      tier: "hedge",
      reason: "wrong-type",
    });
  });

  it("hedges when it does not speak of what the question word points at (off-focus)", () => {
    expect(decide(question, [candidate({ fitsFocus: false })]).reason).toBe("off-focus");
  });

  it("hedges when a particular thing asked for is not stated (attribute-not-stated)", () => {
    expect(decide(question, [candidate({ fitsAsks: false })]).reason).toBe("attribute-not-stated");
  });

  it("hedges when the figure is a total and the question asks for one part (part-of-total)", () => {
    expect(decide(question, [candidate({ partOfTotal: true })]).reason).toBe("part-of-total");
  });
});

describe("decide, choosing among candidates", () => {
  it("skips a top candidate that does not fit for one just below that does", () => {
    const off = candidate({ fitsType: false, score: 1 });
    const fit = candidate({ score: 0.95 }, { key: "b.1" });
    expect(decide(question, [off, fit]).picks[0]).toBe(fit);
  });

  it("does not reach far down the ranking for a fitting candidate", () => {
    const off = candidate({ fitsType: false, score: 1 });
    const far = candidate({ score: 0.5 }, { key: "b.1" });
    expect(decide(question, [off, far]).tier).toBe("hedge");
  });

  it("answers with a passage, not a topic card's summary, when the question names no card", () => {
    const summary = card({ nameCoverage: 0.3, score: 1.2 });
    const passage = candidate({ score: 1.15 }, { key: "b.2" });
    expect(decide(question, [summary, passage]).picks[0]).toBe(passage);
  });

  it("never picks two candidates that quote the same sentence", () => {
    const a = candidate(
      {},
      { key: "a", docId: "d", sentences: [{ index: 1, paragraph: 0, text: "A." }] },
    );
    const b = candidate(
      { score: 0.99 },
      {
        key: "b",
        docId: "d",
        sentences: [
          { index: 1, paragraph: 0, text: "A." },
          { index: 2, paragraph: 0, text: "B." },
        ],
      },
    );
    const c = candidate(
      { score: 0.98 },
      { key: "c", docId: "d", sentences: [{ index: 2, paragraph: 0, text: "B." }] },
    );
    expect(decide(question, [a, b, c]).picks.map((p) => p.unit.key)).toEqual(["a", "c"]);
  });

  it("is pure: the same input gives the same decision", () => {
    const input = [candidate({ fitsType: false }), candidate({ score: 0.95 }, { key: "z" })];
    expect(decide(question, input)).toEqual(decide(question, input));
  });
});
