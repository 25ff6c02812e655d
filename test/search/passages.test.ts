import { describe, expect, it } from "vitest";
import { buildPassages, overlaps, splitSentences } from "../../src/search/passages.js";
import { fixtureKnowledge } from "./fixture.js";

describe("splitSentences", () => {
  it("splits at full stops followed by a capital", () => {
    expect(splitSentences("One thing. Another thing! Third?")).toEqual([
      "One thing.",
      "Another thing!",
      "Third?",
    ]);
  });

  it("does not split after a list number or an initial", () => {
    expect(splitSentences("3. RUB 250 bln – investment gap. Confirmed.")).toEqual([
      "3. RUB 250 bln – investment gap.",
      "Confirmed.",
    ]);
    expect(splitSentences("Met A. Shpilenko there. Then left.")).toEqual([
      "Met A. Shpilenko there.",
      "Then left.",
    ]);
  });

  it("splits after a closing quote that follows the full stop", () => {
    expect(splitSentences("we need communities. ” According to him, next.")).toEqual([
      "we need communities. ”",
      "According to him, next.",
    ]);
  });
});

describe("buildPassages", () => {
  const passages = buildPassages(fixtureKnowledge().documents);

  it("makes a passage of every sentence and of every adjacent pair within a paragraph", () => {
    const visit = passages.filter((p) => p.docId === "embassy-visit");
    expect(visit.map((p) => p.span)).toEqual([1, 2, 1, 1, 2, 1]);
    expect(visit[1]?.text).toBe(
      "On Tuesday, the Italian Ambassador Marco Rossi arrived in Tomsk. He met the regional leadership at the administration.",
    );
  });

  it("gives every passage a unique compact key", () => {
    const keys = passages.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^[0-9a-z]+\.[0-9a-z]+\+?$/);
  });

  it("knows when two passages share a sentence", () => {
    const [single, pair, next] = passages;
    expect(single && pair && overlaps(single, pair)).toBe(true);
    expect(single && next && overlaps(single, next)).toBe(false);
  });
});
