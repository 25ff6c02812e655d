/**
 * The search engine: built once per knowledge version, then answers
 * synchronously. A question goes through four steps, each in its own module:
 *
 *   analyse (analyse.ts) → retrieve (retrieve.ts) → decide (decide.ts) → shape (shape.ts)
 *
 * This module builds what the steps share (units, index, glossary, facts)
 * and wires them together.
 */
import type { Knowledge } from "../knowledge/types.js";
import { BoundedMap } from "../lib/bounded-map.js";
import { type Analysis, analyse, escapeRegExp, spellingGuess } from "./analyse.js";
import { sortEventsByDate } from "./dates.js";
import {
  DEFAULT_THRESHOLDS,
  type Decision,
  decide,
  type Reason,
  type Thresholds,
} from "./decide.js";
import { type Detectors, readFacts } from "./facts.js";
import { buildGlossaryIndex } from "./glossary.js";
import type { Lexicon } from "./lexicon.js";
import { normalizedQuestion } from "./normalize.js";
import {
  type Candidate,
  COMMON_SHARE,
  conceptWeight,
  DEFAULT_WEIGHTS,
  idf,
  questionWeights,
  type RankingWeights,
  retrieve,
} from "./retrieve.js";
import { rememberingTokenizer, shapeAnswer } from "./shape.js";
import type {
  Answer,
  AskOptions,
  FollowUp,
  SearchEngine,
  SearchResult,
  Suggestion,
} from "./types.js";
import { buildUnitIndex, type UnitIndex } from "./unit-index.js";
import { buildUnits, type Unit } from "./units.js";

const DEFAULT_LIMIT = 5;
/** Longest stored question offered as a button: longer ones are cut on phones. */
const MAX_FOLLOW_UP = 60;
/** A stored question that asks as a whole question does, in either language. */
const ASKS =
  /^(?:what|which|who|whom|when|where|why|how|is|are|was|were|do|does|did|can|что|чем|какой|какая|какие|каков|кто|когда|где|куда|почему|зачем|сколько|как|есть ли)(?![\p{L}])/iu;
const MAX_LIMIT = 20;
/** Popular questions (example buttons, a group asking alike) repeat: their analyses are kept. */
const ANALYSIS_CACHE_SIZE = 1_000;
/**
 * …and so are their results: the same words against the same knowledge give
 * the same result (the engine is pure), so a repeated question costs a look-up.
 */
const RESULT_CACHE_SIZE = 1_000;

export interface EngineOptions {
  /** Real words, so typo correction never replaces one (without it, only typos people make are fixed). */
  readonly lexicon?: Lexicon;
  readonly thresholds?: Partial<Thresholds>;
  readonly weights?: Partial<RankingWeights>;
  /**
   * Whether repeated questions are served from memory (default true); off for
   * measuring what a question costs the first time.
   */
  readonly caches?: boolean;
}

/** Why the engine decided as it did, for `npm run ask -- --explain` and tuning. */
export interface Explanation {
  readonly analysis: Analysis;
  readonly weights: readonly number[];
  readonly decision: { readonly tier: Decision["tier"]; readonly reason: Reason };
  readonly candidates: readonly {
    readonly key: string;
    readonly text: string;
    readonly coverage: number;
    readonly closeness: number;
    readonly confidence: number;
    readonly score: number;
    readonly fits: string;
  }[];
}

/** The engine plus a look inside, for the command line. */
export interface ExplainableSearchEngine extends SearchEngine {
  explain(question: string, top?: number): Explanation;
}

/** Words in decline reasons, by reason. */
const REASONS: Readonly<Record<Reason, string>> = {
  card: "a card's names hold the question",
  answered: "a passage covers the question",
  "no-words": "the question has no words to look for",
  "no-match": "no passage shares a word with the question",
  "low-coverage": "no passage covers enough of the question",
  "partial-coverage": "the closest passages cover only part of the question",
  "missing-name": "the closest passage does not name what the question names",
  "wrong-type": "the closest passage does not state the kind of thing asked for",
  "off-focus": "the closest passage does not speak of what the question asks about",
  "attribute-not-stated": "the texts do not state the particular thing asked for",
  "missing-detail":
    "the closest passage does not state a figure, month, measure or tense the question gives",
  "part-of-total": "the texts give only a total, not the part asked about",
};

/** Builds the engine once per knowledge version: units, index, glossary and facts. */
export function createSearchEngine(
  knowledge: Knowledge,
  options: EngineOptions = {},
): ExplainableSearchEngine {
  const units = buildUnits(knowledge);
  const index = buildUnitIndex(units);
  const glossary = buildGlossaryIndex(knowledge.glossary);
  const facts = readFacts(units, buildDetectors(knowledge));
  const tokens = rememberingTokenizer();
  const cards = units.filter((u) => u.kind === "card" && u.card !== undefined);
  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const tunables: RankingWeights = { ...DEFAULT_WEIGHTS, ...options.weights };
  const context = {
    glossary,
    vocabulary: index.vocabulary,
    ...(options.lexicon && { lexicon: options.lexicon }),
  };
  const byKey = new Map(units.map((u) => [u.key, u]));
  const documents = new Map(knowledge.documents.map((d) => [d.id, d]));
  const clusters = new Map(knowledge.clusters.map((c) => [c.id, c]));
  const events = new Map(knowledge.events.map((e) => [e.id, e]));
  const topics = new Map(knowledge.topics.map((t) => [t.id, t]));
  const eventsInOrder = sortEventsByDate(knowledge.events);

  /** The one-sentence passage of each sentence, by `<doc>#<index>`. */
  const sentenceUnits = new Map(
    units
      .filter((u) => u.kind === "passage" && u.sentences.length === 1)
      .map((u) => [`${u.docId}#${u.sentences[0]?.index}`, u] as const),
  );
  const cached = options.caches !== false;
  const analyses = new BoundedMap<string, Analysis>(cached ? ANALYSIS_CACHE_SIZE : 0);
  const analysisOf = (question: string) => {
    const known = analyses.get(question);
    if (known) return known;
    const fresh = analyse(question, context);
    analyses.set(question, fresh);
    return fresh;
  };

  const run = (question: string, limit: number) => {
    const analysis = analysisOf(question);
    const candidates = retrieve(analysis, index, facts, tunables);
    const decision = decide(analysis, candidates, { ...thresholds, limit });
    return { analysis, candidates, decision };
  };

  const results = new BoundedMap<string, SearchResult>(cached ? RESULT_CACHE_SIZE : 0);
  const ask = (question: string, options: AskOptions = {}): SearchResult => {
    const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
    const key = `${limit}\u0000${options.suggest !== false}\u0000${question}`;
    const known = results.get(key);
    if (known) return known;
    const result = Object.freeze(answer(question, limit, options));
    results.set(key, result);
    return result;
  };

  const answer = (question: string, limit: number, options: AskOptions): SearchResult => {
    const { analysis, decision } = run(question, limit);
    const answers = decision.picks.map((c) => shapeAnswer(c.unit, c.matched, knowledge, c, tokens));
    const answered = decision.tier === "answer";
    const suggestions: Suggestion[] = answered
      ? []
      : [
          ...(options.suggest === false ? [] : didYouMean(analysis)),
          ...relatedSuggestions(analysis, index, cards),
        ];
    return {
      question,
      questionLang: analysis.lang,
      tier: decision.tier,
      reason: decision.reason,
      answers,
      noAnswer: !answered,
      ...(!answered && { declineReason: REASONS[decision.reason] }),
      suggestions,
      ...(analysis.corrected !== undefined && { corrected: analysis.corrected }),
    };
  };

  /** A spelling guess, offered only when the guessed question is answered. */
  const didYouMean = (analysis: Analysis): Suggestion[] => {
    const guess = spellingGuess(analysis, index.vocabulary);
    if (guess === undefined || guess === analysis.question) return [];
    return ask(guess, { suggest: false }).noAnswer ? [] : [{ kind: "didYouMean", text: guess }];
  };

  const matchedIn = (question: string | undefined): Set<string> => {
    const matched = new Set<string>();
    if (question === undefined) return matched;
    for (const concept of analysisOf(question).concepts) {
      for (const alt of concept.alternatives) for (const t of alt.terms) matched.add(t);
    }
    return matched;
  };

  const explain = (question: string, top = 5): Explanation => {
    const { analysis, candidates, decision } = run(question, DEFAULT_LIMIT);
    return {
      analysis,
      weights: questionWeights(analysis, index, tunables),
      decision: { tier: decision.tier, reason: decision.reason },
      candidates: candidates.slice(0, top).map((c) => ({
        key: c.unit.key,
        text: c.unit.fields.text,
        coverage: c.coverage,
        closeness: c.closeness,
        confidence: c.confidence,
        score: c.score,
        fits: describeFit(c),
      })),
    };
  };

  return {
    knowledge,
    ask,
    explain,
    answerByKey(passageKey, question) {
      const unit = byKey.get(passageKey);
      return unit && shapeAnswer(unit, matchedIn(question), knowledge, undefined, tokens);
    },
    nextAnswer(passageKey) {
      const unit = byKey.get(passageKey);
      const next = unit && nextPassage(unit, units);
      return next && shapeAnswer(next, new Set(), knowledge, undefined, tokens);
    },
    followUps(passageKey, lang, limit = 2) {
      const unit = byKey.get(passageKey);
      if (!unit) return [];
      const around = neighbours(unit, sentenceUnits);
      const out: FollowUp[] = [];
      for (const other of around) {
        const questions = other.questions[lang];
        // A whole question reads best on a button ("what did Zhvachkin present in
        // Tokyo", not "tokyo presentation"), the shortest of them.
        const rank = (q: string) => (ASKS.test(q) ? 0 : 1_000) + q.length;
        let best = -1;
        questions.forEach((q, i) => {
          if (q.length > MAX_FOLLOW_UP) return;
          if (best === -1 || rank(q) < rank(questions[best] ?? "")) best = i;
        });
        const text = questions[best];
        if (text !== undefined) out.push({ key: other.key, index: best, text });
        if (out.length === limit) break;
      }
      return out;
    },
    normalize: (question) => normalizedQuestion(analysisOf(question)),
    storedQuestion: (passageKey, lang, index) => byKey.get(passageKey)?.questions[lang][index],
    rephrase(question, change) {
      const analysis = analysisOf(question);
      const labels = analysis.concepts.map((c) => c.label);
      if ("cue" in change) return [change.cue, ...labels].join(" ");
      // The most specific name the question gives is what it is about.
      const weights = questionWeights(analysis, index, tunables);
      let subject = -1;
      analysis.concepts.forEach((c, i) => {
        if (c.name && (subject === -1 || (weights[i] ?? 0) > (weights[subject] ?? 0))) subject = i;
      });
      const old = analysis.concepts[subject]?.label;
      if (old === undefined) return `${question} ${change.subject}`;
      const at = new RegExp(`(?<![\\p{L}])${escapeRegExp(old)}(?![\\p{L}])`, "iu");
      return at.test(question)
        ? question.replace(at, change.subject)
        : labels.map((l) => (l === old ? change.subject : l)).join(" ");
    },
    citedPassages(card) {
      const unit = units.find((u) => u.card?.kind === card.kind && u.card.id === card.id);
      if (!unit) return [];
      const keys = unit.sentences.flatMap((s) => {
        const own = sentenceUnits.get(`${unit.docId}#${s.index}`);
        return own ? [own.key] : [];
      });
      return [...new Set(keys)];
    },
    document: (id) => documents.get(id),
    cluster: (id) => clusters.get(id),
    event: (id) => events.get(id),
    topic: (id) => topics.get(id),
    eventsInDateOrder: () => eventsInOrder,
  };
}

/**
 * The passages around a unit that have stored questions: the sentence after
 * it, the one before it, then further out (a card: the sentences it cites).
 */
function neighbours(unit: Unit, sentenceUnits: ReadonlyMap<string, Unit>): Unit[] {
  const at = (index: number) => sentenceUnits.get(`${unit.docId}#${index}`);
  if (unit.kind === "card") {
    return unit.sentences.flatMap((s) => {
      const own = at(s.index);
      return own ? [own] : [];
    });
  }
  const first = unit.sentences[0]?.index ?? 0;
  const last = unit.sentences.at(-1)?.index ?? first;
  const shown = new Set([...unit.context, ...unit.sentences].map((s) => s.index));
  const order = [last + 1, first - 1, last + 2, first - 2, last + 3];
  return order
    .filter((i) => !shown.has(i))
    .flatMap((i) => {
      const own = at(i);
      return own && own !== unit ? [own] : [];
    });
}

/** The one-sentence passage right after a unit's last sentence in the same document. */
function nextPassage(unit: Unit, units: readonly Unit[]): Unit | undefined {
  if (unit.kind === "card") {
    // After a card's evidence, its document's first sentence not yet shown.
    const shown = new Set(unit.sentences.map((s) => s.index));
    return units.find(
      (u) =>
        u.kind === "passage" &&
        u.docId === unit.docId &&
        u.sentences.length === 1 &&
        !shown.has(u.sentences[0]?.index ?? -1),
    );
  }
  const last = unit.sentences.at(-1)?.index ?? -1;
  return units.find(
    (u) =>
      u.kind === "passage" &&
      u.docId === unit.docId &&
      u.sentences.length === 1 &&
      u.sentences[0]?.index === last + 1,
  );
}

function describeFit(c: Candidate): string {
  const flags = [
    c.fitsType ? "" : "type✗",
    c.fitsFocus ? "" : "focus✗",
    c.fitsAsks ? "" : "asks✗",
    c.partOfTotal ? "part✗" : "",
    c.missingNames.length > 0 ? `names✗(${c.missingNames.join(",")})` : "",
    c.missingDetails.length > 0 ? `details✗(${c.missingDetails.join(",")})` : "",
    c.unit.kind === "card" ? `card names ${c.nameCoverage.toFixed(2)}+${c.nameExtra}` : "",
  ].filter(Boolean);
  return flags.join(" ") || "fits";
}

/**
 * People and organisations (a "who" is answered by either) and places, from
 * the topic cards and the glossary; any two capitalised words inside a
 * sentence count as a name too, so a new document works before its cards do.
 */
export function buildDetectors(knowledge: Knowledge): Detectors {
  const finder = (names: readonly string[]) => {
    const usable = names
      .filter((n) => n.length > 2 && /\p{Script=Latin}/u.test(n))
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp);
    if (usable.length === 0) return () => [];
    const re = new RegExp(`(?<![\\p{L}])(?:${usable.join("|")})(?![\\p{L}])`, "giu");
    return (text: string) => [...text.matchAll(re)].map((m) => m[0]);
  };
  const pattern = (names: readonly string[]) => {
    const find = finder(names);
    return (text: string) => find(text).length > 0;
  };
  const topicsOf = (...kinds: string[]) =>
    knowledge.topics.filter((t) => kinds.includes(t.kind)).flatMap((t) => t.names.en);
  const glossaryOf = (...kinds: string[]) =>
    knowledge.glossary.filter((g) => kinds.includes(g.kind)).flatMap((g) => g.en);
  const person = pattern([
    ...topicsOf("person", "organisation", "company"),
    ...glossaryOf("person", "organisation"),
  ]);
  const place = pattern([...topicsOf("place"), ...glossaryOf("place")]);
  const capitalisedName = /(?<=[\p{Ll}\p{N},;:–-]\s+)\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)+/gu;
  // "Tomsk Region" is capitalised too: a name only counts when it is no known place.
  const unknownName = (text: string) =>
    [...text.matchAll(capitalisedName)].some((m) => !place(m[0]));
  const organisation = finder([
    ...topicsOf("organisation", "company"),
    ...glossaryOf("organisation"),
  ]);
  // A capitalised name that says it is a body: "Jereh company", "the Ministry of …".
  const bodyName =
    /\p{Lu}[\p{L}-]*(?:\s+(?:of\s+(?:the\s+)?)?\p{Lu}[\p{L}-]*)*\s+(?:[Cc]ompany|Ministry|Association|Fund|Commission|School|University|Department|Corporation|Bank|Foundation)\b|\b(?:Ministry|Association|Department|Commission)\s+of\s+\p{Lu}[\p{L}-]*/gu;
  const company = finder(topicsOf("company"));
  const companyName =
    /\p{Lu}[\p{L}-]*\s+(?:[Cc]ompany|Corporation|Group|Holding|Plant|Factory)\b/gu;
  const all = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => m[0]);
  return {
    organisationsIn: (text) => [...organisation(text), ...all(text, bodyName)],
    companiesIn: (text) => [...company(text), ...all(text, companyName)],
    mentionsPerson: (text) => person(text) || unknownName(text),
    mentionsPlace: place,
  };
}

/**
 * Cards whose names or summaries hold the question's rarer concepts. A word in
 * many units (Tomsk, region) relates to everything, so it suggests nothing.
 */
function relatedSuggestions(
  analysis: Analysis,
  index: UnitIndex,
  cards: readonly Unit[],
): Suggestion[] {
  const count = index.units.length;
  const common = idf(count * COMMON_SHARE, count);
  const wanted = analysis.concepts
    .map((concept) => ({ concept, weight: conceptWeight(concept, index) }))
    .filter(({ concept, weight }) => concept.alternatives.length > 0 && weight > common);
  if (wanted.length === 0) return [];
  return cards
    .map((unit) => {
      // A card's words are its names, summary and translation: what the index credits it with.
      const score = wanted
        .filter(({ concept }) =>
          concept.alternatives.some((a) => a.terms.every((t) => index.credit(unit.id, t) > 0)),
        )
        .reduce((sum, { weight }) => sum + weight, 0);
      return { unit, score };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .flatMap(({ unit }) => (unit.card ? [unit.card] : []));
}

export type { Answer };
