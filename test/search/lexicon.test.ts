import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lexiconOf, loadLexicon } from "../../src/search/lexicon.js";

describe("lexiconOf", () => {
  it("knows English words by their form and Russian ones by their stem", () => {
    const lexicon = lexiconOf(["mayor", "mayors", "население".slice(0, 7)]);
    expect(lexicon.has("mayor")).toBe(true);
    expect(lexicon.has("itally")).toBe(false);
    expect(lexicon.has("населения")).toBe(true);
  });
});

describe("loadLexicon", () => {
  it("builds from the dictionaries once, then reads its cache", () => {
    const dir = mkdtempSync(join(tmpdir(), "lexicon-"));
    const built = loadLexicon(dir);
    expect(readdirSync(dir)).toHaveLength(1);
    const cached = loadLexicon(dir);
    expect(cached.size).toBe(built.size);
    // Real words stay words; typos and the texts' odd spellings are not words.
    for (const word of ["mayor", "population", "universities", "население", "губернатора"]) {
      expect(cached.has(word), word).toBe(true);
    }
    for (const word of ["univercities", "tokio", "itally", "называеца"]) {
      expect(cached.has(word), word).toBe(false);
    }
  }, 30_000);
});
