import { describe, expect, it } from "vitest";
import { buildGlossaryIndex } from "../../src/search/glossary.js";
import { terms } from "../../src/search/text.js";

const glossary = buildGlossaryIndex([
  { kind: "term", en: ["ambassador"], ru: ["посол", "посла"] },
  { kind: "term", en: ["became"], ru: ["стали"] },
  { kind: "term", en: ["workplace"], ru: ["рабочие места"] },
  { kind: "programme", en: ["INO Tomsk"], ru: ["ИНО Томск"] },
  { kind: "term", en: ["implement"], ru: ["реализовать", "реализация"] },
  { kind: "term", en: ["steel"], ru: ["сталь"] },
]);
const entries = (word: string, written?: string) =>
  glossary
    .match(terms(word), 0, "ru", written === undefined ? undefined : [written])
    .map((m) => m.entry);

describe("glossary matching", () => {
  it("tells apart words that stem alike by how they are written", () => {
    // Snowball stems both "стали" (became) and "сталь" (steel) to "стал".
    expect(terms("стали")).toEqual(terms("сталь"));
    expect(entries("стали")).toEqual([1, 5]);
    expect(entries("стали", "стали")).toEqual([1]);
    expect(entries("сталь", "сталь")).toEqual([5]);
    // "после" (after) stems like "посла" too, but it is a stop word: never the ambassador.
    expect(terms("после")).toEqual([]);
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
