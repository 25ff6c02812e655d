import { describe, expect, it } from "vitest";
import { dateLabel, parseStatedDate, statesDate, statesQuantity } from "../../src/search/dates.js";

describe("parseStatedDate", () => {
  it("reads whatever parts the text states, and no more", () => {
    expect(parseStatedDate("4 July 2016")).toEqual({ year: 2016, month: 7, day: 4 });
    expect(parseStatedDate("12th of November")).toEqual({ month: 11, day: 12 });
    expect(parseStatedDate("June 8-10 this year")).toEqual({ month: 6, day: 8, lastDay: 10 });
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

describe("dateLabel", () => {
  it("labels a stated day of a month, with the span and the year where given, in either language", () => {
    expect(dateLabel("June 8-10 this year", "en")).toBe("8–10 June");
    expect(dateLabel("12th of November", "ru")).toBe("12 ноября");
    expect(dateLabel("4 July 2016", "ru")).toBe("4 июля 2016");
  });

  it("gives no label where the text states no day: a weekday or 'this year' is no date", () => {
    expect(dateLabel("Tuesday", "en")).toBeUndefined();
    expect(dateLabel("this year", "en")).toBeUndefined();
    expect(dateLabel("in June", "en")).toBeUndefined();
  });
});
