import { describe, expect, it } from "vitest";
import { languageFor } from "../../src/bot/i18n.js";

describe("languageFor", () => {
  it("gives Russian to ru, uk, be and kk speakers and English to everyone else", () => {
    for (const code of ["ru", "uk", "be", "kk", "RU", "ru-RU", "uk_UA"])
      expect(languageFor(code)).toBe("ru");
    for (const code of [undefined, "", "en", "de", "pt-br", "kz", "r"])
      expect(languageFor(code)).toBe("en");
  });
});
