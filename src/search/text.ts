import { newStemmer } from "snowball-stemmers";
import { ENGLISH_STOPWORDS, RUSSIAN_STOPWORDS } from "./stopwords.js";

/**
 * Text processing shared by indexing and querying, so both sides of a match
 * always agree: Unicode-aware tokenising, case and ё/е folding, stop words and
 * Snowball stemming (English for Latin words, Russian for Cyrillic ones).
 */

export type Script = "latin" | "cyrillic" | "number" | "other";

/** A word of a text with its position, so matches can be highlighted in the original. */
export interface Token {
  /** The word as written. */
  readonly surface: string;
  readonly start: number;
  readonly end: number;
  /** Folded form: lower case, ё→е, Latin diacritics removed. */
  readonly folded: string;
  readonly script: Script;
  /** Written in capitals (IT, ASI, NTI): never a stop word, never stemmed. */
  readonly acronym: boolean;
  /** The index term, or null for a stop word. */
  readonly term: string | null;
}

const englishStemmer = newStemmer("english");
const russianStemmer = newStemmer("russian");

/**
 * A word: letters and digits, with inner apostrophes (Tomsk's), or a percent
 * sign. Hyphens split words (IT-industry → it, industry) because people type
 * both forms.
 */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*|%/gu;
/** Zero-width and bidi control characters that can hide inside a word. */
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/gu;
const HAS_CYRILLIC = /\p{Script=Cyrillic}/u;
const HAS_LATIN = /\p{Script=Latin}/u;
const ONLY_DIGITS = /^\p{N}+$/u;

/** Letters that look alike in both scripts, for words typed with a mixed keyboard. */
// biome-ignore format: a table of letters reads best as a table
const CYRILLIC_LOOKALIKES: Readonly<Record<string, string>> = {
  а: "a", в: "b", е: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x",
};
const LATIN_LOOKALIKES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(CYRILLIC_LOOKALIKES).map(([cyr, lat]) => [lat, cyr]),
);

/** Removes invisible characters and normalises compatibility forms; keeps length-changing steps out of indexed text. */
export function cleanInput(text: string): string {
  return text.normalize("NFKC").replace(INVISIBLE, "");
}

/** Lower case, ё→е, and Latin accents removed (é→e) without touching Cyrillic й. */
export function fold(word: string): string {
  const lower = word.toLowerCase().replace(/ё/gu, "е").replace(/’/gu, "'");
  return HAS_CYRILLIC.test(lower)
    ? lower
    : lower
        .normalize("NFD")
        .replace(/\p{M}+/gu, "")
        .normalize("NFC");
}

/** Which script a folded word is written in; mixed words are resolved to their majority script. */
export function scriptOf(word: string): Script {
  if (ONLY_DIGITS.test(word)) return "number";
  if (HAS_CYRILLIC.test(word)) return "cyrillic";
  if (HAS_LATIN.test(word)) return "latin";
  return /\p{N}/u.test(word) ? "number" : "other";
}

/** Rewrites a word typed with letters of both scripts into its majority script. */
export function unmixScripts(word: string): string {
  if (!(HAS_CYRILLIC.test(word) && HAS_LATIN.test(word))) return word;
  let cyrillic = 0;
  let latin = 0;
  for (const ch of word) {
    if (HAS_CYRILLIC.test(ch)) cyrillic++;
    else if (HAS_LATIN.test(ch)) latin++;
  }
  const map = latin >= cyrillic ? CYRILLIC_LOOKALIKES : LATIN_LOOKALIKES;
  let out = "";
  for (const ch of word) out += map[ch] ?? ch;
  return out;
}

/** Stems a folded word with the stemmer of its script; numbers and other scripts pass through. */
export function stem(folded: string): string {
  const word = folded.replace(/'s$/u, "").replace(/'/gu, "");
  switch (scriptOf(word)) {
    case "latin":
      return englishStemmer.stem(word);
    case "cyrillic":
      return russianStemmer.stem(word);
    default:
      return word;
  }
}

/** True for words that carry no meaning to search for. */
export function isStopword(folded: string): boolean {
  return ENGLISH_STOPWORDS.has(folded) || RUSSIAN_STOPWORDS.has(folded);
}

/**
 * Splits a text into tokens with positions and index terms.
 * The same function processes passages and questions.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const surface = match[0];
    const start = match.index;
    tokens.push({ surface, start, end: start + surface.length, ...readWord(surface) });
  }
  return tokens;
}

type WordReading = Pick<Token, "folded" | "script" | "acronym" | "term">;

/**
 * Words repeat: passages are re-read for every question that ranks them, and
 * Snowball stemming is the costliest step of the search. Readings are kept in a
 * bounded cache, emptied when full so that odd input cannot grow it forever.
 */
const readings = new Map<string, WordReading>();
const MAX_CACHED_READINGS = 50_000;

/**
 * Stems known before they were needed: stemming the twenty thousand words of
 * the knowledge at start is half the engine's build time, so the search keeps
 * them with its cache of derived data (see open.ts) and hands them back here.
 */
const knownStems = new Map<string, string>();

/** Stems computed so far, word → stem, to be kept for the next start. */
export function stemsSoFar(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const reading of readings.values()) {
    if (reading.term !== null && !reading.acronym)
      out[reading.folded.replace(/'s$/u, "")] = reading.term;
  }
  return out;
}

/** Teaches the stemmer words it has stemmed before (from the cache of derived data). */
export function rememberStems(stems: Readonly<Record<string, string>>): void {
  for (const [word, stemmed] of Object.entries(stems)) knownStems.set(word, stemmed);
}

function readWord(surface: string): WordReading {
  const cached = readings.get(surface);
  if (cached) return cached;
  const folded = unmixScripts(fold(surface));
  const script = scriptOf(folded);
  const acronym = isAcronym(surface);
  const bare = folded.replace(/'s$/u, "");
  let term: string | null;
  // "60%" and "sixty percent" should meet: the sign is the word.
  if (surface === "%") term = "percent";
  else if (acronym) term = bare;
  else if (isStopword(folded) || isStopword(bare)) term = null;
  else if (script === "latin" && bare.length === 1) term = null;
  else term = knownStems.get(bare) ?? stem(bare);
  const reading = { folded, script, acronym, term };
  if (readings.size >= MAX_CACHED_READINGS) readings.clear();
  readings.set(surface, reading);
  return reading;
}

/** The index terms of a text, in order, stop words left out. */
export function terms(text: string): string[] {
  const out: string[] = [];
  forEachTerm(text, (term) => out.push(term));
  return out;
}

/**
 * Calls `visit` with each index term of a text and the word it was read from
 * (lower case). The fast path for indexing: no token objects are made.
 */
export function forEachTerm(text: string, visit: (term: string, word: string) => void): void {
  for (const match of text.matchAll(WORD)) {
    const { term, folded } = readWord(match[0]);
    if (term !== null) visit(term, folded);
  }
}

/** IT, ASI, NTI, SIBUR: all capitals, two to six letters. "I" and "A" are not acronyms. */
function isAcronym(surface: string): boolean {
  return surface.length >= 2 && surface.length <= 6 && /^\p{Lu}+$/u.test(surface);
}
