import SearchableMap from "minisearch/SearchableMap";
import type { GlossaryEntry } from "../knowledge/types.js";
import { fold, terms } from "./text.js";

/**
 * The glossary as a lookup structure: which concept a question's words name,
 * and which index terms, in either language, express that concept in the units.
 */

/** One way of writing a concept, as index terms (several for a phrase). */
export type Form = readonly string[];

export interface GlossaryMatch {
  readonly entry: number;
  /** How many question terms the match consumed (phrases consume several). */
  readonly length: number;
  /** 1 for an exact match, less for a prefix or fuzzy one. */
  readonly quality: number;
}

export interface GlossaryIndex {
  /** Every form of an entry, English and Russian, as index terms, for expanding a concept. */
  forms(entry: number): readonly Form[];
  /** True for names (people, places, organisations, programmes, clusters), false for ordinary terms. */
  isName(entry: number): boolean;
  /**
   * The longest glossary phrase starting at `terms[at]`, in the given
   * language's forms. Single Russian terms also match by prefix or one edit,
   * because Russian stems of one word vary (реализ-, реализова-, реализац-).
   */
  match(
    terms: readonly string[],
    at: number,
    lang: "en" | "ru",
    words?: readonly string[],
    options?: { readonly typos?: boolean },
  ): GlossaryMatch[];
  /** True when some Russian form, or a word of a Russian phrase, is spelled like this term or close to it. */
  hasRussian(term: string): boolean;
  readonly size: number;
}

interface Phrase {
  readonly entry: number;
  readonly terms: Form;
}

/** Builds the lookup structure; the work is done once at start. */
export function buildGlossaryIndex(entries: readonly GlossaryEntry[]): GlossaryIndex {
  const allForms: Form[][] = [];
  const phrases = { en: new Map<string, Phrase[]>(), ru: new Map<string, Phrase[]>() };
  const russianSingles = new SearchableMap<number[]>();
  const russianTerms = new Set<string>();
  /** Single-word forms as written (folded), to tell apart words that stem alike. */
  const writtenForms = new Map<string, Set<number>>();

  entries.forEach((entry, index) => {
    allForms.push(uniqueForms([...entry.en, ...entry.ru].map((form) => terms(form))));
    for (const lang of ["en", "ru"] as const) {
      for (const written of entry[lang]) {
        const word = fold(written);
        if (/^[\p{L}\p{N}]+$/u.test(word)) {
          writtenForms.set(word, (writtenForms.get(word) ?? new Set()).add(index));
        }
      }
      for (const form of uniqueForms(entry[lang].map((f) => terms(f)))) {
        const first = form[0] as string;
        if (lang === "ru") for (const term of form) russianTerms.add(term);
        const list = phrases[lang].get(first) ?? [];
        list.push({ entry: index, terms: form });
        phrases[lang].set(first, list);
        if (lang === "ru" && form.length === 1) {
          const owners = russianSingles.get(first) ?? [];
          if (!owners.includes(index)) owners.push(index);
          russianSingles.set(first, owners);
        }
      }
    }
  });
  for (const list of [...phrases.en.values(), ...phrases.ru.values()]) {
    list.sort((a, b) => b.terms.length - a.terms.length);
  }

  const fuzzyRussian = (term: string, typos: boolean): GlossaryMatch[] => {
    // Short stems are prefixes of too many words (посл- of последний and после).
    if (term.length < 5) return [];
    const found = new Map<number, number>();
    const consider = (entry: number, quality: number) =>
      found.set(entry, Math.max(found.get(entry) ?? 0, quality));
    // The question's stem is a prefix of a glossary stem: реализ → реализова.
    for (const [key, owners] of russianSingles.atPrefix(term)) {
      if (key.length - term.length <= 3) for (const e of owners) consider(e, 0.9);
    }
    // A glossary stem is a prefix of the question's stem: проект → проектн.
    // Not a four-letter one: посл- would take последующий, конц- концепция.
    for (let cut = term.length - 1; cut >= Math.max(5, term.length - 4); cut--) {
      for (const e of russianSingles.get(term.slice(0, cut)) ?? []) consider(e, 0.85);
    }
    // An edit away is a typo only when the word is no real word itself: вышла is not вошла.
    if (typos && term.length >= 5) {
      for (const [, [owners, distance]] of russianSingles.fuzzyGet(
        term,
        term.length >= 8 ? 2 : 1,
      )) {
        for (const e of owners) consider(e, distance === 1 ? 0.8 : 0.7);
      }
    }
    return [...found].map(([entry, quality]) => ({ entry, length: 1, quality }));
  };

  return {
    size: entries.length,
    forms: (entry) => allForms[entry] ?? [],
    isName: (entry) => (entries[entry]?.kind ?? "term") !== "term",
    match(queryTerms, at, lang, words, { typos = true } = {}) {
      const first = queryTerms[at];
      if (first === undefined) return [];
      const exact: GlossaryMatch[] = [];
      let longest = 0;
      for (const phrase of phrases[lang].get(first) ?? []) {
        if (phrase.terms.length < longest) break;
        if (phrase.terms.every((t, i) => queryTerms[at + i] === t)) {
          longest = phrase.terms.length;
          if (!exact.some((m) => m.entry === phrase.entry)) {
            exact.push({ entry: phrase.entry, length: phrase.terms.length, quality: 1 });
          }
        }
      }
      // Words that stem alike (после "after" and посла "of the ambassador"):
      // when the word as written is a form of some entries, it means those.
      const written =
        longest === 1 && words?.[at] !== undefined ? writtenForms.get(words[at]) : undefined;
      if (written && exact.length > 1) return exact.filter((m) => written.has(m.entry));
      if (exact.length > 0 || lang === "en") return exact;
      return fuzzyRussian(first, typos);
    },
    hasRussian(term) {
      return russianTerms.has(term) || fuzzyRussian(term, true).length > 0;
    },
  };
}

function uniqueForms(forms: readonly Form[]): Form[] {
  const seen = new Set<string>();
  const out: Form[] = [];
  for (const form of forms) {
    const key = form.join(" ");
    if (form.length > 0 && !seen.has(key)) {
      seen.add(key);
      out.push(form);
    }
  }
  return out;
}
