import { describe, expect, it } from "vitest";
import { cleanInput, fold, stem, terms, tokenize, unmixScripts } from "../../src/search/text.js";

describe("terms", () => {
  it("stems English words so inflections meet", () => {
    expect(terms("universities")).toEqual(terms("university"));
    expect(terms("implemented")).toEqual(terms("implementation").map(() => stem("implement")));
  });

  it("stems Russian words so inflections meet", () => {
    expect(terms("университетов")).toEqual(terms("университет"));
    expect(terms("проектов")).toEqual(["проект"]);
  });

  it("folds ё to е and case", () => {
    expect(terms("Учёных")).toEqual(terms("ученых"));
    expect(fold("ЁЖ")).toBe("еж");
  });

  it("drops stop words and question filler in both languages", () => {
    expect(terms("what is the population of the region")).toEqual(["popul", "region"]);
    expect(terms("Расскажите, пожалуйста, что это за кластер")).toEqual(["кластер"]);
  });

  it("keeps acronyms written in capitals, even when they spell a stop word", () => {
    expect(terms("IT industry")).toEqual(["it", "industri"]);
    expect(terms("it is")).toEqual([]);
  });

  it("splits hyphenated words and keeps numbers, reading % as a word", () => {
    expect(terms("IT-industry")).toEqual(["it", "industri"]);
    expect(terms("almost 60% of stocks")).toEqual(["almost", "60", "percent", "stock"]);
  });

  it("drops possessive endings", () => {
    expect(terms("Tomsk's reserves")).toEqual(["tomsk", "reserv"]);
  });
});

describe("tokenize", () => {
  it("keeps positions in the original text for highlighting", () => {
    const [first, second] = tokenize("Hi, Tomsk region");
    expect(first).toMatchObject({ surface: "Hi", start: 0, end: 2, term: null });
    expect(second).toMatchObject({ surface: "Tomsk", start: 4, end: 9, term: "tomsk" });
  });
});

describe("cleanInput and unmixScripts", () => {
  it("removes zero-width and bidi characters that would split a word", () => {
    expect(terms(cleanInput("To\u200Bmsk\u202E"))).toEqual(["tomsk"]);
  });

  it("rewrites a word typed with lookalike letters of both scripts into its main script", () => {
    // "Томск" with a Latin "o" and "k" typed in the middle of Cyrillic letters.
    expect(unmixScripts("тоmск")).toBe("томск");
    // "Tomsk" with a Cyrillic "о".
    expect(terms("Tоmsk")).toEqual(["tomsk"]);
  });
});
