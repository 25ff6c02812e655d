import MiniSearch from "minisearch";
import SearchableMap from "minisearch/SearchableMap";
import type { Passage } from "./passages.js";
import type { Vocabulary } from "./query.js";
import { terms } from "./text.js";
import type { KnowledgeDocument } from "./types.js";

/**
 * The MiniSearch index over passages, and the vocabulary facts the ranking
 * needs (document frequencies, typo neighbours, completions).
 */

interface IndexedPassage {
  readonly id: number;
  readonly text: string;
  readonly title: string;
  readonly tags: string;
}

export const FIELDS = ["text", "title", "tags"] as const;
/** The title and tags describe every passage of a document, so they count, but less than the passage's own words. */
export const FIELD_BOOST = { text: 2, title: 1, tags: 0.5 } as const;

export interface PassageIndex {
  readonly search: MiniSearch<IndexedPassage>;
  readonly vocabulary: Vocabulary;
  /** Number of single-sentence passages whose text contains the term. */
  documentFrequency(term: string): number;
  /** Number of single-sentence passages, the N of idf. */
  readonly passageCount: number;
  /** A readable word for an index term (its first spelling in the texts), for "did you mean". */
  surfaceOf(term: string): string | undefined;
  /** Whether the paragraph a passage comes from holds the term (in any of its sentences). */
  inParagraph(passage: Passage, term: string): boolean;
}

/** Builds the index. Titles and tags repeat in every passage of a document, so their terms are computed once. */
export function buildPassageIndex(
  passages: readonly Passage[],
  documents: readonly KnowledgeDocument[],
): PassageIndex {
  const docTerms = documents.map((doc) => ({
    title: terms(doc.title),
    tags: terms(doc.tags.join(" ")),
  }));
  const passageTerms = passages.map((p) => terms(p.text));

  const search = new MiniSearch<IndexedPassage>({
    fields: [...FIELDS],
    storeFields: [],
    // Fields arrive already processed as space-joined index terms: the pipeline
    // in text.ts is the single place words become terms.
    tokenize: (text) => (text === "" ? [] : text.split(" ")),
    processTerm: (term) => term,
    searchOptions: { boost: { ...FIELD_BOOST } },
  });
  search.addAll(
    passages.map((p, id) => ({
      id,
      text: (passageTerms[id] as string[]).join(" "),
      title: docTerms[p.docIndex]?.title.join(" ") ?? "",
      tags: docTerms[p.docIndex]?.tags.join(" ") ?? "",
    })),
  );

  // Frequencies count passage text only: a title word describes its document,
  // it does not make the word common. Title-only words still enter the
  // vocabulary (with frequency 0) so questions can match them.
  const frequency = new SearchableMap<number>();
  for (const doc of docTerms)
    for (const term of [...doc.title, ...doc.tags]) frequency.set(term, 0);
  let passageCount = 0;
  passages.forEach((p, id) => {
    if (p.span !== 1) return;
    passageCount++;
    for (const term of new Set(passageTerms[id]))
      frequency.set(term, (frequency.get(term) ?? 0) + 1);
  });

  // Paragraph contents as sorted term ids: compact enough for large corpora,
  // searched only for the few best candidates of a question.
  const termIds = new Map<string, number>();
  const paragraphs = new Map<string, Int32Array>();
  const paragraphKey = (p: Passage) => `${p.docIndex}:${p.paragraph}`;
  const collected = new Map<string, Set<number>>();
  passages.forEach((p, id) => {
    if (p.span !== 1) return;
    const key = paragraphKey(p);
    const ids = collected.get(key) ?? new Set<number>();
    for (const term of passageTerms[id] as string[]) {
      let termId = termIds.get(term);
      if (termId === undefined) {
        termId = termIds.size;
        termIds.set(term, termId);
      }
      ids.add(termId);
    }
    collected.set(key, ids);
  });
  for (const [key, ids] of collected) paragraphs.set(key, Int32Array.from(ids).sort());

  const surfaces = new Map<string, string>();
  const learnSurfaces = (text: string) => {
    for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
      const word = match[0].toLowerCase();
      const [term] = terms(word);
      if (term !== undefined && !surfaces.has(term)) surfaces.set(term, word);
    }
  };
  for (const p of passages) if (p.span === 1) learnSurfaces(p.text);

  const vocabulary: Vocabulary = {
    has: (term) => frequency.has(term),
    // Closest first; among equals, words with the same first letter (typos rarely
    // hit the first letter), then the more frequent.
    near: (term, distance) =>
      [...frequency.fuzzyGet(term, distance)]
        .filter(([key]) => key !== term)
        .sort(
          (a, b) =>
            a[1][1] - b[1][1] ||
            Number(b[0][0] === term[0]) - Number(a[0][0] === term[0]) ||
            b[1][0] - a[1][0],
        )
        .map(([key]) => key),
    surfaceOf: (term) => surfaces.get(term),
    completions: (prefix) =>
      [...frequency.atPrefix(prefix)].sort((a, b) => b[1] - a[1]).map(([key]) => key),
  };

  return {
    search,
    vocabulary,
    passageCount,
    documentFrequency: (term) => frequency.get(term) ?? 0,
    surfaceOf: (term) => surfaces.get(term),
    inParagraph(passage, term) {
      const termId = termIds.get(term);
      const ids = paragraphs.get(paragraphKey(passage));
      return termId !== undefined && ids !== undefined && binarySearch(ids, termId);
    },
  };
}

function binarySearch(sorted: Int32Array, value: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = sorted[middle] as number;
    if (found === value) return true;
    if (found < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
