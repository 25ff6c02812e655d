import { describe, expect, it } from "vitest";
import { readCues } from "../../src/search/analyse.js";
import { analysed } from "./support.js";

const labels = (question: string) => analysed(question).concepts.map((c) => c.label);
const alternatives = (question: string, label: string) =>
  analysed(question)
    .concepts.find((c) => c.label === label)
    ?.alternatives.map((a) => a.terms.join(" "));

describe("reading the question words", () => {
  it("reads the kind of answer asked for, in English and Russian", () => {
    expect(analysed("how many jobs").answerType).toBe("quantity");
    expect(analysed("в каком году открыли").answerType).toBe("date");
    expect(analysed("кто такой Росси").answerType).toBe("person");
    expect(analysed("where is gamma").answerType).toBe("place");
    expect(analysed("why gamma").answerType).toBe("reason");
  });

  it("asks for names of organisations when the question asks which companies", () => {
    expect(analysed("which companies bought products").answerType).toBe("organisation");
    expect(analysed("какие компании купили продукцию").answerType).toBe("organisation");
  });

  it("asks for companies, not any body, by the words for companies; names only after a question word", () => {
    expect(analysed("which factory opened in tomsk")).toMatchObject({
      answerType: "organisation",
      asksCompanies: true,
    });
    expect(analysed("which 3 universities take part")).toMatchObject({
      answerType: "organisation",
      asksCompanies: false,
    });
    expect(analysed("do tomsk universities have partners").answerType).toBe("any");
  });

  it("asks for a year by the question phrase ('what year', 'в каком году')", () => {
    expect(analysed("what year did the forum take place").asks).toEqual(["year"]);
    expect(analysed("в каком году открыли").asks).toEqual(["year"]);
    expect(analysed("when did the forum take place").asks).toEqual([]);
  });

  it("reads how much someone receives as a sum of money", () => {
    expect(analysed("сколько будут получать выпускники").asks).toEqual(["money"]);
  });

  it("takes an unknown word one typo from a question word as that word, a known one as itself", () => {
    expect(readCues(["wen", "did"], [false, true]).type).toBe("date");
    expect(readCues(["way"], [true]).type).toBe("any");
  });

  it("drops Russian prepositions: «после» (after) is no form of «посол» (ambassador)", () => {
    const labels = analysed("какие решения приняли после сессии").concepts.map((c) => c.label);
    expect(labels).not.toContain("после");
    expect(labels).toContain("сессии");
  });

  it("takes the question word the question opens with, not one opening a clause inside it", () => {
    const words = (q: string) => q.split(" ");
    // "where" opens a clause about sites; the question asks what was said.
    expect(
      readCues(words("what did the minister say about sites where plants can move in")).type,
    ).toBe("any");
    expect(readCues(words("что сказал губернатор о том где строят завод")).type).toBe("any");
    // Of the cues at the opening, the longest: "what year" asks for a date, "what percentage" for a quantity.
    expect(readCues(words("what year was the zone opened")).type).toBe("date");
    expect(readCues(words("what percentage of exports go to china")).type).toBe("quantity");
    expect(readCues(words("and in which year was it")).type).toBe("date");
    // No question word at the opening: one further in still counts.
    expect(readCues(words("the delegation went to tokyo when")).type).toBe("date");
  });

  it("reads who-is / tell-me-about phrasing, and a bare name as having no question word", () => {
    expect(analysed("tell me about Rossi")).toMatchObject({ definition: true, hasCue: true });
    expect(analysed("расскажи про Гамму").definition).toBe(true);
    expect(analysed("Rossi")).toMatchObject({ definition: false, hasCue: false });
  });

  it("notes particular things asked for, and a part of a whole", () => {
    expect(analysed("what is the address of the administration").asks).toEqual(["address"]);
    expect(analysed("кто мэр Москвы").asks).toEqual(["role"]);
    expect(analysed("сколько стоило строительство").asks).toEqual(["money"]);
    expect(analysed("what is rosatom's share").asksPart).toBe(true);
    expect(analysed("центр гаммы").asks).toEqual([]);
  });
});

describe("concepts", () => {
  it("drops stop words and question words, keeps glossary phrases whole", () => {
    expect(labels("How many jobs will the Gamma project create?")).toEqual([
      "jobs",
      "gamma project",
      "create",
    ]);
  });

  it("expands a word to its glossary synonyms and translations, in both languages", () => {
    expect(alternatives("jobs", "jobs")).toEqual(
      expect.arrayContaining(["job", "workplac", "рабоч мест"]),
    );
  });

  it("reads a Cyrillic name the glossary does not know in Latin letters", () => {
    expect(alternatives("Косуги", "косуги")).toContain("kosugi");
  });

  it("matches a Russian word to other forms of it in the texts", () => {
    // The translation says "партнёры"; a question may say "партнерами" (stem партнер).
    expect(analysed("партнерами").concepts[0]?.alternatives.length).toBeGreaterThan(0);
  });
});

describe("Russian typed in Latin letters", () => {
  it("is read as Russian, keeping names the texts spell in Latin", () => {
    const analysis = analysed("kogda posol pribyl v tomsk");
    expect(analysis.lang).toBe("ru");
    expect(analysis.answerType).toBe("date");
    expect(labels("kogda posol pribyl v tomsk")).toEqual(["посол", "прибыл", "tomsk"]);
  });

  it("leaves English alone", () => {
    expect(analysed("missing workplaces").lang).toBe("en");
  });

  it("keeps an English question English though a surname ends like Russian (-ov)", () => {
    const analysis = analysed("what did ivanov say is vitally important");
    expect(analysis.lang).toBe("en");
    expect(labels("what did ivanov say is vitally important")).toContain("vitally");
  });
});

describe("manners and figures", () => {
  it("drops a greeting that opens the question", () => {
    expect(labels("good afternoon, how many jobs")).toEqual(["jobs"]);
    expect(labels("Добрый день! сколько рабочих мест")).toEqual(labels("сколько рабочих мест"));
  });

  it("finds a figure written in words by its digits", () => {
    expect(alternatives("какие три кластера", "три")).toContain("3");
  });

  it("takes words that say the tense out of what is looked for", () => {
    expect(labels("when will the ambassador come next time")).not.toContain("time");
    expect(analysed("when will the ambassador come next time").details.tense).toBe("next");
  });
});

describe("typos", () => {
  it("corrects a misspelt word to a word of the texts", () => {
    const analysis = analysed("univercities in tomks");
    expect(analysis.corrected).toBe("universities in tomsk");
    expect(analysis.concepts.map((c) => c.correction)).toEqual(["universities", "tomsk"]);
  });

  it("never replaces a real word by a different word that looks close", () => {
    // "mayor" is in the lexicon; without it, one edit would make it "major".
    const analysis = analysed("mayor");
    expect(analysis.corrected).toBeUndefined();
    expect(analysis.concepts[0]?.alternatives).toEqual([]);
  });

  it("corrects through the stem when the word as written is too far (arive → arrived)", () => {
    expect(analysed("when did rossi arive").corrected).toBe("when did rossi arrived");
  });
});
