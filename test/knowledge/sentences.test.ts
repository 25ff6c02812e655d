import { describe, expect, it } from "vitest";
import { normalizeSpace, splitSentences } from "../../src/knowledge/sentences.js";

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

  it("splits after a closing quote, before speech opened by a dash, and before an elision", () => {
    expect(splitSentences("we need communities. ” According to him, next.")).toEqual([
      "we need communities. ”",
      "According to him, next.",
    ]);
    expect(splitSentences("said the governor. – Today we cooperate.")).toEqual([
      "said the governor.",
      "– Today we cooperate.",
    ]);
    expect(splitSentences("with interest. <...> We hope so.")).toEqual([
      "with interest.",
      "<...> We hope so.",
    ]);
  });

  it("keeps every character of the paragraph", () => {
    const paragraph = "A first one. – A second! <...> And a third? 4. Not split.";
    expect(splitSentences(paragraph).join(" ")).toBe(paragraph);
  });
});

describe("normalizeSpace", () => {
  it("folds runs of spaces, tabs, line breaks and no-break spaces into one space", () => {
    expect(normalizeSpace(" a\u00a0 b\n\tc ")).toBe("a b c");
  });
});
