import type { Form, GlossaryIndex } from "./glossary.js";
import { ENGLISH_STOPWORDS, RUSSIAN_STOPWORDS } from "./stopwords.js";
import { cleanInput, isStopword, stem, tokenize } from "./text.js";
import { cyrillicToLatin, latinToCyrillic } from "./translit.js";
import type { Lang } from "./types.js";
import { isPlausibleTypo } from "./typo.js";

/**
 * Query analysis: turns a question into concepts to look for, each with the
 * index terms that would express it in an English passage, and reads what kind
 * of answer the question wants.
 */

/** What kind of answer the question asks for, read from its question words. */
export type AnswerType = "quantity" | "date" | "reason" | "person" | "place" | "any";

/** One way a concept can appear in a passage, and how much a match of it is worth. */
export interface Alternative {
  readonly form: Form;
  /** 1 for the word itself or its translation; less for synonyms, prefixes and typo corrections. */
  readonly weight: number;
}

/** Something the question asks about: one word, or a glossary phrase. */
export interface Concept {
  /** The question's own words for it, for logs and "did you mean". */
  readonly label: string;
  readonly alternatives: readonly Alternative[];
  /** A name (person, place, organisation, programme): what the question is about, not how it asks. */
  readonly name: boolean;
  /** Position of its first word in the question. */
  readonly at: number;
}

export interface QueryPlan {
  readonly concepts: readonly Concept[];
  readonly answerType: AnswerType;
  /**
   * Indices of the concepts the question word points at: the one or two right
   * after it ("how many NEW JOBS", "кто МЭР Томска"). The answer must speak of them.
   */
  readonly focus: readonly number[];
  /** "How many"/"сколько": the figure must count the focus, not just appear. */
  readonly counting: boolean;
  readonly lang: Lang;
}

/** The vocabulary of the passage index, as the analysis needs it. */
export interface Vocabulary {
  has(term: string): boolean;
  /** Index terms within `distance` edits, closest first. */
  near(term: string, distance: number): readonly string[];
  /** Index terms starting with `prefix`. */
  completions(prefix: string): readonly string[];
  /** A word of the texts with this index term, as written (lower case). */
  surfaceOf(term: string): string | undefined;
}

const SYNONYM_WEIGHT = 0.8;
const FUZZY_WEIGHT = 0.8;
const PREFIX_WEIGHT = 0.7;

/** Question words, by the answer they ask for; multi-word cues as space-separated sequences. */
// biome-ignore format: cue lists read best packed
const CUES: Readonly<Record<AnswerType, readonly string[]>> = {
  quantity: [
    "how many", "how much", "how big", "how large", "how long", "what percentage", "what percent",
    "what share", "what proportion", "what amount", "what number", "сколько", "какая доля",
    "какой процент", "какова доля", "каков объем", "какой объем", "какая сумма", "на сколько",
    "как долго", "какой срок",
  ],
  date: [
    "when", "what year", "which year", "what date", "what day", "когда", "каком году",
    "какого числа", "какие дни", "какие числа",
  ],
  reason: ["why", "what for", "зачем", "почему", "для чего", "с какой целью"],
  person: ["who", "whom", "кто", "кого", "кем"],
  place: ["where", "где", "куда", "откуда", "каком городе"],
  // Asking "what X" or "which X" names what the answer must be about, without a type.
  any: [
    "what", "which", "что", "чем", "какой", "какая", "какое", "какие", "каков", "какова", "каковы",
    "каким", "какими", "каких",
  ],
};
const ALL_STOPWORDS = [...ENGLISH_STOPWORDS, ...RUSSIAN_STOPWORDS];
/** Cues that ask to count something ("how many jobs"), unlike "how much", which asks for any figure. */
const COUNTING = new Set(["how many", "what number", "сколько", "на сколько"]);
/** Single-word cues a typo may hide ("wen" → when); the generic "what" kind is too short to guess. */
const SINGLE_WORD_CUES = new Map<string, AnswerType>();
for (const [type, cues] of Object.entries(CUES) as [AnswerType, string[]][]) {
  if (type === "any") continue;
  for (const cue of cues) if (!cue.includes(" ")) SINGLE_WORD_CUES.set(cue, type);
}

interface Word {
  /** Folded word as typed, or its Cyrillic reading when it is Russian typed in Latin letters. */
  readonly folded: string;
  readonly term: string | null;
  readonly lang: Lang | null;
  readonly acronym: boolean;
}

/**
 * Analyses a question. Pure given the glossary and vocabulary, and cheap: a few
 * map look-ups per word, edit-distance search only for words the index lacks.
 */
export function analyzeQuestion(
  question: string,
  glossary: GlossaryIndex,
  vocabulary: Vocabulary,
): QueryPlan {
  const words = readWords(question, glossary, vocabulary);
  const known = (w: Word) =>
    w.term === null ||
    vocabulary.has(w.term) ||
    glossary.match([w.term], 0, w.lang ?? "en").length > 0;
  const cue = readCues(
    words.map((w) => w.folded),
    words.map(known),
  );
  const latinRussian = words.filter((w) => w.lang === "ru").length;
  const english = words.filter((w) => w.lang === "en").length;
  const lang: Lang = latinRussian > english ? "ru" : "en";
  const endsMidWord = /[\p{L}\p{N}]$/u.test(question.trim()) && !/\s$/u.test(question);

  const concepts: Concept[] = [];
  // Words of a question phrase ("what year", "в каком году") ask, they are not
  // asked about; unknown words a typo away from a function word are filler.
  const content = words
    .map((w, at) => ({ ...w, at }))
    .filter(
      (w) => w.term !== null && !cue.consumed.has(w.at) && (known(w) || !nearStopword(w.folded)),
    );
  const termsByLang = content.map((w) => w.term as string);
  const foldedWords = content.map((w) => w.folded);
  for (let i = 0; i < content.length; ) {
    const word = content[i] as Word & { at: number };
    const isLast = i === content.length - 1;
    const wordLang: Lang = word.lang ?? "en";
    // A glossary phrase (рабочие места, take part, special economic zone) is one
    // concept: its words together name one thing.
    const phrase = glossary.match(termsByLang, i, wordLang, foldedWords);
    const length = Math.max(1, ...phrase.map((m) => m.length));
    const label = content
      .slice(i, i + length)
      .map((w) => w.folded)
      .join(" ");
    const alternatives: Alternative[] = [];
    let name = phrase.some((m) => glossary.isName(m.entry));
    const add = (form: Form, weight: number) => {
      if (form.length === 0) return;
      const key = form.join(" ");
      const existing = alternatives.findIndex((a) => a.form.join(" ") === key);
      if (existing === -1) alternatives.push({ form, weight });
      else if ((alternatives[existing] as Alternative).weight < weight) {
        alternatives[existing] = { form, weight };
      }
    };

    if (wordLang === "en") {
      // The word itself, then what the glossary says it also goes by.
      const term = word.term as string;
      const literal = content.slice(i, i + length).map((w) => w.term as string);
      if (literal.every((t) => vocabulary.has(t))) add(literal, 1);
      for (const m of phrase) {
        for (const form of glossary.englishForms(m.entry)) {
          add(form, form.join(" ") === literal.join(" ") ? 1 : SYNONYM_WEIGHT);
        }
      }
      if (alternatives.length === 0) {
        for (const near of nearTerms(term, vocabulary, word.folded)) add([near], FUZZY_WEIGHT);
      }
      // Typing in inline mode stops mid-word: "Skolk" should find Skolkovo. The
      // typed letters, not their stem, are the prefix ("missing" is whole).
      if (alternatives.length === 0 && isLast && endsMidWord && word.folded.length >= 3) {
        for (const completion of vocabulary.completions(word.folded).slice(0, 5)) {
          add([completion], PREFIX_WEIGHT);
        }
      }
    } else {
      for (const m of phrase) {
        for (const form of glossary.englishForms(m.entry)) add(form, m.quality);
      }
      // A name with no glossary entry: try it in Latin letters (Жвачкин → zhvachkin).
      if (alternatives.length === 0) {
        const latin = stem(cyrillicToLatin(word.folded));
        if (vocabulary.has(latin)) add([latin], 1);
        else for (const near of nearTerms(latin, vocabulary)) add([near], FUZZY_WEIGHT);
        name = alternatives.length > 0;
      }
    }
    concepts.push({
      label,
      alternatives: alternatives.filter((a) => a.form.every((t) => vocabulary.has(t))),
      name,
      at: word.at,
    });
    i += length;
  }
  const merged = mergeDuplicates(concepts);
  return {
    concepts: merged,
    answerType: cue.type,
    focus: focusOf(merged, cue),
    counting: cue.counting,
    lang,
  };
}

/** The concepts right after the question word, or right before it when it ends the question. */
function focusOf(concepts: readonly Concept[], cue: Cues): number[] {
  if (cue.consumed.size === 0) return [];
  const end = Math.max(...cue.consumed);
  const indexed = concepts.map((c, i) => ({ c, i }));
  const after = indexed.filter(({ c }) => c.at > end).slice(0, 2);
  // "а федеральных министерств … сколько задействовано": what is counted may come first.
  const before =
    after.length < 2 ? indexed.filter(({ c }) => c.at < end).slice(after.length - 2) : [];
  return [...after, ...before].map(({ i }) => i);
}

/** Reads the words of a question, deciding for each Latin word whether it is English or Russian. */
function readWords(question: string, glossary: GlossaryIndex, vocabulary: Vocabulary): Word[] {
  const words: Word[] = [];
  const tokens = tokenize(cleanInput(question).slice(0, 1000));
  // Unknown Latin words are read as Russian only when the question shows it is
  // Russian typed in Latin letters; otherwise "missing" would become "миссинг".
  const latinRussian = tokens.some(
    (t) =>
      t.script === "latin" && !t.acronym && looksLikeLatinRussian(t.folded, t.term, vocabulary),
  );
  for (const token of tokens) {
    if (token.script === "cyrillic") {
      words.push({ folded: token.folded, term: token.term, lang: "ru", acronym: token.acronym });
      continue;
    }
    if (token.script !== "latin" || token.term === null || token.acronym) {
      words.push({
        folded: token.folded,
        term: token.term,
        lang: token.script === "latin" ? "en" : null,
        acronym: token.acronym,
      });
      continue;
    }
    const englishKnown =
      !latinRussian ||
      vocabulary.has(token.term) ||
      glossary.match([token.term], 0, "en").length > 0 ||
      nearTerms(token.term, vocabulary, token.folded).length > 0;
    if (englishKnown) {
      words.push({ folded: token.folded, term: token.term, lang: "en", acronym: false });
      continue;
    }
    // Russian typed on a Latin keyboard: "skolko proektov realizuetsa".
    const cyrillic = latinToCyrillic(token.folded);
    const cue = cueWordNear(cyrillic);
    if (cue !== undefined || isStopword(cyrillic)) {
      words.push({ folded: cue ?? cyrillic, term: null, lang: "ru", acronym: false });
      continue;
    }
    const russianTerm = stem(cyrillic);
    if (glossary.hasRussian(russianTerm)) {
      words.push({ folded: cyrillic, term: russianTerm, lang: "ru", acronym: false });
      continue;
    }
    words.push({ folded: token.folded, term: token.term, lang: "en", acronym: false });
  }
  return words;
}

/**
 * Reads the answer type from the question words, and which words the question
 * phrase used up. Only words the texts do not know may be typos of a question
 * word ("wen" → when), so "way" stays "way" and does not become "why".
 */
export function readCues(
  folded: readonly string[],
  known: readonly boolean[] = folded.map(() => true),
): Cues {
  for (const [type, cues] of Object.entries(CUES) as [AnswerType, readonly string[]][]) {
    for (const cue of cues) {
      const parts = cue.split(" ");
      for (let i = 0; i + parts.length <= folded.length; i++) {
        if (parts.every((part, j) => folded[i + j] === part)) {
          return {
            type,
            consumed: new Set(parts.map((_, j) => i + j)),
            counting: COUNTING.has(cue),
          };
        }
      }
    }
  }
  for (let i = 0; i < folded.length; i++) {
    if (known[i]) continue;
    const near = cueWordNear(folded[i] as string);
    if (near !== undefined) {
      return {
        type: SINGLE_WORD_CUES.get(near) ?? "any",
        consumed: new Set([i]),
        counting: COUNTING.has(near),
      };
    }
  }
  return { type: "any", consumed: new Set(), counting: false };
}

export interface Cues {
  readonly type: AnswerType;
  /** Positions of the question words that form the cue. */
  readonly consumed: ReadonlySet<number>;
  readonly counting: boolean;
}

/** A word within a typo of a stop word ("называеца" → называется). */
function nearStopword(word: string): boolean {
  if (word.length < 5) return false;
  const distance = word.length >= 8 ? 2 : 1;
  for (const stop of ALL_STOPWORDS) {
    if (
      Math.abs(stop.length - word.length) <= distance &&
      stop.length >= 5 &&
      editDistance(stop, word, distance) <= distance
    ) {
      return true;
    }
  }
  return false;
}

/** Russian endings and function words as typed on a Latin keyboard. */
const LATIN_RUSSIAN_ENDING = /(?:ov|ev|iy|yy|aya|oye|ogo|ykh|ikh|akh|yakh|tsya|tsa)$/u;

/** A Latin word that is no English word the engine knows, but reads as a Russian one. */
function looksLikeLatinRussian(
  folded: string,
  term: string | null,
  vocabulary: Vocabulary,
): boolean {
  if (isStopword(folded) || (term !== null && vocabulary.has(term))) return false;
  const cyrillic = latinToCyrillic(folded);
  return (
    isStopword(cyrillic) || cueWordNear(cyrillic) !== undefined || LATIN_RUSSIAN_ENDING.test(folded)
  );
}

/** The single-word cue a word is, or is one typo away from (only for words of 3+ letters). */
function cueWordNear(word: string): string | undefined {
  if (SINGLE_WORD_CUES.has(word)) return word;
  // A word that is itself a function word is no typo ("что" is not "кто").
  if (word.length < 3 || isStopword(word)) return undefined;
  const near = (other: string) =>
    Math.abs(other.length - word.length) <= 1 && editDistance(other, word, 1) <= 1;
  const cue = [...SINGLE_WORD_CUES.keys()].find(near);
  // As close to another function word, it is no telling which ("што": что or кто?).
  const ambiguous =
    cue !== undefined &&
    ALL_STOPWORDS.some((w) => w.length >= 3 && w !== cue && !SINGLE_WORD_CUES.has(w) && near(w));
  return ambiguous ? undefined : cue;
}

/**
 * Typo corrections from the index vocabulary. Long words may differ by two
 * edits of any kind; shorter ones by one edit of a kind people really make,
 * since short words are one arbitrary edit from too many others.
 */
function nearTerms(term: string, vocabulary: Vocabulary, typed = term): readonly string[] {
  if (term.length < 4 || /^\d+$/u.test(term)) return [];
  // Length as typed: stemming shortens "conlcusion" to "conlcus", two edits from "conclus".
  if (Math.max(term.length, typed.length) >= 8) return vocabulary.near(term, 2).slice(0, 3);
  // Judge the typo on the words as written: stemming hides a swap ("tomks" → "tomk").
  return vocabulary
    .near(term, 1)
    .filter((candidate) => isPlausibleTypo(typed, vocabulary.surfaceOf(candidate) ?? candidate))
    .slice(0, 3);
}

/** The same concept asked twice ("Tomsk … Tomsk") counts once. */
function mergeDuplicates(concepts: readonly Concept[]): Concept[] {
  const seen = new Set<string>();
  return concepts.filter((concept) => {
    const key = concept.alternatives
      .map((a) => a.form.join(" "))
      .sort()
      .join("|");
    if (key === "") return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] as number;
}
