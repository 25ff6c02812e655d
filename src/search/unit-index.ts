/**
 * The index over units: MiniSearch for retrieval and BM25, plus what MiniSearch
 * does not keep — which field of a unit holds each term (a word in the text
 * counts more than one in the title), how many units hold a term (its rarity),
 * and the words as written, for typo correction and highlighting.
 */
import MiniSearch from "minisearch";
import SearchableMap from "minisearch/SearchableMap";
import type { Vocabulary } from "./analyse.js";
import { forEachTerm, scriptOf, tokenize } from "./text.js";
import type { Unit, UnitFields } from "./units.js";

/** How much a term found in each field counts toward covering a question. */
export const FIELD_CREDIT: Readonly<Record<keyof UnitFields, number>> = {
  text: 1,
  ru: 1,
  questions: 1,
  names: 1,
  // The sentence a mid-thought passage leans on says who "he" is, not what he said.
  context: 0.7,
  // A document about Japan makes each of its sentences only partly about Japan.
  title: 0.5,
};

/**
 * A passage of several sentences holds many words by chance; its own text
 * counts for less the longer it is (by sentence count: 1, 2, 3 or more), so
 * it wins by the questions stored for it (a list asked for as a list), not by
 * its length.
 */
const LONG_TEXT_CREDIT = [1, 1, 0.85, 0.7] as const;

/** MiniSearch's field boosts for BM25: what a unit says outweighs where it stands. */
const BOOST: Readonly<Partial<Record<keyof UnitFields, number>>> = {
  text: 1,
  ru: 1,
  questions: 0.8,
  names: 2,
};
const FIELDS = Object.keys(FIELD_CREDIT) as (keyof UnitFields)[];
const INDEXED: (keyof UnitFields)[] = ["text", "ru", "questions", "names"];
const NO_POSTINGS: ReadonlyMap<number, number> = new Map();

export interface UnitIndex {
  readonly units: readonly Unit[];
  readonly vocabulary: Vocabulary;
  /** Units holding a term in any field. */
  documentFrequency(term: string): number;
  /** The best field credit of a term in a unit, 0 when absent. */
  credit(unitId: number, term: string): number;
  /** The units holding a term, with its best field credit in each. */
  postings(term: string): ReadonlyMap<number, number>;

  /** Terms of each of a unit's names (a card's), to tell a bare name from a question. */
  nameTerms(unitId: number): readonly ReadonlySet<string>[];
  /** Terms of each stored question of a unit, for matching a question against one of them. */
  questionTerms(unitId: number): readonly ReadonlySet<string>[];
  /** Every term of a unit's stored questions: a concept none holds is not looked for in each. */
  questionVocabulary(unitId: number): ReadonlySet<string>;
  /** BM25 scores of units for these terms (any of them), best first. */
  search(terms: readonly string[]): readonly { id: number; score: number }[];
}

/** Builds the index once per knowledge version. */
export function buildUnitIndex(units: readonly Unit[]): UnitIndex {
  const credits = units.map(() => new Map<string, number>());
  const postings = new Map<string, Map<number, number>>();

  const storedQuestions: ReadonlySet<string>[][] = [];
  const questionVocabularies: (ReadonlySet<string> | undefined)[] = [];
  const names: ReadonlySet<string>[][] = [];
  const frequency = new Map<string, number>();
  /** Written word → its term and how often it occurs, for typo correction (a radix tree below). */
  const counted = new Map<string, { term: string; count: number }>();

  // Each field is read once: its terms feed the credits here and MiniSearch below.
  const fieldTerms = new Map<string, string[]>();
  for (const unit of units) {
    const map = credits[unit.id] as Map<string, number>;
    const length = unit.kind === "passage" ? Math.min(unit.sentences.length, 3) : 1;
    for (const field of FIELDS) {
      const own = field === "text" || field === "ru";
      const credit = FIELD_CREDIT[field] * (own ? (LONG_TEXT_CREDIT[length] ?? 1) : 1);
      const read: string[] = [];
      forEachTerm(unit.fields[field], (term, word) => {
        read.push(term);
        if ((map.get(term) ?? 0) < credit) map.set(term, credit);
        // Words as written, and their stems too: a typo is sometimes plain
        // only in the stem ("arive" → ariv, "arrived" → arriv).
        for (const key of word === term ? [word] : [word, term]) {
          const entry = counted.get(key);
          if (entry) entry.count++;
          else counted.set(key, { term, count: 1 });
        }
      });
      fieldTerms.set(unit.fields[field], read);
    }
    // Rarity counts the units that hold a term themselves: a document's title
    // repeated in each of its passages does not make its words common.
    for (const [term, credit] of map) {
      const own = credit >= FIELD_CREDIT.context ? 1 : 0;
      frequency.set(term, (frequency.get(term) ?? 0) + own);
    }
    const questions = [...unit.questions.en, ...unit.questions.ru].map(termSet);
    storedQuestions.push(questions);
    for (const [term, credit] of map) {
      const list = postings.get(term) ?? new Map<number, number>();
      list.set(unit.id, credit);
      postings.set(term, list);
    }
    names.push(unit.fields.names.split("\n").filter(Boolean).map(termSet));
  }
  // Filled once, key by key: the radix tree is slow to look up word by word.
  const written = SearchableMap.from(counted);
  const terms = new SearchableMap<number>();
  /** The commonest written form of each term, to show a correction as a word. */
  const surfaces = new Map<string, { word: string; count: number }>();
  for (const [word, entry] of counted) {
    const known = surfaces.get(entry.term);
    // A stem is shown only when no word is written that way.
    const better =
      !known || (known.word === entry.term ? word !== entry.term : entry.count > known.count);
    if (better && !(known && word === entry.term))
      surfaces.set(entry.term, { word, count: entry.count });
  }
  for (const [term, count] of frequency) terms.set(term, count);

  // Proper names: terms the texts write with a capital inside sentences and
  // never without one (Gazprom, Rossi, Tomsk; not "governor", which opens a title).
  const capitalised = new Map<string, number>();
  const lowercase = new Set<string>();
  for (const unit of units) {
    if (unit.kind !== "passage") continue;
    for (const sentence of unit.sentences) {
      for (const text of [sentence.text, sentence.ru ?? ""]) {
        for (const token of tokenize(text)) {
          if (token.term === null || token.acronym || token.script === "number") continue;
          if (/^\p{Lu}/u.test(token.surface)) {
            if (token.start > 0)
              capitalised.set(token.term, (capitalised.get(token.term) ?? 0) + 1);
          } else {
            lowercase.add(token.term);
          }
        }
      }
    }
  }

  const miniSearch = new MiniSearch<Unit>({
    // BM25 only breaks ties, on what a unit says itself: context and title
    // count through the credits above.
    fields: INDEXED,
    idField: "id",
    extractField: (unit, field) =>
      field === "id" ? String(unit.id) : (unit.fields[field as keyof UnitFields] ?? ""),
    // Units are tokenised by the same text processing as questions; MiniSearch
    // gets the finished terms.
    tokenize: (text) => {
      const known = fieldTerms.get(text);
      if (known) return known;
      const out: string[] = [];
      forEachTerm(text, (term) => out.push(term));
      return out;
    },
    processTerm: (term) => term,
    // Questions arrive as finished terms too: split, never stemmed twice.
    searchOptions: {
      boost: BOOST,
      combineWith: "OR",
      tokenize: (text) => text.split(" "),
      processTerm: (term) => term,
    },
  });
  miniSearch.addAll(units as Unit[]);

  const vocabulary: Vocabulary = {
    has: (term) => frequency.has(term),
    isName: (term) => (capitalised.get(term) ?? 0) > 0 && !lowercase.has(term),
    near(word, distance) {
      const script = scriptOf(word);
      const exact = written.get(word);
      const found: [string, [{ term: string; count: number }, number]][] =
        distance > 0 ? [...written.fuzzyGet(word, distance)] : exact ? [[word, [exact, 0]]] : [];
      return found
        .filter(([key]) => scriptOf(key) === script)
        .map(([key, [entry, d]]) => ({
          key,
          term: entry.term,
          word: surfaces.get(entry.term)?.word ?? key,
          distance: d,
          count: entry.count,
        }))
        .sort(
          (a, b) =>
            a.distance - b.distance ||
            // Typos rarely hit the first letter.
            Number(b.word[0] === word[0]) - Number(a.word[0] === word[0]) ||
            b.count - a.count,
        );
    },
    kin(term) {
      if (scriptOf(term) !== "cyrillic" || term.length < 5) return [];
      // Russian stems of one word differ in their last letters (реализу-,
      // реализац-, реализова-): same first letters, within two of either's end.
      const stemLength = Math.max(5, term.length - 2);
      const out: string[] = [];
      for (const [other] of terms.atPrefix(term.slice(0, stemLength))) {
        if (other === term) continue;
        const shared = commonPrefix(term, other);
        if (shared >= Math.max(5, Math.min(term.length, other.length) - 2)) out.push(other);
      }
      return out;
    },
    completions: (prefix) =>
      [...terms.atPrefix(prefix)].sort((a, b) => b[1] - a[1]).map(([key]) => key),
  };

  return {
    units,
    vocabulary,
    documentFrequency: (term) => frequency.get(term) ?? 0,
    credit: (unitId, term) => credits[unitId]?.get(term) ?? 0,
    postings: (term) => postings.get(term) ?? NO_POSTINGS,

    questionTerms: (unitId) => storedQuestions[unitId] ?? [],
    questionVocabulary(unitId) {
      let vocabulary = questionVocabularies[unitId];
      if (vocabulary === undefined) {
        vocabulary = new Set((storedQuestions[unitId] ?? []).flatMap((terms) => [...terms]));
        questionVocabularies[unitId] = vocabulary;
      }
      return vocabulary;
    },
    nameTerms: (unitId) => names[unitId] ?? [],
    search(queryTerms) {
      if (queryTerms.length === 0) return [];
      return miniSearch
        .search({ queries: [...new Set(queryTerms)], combineWith: "OR" })
        .map((hit) => ({ id: Number(hit.id), score: hit.score }));
    },
  };
}

function termSet(text: string): ReadonlySet<string> {
  const set = new Set<string>();
  forEachTerm(text, (term) => set.add(term));
  return set;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
