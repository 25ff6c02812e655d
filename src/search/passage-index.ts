import MiniSearch from "minisearch";
import SearchableMap from "minisearch/SearchableMap";
import { isNumberTerm } from "./dates.js";
import type { Passage } from "./passages.js";
import type { Vocabulary } from "./query.js";
import { forEachTerm, terms } from "./text.js";
import type { KnowledgeDocument } from "./types.js";

/**
 * The MiniSearch index over passages, and what the ranking needs beside it:
 * document frequencies, typo neighbours and completions, and where in a
 * passage's surroundings a term occurs.
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

/** Where a term occurs, as bits: in the passage, its document's title or tags, or its paragraph. */
export const IN_TEXT = 1;
export const IN_TITLE = 2;
export const IN_TAGS = 4;
export const IN_PARAGRAPH = 8;

export interface PassageIndex {
  readonly search: MiniSearch<IndexedPassage>;
  readonly vocabulary: Vocabulary;
  /** Number of single-sentence passages whose text contains the term. */
  documentFrequency(term: string): number;
  /** Number of single-sentence passages, the N of idf. */
  readonly passageCount: number;
  /** A readable word for an index term (its first spelling in the texts), for "did you mean". */
  surfaceOf(term: string): string | undefined;
  /** A compact id for an index term of the passages, titles or tags; undefined for any other word. */
  termId(term: string): number | undefined;
  /** Where a term occurs for a passage: a combination of IN_TEXT, IN_TITLE, IN_TAGS, IN_PARAGRAPH. */
  locate(passage: Passage, termId: number): number;
  /** The passage's terms in reading order (stop words left out), as ids. */
  sequence(passage: Passage): Int32Array;
  /** Whether a term id stands for a figure (digits or a number word). */
  isNumber(termId: number): boolean;
}

/**
 * Builds the index. Words become terms once, here (text.ts is the single place
 * that does it); MiniSearch then indexes the terms as they are. Sentence,
 * paragraph, title and tag contents are also kept as sorted term ids: compact
 * for large corpora, and searched only for a question's best candidates.
 */
export function buildPassageIndex(
  passages: readonly Passage[],
  documents: readonly KnowledgeDocument[],
): PassageIndex {
  const ids = new Map<string, number>();
  const idOf = (term: string) => {
    let id = ids.get(term);
    if (id === undefined) {
      id = ids.size;
      ids.set(term, id);
    }
    return id;
  };
  const docTerms = documents.map((doc) => ({
    title: terms(doc.title),
    tags: terms(doc.tags.join(" ")),
  }));
  const titles = docTerms.map((d) => sortedIds(d.title.map(idOf)));
  const tags = docTerms.map((d) => sortedIds(d.tags.map(idOf)));

  // Single-sentence passages come in sentence order, so sentenceId indexes them.
  const single = passages.filter((p) => p.span === 1);
  // One reading of every sentence gives its terms and, for "did you mean",
  // a written form of each term.
  const surfaces = new Map<string, string>();
  const sentenceTerms = single.map((p) => {
    const list: string[] = [];
    forEachTerm(p.text, (term, word) => {
      list.push(term);
      if (!surfaces.has(term)) surfaces.set(term, word);
    });
    return list;
  });
  const sequences = sentenceTerms.map((list) => Int32Array.from(list, idOf));
  const sentences = sequences.map((sequence) => sortedIds([...sequence]));
  const paragraphLists: number[][] = [];
  const counts: number[] = [];
  single.forEach((p) => {
    const own = sentences[p.sentenceId] as Int32Array;
    const list = paragraphLists[p.paragraphId] ?? [];
    for (const id of own) {
      list.push(id);
      counts[id] = (counts[id] ?? 0) + 1;
    }
    paragraphLists[p.paragraphId] = list;
  });
  const paragraphs = Array.from(paragraphLists, (list) => sortedIds(list ?? []));

  const search = new MiniSearch<IndexedPassage>({
    fields: [...FIELDS],
    storeFields: [],
    tokenize: (text) => (text === "" ? [] : text.split(" ")),
    processTerm: (term) => term,
    searchOptions: { boost: { ...FIELD_BOOST } },
  });
  const titleText = docTerms.map((d) => d.title.join(" "));
  const tagText = docTerms.map((d) => d.tags.join(" "));
  // Sentences are indexed; a pair of sentences is ranked from its sentences'
  // hits (see ranking.ts), which halves the index.
  search.addAll(
    passages.flatMap((p, id) =>
      p.span === 1
        ? [
            {
              id,
              text: (sentenceTerms[p.sentenceId] as string[]).join(" "),
              title: titleText[p.docIndex] ?? "",
              tags: tagText[p.docIndex] ?? "",
            },
          ]
        : [],
    ),
  );

  const numbers = new Set<number>();
  for (const [term, id] of ids) if (isNumberTerm(term)) numbers.add(id);

  // Title-only words enter the vocabulary (with frequency 0) so questions can match them.
  const vocabularyMap = new SearchableMap<number>();
  for (const [term, id] of ids) vocabularyMap.set(term, counts[id] ?? 0);

  const vocabulary: Vocabulary = {
    has: (term) => ids.has(term),
    // Closest first; among equals, words with the same first letter (typos rarely
    // hit the first letter), then the more frequent.
    near: (term, distance) =>
      [...vocabularyMap.fuzzyGet(term, distance)]
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
      [...vocabularyMap.atPrefix(prefix)].sort((a, b) => b[1] - a[1]).map(([key]) => key),
  };

  return {
    search,
    vocabulary,
    passageCount: single.length,
    documentFrequency: (term) => {
      const id = ids.get(term);
      return id === undefined ? 0 : (counts[id] ?? 0);
    },
    surfaceOf: (term) => surfaces.get(term),
    termId: (term) => ids.get(term),
    isNumber: (termId) => numbers.has(termId),
    sequence(passage) {
      if (passage.span === 1) return sequences[passage.sentenceId] ?? new Int32Array();
      const parts = sequences.slice(passage.sentenceId, passage.sentenceId + passage.span);
      const joined = new Int32Array(parts.reduce((n, part) => n + part.length, 0));
      let at = 0;
      for (const part of parts) {
        joined.set(part, at);
        at += part.length;
      }
      return joined;
    },
    locate(passage, termId) {
      let where = 0;
      for (let s = passage.sentenceId; s < passage.sentenceId + passage.span; s++) {
        if (contains(sentences[s], termId)) where |= IN_TEXT;
      }
      if (contains(titles[passage.docIndex], termId)) where |= IN_TITLE;
      if (contains(tags[passage.docIndex], termId)) where |= IN_TAGS;
      if (contains(paragraphs[passage.paragraphId], termId)) where |= IN_PARAGRAPH;
      return where;
    },
  };
}

function sortedIds(list: readonly number[]): Int32Array {
  return Int32Array.from(new Set(list)).sort();
}

function contains(sorted: Int32Array | undefined, value: number): boolean {
  if (sorted === undefined) return false;
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
