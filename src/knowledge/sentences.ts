/**
 * Sentence splitting: the one definition of "a sentence of a document", shared by
 * the loader (translations and stored questions are aligned to sentences) and
 * the search (a sentence is the smallest passage a reply quotes).
 */

/**
 * A full stop ends a sentence when a capital letter, digit or opening quote
 * follows — possibly after a dash that opens reported speech ("Zhvachkin. –
 * Today …") or an elision mark ("interest. <...> We hope"). Not after a list
 * number ("3. RUB 250 bln") or a single initial ("A. Shpilenko").
 */
const BOUNDARY = /([.!?…]+(?:\s?["”»’)])*)\s+(?=(?:[–—-]\s+|<\.\.\.>\s+)?["“«(]?[\p{Lu}\p{N}])/gu;

/** Splits a whitespace-normalised paragraph into sentences, keeping every character. */
export function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of paragraph.matchAll(BOUNDARY)) {
    const end = match.index + (match[1] ?? "").length;
    const candidate = paragraph.slice(start, end);
    const lastWord = /(\S+)[.!?…]+(?:\s?["”»’)])*$/u.exec(candidate)?.[1] ?? "";
    if (/^\d+$/u.test(lastWord) && candidate.trim() === `${lastWord}.`) continue; // list number
    if (/^\p{Lu}$/u.test(lastWord)) continue; // an initial
    sentences.push(candidate.trim());
    start = match.index + match[0].length;
  }
  const rest = paragraph.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

/** Collapses every run of white space (including no-break spaces) into one space. */
export function normalizeSpace(text: string): string {
  return text.replace(/\s+/gu, " ").trim();
}
