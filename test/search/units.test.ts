import { describe, expect, it } from "vitest";
import { buildUnits, startsMidThought } from "../../src/search/units.js";
import { knowledge } from "./support.js";

const units = buildUnits(knowledge);
const passage = (key: string) => units.find((u) => u.key === key);

describe("units", () => {
  it("makes every sentence a passage, keyed by document and sentence", () => {
    const visit = units.filter((u) => u.kind === "passage" && u.docId === "embassy-visit");
    expect(visit.map((u) => u.key)).toEqual(["0.0", "0.1", "0.2", "0.3"]);
  });

  it("makes a passage of the sentences a stored passage spans, with its questions", () => {
    const tasks = passage("2.4-7");
    expect(tasks?.sentences.map((s) => s.text)).toEqual([
      "The governor named three tasks.",
      "First, build roads.",
      "Second, train engineers.",
      "Finally, attract investors.",
    ]);
    expect(tasks?.questions.en).toContain("what are the governor's three tasks");
  });

  it("gives a sentence its stored questions and its translation", () => {
    const jobs = passage("1.0");
    expect(jobs?.questions.ru).toContain("сколько рабочих мест даст проект гамма");
    expect(passage("0.0")?.fields.ru).toBe("Во вторник посол Италии Марко Росси прибыл в Томск.");
  });

  it("gives a passage that starts mid-thought the sentence before it as context", () => {
    // "He met …" says nothing of who met without the sentence naming the ambassador.
    expect(passage("0.1")?.context.map((s) => s.text)).toEqual([
      "On Tuesday, the Italian Ambassador Marco Rossi arrived in Tomsk.",
    ]);
    expect(passage("0.0")?.context).toEqual([]);
  });

  it("makes cards of topics, clusters, events and documents, with their names", () => {
    const kinds = units.filter((u) => u.kind === "card").map((u) => u.key);
    expect(kinds).toEqual(expect.arrayContaining(["t:0", "t:1", "c:0", "e:0", "d:1"]));
    expect(passage("t:0")?.fields.names).toBe("Marco Rossi\nRossi\nМарко Росси\nРосси");
    expect(passage("t:1")?.sentences.map((s) => s.index)).toEqual([1, 0]);
  });
});

describe("startsMidThought", () => {
  it("knows openings that lean on the sentence before", () => {
    for (const text of [
      "He noted that…",
      "These are the industries…",
      "Secondly, we…",
      "In turn, Antonov…",
      "– Today Tomsk…",
      "<...> We hope…",
      "“They said…",
    ]) {
      expect(startsMidThought(text), text).toBe(true);
    }
    for (const text of ["Henry noted that…", "Annual growth…", "The delegation…"]) {
      expect(startsMidThought(text), text).toBe(false);
    }
  });
});
