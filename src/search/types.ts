/**
 * The search result model: what every front end — the bot, inline mode, the
 * command line — renders. The knowledge model lives in src/knowledge/types.ts
 * and is re-exported here for the front ends' convenience.
 */
import type {
  Cluster,
  Knowledge,
  KnowledgeDocument,
  KnowledgeEvent,
  Lang,
  Topic,
} from "../knowledge/types.js";
import type { Reason, Tier } from "./decide.js";
import type { CardRef } from "./units.js";

export type {
  Citation,
  Cluster,
  GlossaryEntry,
  Knowledge,
  KnowledgeDocument,
  KnowledgeEvent,
  Lang,
  Localized,
  Names,
  Sentence,
  StoredPassage,
  Topic,
} from "../knowledge/types.js";
export type { Reason, Tier } from "./decide.js";
export type { CardRef } from "./units.js";

/** A character range [start, end) of a text to show in bold. */
export interface Highlight {
  readonly start: number;
  readonly end: number;
}

/** One sentence quoted verbatim, with its reviewed translation when there is one. */
export interface Quote {
  /** Position of the sentence in its document. */
  readonly index: number;
  readonly text: string;
  readonly ru?: string;
  /** Ranges of `text` that matched the question. */
  readonly highlights: readonly Highlight[];
  /** Ranges of `ru` that matched the question. */
  readonly highlightsRu: readonly Highlight[];
}

/** One ranked answer: a passage of a document, or a card with its best quote as evidence. */
export interface Answer {
  /** Stable, compact key of the unit (fits in callback data). */
  readonly passageKey: string;
  readonly kind: "passage" | "card";
  /** For a card: which one. */
  readonly card?: CardRef;
  readonly docId: string;
  readonly title: string;
  readonly titleRu?: string;
  readonly date?: string;
  readonly dateRu?: string;
  readonly source?: string;
  readonly sourceRu?: string;
  /** The quoted text: the passage's sentences joined (a card: its best quote). */
  readonly text: string;
  /** Its reviewed Russian translation, when every quoted sentence has one. */
  readonly ru?: string;
  /** The sentences quoted, in order: a list answer shows each item on its own. */
  readonly quotes: readonly Quote[];
  /** The sentences before, when the passage starts mid-thought; empty otherwise. */
  readonly context: readonly Quote[];
  /** Ranges of `text` that matched the question. */
  readonly highlights: readonly Highlight[];
  /** Index terms of the question that this passage matched. */
  readonly matchedTerms: readonly string[];
  readonly score: number;
  /** Share of the question covered, 0–1. */
  readonly coverage: number;
  /** A card's further evidence: another cited sentence, each with its own citation. */
  readonly more: readonly Answer[];
  /** Clusters, events and topics this passage speaks of (ids). */
  readonly related: {
    readonly clusters: readonly string[];
    readonly events: readonly string[];
    readonly topics: readonly string[];
  };
}

/** A question to suggest: the unit that stores it, its position there, and its text. */
export interface FollowUp {
  readonly key: string;
  readonly index: number;
  readonly text: string;
}

/** What to offer when nothing answers the question. */
export type Suggestion = { readonly kind: "didYouMean"; readonly text: string } | CardRef;

/** The full result of one question. */
export interface SearchResult {
  readonly question: string;
  /** The language the question is written in (Latin-typed Russian counts as Russian). */
  readonly questionLang: Lang;
  /** Answer, hedge ("not sure — closest passages") or decline. */
  readonly tier: Tier;
  readonly reason: Reason;
  /**
   * For an answer: the answer first, then others to page through. For a hedge:
   * the closest passages, which may not answer. Empty for a decline.
   */
  readonly answers: readonly Answer[];
  /** True unless the tier is "answer": hedges count as not answering. */
  readonly noAnswer: boolean;
  /** Why the engine hedged or declined, in words, for logs and the CLI. */
  readonly declineReason?: string;
  readonly suggestions: readonly Suggestion[];
  /** The question with typos corrected, when the engine corrected any. */
  readonly corrected?: string;
}

/** Options of one question. */
export interface AskOptions {
  /** How many answers at most (default 5; inline mode asks for 10). */
  readonly limit?: number;
  /** Whether to compute suggestions when declining (default true). */
  readonly suggest?: boolean;
}

/**
 * The search engine every front end uses. Built once per knowledge version;
 * every method is synchronous and pure with respect to its inputs.
 */
export interface SearchEngine {
  readonly knowledge: Knowledge;
  /** Answers a question in English, Russian or Russian typed in Latin letters. */
  ask(question: string, options?: AskOptions): SearchResult;
  /**
   * Rebuilds one answer from its key (the compact id that buttons carry),
   * highlighting what matches `question` when given. Undefined for an unknown key.
   */
  answerByKey(passageKey: string, question?: string): Answer | undefined;
  /** The passage after this one in its document (for "tell me more"), if any. */
  nextAnswer(passageKey: string): Answer | undefined;
  /**
   * Questions to suggest after an answer: stored questions, in `lang`, of the
   * passages around it (a card: of the passages it cites). At most `limit`.
   */
  followUps(passageKey: string, lang: Lang, limit?: number): readonly FollowUp[];
  /**
   * A question asked again about another subject ("and Japan?": its most
   * specific name replaced) or asking something else of the same thing
   * ("when was that?": its words under a new question word).
   */
  rephrase(
    question: string,
    change: { readonly subject: string } | { readonly cue: string },
  ): string;
  /**
   * The question reduced to what the engine reads in it, so that questions
   * asked alike — in other words, forms or the other language — compare
   * equal: the question log groups by it (see normalize.ts).
   */
  normalize(question: string): string;
  /** A stored question of a unit, by language and position (what a follow-up button carries). */
  storedQuestion(passageKey: string, lang: Lang, index: number): string | undefined;
  /** Keys of the one-sentence passages a card cites, in citation order (its buttons to the texts). */
  citedPassages(card: CardRef): readonly string[];
  document(id: string): KnowledgeDocument | undefined;
  cluster(id: string): Cluster | undefined;
  event(id: string): KnowledgeEvent | undefined;
  topic(id: string): Topic | undefined;
  /** Events in date order as far as the texts date them; undated ones last. */
  eventsInDateOrder(): readonly KnowledgeEvent[];
}
