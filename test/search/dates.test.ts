import { describe, expect, it } from "vitest";
import { parseStatedDate, statesDate, statesQuantity } from "../../src/search/dates.js";

describe("parseStatedDate", () => {
  it("reads whatever parts the text states, and no more", () => {
    expect(parseStatedDate("4 July 2016")).toEqual({ year: 2016, month: 7, day: 4 });
    expect(parseStatedDate("12th of November")).toEqual({ month: 11, day: 12 });
    expect(parseStatedDate("June 8-10 this year")).toEqual({ month: 6, day: 8 });
    expect(parseStatedDate("Tuesday")).toEqual({});
  });
});

describe("what a passage states", () => {
  it("recognises figures in digits and in words", () => {
    expect(statesQuantity("visited Tomsk region six times")).toBe(true);
    expect(statesQuantity("RUB 250 bln – investment gap")).toBe(true);
    expect(statesQuantity("one of the most rapidly developing regions")).toBe(false);
  });

  it("recognises dates, and not the modal verb may", () => {
    expect(statesDate("On Tuesday, the ambassador arrived")).toBe(true);
    expect(statesDate("opened in 2005")).toBe(true);
    expect(statesDate("which may be of great interest")).toBe(false);
  });
});
