/**
 * The knowledge model (what knowledge/ holds once loaded and validated) and the
 * search result model (what every front end — bot, inline mode, CLI — renders).
 */

/** The two languages the interface speaks. Source texts are English. */
export type Lang = "en" | "ru";

/** Text written by the project (not quoted from a source) in both interface languages. */
export interface Localized {
  readonly en: string;
  readonly ru: string;
}

/** A pointer into a document: the quote must occur verbatim in the document body. */
export interface Citation {
  readonly doc: string;
  readonly quote: string;
}

/** One curated source text: knowledge/<id>.md. */
export interface KnowledgeDocument {
  /** Stable slug, also the file name without `.md`. */
  readonly id: string;
  readonly title: string;
  /** Only as the text states it ("12 November", "4 July 2016"); absent when the text gives none. */
  readonly date?: string;
  /** The agency the text names as its source; absent when it names none. */
  readonly source?: string;
  readonly language: string;
  readonly tags: readonly string[];
  /** The raw source file this document was curated from, for traceability. */
  readonly origin?: string;
  /** Body paragraphs, in order, whitespace-normalised plain text. */
  readonly paragraphs: readonly string[];
  /** Path of the file, relative to the knowledge directory, for error messages. */
  readonly file: string;
}

/** An innovation territorial cluster named by the texts: knowledge/clusters.yaml. */
export interface Cluster {
  readonly id: string;
  readonly name: Localized;
  readonly description: Localized;
  readonly citations: readonly Citation[];
}

/** A visit, forum, session or mission described by the texts: knowledge/events.yaml. */
export interface KnowledgeEvent {
  readonly id: string;
  readonly kind: "visit" | "forum" | "session" | "mission" | "meeting";
  readonly title: Localized;
  /** As the text states it; absent when undated. */
  readonly when?: string;
  readonly where?: Localized;
  /** People and organisations taking part, as the text names them. */
  readonly who: readonly string[];
  readonly summary: Localized;
  /** The document that describes the event. */
  readonly doc: string;
  readonly citations: readonly Citation[];
}

/** One concept of the bilingual glossary: every form listed is treated as the same term. */
export interface GlossaryEntry {
  readonly kind: "person" | "place" | "organisation" | "programme" | "cluster" | "term";
  readonly en: readonly string[];
  readonly ru: readonly string[];
}

/** Everything knowledge/ holds, validated. */
export interface Knowledge {
  readonly documents: readonly KnowledgeDocument[];
  readonly clusters: readonly Cluster[];
  readonly events: readonly KnowledgeEvent[];
  readonly glossary: readonly GlossaryEntry[];
  /** Short hash of all knowledge content; changes whenever any file changes. */
  readonly version: string;
}

/** A character range [start, end) in an answer's text to show in bold. */
export interface Highlight {
  readonly start: number;
  readonly end: number;
}

/** One ranked answer: a passage quoted from a document. */
export interface Answer {
  /** Stable, compact key of the passage (fits in callback data). */
  readonly passageKey: string;
  readonly docId: string;
  readonly title: string;
  readonly date?: string;
  readonly source?: string;
  /** The quoted passage: one sentence or a small window of adjacent sentences. */
  readonly text: string;
  /** Ranges of `text` that matched the question. */
  readonly highlights: readonly Highlight[];
  /** Index terms of the question that this passage matched. */
  readonly matchedTerms: readonly string[];
  readonly score: number;
  /** Clusters and events this passage belongs to (ids). */
  readonly related: { readonly clusters: readonly string[]; readonly events: readonly string[] };
}

/** What to offer when nothing answers the question. */
export type Suggestion =
  | { readonly kind: "didYouMean"; readonly text: string }
  | { readonly kind: "cluster"; readonly id: string }
  | { readonly kind: "event"; readonly id: string }
  | { readonly kind: "document"; readonly id: string };

/** The full result of one question. */
export interface SearchResult {
  readonly question: string;
  /** The language the question is written in (Latin-typed Russian counts as Russian). */
  readonly questionLang: Lang;
  /** Ranked answers, best first; empty when `noAnswer`. */
  readonly answers: readonly Answer[];
  /** True when nothing in the texts really answers the question. */
  readonly noAnswer: boolean;
  /** Why the engine declined, for logs and the CLI. */
  readonly declineReason?: string;
  readonly suggestions: readonly Suggestion[];
}

/** Options of one question. */
export interface AskOptions {
  /** How many answers at most (default 5; inline mode asks for 10). */
  readonly limit?: number;
  /** Whether to compute suggestions when declining (default true); off when checking a suggestion itself. */
  readonly suggest?: boolean;
}

/**
 * The search engine every front end uses. Built once at start from validated
 * knowledge; every method is synchronous and pure with respect to its inputs.
 */
export interface SearchEngine {
  readonly knowledge: Knowledge;
  /** Answers a question in English, Russian or Russian typed in Latin letters. */
  ask(question: string, options?: AskOptions): SearchResult;
  /**
   * Rebuilds one answer from its passage key (the compact id that buttons carry),
   * highlighting what matches `question` when it is given. Undefined for an unknown key.
   */
  answerByKey(passageKey: string, question?: string): Answer | undefined;
  document(id: string): KnowledgeDocument | undefined;
  cluster(id: string): Cluster | undefined;
  event(id: string): KnowledgeEvent | undefined;
  /** Events in date order as far as the texts date them; undated ones last. */
  eventsInDateOrder(): readonly KnowledgeEvent[];
}
