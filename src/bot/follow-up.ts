/**
 * Follow-ups: messages that only make sense after an answer — "tell me more",
 * "а подробнее?", "and Japan?", "а в Китае?", "when was that?" — read in the
 * context of the last answer and turned into something the bot can act on.
 * Pure: the conversation memory is given, nothing is read or sent here.
 */

/** What a follow-up asks for. */
export type FollowUpIntent =
  /** The next passage of the same text. */
  | { readonly kind: "more" }
  /** The last question again, about something else ("and Japan?"). */
  | { readonly kind: "subject"; readonly subject: string }
  /** The last question again, asking something else of it ("when was that?"). */
  | { readonly kind: "ask"; readonly cue: string };

// biome-ignore format: phrase lists read best packed
const MORE = [
  "more", "tell me more", "more please", "more details", "details", "go on", "continue", "next",
  "and then", "what else", "anything else", "keep going", "elaborate", "read more",
  "подробнее", "а подробнее", "расскажи подробнее", "расскажите подробнее", "еще", "а еще",
  "что еще", "дальше", "а дальше", "продолжай", "продолжайте", "продолжи", "больше", "детали",
  "podrobnee", "eshche", "esche", "a eshche", "dalshe", "a dalshe", "prodolzhay",
];

/** Words that open an elliptical question about another subject. */
// biome-ignore format: phrase lists read best packed
const SUBJECT_OPENERS = [
  "and", "what about", "how about", "and what about", "and how about", "same for", "also",
  "а", "и", "а как насчет", "как насчет", "а что насчет", "что насчет", "а про", "а что про",
  "а для", "а с", "a", "i", "a kak naschet", "a pro",
];

/** Question words an elliptical question may consist of, with "that" and "it" around them. */
// biome-ignore format: a table reads best packed
const CUE_WORDS: readonly (readonly [string, string])[] = [
  ["when", "when"], ["where", "where"], ["who", "who"], ["why", "why"], ["how many", "how many"],
  ["how much", "how much"], ["what year", "what year"], ["which year", "what year"],
  ["когда", "когда"], ["где", "где"], ["кто", "кто"], ["почему", "почему"], ["зачем", "зачем"],
  ["сколько", "сколько"], ["в каком году", "в каком году"], ["kogda", "когда"], ["gde", "где"],
  ["kto", "кто"], ["pochemu", "почему"], ["skolko", "сколько"],
];
/** Words that only point back at the last answer ("when was THAT", "где ЭТО было"). */
const POINTERS = new Set(
  `that this it was is were did does do happen happened there then so and а и это было было
  они он она оно там тогда так eto bylo`.split(/\s+/u),
);

/** Longest subject an elliptical question may name: "and Japan?", "а в Китае?", not a new question. */
const MAX_SUBJECT_WORDS = 3;

function wordsOf(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/ё/gu, "е")
    .split(/[^\p{L}\p{N}'-]+/u)
    .filter((w) => w.length > 0);
}

const startsWith = (words: readonly string[], phrase: string) => {
  const parts = phrase.split(" ");
  return parts.every((p, i) => words[i] === p) ? parts.length : 0;
};

/**
 * What a message asks as a follow-up of the last answer, or undefined when it
 * stands on its own (a question of its own, small talk).
 */
export function followUpOf(text: string): FollowUpIntent | undefined {
  const words = wordsOf(text);
  if (words.length === 0 || words.length > 6) return undefined;
  const joined = words.join(" ");
  if (MORE.includes(joined)) return { kind: "more" };

  // "when was that?", "а где это было?", "who?": question words and pointers only.
  for (const [cue, canonical] of CUE_WORDS) {
    for (let start = 0; start <= 1; start++) {
      if (start === 1 && !["and", "а", "и", "a", "i"].includes(words[0] ?? "")) break;
      const length = startsWith(words.slice(start), cue);
      if (length === 0) continue;
      const rest = words.slice(start + length);
      if (rest.every((w) => POINTERS.has(w))) return { kind: "ask", cue: canonical };
    }
  }

  // "and Japan?", "what about the timber cluster", "а в Китае?": a short new subject.
  const opener = [...SUBJECT_OPENERS]
    .sort((a, b) => b.length - a.length)
    .find((phrase) => startsWith(words, phrase) > 0);
  if (opener === undefined) return undefined;
  const subject = words.slice(opener.split(" ").length);
  if (subject.length === 0 || subject.length > MAX_SUBJECT_WORDS) return undefined;
  if (CUE_WORDS.some(([cue]) => startsWith(subject, cue) > 0)) return undefined;
  return { kind: "subject", subject: subject.join(" ") };
}
