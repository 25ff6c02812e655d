import type { KnowledgeDocument } from "./types.js";

/**
 * Passages: what the engine ranks and what a reply quotes.
 *
 * Each sentence is a passage, and so is each pair of adjacent sentences in the
 * same paragraph: an answer often sits in the sentence after the one that names
 * the subject ("Seiji Kosugi … told …. He emphasized that visited Tomsk region
 * six times"), and a pair lets one quote hold both. Length normalisation in the
 * ranking prefers the single sentence when it alone matches as well.
 */
export interface Passage {
  /** Compact and stable for the same knowledge: `<doc>.<sentence>` or `<doc>.<sentence>+` for a pair, base 36. */
  readonly key: string;
  readonly docIndex: number;
  readonly docId: string;
  readonly paragraph: number;
  /** Index of the first sentence within the document. */
  readonly sentence: number;
  /** Index of the first sentence among all sentences of all documents. */
  readonly sentenceId: number;
  /** Index of the paragraph among all paragraphs of all documents. */
  readonly paragraphId: number;
  /** How many sentences the passage spans (1 or 2). */
  readonly span: number;
  readonly text: string;
}

/**
 * Splits a paragraph into sentences. A full stop ends a sentence only when a
 * capital letter, digit or opening quote follows; not after a list number
 * ("3. RUB 250 bln") or a single initial.
 */
export function splitSentences(paragraph: string): string[] {
  const sentences: string[] = [];
  const boundary = /([.!?…]+(?:\s?["”»’)])*)\s+(?=["“«(]?[\p{Lu}\p{N}])/gu;
  let start = 0;
  for (const match of paragraph.matchAll(boundary)) {
    const end = match.index + (match[1] ?? "").length;
    const candidate = paragraph.slice(start, end);
    const lastWord = /(\S+)[.!?…]+(?:\s?["”»’)])*$/u.exec(candidate)?.[1] ?? "";
    if (/^\d+$/u.test(lastWord) && candidate.trim() === `${lastWord}.`) continue; // list number
    if (/^\p{Lu}$/u.test(lastWord)) continue; // an initial: "A. Shpilenko"
    sentences.push(candidate.trim());
    start = match.index + match[0].length;
  }
  const rest = paragraph.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}

/** Builds the passages of every document, in document order. */
export function buildPassages(documents: readonly KnowledgeDocument[]): Passage[] {
  const passages: Passage[] = [];
  let sentenceId = 0;
  let paragraphId = 0;
  documents.forEach((doc, docIndex) => {
    let sentenceIndex = 0;
    doc.paragraphs.forEach((paragraph, paragraphIndex) => {
      const sentences = splitSentences(paragraph);
      sentences.forEach((sentence, i) => {
        const first = sentenceIndex + i;
        const base = {
          docIndex,
          docId: doc.id,
          paragraph: paragraphIndex,
          sentence: first,
          sentenceId: sentenceId + i,
          paragraphId,
        };
        passages.push({ ...base, key: passageKey(docIndex, first, 1), span: 1, text: sentence });
        const next = sentences[i + 1];
        if (next !== undefined) {
          passages.push({
            ...base,
            key: passageKey(docIndex, first, 2),
            span: 2,
            text: `${sentence} ${next}`,
          });
        }
      });
      sentenceIndex += sentences.length;
      sentenceId += sentences.length;
      paragraphId++;
    });
  });
  return passages;
}

function passageKey(docIndex: number, sentence: number, span: number): string {
  return `${docIndex.toString(36)}.${sentence.toString(36)}${span === 2 ? "+" : ""}`;
}

/** True when two passages share a sentence (so a result list never quotes the same sentence twice). */
export function overlaps(a: Passage, b: Passage): boolean {
  return (
    a.docIndex === b.docIndex &&
    a.sentence < b.sentence + b.span &&
    b.sentence < a.sentence + a.span
  );
}
