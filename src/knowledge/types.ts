/**
 * The knowledge model: what knowledge/ holds once loaded and validated. The
 * search, the bot and the command-line tools all read this and nothing else.
 */

/** The two languages the interface speaks. Source texts are English. */
export type Lang = "en" | "ru";

/** Text written by the project (not quoted from a source) in both interface languages. */
export interface Localized {
  readonly en: string;
  readonly ru: string;
}

/** Names of something in both languages; the first of each list is the display name. */
export interface Names {
  readonly en: readonly string[];
  readonly ru: readonly string[];
}

/** A pointer into a document: the quote occurs verbatim in the document body. */
export interface Citation {
  readonly doc: string;
  readonly quote: string;
}

/** One sentence of a document: the smallest unit a reply quotes. */
export interface Sentence {
  /** Position among the document's sentences. */
  readonly index: number;
  /** Position of its paragraph in the document. */
  readonly paragraph: number;
  readonly text: string;
  /** The reviewed Russian translation, when the document has one. */
  readonly ru?: string;
}

/** The Russian rendering of a document's metadata, from its translation file. */
export interface DocumentTranslation {
  readonly title: string;
  readonly date?: string;
  readonly source?: string;
  /** "reviewed" once a person has checked every sentence; "draft" before. */
  readonly status: "reviewed" | "draft";
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
  readonly sentences: readonly Sentence[];
  /** Russian title, date and source, when the document has a translation file. */
  readonly ru?: DocumentTranslation;
  /** Path of the file, relative to the knowledge directory, for error messages. */
  readonly file: string;
}

/**
 * A passage with the questions it answers (knowledge/questions/<doc>.yaml):
 * one sentence, or consecutive sentences that answer together (a list).
 */
export interface StoredPassage {
  readonly doc: string;
  /** Index of the first and of the last sentence, inclusive. */
  readonly first: number;
  readonly last: number;
  readonly questions: { readonly en: readonly string[]; readonly ru: readonly string[] };
}

/** An innovation territorial cluster named by the texts: knowledge/clusters.yaml. */
export interface Cluster {
  readonly id: string;
  readonly name: Localized;
  /** Other names people use for it, besides `name`. */
  readonly aliases: Names;
  readonly description: Localized;
  readonly citations: readonly Citation[];
}

export const EVENT_KINDS = ["visit", "forum", "session", "mission", "meeting"] as const;

/** A visit, forum, session or mission described by the texts: knowledge/events.yaml. */
export interface KnowledgeEvent {
  readonly id: string;
  readonly kind: (typeof EVENT_KINDS)[number];
  readonly title: Localized;
  /** As the text states it ("Tuesday", "12th of November"); absent when undated. */
  readonly when?: Localized;
  readonly where?: Localized;
  /** People and organisations taking part, as the text names them. */
  readonly who: readonly string[];
  readonly summary: Localized;
  /** The document that describes the event. */
  readonly doc: string;
  readonly citations: readonly Citation[];
}

export const TOPIC_KINDS = [
  "person",
  "organisation",
  "company",
  "programme",
  "facility",
  "network",
  "place",
  "forum",
] as const;

/** A person, organisation, programme, facility, network, place or forum the texts name: knowledge/topics.yaml. */
export interface Topic {
  readonly id: string;
  readonly kind: (typeof TOPIC_KINDS)[number];
  readonly names: Names;
  readonly summary: Localized;
  /** What people may expect that the texts do not give (a founding year, an address). */
  readonly unknown?: Localized;
  /** The first is the best evidence for "who / what is …". */
  readonly citations: readonly Citation[];
}

export const GLOSSARY_KINDS = [
  "person",
  "place",
  "organisation",
  "programme",
  "cluster",
  "term",
] as const;

/** One concept of the bilingual glossary: every form listed is treated as the same term. */
export interface GlossaryEntry {
  readonly kind: (typeof GLOSSARY_KINDS)[number];
  readonly en: readonly string[];
  readonly ru: readonly string[];
}

/** Everything knowledge/ holds, validated. */
export interface Knowledge {
  readonly documents: readonly KnowledgeDocument[];
  readonly passages: readonly StoredPassage[];
  readonly clusters: readonly Cluster[];
  readonly events: readonly KnowledgeEvent[];
  readonly topics: readonly Topic[];
  readonly glossary: readonly GlossaryEntry[];
  /** Short hash of all knowledge content; changes whenever any file changes. */
  readonly version: string;
}
