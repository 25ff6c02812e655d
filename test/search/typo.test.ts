import { describe, expect, it } from "vitest";
import { isPlausibleTypo } from "../../src/search/typo.js";

describe("isPlausibleTypo", () => {
  it("accepts the typos people make", () => {
    expect(isPlausibleTypo("tokio", "tokyo")).toBe(true); // sound-alike i/y
    expect(isPlausibleTypo("ambasador", "ambassador")).toBe(true); // a doubled letter undoubled
    expect(isPlausibleTypo("tomks", "tomsk")).toBe(true); // neighbours swapped
    expect(isPlausibleTypo("tomsl", "tomsk")).toBe(true); // neighbouring key
    expect(isPlausibleTypo("itali", "italia")).toBe(true); // a vowel dropped
  });

  it("rejects edits that turn one word into another", () => {
    expect(isPlausibleTypo("mayor", "major")).toBe(false); // y and j are neither neighbours nor alike
    expect(isPlausibleTypo("came", "name")).toBe(false);
    expect(isPlausibleTypo("cat", "dog")).toBe(false);
  });
});
