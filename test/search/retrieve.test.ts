import { describe, expect, it } from "vitest";
import { ranked } from "./support.js";

const keys = (question: string) => ranked(question).map((c) => c.unit.key);
const top = (question: string) => ranked(question)[0];

describe("retrieve on the fixture", () => {
  it("ranks first the passage holding every concept, above the card that restates it", () => {
    // 1.0 holds jobs (as workplaces), Gamma project, create, and a figure next to
    // workplaces; the Gamma card's summary holds them too but is our words, so it
    // ranks below for a question that names no card.
    expect(keys("how many jobs will the gamma project create").slice(0, 2)).toEqual(["1.0", "t:1"]);
    expect(top("how many jobs will the gamma project create")).toMatchObject({
      coverage: 1,
      fitsType: true,
    });
  });

  it("matches a Russian question against the Russian translation, with no glossary help", () => {
    // "вторник" and "прибыл" are only in ru/embassy-visit.yaml.
    const first = top("кто прибыл во вторник");
    expect(first?.unit.key).toBe("0.0");
    expect(first?.coverage).toBe(1);
  });

  it("finds a passage by a stored question worded unlike its text", () => {
    // "employment" is in no sentence, only in a stored question of 1.0.
    const first = top("employment");
    expect(first?.unit.key).toBe("1.0");
    expect(first?.closeness).toBeGreaterThan(0.5);
  });

  it("credits a name in the context of a mid-thought passage, at less than full", () => {
    // "He met the regional leadership" holds Rossi only in its context sentence.
    const candidate = ranked("rossi leadership").find((c) => c.unit.key === "0.1");
    expect(candidate?.coverage).toBeGreaterThan(0.7);
    expect(candidate?.coverage).toBeLessThan(1);
  });

  it("checks that a figure counts what 'how many' asks about", () => {
    // 66 billion rubles is a figure, but not of universities.
    const universities = ranked("how many universities cooperate with gazprom").find(
      (c) => c.unit.key === "2.3",
    );
    expect(universities?.fitsType).toBe(false);
    expect(top("how many clusters is gamma based on")?.fitsType).toBe(true);
  });

  it("marks a total over a list when the question names one item of it", () => {
    const gazprom = ranked("how much did gazprom buy").find((c) => c.unit.key === "2.2");
    expect(gazprom?.partOfTotal).toBe(true);
  });

  it("does not take the group a question asks about as the names it asks for", () => {
    // 0.2 names "Tomsk universities" (an organisation in the glossary), a group
    // and no one university, so "which universities" is not answered by it;
    // 2.2 names Gazprom, a body by a name of its own.
    const fits = (question: string, key: string) =>
      ranked(question).find((c) => c.unit.key === key)?.fitsType;
    expect(fits("which universities have partners in italy", "0.2")).toBe(false);
    expect(fits("which organisations work with tomsk companies", "2.2")).toBe(true);
  });

  it("notes a figure the question gives that the unit does not state", () => {
    // 1.0 says 160 thousand workplaces; the question presumes 16 thousand.
    const jobs = ranked("why will gamma create only 16 thousand jobs").find(
      (c) => c.unit.key === "1.0",
    );
    expect(jobs?.missingDetails).toEqual(["16"]);
    const stated = ranked("why will gamma create 160 thousand jobs");
    expect(stated.find((c) => c.unit.key === "1.0")?.missingDetails).toEqual([]);
  });

  it("notes names the question gives that a unit lacks", () => {
    expect(ranked("rossi universities").find((c) => c.unit.key === "3.1")?.missingNames).toEqual([
      "rossi",
    ]);
  });

  it("requires a name next to the role asked for", () => {
    // "who is the governor": Ivan Petrov stands right after "Governor".
    expect(ranked("who is the governor").find((c) => c.unit.key === "2.0")?.fitsAsks).toBe(true);
    expect(ranked("who is the governor").find((c) => c.unit.key === "2.4")?.fitsAsks).toBe(false);
  });

  it("holds a bare name against the names of cards", () => {
    const card = ranked("Rossi").find((c) => c.unit.key === "t:0");
    expect(card).toMatchObject({ nameCoverage: 1, nameExtra: 0 });
  });
});
