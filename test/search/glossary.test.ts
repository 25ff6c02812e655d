import { describe, expect, it } from "vitest";
import { buildGlossaryIndex } from "../../src/search/glossary.js";
import { terms } from "../../src/search/text.js";

const glossary = buildGlossaryIndex([
  { kind: "term", en: ["ambassador"], ru: ["посол", "посла"] },
  { kind: "term", en: ["next", "after"], ru: ["после"] },
  { kind: "term", en: ["workplace"], ru: ["рабочие места"] },
  { kind: "programme", en: ["INO Tomsk"], ru: ["ИНО Томск"] },
  { kind: "term", en: ["implement"], ru: ["реализовать", "реализация"] },
]);
const entries = (word: string, written?: string) =>
  glossary
    .match(terms(word), 0, "ru", written === undefined ? undefined : [written])
    .map((m) => m.entry);

describe("glossary matching", () => {
  it("tells apart words that stem alike by how they are written", () => {
    // Snowball stems both "после" (after) and "посла" (of the ambassador) to "посл".
    expect(terms("после")).toEqual(terms("посла"));
    expect(entries("после")).toEqual([0, 1]);
    expect(entries("после", "после")).toEqual([1]);
    expect(entries("посла", "посла")).toEqual([0]);
  });

  it("matches a phrase over consecutive words, longest first", () => {
    const words = terms("сколько рабочих мест");
    expect(glossary.match(words, 0, "ru")).toEqual([{ entry: 2, length: 2, quality: 1 }]);
  });

  it("matches Russian stems that differ in their ending, with less confidence", () => {
    const [match] = glossary.match(terms("реализуются"), 0, "ru");
    expect(match?.entry).toBe(4);
    expect(match?.quality).toBeLessThan(1);
  });

  it("knows names from ordinary terms", () => {
    expect(glossary.isName(3)).toBe(true);
    expect(glossary.isName(0)).toBe(false);
  });
});
