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
import { missingDetails } from "./details.js";
import type { FactBook, Role, UnitFacts } from "./facts.js";
import type { UnitIndex } from "./unit-index.js";
import type { Unit } from "./units.js";

export type { Detectors } from "./facts.js";

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
  /** Figures, months, measures or tense the question gives that the unit does not state. */
  readonly missingDetails: readonly string[];
  /** Terms of the question found in the unit's own text, for highlighting. */
  readonly matched: ReadonlySet<string>;
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
  /** How much closeness adds to the score beyond confidence, to order units that cover alike. */
  readonly tieCloseness: number;
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
  unknown: 1.3,
  unknownAside: 0.5,
  nameFactor: 2,
  closeness: 0.7,
  tieCloseness: 0.5,
  bm25: 0.1,
  typeMiss: 0.8,
  card: 0.85,
};
/** Share of units beyond which a word is too common to single anything out (Tomsk). */
export const COMMON_SHARE = 0.2;
/**
 * In more units than this (and than COMMON_SHARE of them), a term is too
 * frequent to bring units in on its own or to count in BM25's tie-break.
 */
const FREQUENT = 1_000;
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

/**
 * How well each unit holds one concept: its best alternative, by that
 * alternative's weakest term. Read from the postings of the concept's terms,
 * so the cost grows with the units that hold them, not with all units.
 */
function conceptMatches(concept: Concept, index: UnitIndex): Map<number, number> {
  const best = new Map<number, number>();
  for (const alt of concept.alternatives) {
    const [first, ...rest] = alt.terms;
    if (first === undefined) continue;
    for (const [unit, credit] of index.postings(first)) {
      let weakest = credit;
      for (const term of rest) weakest = Math.min(weakest, index.credit(unit, term));
      const value = alt.weight * weakest;
      if (value > (best.get(unit) ?? 0)) best.set(unit, value);
    }
  }
  return best;
}

/** How well one unit holds one concept, from its credits: conceptMatches for a single unit. */
function unitMatch(concept: Concept, id: number, index: UnitIndex): number {
  let best = 0;
  for (const alt of concept.alternatives) {
    let weakest = Number.POSITIVE_INFINITY;
    for (const term of alt.terms) weakest = Math.min(weakest, index.credit(id, term));
    if (alt.terms.length > 0) best = Math.max(best, alt.weight * weakest);
  }
  return best;
}

/**
 * How many candidates, by coverage, get the costlier checks (closeness to
 * stored questions, what they state): the rest cannot rank near the top.
 */
const DEPTH = 40;

/** Ranks the units that share words with the question, best first. */
export function retrieve(
  analysis: Analysis,
  index: UnitIndex,
  facts: FactBook,
  tunables: RankingWeights = DEFAULT_WEIGHTS,
): Candidate[] {
  const { concepts } = analysis;
  if (concepts.length === 0) return [];
  const weights = questionWeights(analysis, index, tunables);
  const total = weights.reduce((a, b) => a + b, 0);
  // The units holding any way of saying any concept, from the postings; BM25
  // (term repetition, unit length) from MiniSearch, on each concept's first
  // and best alternative only — enough to break ties, at a fraction of the cost.
  //
  // On a large corpus, words in thousands of units (a "frequent" concept) do
  // not bring units in by themselves when the question has a rarer word: a
  // unit holding only them cannot cover it. They are still counted, unit by
  // unit, for the units the rarer words bring in. (Below FREQUENT units, on a
  // corpus like ours, every concept brings its units in.)
  const common = Math.max(FREQUENT, index.units.length * COMMON_SHARE);
  const frequent = concepts.map((concept) =>
    concept.alternatives.every((a) => a.terms.every((t) => index.documentFrequency(t) > common)),
  );
  const seeding = frequent.some((f) => !f);
  const matches = concepts.map((concept, i) =>
    seeding && frequent[i] ? undefined : conceptMatches(concept, index),
  );
  const ids = new Set<number>();
  for (const match of matches) if (match) for (const id of match.keys()) ids.add(id);
  if (ids.size === 0) return [];
  const matchOf = (i: number, id: number): number => {
    const match = matches[i];
    if (match) return match.get(id) ?? 0;
    return unitMatch(concepts[i] as Concept, id, index);
  };
  const bm25 = new Map(
    index
      .search(
        concepts
          .flatMap((c) => c.alternatives[0]?.terms ?? [])
          .filter((t) => index.documentFrequency(t) <= common),
      )
      .map((h) => [h.id, h.score]),
  );
  const topBm25 = Math.max(1e-9, ...bm25.values());
  const hits = [...ids].map((id) => ({ id, bm25: bm25.get(id) ?? 0 }));
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
  const question = questionFacts(analysis, index);

  // First the cheap measure for every hit, then the rest for the best of them.
  const covered = hits.map(({ id, bm25 }) => {
    let sum = 0;
    let focusFound = focus.size === 0;
    const missingNames: string[] = [];
    concepts.forEach((concept, i) => {
      const match = matchOf(i, id);
      sum += (weights[i] as number) * match;
      if (focus.has(i) && match >= 0.7) focusFound = true;
      if (concept.name && match === 0) missingNames.push(concept.label);
    });
    const coverage = total > 0 ? sum / total : 0;
    return { id, bm25, coverage, fitsFocus: focusFound && !focusUnknown, missingNames };
  });
  // Stored questions count toward coverage (their words are the unit's), so
  // the units close to one are among the best covered.
  const rough = (c: (typeof covered)[number]) => c.coverage + 0.1 * (c.bm25 / topBm25);
  covered.sort((a, b) => rough(b) - rough(a));

  const candidates = covered
    .slice(0, DEPTH)
    .map(({ id, bm25, coverage, fitsFocus, missingNames }): Candidate => {
      const unit = index.units[id] as Unit;
      const fact = facts.of(unit);
      const near = closenessTo(
        concepts,
        weights,
        total,
        index.questionTerms(id),
        index.questionVocabulary(id),
      );
      const fitsType = statesAnswerType(analysis, fact, question);
      const fitsAsks = analysis.asks.every((a) => statesAttribute(a, fact, question));
      const partOfTotal =
        (analysis.answerType === "quantity" || analysis.asksPart) &&
        fact.lists.some((list) =>
          question.rareNames.some((terms) => terms.every((t) => list.has(t))),
        );
      const matched = new Set(question.terms.filter((t) => fact.own.has(t)));
      const details = missingDetails(analysis.details, fact.details, facts.document(unit.docIndex));
      const byName =
        unit.kind === "card" ? nameMatch(concepts, weights, index.nameTerms(id)) : undefined;
      const confidence = coverage + tunables.closeness * near * (1 - coverage);
      // Closeness also orders units that cover the question alike: among
      // siblings that all hold its words, the one asked that way comes first.
      let score = confidence + tunables.tieCloseness * near + tunables.bm25 * (bm25 / topBm25);
      if (!fitsType || !fitsAsks) score *= tunables.typeMiss;
      // A document's card answers where a text comes from, nothing else.
      const metadata = unit.card?.kind === "document";
      if (metadata && analysis.asksSource) score += tunables.tieCloseness;
      else if (unit.kind === "card" && (!analysis.definition || metadata)) score *= tunables.card;
      return {
        unit,
        coverage,
        closeness: near,
        confidence,
        score,
        fitsType,
        fitsFocus,
        fitsAsks,
        partOfTotal,
        nameCoverage: byName?.coverage ?? 0,
        nameExtra: byName?.extra ?? 0,
        missingNames,
        missingDetails: details,
        matched,
      };
    });
  return candidates.sort((a, b) => b.score - a.score || a.unit.id - b.unit.id);
}

/** What checking units against one question needs of it, read once per question. */
interface QuestionFacts {
  /** Every term the question may be matched by. */
  readonly terms: readonly string[];
  /** Terms that, near a figure, say what it counts: all but the commonest. */
  readonly counted: ReadonlySet<string>;
  /** The rarer names the question gives, each as the terms of its alternatives. */
  readonly rareNames: readonly (readonly string[])[];
  /** Names the question gives, for "the budget of U-NOVUS". */
  readonly names: readonly (readonly string[])[];
  /** The role the question word asks after ("who is the RECTOR"), if any. */
  readonly roles: readonly Role[];
}

function questionFacts(analysis: Analysis, index: UnitIndex): QuestionFacts {
  // Not the names of half the texts ("Russian", "Tomsk"): a part of a total,
  // or what a figure counts, is named by a rarer word.
  const common = index.units.length * COMMON_SHARE;
  const rare = (t: string) => index.documentFrequency(t) <= common;
  const first = analysis.focus[0];
  const focusWords =
    analysis.answerType === "person" && first !== undefined
      ? (analysis.concepts[first]?.label.split(" ") ?? [])
      : [];
  return {
    terms: [...new Set(analysis.concepts.flatMap((c) => c.alternatives.flatMap((a) => a.terms)))],
    counted: new Set(
      analysis.concepts.flatMap((c) => c.alternatives.flatMap((a) => a.terms.filter(rare))),
    ),
    rareNames: analysis.concepts
      .filter((c) => c.name && c.alternatives.every((a) => a.terms.some(rare)))
      .flatMap((c) => c.alternatives.map((a) => a.terms)),
    names: analysis.concepts
      .filter((c) => c.name)
      .flatMap((c) => c.alternatives.map((a) => a.terms)),
    roles: ROLE_CUES.filter(([cue]) => focusWords.some((w) => cue.test(w))).map(([, role]) => role),
  };
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
 * How close the question is to the nearest of a unit's stored questions: the
 * weighted share of the question's concepts it holds (recall) balanced against
 * the share of its own words the question uses (precision), as F1.
 */
function closenessTo(
  concepts: readonly Concept[],
  weights: readonly number[],
  total: number,
  stored: readonly ReadonlySet<string>[],
  vocabulary: ReadonlySet<string>,
): number {
  if (total === 0) return 0;
  // Only the ways of saying a concept that some stored question holds whole
  // are checked against each one: most concepts drop out here, once.
  const present: { weight: number; alternatives: Concept["alternatives"] }[] = [];
  concepts.forEach((concept, i) => {
    const alternatives = concept.alternatives.filter((a) =>
      a.terms.every((t) => vocabulary.has(t)),
    );
    if (alternatives.length > 0) present.push({ weight: weights[i] as number, alternatives });
  });
  if (present.length === 0) return 0;
  let best = 0;
  for (const terms of stored) {
    let recall = 0;
    let used = 0;
    for (const { weight, alternatives } of present) {
      // A concept counts once, by its first alternative the stored question holds.
      const alt = alternatives.find((a) => a.terms.every((t) => terms.has(t)));
      if (alt === undefined) continue;
      recall += weight * alt.weight;
      used += alt.terms.length;
    }
    if (recall === 0) continue;
    const r = recall / total;
    const p = Math.min(1, used / terms.size);
    best = Math.max(best, (2 * p * r) / (p + r));
  }
  return best;
}

/** Does the unit state what the question word asks for? */
function statesAnswerType(analysis: Analysis, fact: UnitFacts, question: QuestionFacts): boolean {
  switch (analysis.answerType) {
    case "quantity":
      return fact.quantity && (!analysis.counting || countsFocus(fact, question));
    case "date":
      return fact.date;
    case "person":
      return fact.person;
    case "organisation": {
      // "Which universities" is not answered by "Tomsk universities": a body
      // named by more than the question's own words.
      const asked = new Set(question.terms);
      const named = analysis.asksCompanies ? fact.companies : fact.organisations;
      return named.some((terms) => [...terms].some((t) => !asked.has(t)));
    }
    case "place":
      return fact.place;
    default:
      return true;
  }
}

/**
 * "How many universities": a figure stands within a few words of what it
 * counts — any word of the question but the commonest ("how many new JOBS",
 * "сколько федеральных МИНИСТЕРСТВ задействовано") — in the English text or
 * its translation; otherwise the unit gives some other figure.
 */
function countsFocus(fact: UnitFacts, question: QuestionFacts): boolean {
  if (question.counted.size === 0) return true;
  return fact.sequences.some((sequence) => {
    const numbers = sequence.flatMap((t, i) => (isNumberTerm(t) ? [i] : []));
    return sequence.some(
      (t, i) => question.counted.has(t) && numbers.some((n) => Math.abs(n - i) <= COUNT_WINDOW),
    );
  });
}

/** Role words of questions in either language, and the role each asks after. */
// biome-ignore format: a table reads best packed
const ROLE_CUES: readonly (readonly [RegExp, Role])[] = [
  [/^(?:mayor|мэр|мера?$)/u, "mayor"], [/^(?:rector|ректор)/u, "rector"], [/^(?:ceo|гендиректор)/u, "ceo"],
  [/^(?:director|директор)/u, "director"], [/^(?:chairm|председател)/u, "chairman"],
  [/^(?:president|президент)/u, "president"], [/^(?:head|глав|возглав)/u, "head"],
  [/^(?:leader|leads|boss|руковод|управля)/u, "leader"], [/^(?:governor|губернатор)/u, "governor"],
  [/^(?:minister|министр)/u, "minister"], [/^(?:ambassador|посол|посл)/u, "ambassador"],
];

function statesAttribute(attribute: Attribute, fact: UnitFacts, question: QuestionFacts): boolean {
  switch (attribute) {
    case "money":
      // "What is the budget of U-NOVUS": a sum in the same sentence as the names
      // the question gives, not a sum anywhere in a long passage.
      return fact.moneySentences.some(
        (sentence) =>
          question.names.length === 0 ||
          question.names.some((terms) => terms.every((t) => sentence.has(t))),
      );
    case "role":
      // "Who is the rector": a name must stand next to the role asked for. A role
      // elsewhere ("what did the governor propose") only says who spoke.
      return question.roles.length === 0 || question.roles.some((role) => fact.roles.has(role));
    default:
      return fact.states[attribute];
  }
}
