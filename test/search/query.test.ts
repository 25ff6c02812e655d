import { describe, expect, it } from "vitest";
import { buildGlossaryIndex } from "../../src/search/glossary.js";
import { buildPassageIndex } from "../../src/search/passage-index.js";
import { buildPassages } from "../../src/search/passages.js";
import { analyzeQuestion, readCues } from "../../src/search/query.js";
import { fixtureKnowledge } from "./fixture.js";

const knowledge = fixtureKnowledge();
const glossary = buildGlossaryIndex(knowledge.glossary);
const index = buildPassageIndex(buildPassages(knowledge.documents), knowledge.documents);
const plan = (question: string) => analyzeQuestion(question, glossary, index.vocabulary);
/** Each concept as "label: alternative forms". */
const concepts = (question: string) =>
  plan(question).concepts.map(
    (c) => `${c.label}: ${c.alternatives.map((a) => a.form.join(" ")).join(", ")}`,
  );

describe("glossary expansion", () => {
  it("turns Russian words into the English terms of their entry", () => {
    expect(concepts("посол")).toEqual(["посол: ambassador"]);
  });

  it("matches a Russian phrase as one concept, whatever its inflection", () => {
    // "job" is a form of the entry too, but no passage uses it, so it is not looked for.
    expect(concepts("сколько рабочих мест")).toEqual(["рабочих мест: workplac"]);
  });

  it("adds an English word's synonyms from the glossary", () => {
    expect(concepts("jobs")).toEqual(["jobs: workplac"]);
  });

  it("matches Russian stems that differ in their ending by prefix (создаст → создать)", () => {
    expect(concepts("создадите")[0]).toMatch(/: creat/);
  });
});

describe("names in the other script", () => {
  it("finds a Cyrillic name the glossary lacks by transliterating it", () => {
    expect(concepts("Росси")).toEqual(["росси: rossi"]);
  });
});

describe("typos", () => {
  it("corrects a long word by up to two edits", () => {
    expect(concepts("univercities")).toEqual(["univercities: univers"]);
  });

  it("judges a long word by its length as typed, not its stem's", () => {
    // "univresities" stems to "univres", two edits (a swap) from "univers".
    expect(concepts("univresities")).toEqual(["univresities: univers"]);
  });

  it("corrects a short word only by a typo people make", () => {
    expect(concepts("tomks")).toEqual(["tomks: tomsk"]);
    expect(concepts("gazprum")).toEqual(["gazprum: gazprom"]);
  });

  it("leaves an unknown word unknown rather than guess", () => {
    expect(concepts("population")).toEqual(["population: "]);
  });
});

describe("prefix matching on the last word", () => {
  it("completes a word cut off while typing", () => {
    expect(concepts("Gazpr")).toEqual(["gazpr: gazprom"]);
  });

  it("does not complete a word followed by a space or punctuation", () => {
    expect(concepts("Gazpr?")).toEqual(["gazpr: "]);
  });
});

describe("Russian typed in Latin letters", () => {
  it("reads the question as Russian when a Russian function word shows it", () => {
    const result = plan("skolko rabochikh mest sozdast gamma");
    expect(result.lang).toBe("ru");
    expect(result.answerType).toBe("quantity");
    expect(
      result.concepts.map((c) => c.alternatives.map((a) => a.form.join(" ")).join(",")),
    ).toContain("workplac");
  });

  it("keeps English words English when nothing shows Russian", () => {
    expect(plan("missing workplaces").lang).toBe("en");
    expect(concepts("missing workplaces")[0]).toBe("missing: ");
  });
});

describe("readCues", () => {
  it("reads what the question asks for and uses up the question phrase", () => {
    expect(readCues(["в", "каком", "году", "вошла"])).toMatchObject({
      type: "date",
      consumed: new Set([1, 2]),
    });
    expect(readCues(["how", "many", "jobs"])).toMatchObject({ type: "quantity", counting: true });
    expect(readCues(["how", "much", "money"])).toMatchObject({ type: "quantity", counting: false });
    expect(readCues(["кто", "посол"]).type).toBe("person");
    expect(readCues(["зачем", "курс"]).type).toBe("reason");
  });

  it("reads no question word into a typo that is as close to another function word", () => {
    // "што" is one letter from "что" (what) and from "кто" (who).
    expect(readCues(["што", "сказал"], [false, true]).type).toBe("any");
  });

  it("reads a typo of a question word only when the word is unknown", () => {
    expect(readCues(["wen", "did"], [false, true]).type).toBe("date");
    expect(readCues(["same", "way"], [true, true]).type).toBe("any");
  });

  it("points the focus at the concepts right after the question word", () => {
    const result = plan("how many jobs will gamma create");
    expect(result.focus.map((i) => result.concepts[i]?.label)).toEqual(["jobs", "gamma"]);
  });
});
