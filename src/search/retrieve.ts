/**
 * Retrieve: the second step. Finds the units that share words with the
 * question and measures, for each, what `decide` needs to know:
 *
 * - coverage: the share of the question's concepts the unit holds, each
 *   weighted by its rarity (idf) — in its text, its translation, the questions
 *   it is known to answer, less in its context and title;
 * - closeness to one stored question: people who ask alike want the same
 *   answer, so a question close to one stored for a unit points at that unit;
 * - whether it states what the question word asks for (a figure for "how
 *   many", a date for "when", a name for "who") next to what it asks about.
 */
import type { Analysis, Attribute, Concept } from "./analyse.js";
import { isNumberTerm } from "./dates.js";
import { statesDate, statesQuantity } from "./dates.js";
import { forEachTerm } from "./text.js";
import type { UnitIndex } from "./unit-index.js";
import type { Unit } from "./units.js";

/** One unit with what was measured of it against one question. */
export interface Candidate {
  readonly unit: Unit;
  /** Share of the question's weight the unit covers, 0–1. */
  readonly coverage: number;
  /** How close the question is to the nearest of the unit's stored questions, 0–1. */
  readonly closeness: number;
  /**
   * Coverage, raised toward 1 by closeness to a stored question: what decides
   * between answering, hedging and declining.
   */
  readonly confidence: number;
  /** The ranking score: coverage, adjusted by closeness, BM25 and fit. */
  readonly score: number;
  /** Whether it states the kind of thing the question word asks for. */
  readonly fitsType: boolean;
  /** Whether it speaks of what the question word points at (its focus concepts). */
  readonly fitsFocus: boolean;
  /** Whether it states each particular thing asked for (an address, a founder…). */
  readonly fitsAsks: boolean;
  /**
   * "How much did Gazprom spend": the figure is a total over a list the name is
   * one item of, so it does not answer for that one.
   */
  readonly partOfTotal: boolean;
  /** For a card: the share of the question's weight its names hold (1 for a bare name). */
  readonly nameCoverage: number;
  /** For a card: how many words its closest name has beyond those asked (0: the exact name). */
  readonly nameExtra: number;
  /** Names the question gives that the unit does not hold. */
  readonly missingNames: readonly string[];
  /** Terms of the question found in the unit's own text, for highlighting. */
  readonly matched: ReadonlySet<string>;
}

/** Detectors of what a unit states, built once per knowledge version. */
export interface Detectors {
  /** A person or an organisation: a "who" can be answered by either. */
  readonly mentionsPerson: (text: string) => boolean;
  readonly mentionsPlace: (text: string) => boolean;
  /** A company, ministry, association or other body: what "which companies" asks for. */
  readonly mentionsOrganisation: (text: string) => boolean;
}

/** The ranking's tunables; see DEFAULT_WEIGHTS for what each does and why. */
export interface RankingWeights {
  /**
   * Weight of a concept the texts never mention, relative to the rarest known
   * one: strong evidence that the texts do not answer ("population"), though a
   * paraphrase lands here too.
   */
  readonly unknown: number;
  /** The same for an unknown word the question word does not point at ("supposed to bring"). */
  readonly unknownAside: number;
  /** Names are what a question is about: a unit without them rarely answers it. */
  readonly nameFactor: number;
  /** How much closeness to a stored question adds to coverage, in the score and the confidence. */
  readonly closeness: number;
  /** How much BM25 (term repetition, unit length) adds to the score. */
  readonly bm25: number;
  /** Score factor for a unit that does not state what the question asks for. */
  readonly typeMiss: number;
  /** Cards answer "who is / what is" and bare names; for other questions a passage is better. */
  readonly card: number;
}

/**
 * Calibrated with `npm run eval` on the dev set, the earlier held-out set and
 * a tuning set written apart from the engine (eval/); the README gives the figures.
 */
export const DEFAULT_WEIGHTS: RankingWeights = {
  unknown: 0.9,
  unknownAside: 0.5,
  nameFactor: 2,
  closeness: 0.5,
  bm25: 0.1,
  typeMiss: 0.8,
  card: 0.85,
};
/** Share of units beyond which a word is too common to single anything out (Tomsk). */
export const COMMON_SHARE = 0.2;
/** How far, in words, a figure may stand from what it counts ("6 Tomsk universities"). */
const COUNT_WINDOW = 5;

/** BM25's idf: positive, highest for the rarest terms. */
export function idf(frequency: number, count: number): number {
  return Math.log(1 + (count - frequency + 0.5) / (frequency + 0.5));
}

/** A concept's weight: its rarity among units, doubled for names; high for unknown words. */
export function conceptWeight(
  concept: Concept,
  index: UnitIndex,
  weights: RankingWeights = DEFAULT_WEIGHTS,
  focused = true,
): number {
  const count = index.units.length;
  const rarest = idf(1, count);
  if (concept.alternatives.length === 0) {
    return rarest * (focused ? weights.unknown : weights.unknownAside);
  }
  // The commonest way of saying it sets the weight: alternatives overlap
  // (INO, INO Tomsk), so adding their counts would overstate it.
  let frequency = 0;
  for (const alt of concept.alternatives) {
    frequency = Math.max(frequency, Math.min(...alt.terms.map((t) => index.documentFrequency(t))));
  }
  const rarity = idf(frequency, count);
  const common = frequency > count * COMMON_SHARE;
  return concept.name && !common ? rarity * weights.nameFactor : rarity;
}

/** How well a unit holds one concept: its best alternative, by that alternative's weakest term. */
function conceptMatch(concept: Concept, unitId: number, index: UnitIndex): number {
  let best = 0;
  for (const alt of concept.alternatives) {
    let weakest = 1;
    for (const term of alt.terms) weakest = Math.min(weakest, index.credit(unitId, term));
    best = Math.max(best, alt.weight * weakest);
  }
  return best;
}

/** Ranks the units that share words with the question, best first. */
export function retrieve(
  analysis: Analysis,
  index: UnitIndex,
  detectors: Detectors,
  tunables: RankingWeights = DEFAULT_WEIGHTS,
): Candidate[] {
  const { concepts } = analysis;
  if (concepts.length === 0) return [];
  const weights = questionWeights(analysis, index, tunables);
  const total = weights.reduce((a, b) => a + b, 0);
  const queryTerms = concepts.flatMap((c) => c.alternatives.flatMap((a) => a.terms));
  const hits = index.search(queryTerms);
  if (hits.length === 0) return [];
  const topBm25 = hits[0]?.score ?? 1;
  // One of the concepts the question word points at must be there ("how many
  // new JOBS", "где проходила ВСТРЕЧА"); words the texts never use do not
  // count, unless the first is what "how many" counts, "who" asks after or
  // "which" names ("how many AGREEMENTS", "who is the MAYOR", "which CITIES"):
  // then nothing can answer.
  const known = (i: number) => (concepts[i]?.alternatives.length ?? 0) > 0;
  const focus = new Set(analysis.focus.filter(known));
  const decisive =
    (analysis.answerType === "quantity" && analysis.counting) ||
    analysis.answerType === "person" ||
    analysis.answerType === "organisation" ||
    (analysis.answerType === "any" && analysis.hasCue && !analysis.definition);
  const focusUnknown = decisive && analysis.focus.some((i) => !known(i));

  const candidates = hits.map(({ id, score: bm25 }): Candidate => {
    const unit = index.units[id] as Unit;
    let covered = 0;
    let focusFound = focus.size === 0;
    const missingNames: string[] = [];
    concepts.forEach((concept, i) => {
      const match = conceptMatch(concept, id, index);
      covered += (weights[i] as number) * match;
      if (focus.has(i) && match >= 0.7) focusFound = true;
      if (concept.name && match === 0) missingNames.push(concept.label);
    });
    const fitsFocus = focusFound && !focusUnknown;
    const coverage = total > 0 ? covered / total : 0;
    const closeness = closenessTo(concepts, weights, index.questionTerms(id));
    const fitsType = statesAnswerType(analysis, unit, detectors, index);
    const fitsAsks = analysis.asks.every((a) => statesAttribute(a, analysis, unit));
    const partOfTotal =
      (analysis.answerType === "quantity" || analysis.asksPart) && namesListItem(concepts, unit, index);
    const matched = matchedTerms(concepts, unit);
    const byName = unit.kind === "card" ? nameMatch(concepts, weights, index.nameTerms(id)) : undefined;
    const confidence = coverage + tunables.closeness * closeness * (1 - coverage);
    let score = confidence + tunables.bm25 * (bm25 / topBm25);
    if (!fitsType || !fitsAsks) score *= tunables.typeMiss;
    // A document's card is about where a text comes from, never "who is".
    const metadata = unit.card?.kind === "document";
    if (unit.kind === "card" && (!analysis.definition || metadata)) score *= tunables.card;
    return {
      unit,
      coverage,
      closeness,
      confidence,
      score,
      fitsType,
      fitsFocus,
      fitsAsks,
      partOfTotal,
      nameCoverage: byName?.coverage ?? 0,
      nameExtra: byName?.extra ?? 0,
      missingNames,
      matched,
    };
  });
  return candidates.sort((a, b) => b.score - a.score || a.unit.id - b.unit.id);
}

/** Each concept's weight in this question: unknown words aside from the focus weigh less. */
export function questionWeights(
  analysis: Analysis,
  index: UnitIndex,
  tunables: RankingWeights = DEFAULT_WEIGHTS,
): number[] {
  const focus = new Set(analysis.focus);
  const aside = (i: number) => analysis.focus.length > 0 && !focus.has(i);
  return analysis.concepts.map((c, i) => conceptWeight(c, index, tunables, !aside(i)));
}

/** How much of the question one of a card's names holds, and how many words that name adds. */
function nameMatch(
  concepts: readonly Concept[],
  weights: readonly number[],
  names: readonly ReadonlySet<string>[],
): { coverage: number; extra: number } {
  const total = weights.reduce((a, b) => a + b, 0);
  let best = { coverage: 0, extra: Number.POSITIVE_INFINITY };
  for (const name of names) {
    let covered = 0;
    const used = new Set<string>();
    concepts.forEach((concept, i) => {
      const alt = concept.alternatives.find((a) => a.terms.every((t) => name.has(t)));
      if (!alt) return;
      covered += weights[i] as number;
      for (const t of alt.terms) used.add(t);
    });
    const coverage = total > 0 ? covered / total : 0;
    const extra = name.size - used.size;
    if (coverage > best.coverage || (coverage === best.coverage && extra < best.extra)) {
      best = { coverage, extra };
    }
  }
  return best;
}

/**
 * How close the question is to the nearest stored question: the weighted
 * share of the question's concepts it holds (recall) balanced against the share
 * of its own words the question uses (precision), as F1.
 */
function closenessTo(
  concepts: readonly Concept[],
  weights: readonly number[],
  stored: readonly ReadonlySet<string>[],
): number {
  if (stored.length === 0) return 0;
  const total = weights.reduce((a, b) => a + b, 0);
  let best = 0;
  for (const terms of stored) {
    if (terms.size === 0) continue;
    let recall = 0;
    const used = new Set<string>();
    concepts.forEach((concept, i) => {
      for (const alt of concept.alternatives) {
        if (alt.terms.every((t) => terms.has(t))) {
          recall += (weights[i] as number) * alt.weight;
          for (const t of alt.terms) used.add(t);
          break;
        }
      }
    });
    if (recall === 0) continue;
    const r = recall / total;
    const p = used.size / terms.size;
    best = Math.max(best, (2 * p * r) / (p + r));
  }
  return best;
}

/** Does the unit state what the question word asks for? */
function statesAnswerType(
  analysis: Analysis,
  unit: Unit,
  detectors: Detectors,
  index: UnitIndex,
): boolean {
  const text = unit.fields.text;
  switch (analysis.answerType) {
    case "quantity":
      if (!statesQuantity(text)) return false;
      return !analysis.counting || countsFocus(analysis, unit, index);
    case "date":
      return statesDate(text);
    case "person":
      return detectors.mentionsPerson(`${unit.fields.context} ${text}`);
    case "organisation":
      return detectors.mentionsOrganisation(text);
    case "place":
      return detectors.mentionsPlace(text);
    default:
      return true;
  }
}

/**
 * "How many universities": a figure stands within a few words of what it
 * counts, in the English text or in its translation; otherwise the unit
 * gives some other figure.
 */
function countsFocus(analysis: Analysis, unit: Unit, index: UnitIndex): boolean {
  // What is counted may be any word of the question but the commonest
  // ("how many new JOBS", "сколько федеральных МИНИСТЕРСТВ задействовано").
  const common = index.units.length * COMMON_SHARE;
  const wanted = new Set(
    analysis.concepts.flatMap((c) =>
      c.alternatives.flatMap((a) => a.terms.filter((t) => index.documentFrequency(t) <= common)),
    ),
  );
  if (wanted.size === 0) return true;
  return [unit.fields.text, unit.fields.ru].some((text) => {
    const sequence: string[] = [];
    forEachTerm(text, (term) => sequence.push(term));
    const numbers = sequence.flatMap((t, i) => (isNumberTerm(t) ? [i] : []));
    return sequence.some(
      (t, i) => wanted.has(t) && numbers.some((n) => Math.abs(n - i) <= COUNT_WINDOW),
    );
  });
}

/** Terms of the question that occur in the unit's own English or Russian text. */
function matchedTerms(concepts: readonly Concept[], unit: Unit): Set<string> {
  const own = new Set<string>();
  forEachTerm(`${unit.fields.text} ${unit.fields.ru}`, (term) => own.add(term));
  const matched = new Set<string>();
  for (const concept of concepts) {
    for (const alt of concept.alternatives) for (const t of alt.terms) if (own.has(t)) matched.add(t);
  }
  return matched;
}

/** What in a unit's English text states each attribute. */
const ATTRIBUTE_STATED: Readonly<Record<Exclude<Attribute, "role">, RegExp>> = {
  address: /\b(?:street|avenue|road|st\.|ave\.)\s|\bул\.|улиц|проспект/iu,
  contact: /\+\d[\d\s()-]{6,}|@|https?:\/\/|\bwww\./iu,
  // Texts give beginnings as openings and launches ("opened in 2005"), never a founder.
  founder: /\b(?:found(?:ed|er|ers)|established|opened|launched|created in)\b/iu,
  population: /\b(?:population|inhabitants|residents)\b/iu,
  money: /\b(?:rub|rubles?|roubles?|dollars?|usd|euros?|bln|billion|million|mln)\b/iu,
};

/** Role words as the English texts write them, for the roles asked in either language. */
// biome-ignore format: a table reads best packed
const ROLE_WORDS: readonly (readonly [RegExp, string])[] = [
  [/^(?:mayor|мэр)/u, "mayor"], [/^(?:rector|ректор)/u, "rector"],
  [/^(?:ceo|гендиректор)/u, "general director|ceo"], [/^(?:director|директор)/u, "director"],
  [/^(?:chairm|председател)/u, "chairman|chairwoman"], [/^(?:president|президент)/u, "president"],
  [/^(?:head|глав|возглав)/u, "head|heads"], [/^(?:leader|leads|boss|руковод|управля)/u, "head|leader|director"],
  [/^(?:governor|губернатор)/u, "governor"], [/^(?:minister|министр)/u, "minister|deputy head"],
  [/^(?:ambassador|посол|посл)/u, "ambassador|Ambassador"],
];
/** A person's name: two capitalised words ("Andrey Shpilenko", "Seiji Kosugi"). */
const PERSON_NAME = "\\p{Lu}\\p{Ll}+\\s\\p{Lu}\\p{Ll}+";

function statesAttribute(attribute: Attribute, analysis: Analysis, unit: Unit): boolean {
  if (attribute === "money") return moneyOf(analysis, unit);
  if (attribute !== "role") return ATTRIBUTE_STATED[attribute].test(unit.fields.text);
  // "Who is the rector": a name must stand next to the role asked for. A role
  // elsewhere ("what did the governor propose") only says who spoke.
  if (analysis.answerType !== "person") return true;
  const first = analysis.focus[0];
  const words = first === undefined ? [] : (analysis.concepts[first]?.label.split(" ") ?? []);
  const roles = ROLE_WORDS.filter(([cue]) => words.some((w) => cue.test(w))).map(([, en]) => en);
  if (roles.length === 0) return true;
  // No "i" flag: under it \p{Lu} would match lower case too. Role words may open a title.
  const anyCase = roles
    .flatMap((r) => r.split("|"))
    .map((w) => `[${w[0]}${w[0]?.toUpperCase()}]${w.slice(1)}`);
  const role = `(?:${anyCase.join("|")})s?`;
  const near = new RegExp(
    `\\b${role}\\b[^.;]{0,60}?${PERSON_NAME}|${PERSON_NAME}[,\\s]+(?:[^.;]{0,30}\\s)?${role}\\b`,
    "u",
  );
  return near.test(unit.fields.text);
}

/**
 * "What is the budget of U-NOVUS": a sum of money in the same sentence as
 * the names the question gives, not a sum anywhere in a long passage.
 */
function moneyOf(analysis: Analysis, unit: Unit): boolean {
  const names = analysis.concepts.filter((c) => c.name && c.alternatives.length > 0);
  return unit.sentences.some((sentence) => {
    if (!ATTRIBUTE_STATED.money.test(sentence.text)) return false;
    if (names.length === 0) return true;
    const terms = new Set<string>();
    forEachTerm(`${sentence.text} ${sentence.ru ?? ""}`, (t) => terms.add(t));
    return names.some((c) => c.alternatives.some((a) => a.terms.every((t) => terms.has(t))));
  });
}

/** A capitalised name of one or more words: "Gazprom Neft", "SIBUR". */
const NAME = "\\p{Lu}[\\p{L}\\p{N}-]*(?:\\s\\p{Lu}[\\p{L}\\p{N}-]*)*";
/**
 * Three or more names in a row: "Gazprom, Rosneft and Rosatom", "Gazprom,
 * Rosneft, SIBUR, and other giants". Two ("Andrey Antonov, Deputy Governor")
 * are as often a name and a title.
 */
const NAME_LIST = new RegExp(
  `${NAME}(?:,\\s+${NAME}){2,}(?:,?\\s+and\\s+(?:other\\s+)?[\\p{L}-]+)?|${NAME},\\s+${NAME},?\\s+and\\s+${NAME}`,
  "gu",
);

/** Whether a name the question gives is one item of a list in the unit or its context. */
function namesListItem(concepts: readonly Concept[], unit: Unit, index: UnitIndex): boolean {
  // Not the names of half the texts ("Russian", "Tomsk"): one item of a list is a rarer name.
  const common = index.units.length * COMMON_SHARE;
  const names = concepts.filter(
    (c) => c.name && c.alternatives.every((a) => a.terms.some((t) => index.documentFrequency(t) <= common)),
  );
  if (names.length === 0) return false;
  const text = `${unit.context?.text ?? ""} ${unit.fields.text}`;
  for (const list of text.matchAll(NAME_LIST)) {
    const inList = new Set<string>();
    forEachTerm(list[0], (term) => inList.add(term));
    const hit = names.some((c) => c.alternatives.some((a) => a.terms.every((t) => inList.has(t))));
    if (hit) return true;
  }
  return false;
}
