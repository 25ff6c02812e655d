import { describe, expect, it } from "vitest";
import { missingDetails, readQuestionDetails, readUnitDetails } from "../../src/search/details.js";

const words = (question: string) => question.toLowerCase().split(/\s+/u);
const noDocument = { months: new Set<number>(), years: new Set<string>() };
const missing = (question: string, text: string, translation = "", document = noDocument) =>
  missingDetails(
    readQuestionDetails(words(question)),
    readUnitDetails(text, translation, ""),
    document,
  );

describe("details a question gives", () => {
  it("reads figures as digits, in words of either language, but not 'one'", () => {
    expect(readQuestionDetails(words("why only 16 тысяч jobs")).numbers).toEqual([
      { value: "16", word: "16" },
    ]);
    expect(readQuestionDetails(words("какие шесть университетов")).numbers[0]?.value).toBe("6");
    expect(readQuestionDetails(words("is tomsk one of the regions")).numbers).toEqual([]);
  });

  it("reads months in both languages, and 'may' only as a month beside a figure or after 'in'", () => {
    expect(readQuestionDetails(words("почему в декабре")).months[0]?.value).toBe(12);
    expect(readQuestionDetails(words("what happened in may")).months[0]?.value).toBe(5);
    expect(readQuestionDetails(words("may i ask about tokyo")).months).toEqual([]);
  });

  it("reads the tense a question presumes, and which words said it", () => {
    expect(readQuestionDetails(words("how many jobs were already created"))).toMatchObject({
      tense: "done",
      tenseWords: [4],
    });
    expect(readQuestionDetails(words("когда он приедет в следующий раз")).tense).toBe("next");
    // "Next session" asks about what is to come too, but "session" is still looked for.
    expect(readQuestionDetails(words("когда пройдет следующая сессия"))).toMatchObject({
      tense: "next",
      tenseWords: [],
    });
  });
});

describe("what a unit does not state", () => {
  it("a figure the unit does not give, though a longer one starts alike", () => {
    // 16 is the premise; the text says 160.
    expect(
      missing("why only 16 thousand jobs", "160 thousands of workplaces will be created"),
    ).toEqual(["16"]);
    expect(missing("which six universities", "6 Tomsk universities")).toEqual([]);
  });

  it("counts a figure stated only in the translation", () => {
    expect(missing("why 65 percent", "Sixty-five", "65%")).toEqual([]);
  });

  it("a month that differs from the unit's, or from its document's when it states none", () => {
    expect(missing("why in december", "On June 8-10 this year")).toEqual(["december"]);
    const june = { months: new Set([6]), years: new Set<string>() };
    expect(missing("what in june", "He told about oil", "", june)).toEqual([]);
    expect(missing("what in december", "He told about oil", "", june)).toEqual(["december"]);
  });

  it("a measure the unit does not speak in", () => {
    expect(missing("how big are reserves in tons", "vast natural resources")).toEqual(["tons"]);
    expect(missing("сколько тонн", "5 million tons a year")).toEqual([]);
  });

  it("a year its document states elsewhere counts for every passage of it", () => {
    const document = { months: new Set<number>(), years: new Set(["2035"]) };
    expect(missing("who came to the 2035 session", "Rectors attended", "", document)).toEqual([]);
  });

  it("'already' against a unit that only speaks of the future; 'next time' against the past", () => {
    expect(missing("how many were already created", "will be created before 2020")).toEqual([
      "already",
    ]);
    expect(missing("how many were already created", "were created in 2016")).toEqual([]);
    expect(missing("when will he come next time", "On Tuesday he arrived")).toEqual(["next time"]);
    expect(missing("when will he come next time", "He will come again in May")).toEqual([]);
  });
});
