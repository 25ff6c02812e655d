/**
 * The question log groups questions by the engine's reading of them; these
 * are the groupings the reports rely on, each with its reason.
 */
import { describe, expect, it } from "vitest";
import { fixtureSearch } from "../support/knowledge.js";

const search = fixtureSearch();
const key = (q: string) => search.normalize(q);

describe("normalized questions", () => {
  it("are equal for the same question in other words, word order, case and punctuation", () => {
    const tokyo = key("When did the Tomsk delegation visit Tokyo?");
    expect(tokyo).toBe("date: deleg tokyo tomsk visit");
    // Stop words and word order do not count; the question word's kind does.
    expect(key("when was the tokyo visit of the tomsk delegation")).toBe(tokyo);
    expect(key("WHEN did the Tomsk delegation visit Tokyo")).toBe(tokyo);
  });

  it("are equal for Russian in Cyrillic and in Latin letters", () => {
    expect(key("kogda tomskaya delegaciya posetila tokio")).toBe(
      key("Когда томская делегация посетила Токио?"),
    );
  });

  it("name a concept the glossary has in both languages by its English term", () => {
    // Tokyo and Tomsk are glossary names: the Russian question shares them.
    expect(key("Когда томская делегация посетила Токио?")).toMatch(/^date: deleg tokyo tomsk /u);
  });

  it("tell apart what is asked about the same things", () => {
    expect(key("who visited Tokyo")).not.toBe(key("when did they visit Tokyo"));
  });

  it("keep words the texts do not know, so unanswered questions group too", () => {
    expect(key("what is the population of tomsk")).toBe(key("Population of Tomsk?"));
    expect(key("what is the population of tomsk")).toContain("population");
  });

  it("fall back to the folded question when nothing in it is read", () => {
    expect(key("???")).toBe("???");
  });
});
