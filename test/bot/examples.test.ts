import { describe, expect, it } from "vitest";
import { encodeCallbackData } from "../../src/bot/callback-data.js";
import { EXAMPLE_QUESTIONS } from "../../src/bot/examples.js";
import { realSearch } from "../support/knowledge.js";

describe("example questions", () => {
  it("really get an answer from the knowledge, in both languages", () => {
    const search = realSearch();
    for (const lang of ["en", "ru"] as const) {
      expect(EXAMPLE_QUESTIONS[lang].length).toBeGreaterThanOrEqual(3);
      EXAMPLE_QUESTIONS[lang].forEach((question, index) => {
        const result = search.ask(question);
        expect(result.noAnswer, question).toBe(false);
        expect(result.answers.length, question).toBeGreaterThan(0);
        expect(encodeCallbackData({ kind: "example", lang, index })).toBeTruthy();
      });
    }
  });
});
