import { BoundedMap } from "../lib/bounded-map.js";
import { normalizeSpace } from "./corpus.js";
import { sortEventsByDate } from "./dates.js";
import { buildGlossaryIndex } from "./glossary.js";
import { highlightRanges } from "./highlight.js";
import { buildPassageIndex, type PassageIndex } from "./passage-index.js";
import { buildPassages, overlaps, type Passage } from "./passages.js";
import { analyzeQuestion, type QueryPlan } from "./query.js";
import {
  buildAnswerDetectors,
  type Candidate,
  COMMON_SHARE,
  conceptWeight,
  escapeRegExp,
  idf,
  rankCandidates,
} from "./ranking.js";
import { terms } from "./text.js";
import type {
  Answer,
  AskOptions,
  Knowledge,
  SearchEngine,
  SearchResult,
  Suggestion,
} from "./types.js";

/**
 * The search engine: built once at start, then answers synchronously.
 * Ranking lives in ranking.ts; this module decides whether to answer at all,
 * and shapes results for the front ends.
 */

/**
 * Minimum coverage (share of the question's weighted concepts found) to answer.
 * Calibrated with `npm run eval` on the dev set and on a held-out set written
 * apart from the engine (eval/holdout.jsonl). The best passage of a question
 * the texts cannot answer covers 0.46 in the median on both ("population of
 * Tomsk" covers only Tomsk); of an answerable one, 0.80 and 0.76, and nine in
 * ten cover more than 0.54. Between sit paraphrases the glossary does not know,
 * and the unanswerable questions that share every word with a passage, which
 * the answer-type and focus checks decline instead. 0.42–0.50 scored alike;
 * 0.47 scored best on both sets.
 */
export const ANSWER_THRESHOLD = 0.47;
/**
 * Answers after the first must cover at least this share of the question, and
 * of what the first covers, and match in their own text (not only through
 * their document's title), or paging would show noise.
 */
const FOLLOW_UP_THRESHOLD = ANSWER_THRESHOLD / 2;
const FOLLOW_UP_RELATIVE = 0.5;
const DEFAULT_LIMIT = 5;
const PLAN_CACHE_SIZE = 1_000;
const MAX_LIMIT = 20;

/** Why the engine ranked and decided as it did, for `npm run ask -- --explain` and tuning. */
export interface Explanation {
  readonly plan: QueryPlan;
  readonly weights: readonly number[];
  readonly candidates: readonly {
    readonly key: string;
    readonly text: string;
    readonly coverage: number;
    readonly score: number;
    readonly fitsType: boolean;
  }[];
}

/** The engine plus a look inside, for the command line. */
export interface ExplainableSearchEngine extends SearchEngine {
  explain(question: string, top?: number): Explanation;
}

/** Builds the engine once at start: passages, the MiniSearch index and the glossary. */
export function createSearchEngine(knowledge: Knowledge): ExplainableSearchEngine {
  const passages = buildPassages(knowledge.documents);
  const index = buildPassageIndex(passages, knowledge.documents);
  const glossary = buildGlossaryIndex(knowledge.glossary);
  const detectors = buildAnswerDetectors(knowledge.glossary);
  const byKey = new Map(passages.map((p) => [p.key, p]));
  const documents = new Map(knowledge.documents.map((d) => [d.id, d]));
  const clusters = new Map(knowledge.clusters.map((c) => [c.id, c]));
  const events = new Map(knowledge.events.map((e) => [e.id, e]));
  const eventsInOrder = sortEventsByDate(knowledge.events);
  const topics = topicsOf(knowledge);

  // Popular questions (the example buttons, a group asking the same thing)
  // repeat: their analysis, the costliest part of a question, is remembered.
  const plans = new BoundedMap<string, QueryPlan>(PLAN_CACHE_SIZE);
  const plan = (question: string) => {
    const known = plans.get(question);
    if (known) return known;
    const fresh = analyzeQuestion(question, glossary, index.vocabulary);
    plans.set(question, fresh);
    return fresh;
  };
  const rank = (query: QueryPlan) => rankCandidates(query, index, passages, detectors);

  const toAnswer = (passage: Passage, matched: ReadonlySet<string>, score: number): Answer => {
    const doc = knowledge.documents[passage.docIndex];
    if (!doc) throw new Error(`passage ${passage.key} points at no document`);
    return {
      passageKey: passage.key,
      docId: doc.id,
      title: doc.title,
      ...(doc.date !== undefined && { date: doc.date }),
      ...(doc.source !== undefined && { source: doc.source }),
      text: passage.text,
      highlights: highlightRanges(passage.text, matched),
      matchedTerms: [...matched],
      score,
      related: relatedTo(passage, knowledge),
    };
  };

  const ask = (question: string, options: AskOptions = {}): SearchResult => {
    const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
    const query = plan(question);
    const decline = (declineReason: string): SearchResult => ({
      question,
      questionLang: query.lang,
      answers: [],
      noAnswer: true,
      declineReason,
      suggestions: [
        ...(options.suggest === false ? [] : didYouMean(question, query)),
        ...relatedSuggestions(query, topics, index),
      ],
    });

    if (query.concepts.length === 0) return decline("the question has no words to look for");
    // "How many agreements", "who is the mayor": when the texts never mention
    // what is counted or asked after, nothing in them can answer. (For other
    // questions an unknown word is as often a paraphrase, so coverage decides.)
    const decisive =
      (query.answerType === "quantity" && query.counting) || query.answerType === "person";
    const firstFocus = query.focus[0] === undefined ? undefined : query.concepts[query.focus[0]];
    if (decisive && firstFocus && firstFocus.alternatives.length === 0) {
      return decline(`the texts never mention "${firstFocus.label}"`);
    }
    const candidates = rank(query);
    const top = candidates[0];
    if (!top) return decline("no passage shares a word with the question");
    if (top.coverage < ANSWER_THRESHOLD) {
      return decline(`the best passage covers ${(top.coverage * 100).toFixed(0)}% of the question`);
    }
    // Among passages that cover enough, the first that speaks of what the
    // question word points at and, for "how many" and "who", states a figure
    // or a name: the texts may talk around a question without answering it.
    const covering = candidates.filter((c) => c.coverage >= ANSWER_THRESHOLD);
    const focused = covering.filter((c) => c.fitsFocus);
    if (focused.length === 0) {
      const focus = query.focus.map((i) => query.concepts[i]?.label).join(", ");
      return decline(`no passage speaks of ${focus}`);
    }
    const fitting =
      query.answerType === "quantity" || query.answerType === "person"
        ? focused.filter((c) => c.fitsType)
        : focused;
    const best = fitting[0];
    if (!best) return decline(`no passage states the ${query.answerType} the question asks for`);
    const chosen: Candidate[] = [];
    const floor = Math.max(FOLLOW_UP_THRESHOLD, best.coverage * FOLLOW_UP_RELATIVE);
    for (const candidate of [best, ...candidates]) {
      if (candidate !== best && (candidate.coverage < floor || candidate.matchedText.size === 0)) {
        continue;
      }
      if (chosen.some((c) => overlaps(c.passage, candidate.passage))) continue;
      chosen.push(candidate);
      if (chosen.length === limit) break;
    }
    return {
      question,
      questionLang: query.lang,
      answers: chosen.map((c) => toAnswer(c.passage, c.matchedText, c.score)),
      noAnswer: false,
      suggestions: [],
    };
  };

  /**
   * A corrected question when a word the texts do not know is two edits from
   * one they do, offered only if the corrected question is answered.
   */
  const didYouMean = (question: string, query: QueryPlan): Suggestion[] => {
    let corrected = question;
    for (const concept of query.concepts) {
      // Only longer words, corrected keeping their first letter: "agree" is not a typo of "areas".
      const unknownWord = concept.alternatives.length === 0 && !concept.label.includes(" ");
      if (!unknownWord || concept.label.length < 6) continue;
      const [term] = terms(concept.label);
      const near =
        term === undefined
          ? undefined
          : index.vocabulary.near(term, 2).find((t) => t[0] === term[0]);
      const surface = near === undefined ? undefined : index.surfaceOf(near);
      if (surface === undefined) continue;
      const word = new RegExp(`(?<![\\p{L}])${escapeRegExp(concept.label)}(?![\\p{L}])`, "iu");
      corrected = corrected.replace(word, surface);
    }
    if (corrected === question) return [];
    return ask(corrected, { suggest: false }).noAnswer
      ? []
      : [{ kind: "didYouMean", text: corrected }];
  };

  const explain = (question: string, top = 5): Explanation => {
    const query = plan(question);
    return {
      plan: query,
      weights: query.concepts.map((c) => conceptWeight(c, index)),
      candidates: rank(query)
        .slice(0, top)
        .map((c) => ({
          key: c.passage.key,
          text: c.passage.text,
          coverage: c.coverage,
          score: c.score,
          fitsType: c.fitsType,
        })),
    };
  };

  return {
    knowledge,
    ask,
    explain,
    answerByKey(passageKey, question) {
      const passage = byKey.get(passageKey);
      if (!passage) return undefined;
      const matched = new Set<string>();
      if (question !== undefined) {
        for (const concept of plan(question).concepts) {
          for (const alt of concept.alternatives) for (const term of alt.form) matched.add(term);
        }
      }
      return toAnswer(passage, matched, 0);
    },
    document: (id) => documents.get(id),
    cluster: (id) => clusters.get(id),
    event: (id) => events.get(id),
    eventsInDateOrder: () => eventsInOrder,
  };
}

/** Clusters whose citations this passage quotes, and events its document describes. */
function relatedTo(passage: Passage, knowledge: Knowledge): Answer["related"] {
  const text = normalizeSpace(passage.text);
  const quoted = (quote: string) => text.includes(quote) || quote.includes(text);
  return {
    clusters: knowledge.clusters
      .filter((c) => c.citations.some((cit) => cit.doc === passage.docId && quoted(cit.quote)))
      .map((c) => c.id),
    events: knowledge.events.filter((e) => e.doc === passage.docId).map((e) => e.id),
  };
}

/** A cluster or event to suggest, with the index terms of its name and summary. */
interface Topic {
  readonly suggestion: Suggestion;
  readonly terms: ReadonlySet<string>;
}

/** The clusters and events as suggestion topics; built once with the engine. */
function topicsOf(knowledge: Knowledge): Topic[] {
  const termsOf = (texts: readonly string[]) => new Set(texts.flatMap((t) => terms(t)));
  return [
    ...knowledge.clusters.map((c) => ({
      suggestion: { kind: "cluster", id: c.id } as const,
      terms: termsOf([c.name.en, c.description.en]),
    })),
    ...knowledge.events.map((e) => ({
      suggestion: { kind: "event", id: e.id } as const,
      terms: termsOf([e.title.en, e.summary.en, e.where?.en ?? "", ...e.who]),
    })),
  ];
}

/**
 * Clusters and events whose names or summaries hold the question's rarer
 * concepts. A word in most passages (Tomsk, region) relates to everything,
 * so it suggests nothing.
 */
function relatedSuggestions(
  query: QueryPlan,
  topics: readonly Topic[],
  index: PassageIndex,
): Suggestion[] {
  const common = idf(index.passageCount * COMMON_SHARE, index.passageCount);
  const wanted = query.concepts
    .map((concept) => ({ concept, weight: conceptWeight(concept, index) }))
    .filter(({ concept, weight }) => concept.alternatives.length > 0 && weight > common);
  if (wanted.length === 0) return [];
  return topics
    .map((topic) => ({
      suggestion: topic.suggestion,
      score: wanted
        .filter(({ concept }) =>
          concept.alternatives.some((alt) => alt.form.every((t) => topic.terms.has(t))),
        )
        .reduce((sum, { weight }) => sum + weight, 0),
    }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map((s) => s.suggestion);
}
