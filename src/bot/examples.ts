/**
 * Example questions offered as buttons (/start, "nothing found").
 *
 * Data, not code: editors change them here, and test/bot/examples.test.ts
 * checks that every one of them really gets an answer from the knowledge.
 */
import type { Lang } from "../search/types.js";

export const EXAMPLE_QUESTIONS: Readonly<Record<Lang, readonly string[]>> = {
  en: [
    "How many innovation clusters is INO Tomsk based on?",
    "When did the Tomsk delegation visit Tokyo?",
    "Which sectors is Italy interested in?",
  ],
  ru: [
    "На скольких кластерах основан проект ИНО Томск?",
    "Когда томская делегация была в Токио?",
    "Какие отрасли интересуют Италию?",
  ],
};

/** Example `index` of `lang`, or undefined for an index that no longer exists (an old button). */
export function exampleQuestion(lang: Lang, index: number): string | undefined {
  return EXAMPLE_QUESTIONS[lang][index];
}
