import type { SearchResult as MiniSearchHit } from "minisearch";
import { statesDate, statesQuantity, statesReason } from "./dates.js";
import { IN_PARAGRAPH, IN_TAGS, IN_TEXT, IN_TITLE, type PassageIndex } from "./passage-index.js";
import type { Passage } from "./passages.js";
import type { AnswerType, Concept, QueryPlan } from "./query.js";
import type { GlossaryEntry } from "./types.js";

/**
 * Ranking: how well a passage answers a question.
 *
 * MiniSearch retrieves candidate passages and scores them with BM25. BM25 alone
 * cannot tell "answers the question" from "shares a common word with it" (every
 * text says Tomsk), so each candidate is also scored by coverage: the share of
 * the question's concepts it contains, each concept weighted by its rarity
 * (idf). Then the passage must state what the question word asks for: a figure
 * for "how many", a name for "who", a date for "when".
 */

/**
 * Credit for a concept found only in the document's title or tags, not in the
 * passage itself: the document is about it, the passage may not be.
 */
const TITLE_CREDIT = 0.5;
const TAGS_CREDIT = 0;
/**
 * Credit for a concept found elsewhere in the passage's paragraph: "He noted…"
 * and "According to him…" speak of the person named two sentences earlier.
 */
const PARAGRAPH_CREDIT = 0.5;
/** A name in the document's title tells what every passage of it is about. */
const NAME_TITLE_CREDIT = 0.9;
/**
 * Weight of a concept the texts never mention, relative to the rarest known one.
 * Such words are strong evidence that the texts do not answer ("population"),
 * but paraphrases land here too, so they weigh a little less.
 */
const UNKNOWN_WEIGHT = 0.8;
/**
 * Names (Skolkovo, INO Tomsk, Kosugi) are what a question is about; a passage
 * without them rarely answers it, however many other words it shares. They
 * weigh double, unless common enough to be in a quarter of all passages (Tomsk).
 */
const NAME_FACTOR = 2;
/** Share of passages beyond which a word is too common to single anything out (Tomsk). */
export const COMMON_SHARE = 0.25;
/** How much BM25 (term repetition, passage length) may add on top of coverage. */
const BM25_SHARE = 0.15;
/** Bonus or penalty when a passage does or does not state what the question word asks for. */
const TYPE_FIT: Readonly<Record<AnswerType, readonly [number, number]>> = {
  quantity: [1.15, 0.7],
  date: [1.15, 0.9],
  reason: [1.1, 1],
  person: [1.15, 0.8],
  place: [1.1, 0.9],
  any: [1, 1],
};
/**
 * A passage that covers the question's words but not what its question word
 * points at ("what is the annual BUDGET of the zone") talks around the question.
 */
const FOCUS_MISS = 0.6;
/** Postings (passages per word, summed) that one question may ask MiniSearch to score. */
const RETRIEVAL_BUDGET = 2_000;
/** How much a pair's second matching sentence adds to its BM25. */
const PAIR_SECOND_SHARE = 0.5;
/** How many of MiniSearch's best hits are scored for coverage. */
const RETRIEVAL_DEPTH = 300;
/** Only the best candidates by coverage are checked for answer type, which needs the passage's words. */
const RERANK_DEPTH = 40;
/**
 * A counted figure stands at most this many words (stop words aside) before
 * the thing counted, lists of adjectives included ("Over 100 industrial,
 * research and educational, social and infrastructure projects")…
 */
const COUNT_BEFORE = 6;
/** …or this many after it ("universities: 6"). */
const COUNT_AFTER = 3;

export interface Candidate {
  readonly passage: Passage;
  /** Share of the question's weight the passage covers, 0–1. */
  readonly coverage: number;
  readonly score: number;
  /** Index terms of the question found in the passage's own text (for highlighting). */
  readonly matchedText: ReadonlySet<string>;
  /** Whether the passage states what the question word asks for. */
  readonly fitsType: boolean;
  /** Whether the passage speaks of what the question word points at ("how many JOBS"). */
  readonly fitsFocus: boolean;
}

/** Detectors of what a passage states, built once per knowledge base. */
export interface AnswerDetectors {
  readonly mentionsPerson: (text: string) => boolean;
  readonly mentionsPlace: (text: string) => boolean;
}

/** Two or more capitalised words inside a sentence: a name the glossary may not know yet ("Marco Rossi"). */
const CAPITALISED_NAME = /(?<=[\p{Ll}\p{N},;:–-]\s+)\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+/u;

/**
 * People and places are recognised by the glossary's names; organisations
 * count as a "who" (the Ministry organised it), and so does any capitalised
 * name inside a sentence, so a new document works before its glossary does.
 */
export function buildAnswerDetectors(glossary: readonly GlossaryEntry[]): AnswerDetectors {
  const namesOf = (...kinds: GlossaryEntry["kind"][]) => {
    const names = glossary
      .filter((entry) => kinds.includes(entry.kind))
      .flatMap((entry) => entry.en)
      .filter((name) => name.length > 2)
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp);
    if (names.length === 0) return () => false;
    const pattern = new RegExp(`(?<![\\p{L}])(?:${names.join("|")})(?![\\p{L}])`, "iu");
    return (text: string) => pattern.test(text);
  };
  const knownPerson = namesOf("person", "organisation");
  return {
    mentionsPerson: (text) => knownPerson(text) || CAPITALISED_NAME.test(text),
    mentionsPlace: namesOf("place"),
  };
}

/** BM25's idf: always positive, highest for the rarest terms. */
export function idf(frequency: number, count: number): number {
  return Math.log(1 + (count - frequency + 0.5) / (frequency + 0.5));
}

/** A concept's weight: its rarity among passages, doubled for names; fixed and high for unknown words. */
export function conceptWeight(concept: Concept, index: PassageIndex): number {
  const maxIdf = idf(1, index.passageCount);
  if (concept.alternatives.length === 0) return maxIdf * UNKNOWN_WEIGHT;
  // The commonest way of saying it sets the weight: alternatives mostly overlap
  // (INO, INO Tomsk, INO Tomsk project), so adding their counts would overstate it.
  let frequency = 0;
  for (const alt of concept.alternatives) {
    frequency = Math.max(frequency, Math.min(...alt.form.map((t) => index.documentFrequency(t))));
  }
  const rarity = idf(frequency, index.passageCount);
  const common = idf(index.passageCount * COMMON_SHARE, index.passageCount);
  return concept.name && rarity > common ? rarity * NAME_FACTOR : rarity;
}

/** Retrieves candidates with MiniSearch and orders them by coverage, BM25 and answer fit. */
export function rankCandidates(
  plan: QueryPlan,
  index: PassageIndex,
  passages: readonly Passage[],
  detectors: AnswerDetectors,
): Candidate[] {
  const concepts = compileConcepts(plan, index);
  const total = concepts.reduce((sum, c) => sum + c.weight, 0);
  const boosts = new Map<string, number>();
  for (const concept of concepts) {
    for (const alt of concept.alternatives) {
      for (const term of alt.terms) {
        const boost = alt.weight * concept.weight;
        boosts.set(term.text, Math.max(boosts.get(term.text) ?? 0, boost));
      }
    }
  }
  if (boosts.size === 0 || total === 0) return [];

  const hits = index.search.search(retrievalTerms([...boosts.keys()], index).join(" "), {
    boostTerm: (term) => boosts.get(term) ?? 1,
  });
  const topBm25 = hits[0]?.score ?? 1;
  const scored = windowsOf(hits.slice(0, RETRIEVAL_DEPTH), passages).map(({ passage, bm25 }) => {
    const coverage = weigh(passage, concepts, index) / total;
    return { passage, coverage, base: coverage * coverage * (1 + (BM25_SHARE * bm25) / topBm25) };
  });
  scored.sort((a, b) => b.base - a.base);

  const [fit, misfit] = TYPE_FIT[plan.answerType];
  // Only focus words the texts know can be looked for; unknown ones are left to coverage.
  const knownFocus = plan.focus.filter((i) => (concepts[i]?.alternatives.length ?? 0) > 0);
  const candidates = scored.slice(0, RERANK_DEPTH).map(({ passage, coverage, base }) => {
    const match = matchOf(passage, concepts, index);
    const fitsType = fitsAnswer(passage, plan, match, detectors, index);
    const fitsFocus = knownFocus.length === 0 || knownFocus.some((i) => match.inText[i] != null);
    return {
      passage,
      coverage,
      score: base * (fitsType ? fit : misfit) * (fitsFocus ? 1 : FOCUS_MISS),
      matchedText: match.matchedText,
      fitsType,
      fitsFocus,
    };
  });
  return candidates.sort(
    (a, b) => b.score - a.score || a.passage.text.length - b.passage.text.length,
  );
}

/**
 * The words retrieval asks MiniSearch for: the rarest, within a budget of
 * postings. A word in a large share of passages (Tomsk) would make MiniSearch
 * score most of the corpus, yet it can only add to passages that the rarer
 * words find anyway; it still counts in coverage, which looks it up directly.
 * On a small corpus every word fits the budget.
 */
function retrievalTerms(terms: readonly string[], index: PassageIndex): string[] {
  const byRarity = [...terms].sort(
    (a, b) => index.documentFrequency(a) - index.documentFrequency(b),
  );
  const chosen: string[] = [];
  let postings = 0;
  for (const term of byRarity) {
    const frequency = index.documentFrequency(term);
    const common = frequency > index.passageCount * COMMON_SHARE;
    if (chosen.length > 0 && (common || postings + frequency > RETRIEVAL_BUDGET)) break;
    chosen.push(term);
    postings += frequency;
  }
  return chosen;
}

/**
 * The passages to rank from sentence hits: each sentence, and the pairs it
 * forms with its neighbours in the paragraph (buildPassages places a sentence's
 * pairs right beside it). A pair scores its better sentence's BM25 plus half
 * the other's: a longer passage holding both, as BM25's length normalisation
 * would have it.
 */
function windowsOf(
  hits: readonly MiniSearchHit[],
  passages: readonly Passage[],
): { passage: Passage; bm25: number }[] {
  // Per passage: its best and second-best sentence score.
  const first = new Map<number, number>();
  const second = new Map<number, number>();
  for (const hit of hits) {
    const id = hit.id as number;
    const sentence = passages[id];
    if (!sentence) continue;
    // A sentence that matched only through its document's title adds nothing
    // to a pair: every sentence of the document would.
    const ownWords = Object.values(hit.match).some((fields) => fields.includes("text"));
    for (let candidate = id - 1; candidate <= id + 1; candidate++) {
      const passage = passages[candidate];
      const holds =
        passage !== undefined &&
        passage.sentenceId <= sentence.sentenceId &&
        sentence.sentenceId < passage.sentenceId + passage.span;
      if (!holds || (!ownWords && candidate !== id)) continue;
      const best = first.get(candidate) ?? 0;
      if (hit.score > best) {
        second.set(candidate, best);
        first.set(candidate, hit.score);
      } else {
        second.set(candidate, Math.max(second.get(candidate) ?? 0, hit.score));
      }
    }
  }
  return [...first].map(([id, best]) => ({
    passage: passages[id] as Passage,
    bm25: best + (second.get(id) ?? 0) * PAIR_SECOND_SHARE,
  }));
}

/** A concept as the ranking uses it: weighed once per question, its terms resolved to ids. */
interface CompiledConcept {
  readonly weight: number;
  readonly name: boolean;
  readonly alternatives: readonly {
    readonly weight: number;
    readonly terms: readonly {
      readonly text: string;
      readonly id: number;
      readonly rarity: number;
    }[];
  }[];
}

function compileConcepts(plan: QueryPlan, index: PassageIndex): CompiledConcept[] {
  return plan.concepts.map((concept) => ({
    weight: conceptWeight(concept, index),
    name: concept.name,
    alternatives: concept.alternatives.map((alt) => ({
      weight: alt.weight,
      terms: alt.form.map((text) => ({
        text,
        id: index.termId(text) ?? -1,
        // Within a phrase, rarer words count more: "INO" says more than "Tomsk".
        rarity: alt.form.length > 1 ? idf(index.documentFrequency(text), index.passageCount) : 1,
      })),
    })),
  }));
}

interface Match {
  /** Sum of the weights of the concepts the passage covers. */
  readonly evidence: number;
  readonly matchedText: Set<string>;
  /** Per concept: the terms of the best alternative found in the passage's own text, if it was found whole. */
  readonly inText: readonly (readonly string[] | null)[];
}

/** Which of the question's concepts a passage holds, and how fully. */
function matchOf(
  passage: Passage,
  concepts: readonly CompiledConcept[],
  index: PassageIndex,
): Match {
  const matchedText = new Set<string>();
  const inText: (readonly string[] | null)[] = [];
  const evidence = weigh(passage, concepts, index, { matchedText, inText });
  return { evidence, matchedText, inText };
}

/**
 * The evidence a passage holds for the question: the sum, over concepts, of
 * the concept's weight times how fully its best alternative is there. Runs for
 * every retrieved passage, so it allocates nothing unless asked for details.
 */
function weigh(
  passage: Passage,
  concepts: readonly CompiledConcept[],
  index: PassageIndex,
  details?: { matchedText: Set<string>; inText: (readonly string[] | null)[] },
): number {
  let evidence = 0;
  for (const concept of concepts) {
    const titleCredit = concept.name ? NAME_TITLE_CREDIT : TITLE_CREDIT;
    let best = 0;
    let whole: readonly string[] | null = null;
    for (const alt of concept.alternatives) {
      let credit = 0;
      let possible = 0;
      let allInText = true;
      for (const term of alt.terms) {
        possible += term.rarity;
        const where = index.locate(passage, term.id);
        if (where & IN_TEXT) {
          credit += term.rarity;
          details?.matchedText.add(term.text);
          continue;
        }
        allInText = false;
        const around = concept.name && where & IN_PARAGRAPH ? PARAGRAPH_CREDIT : 0;
        const onTop = where & IN_TITLE ? titleCredit : where & IN_TAGS ? TAGS_CREDIT : 0;
        credit += term.rarity * Math.max(around, onTop);
      }
      if (details && allInText && whole === null) whole = alt.terms.map((t) => t.text);
      const share = credit / possible;
      // A phrase counts fully only when all its words are there.
      const presence = alt.terms.length > 1 && share < 1 ? share * share : share;
      best = Math.max(best, presence * alt.weight);
    }
    details?.inText.push(whole);
    evidence += best * concept.weight;
  }
  return evidence;
}

/** Does the passage state what the question word asks for, about what it points at? */
function fitsAnswer(
  passage: Passage,
  plan: QueryPlan,
  match: Match,
  detectors: AnswerDetectors,
  index: PassageIndex,
): boolean {
  const text = passage.text;
  const sequence = () => index.sequence(passage);
  const focusTerms = plan.focus
    .map((i) => match.inText[i])
    .filter((f): f is readonly string[] => f !== null && f !== undefined);
  const focusFound = plan.focus.length === 0 || focusTerms.length > 0;
  const first = plan.focus[0];
  const firstFound = first === undefined || match.inText[first] != null;
  switch (plan.answerType) {
    case "quantity":
      return plan.counting && plan.focus.length > 0
        ? countsFocus(
            sequence(),
            new Set(focusTerms.flat().map((t) => index.termId(t) ?? -1)),
            index,
          )
        : statesQuantity(text);
    case "person":
      // "Who is the governor of Shandong": a passage on Shandong without a
      // governor names the wrong person; what follows "who" must be there.
      return firstFound && detectors.mentionsPerson(text);
    case "place":
      return focusFound && detectors.mentionsPlace(text);
    case "date":
      return focusFound && statesDate(text);
    case "reason":
      return statesReason(text);
    default:
      return true;
  }
}

/** A figure standing right by what the question counts: "6 Tomsk universities", "six times". */
function countsFocus(
  sequence: Int32Array,
  focus: ReadonlySet<number>,
  index: PassageIndex,
): boolean {
  if (focus.size === 0) return false;
  const numbers: number[] = [];
  sequence.forEach((id, at) => {
    if (index.isNumber(id)) numbers.push(at);
  });
  for (let at = 0; at < sequence.length; at++) {
    if (!focus.has(sequence[at] as number)) continue;
    if (numbers.some((n) => n !== at && n >= at - COUNT_BEFORE && n <= at + COUNT_AFTER))
      return true;
  }
  return false;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
}
