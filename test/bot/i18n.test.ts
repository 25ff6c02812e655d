import { describe, expect, it } from "vitest";
import { createI18n, languageFor } from "../../src/bot/i18n.js";

describe("languageFor", () => {
  it("gives Russian to ru, uk, be and kk speakers and English to everyone else", () => {
    for (const code of ["ru", "uk", "be", "kk", "RU", "ru-RU", "uk_UA"])
      expect(languageFor(code)).toBe("ru");
    for (const code of [undefined, "", "en", "de", "pt-br", "kz", "r"])
      expect(languageFor(code)).toBe("en");
  });
});

describe("createI18n", () => {
  it("negotiates each list of locales once, and still translates with the match", () => {
    const i18n = createI18n();
    const fluent = i18n.fluent as unknown as { matchBundles(locales: string[]): unknown };
    // The plugin would build a new match (a new Set) on every call.
    expect(fluent.matchBundles(["ru"])).toBe(fluent.matchBundles(["ru"]));
    expect(fluent.matchBundles(["ru"])).not.toBe(fluent.matchBundles(["en"]));
    expect(i18n.t("ru", "cluster-quotes")).not.toBe(i18n.t("en", "cluster-quotes"));
  });
});
