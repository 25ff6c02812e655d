/**
 * Details: the particulars a question states about what it asks — a figure
 * ("60 percent", "16 тысяч"), a month ("in December"), a measure ("in tons"),
 * whether the thing is done already or still to come. Shared words cannot
 * vouch for them: "why will INO Tomsk create only 16 thousand jobs" shares
 * every word but one with the passage that says 160 thousand, and that one
 * word is the question's premise. A unit answers only when it states each
 * detail the question gives; otherwise the question rests on something the
 * texts do not say, and the bot hedges instead of quoting a near miss.
 */

/** What a question states beyond the words it shares with the texts. */
export interface QuestionDetails {
  /** Figures, as digits ("шесть" → "6"), with the word as typed. */
  readonly numbers: readonly { readonly value: string; readonly word: string }[];
  /** Months, 1–12, with the word as typed. */
  readonly months: readonly { readonly value: number; readonly word: string }[];
  /** Measures ("tons", "гектаров"): the unit must speak in the same measure. */
  readonly measures: readonly { readonly measure: Measure; readonly word: string }[];
  /**
   * "Already", "уже": asks about what has been done; "next time", "снова":
   * about what is still to come.
   */
  readonly tense?: "done" | "next";
  /** Positions of the words that say the tense: they are no words to look for. */
  readonly tenseWords: readonly number[];
}

/** What a unit states of the same particulars. */
export interface UnitDetails {
  readonly numbers: ReadonlySet<string>;
  readonly months: ReadonlySet<number>;
  readonly measures: ReadonlySet<Measure>;
  /** Speaks only of what is to come ("will be created before 2020"). */
  readonly futureOnly: boolean;
  /** Speaks of anything to come at all. */
  readonly future: boolean;
}

// biome-ignore format: a table reads best packed
const MEASURES = {
  tons: [/^(?:tons?|tonnes?|тонн\p{L}*|тонна|тонну|тонны)$/u, /\bton(?:ne)?s?\b|тонн/iu],
  barrels: [/^(?:barrels?|баррел\p{L}*)$/u, /\bbarrels?\b|баррел/iu],
  kilometres: [/^(?:km|kilomet(?:er|re)s?|километр\p{L}*|км)$/u, /\bkm\b|kilomet|километр|\bкм\b/iu],
  hectares: [/^(?:hectares?|ha|гектар\p{L}*|га)$/u, /\bhectares?\b|\bha\b|гектар/iu],
  squareMetres: [/^(?:sq|square|квадратн\p{L}*|кв)$/u, /\bsq\.?\s|\bsquare\s+met|квадратн|\bкв\.?\s?м/iu],
  degrees: [/^(?:degrees?|градус\p{L}*)$/u, /\bdegrees?\b|градус/iu],
  megawatts: [/^(?:mw|megawatts?|мвт|мегаватт\p{L}*)$/u, /\bmw\b|megawatt|мвт|мегаватт/iu],
} as const satisfies Record<string, readonly [RegExp, RegExp]>;

export type Measure = keyof typeof MEASURES;
const MEASURE_LIST = Object.entries(MEASURES) as [Measure, readonly [RegExp, RegExp]][];

// biome-ignore format: number words read best packed
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70,
  eighty: 80, ninety: 90,
  два: 2, две: 2, двух: 2, двум: 2, двумя: 2, три: 3, трех: 3, трем: 3, тремя: 3, четыре: 4,
  четырех: 4, пять: 5, пяти: 5, пятью: 5, шесть: 6, шести: 6, шестью: 6, семь: 7, семи: 7,
  восемь: 8, восьми: 8, девять: 9, девяти: 9, десять: 10, десяти: 10, одиннадцать: 11,
  двенадцать: 12, пятнадцать: 15, двадцать: 20, двадцати: 20, тридцать: 30, тридцати: 30,
  сорок: 40, сорока: 40, пятьдесят: 50, пятидесяти: 50, шестьдесят: 60, шестидесяти: 60,
};

// biome-ignore format: twelve months on two lines
const MONTH_PATTERNS: readonly RegExp[] = [
  /^(?:january|jan|январ\p{L}*)$/u, /^(?:february|feb|феврал\p{L}*)$/u, /^(?:march|март\p{L}?)$/u,
  /^(?:april|apr|апрел\p{L}*)$/u, /^(?:ма[йяе])$/u, /^(?:june|jun|июн\p{L}*)$/u,
  /^(?:july|jul|июл\p{L}*)$/u, /^(?:august|aug|август\p{L}*)$/u, /^(?:september|sept?|сентябр\p{L}*)$/u,
  /^(?:october|oct|октябр\p{L}*)$/u, /^(?:november|nov|ноябр\p{L}*)$/u, /^(?:december|dec|декабр\p{L}*)$/u,
];
const ENGLISH_MONTHS =
  /\b(january|february|march|april|may(?=\s+\d)|(?<=\d\s+(?:of\s+)?)may|june|july|august|september|october|november|december)\b/giu;

const DONE_PHRASES = [["already"], ["уже"], ["so", "far"], ["to", "date"], ["до", "сих", "пор"]];
const NEXT_WORDS = /^(?:next|upcoming|следующ\p{L}*|предстоящ\p{L}*|ближайш\p{L}*)$/u;
const NEXT_PHRASES = [
  ["in", "the", "next", "time"],
  ["next", "time"],
  ["в", "следующий", "раз"],
  ["следующий", "раз"],
  ["again"],
  ["снова"],
  ["опять"],
  ["еще", "раз"],
];

/** The digits of a number word ("six", "шести" → "6"), or undefined. */
export function spelledNumber(folded: string): string | undefined {
  const value = NUMBER_WORDS[folded];
  return value === undefined ? undefined : String(value);
}

/**
 * The details a question states, from its folded words. "One" is no detail:
 * "one of the regions" gives no figure.
 */
export function readQuestionDetails(folded: readonly string[]): QuestionDetails {
  const numbers: { value: string; word: string }[] = [];
  const months: { value: number; word: string }[] = [];
  const measures: { measure: Measure; word: string }[] = [];
  folded.forEach((word, i) => {
    if (/^\d+$/u.test(word)) numbers.push({ value: String(Number(word)), word });
    const spelled = NUMBER_WORDS[word];
    if (spelled !== undefined) numbers.push({ value: String(spelled), word });
    // "May" is a month only beside a figure or after "in": "may I ask" is not.
    const mayAsMonth =
      word !== "may" || /^\d+$/u.test(folded[i + 1] ?? "") || folded[i - 1] === "in";
    const monthIndex =
      word === "may" ? (mayAsMonth ? 4 : -1) : MONTH_PATTERNS.findIndex((p) => p.test(word));
    if (monthIndex !== -1) months.push({ value: monthIndex + 1, word });
    for (const [measure, [asked]] of MEASURE_LIST) {
      if (asked.test(word)) measures.push({ measure, word });
    }
  });
  const tenseWords: number[] = [];
  const find = (phrases: readonly (readonly string[])[]) => {
    for (const phrase of phrases) {
      for (let i = 0; i + phrase.length <= folded.length; i++) {
        if (phrase.every((p, j) => folded[i + j] === p)) {
          tenseWords.push(...phrase.map((_, j) => i + j));
          return true;
        }
      }
    }
    return false;
  };
  // "Next session", "следующая встреча": asks about what is still to come, as
  // "next time" does, though "session" is still a word to look for.
  const next = find(NEXT_PHRASES) || folded.some((w) => NEXT_WORDS.test(w));
  const done = !next && find(DONE_PHRASES);
  return {
    numbers,
    months,
    measures,
    ...(next ? { tense: "next" as const } : done ? { tense: "done" as const } : {}),
    tenseWords,
  };
}

const LIST_NUMBER = /(?:^|(?<=[.!?»”"]\s+))\d{1,2}\.\s/gu;
const FUTURE =
  /\b(?:will|shall|going to|plans?\s+to|planned|intends?|expected to|next|upcoming)\b/iu;
const PAST = /\b(?:was|were|has|have|had|did|already|ago)\b/iu;

/**
 * The details a unit states: in its own text, its translation and the
 * sentences it leans on (`background`) — figures and months there count, as
 * "160 thousands" counts whether the question quotes it in English or Russian.
 * The tense is read from the English text alone.
 */
export function readUnitDetails(
  text: string,
  translation: string,
  background: string,
): UnitDetails {
  // A list's numbering ("9. 160 thousands…") is no figure the text states.
  const all = `${text} ${translation} ${background}`.replace(LIST_NUMBER, " ");
  const numbers = new Set<string>();
  for (const m of all.matchAll(/\d+/gu)) numbers.add(String(Number(m[0])));
  for (const m of all.toLowerCase().matchAll(/[\p{L}]+/gu)) {
    const spelled = NUMBER_WORDS[m[0]];
    if (spelled !== undefined) numbers.add(String(spelled));
  }
  const months = new Set<number>();
  for (const m of `${text} ${background}`.matchAll(ENGLISH_MONTHS)) {
    const name = (m[1] as string).toLowerCase();
    months.add(MONTH_PATTERNS.findIndex((p) => p.test(name === "may" ? "мая" : name)) + 1);
  }
  const measures = new Set<Measure>();
  for (const [measure, [, stated]] of MEASURE_LIST) {
    if (stated.test(all)) measures.add(measure);
  }
  const future = FUTURE.test(text);
  return { numbers, months, measures, future, futureOnly: future && !PAST.test(text) };
}

/** What a whole document states of months and years, for the passages that state none. */
export interface DocumentDetails {
  readonly months: ReadonlySet<number>;
  /** Four-digit figures: years, and names such as "Tomsk Region 2035". */
  readonly years: ReadonlySet<string>;
}

/**
 * The question's details the unit does not state, as the question wrote them
 * (empty: it states them all). A passage that states no month of its own is
 * dated by its document ("what did he say in Tokyo in June"), and a year or a
 * name's year stated anywhere in its document holds for all of it ("who took
 * part in the 2035 session").
 */
export function missingDetails(
  question: QuestionDetails,
  unit: UnitDetails,
  document: DocumentDetails,
): string[] {
  const missing: string[] = [];
  for (const n of question.numbers) {
    if (!unit.numbers.has(n.value) && !document.years.has(n.value)) missing.push(n.word);
  }
  for (const m of question.months) {
    const months = unit.months.size > 0 ? unit.months : document.months;
    if (!months.has(m.value)) missing.push(m.word);
  }
  for (const m of question.measures) if (!unit.measures.has(m.measure)) missing.push(m.word);
  if (question.tense === "done" && unit.futureOnly) missing.push("already");
  if (question.tense === "next" && !unit.future) missing.push("next time");
  return missing;
}
