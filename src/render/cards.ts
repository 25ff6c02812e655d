/**
 * Topic, cluster and event cards, the list headers, and documents split into
 * pages — in the reader's language, quotes always with their English original.
 */

import { dateLabel } from "../search/dates.js";
import type {
  Answer,
  Citation,
  Cluster,
  KnowledgeDocument,
  KnowledgeEvent,
  Lang,
  Topic,
} from "../search/types.js";
import { type CitationParts, citationOf, renderCitation, renderQuoteBlock } from "./answer.js";
import { escapeHtml, visibleLength } from "./html.js";
import type { Translate } from "./labels.js";
import { fitMessage } from "./limits.js";
import { MAX_MESSAGE_LENGTH, splitHtml } from "./split.js";

/** Finds a document by id; cards cite documents by id. */
export type DocumentLookup = (id: string) => KnowledgeDocument | undefined;

function citationParts(docId: string, lang: Lang, documentOf: DocumentLookup): CitationParts {
  const doc = documentOf(docId);
  if (!doc) return { title: docId };
  return lang === "ru" && doc.ru
    ? { title: doc.ru.title, date: doc.ru.date ?? doc.date, source: doc.ru.source ?? doc.source }
    : doc;
}

/**
 * The supporting quotes, each run of quotes from one document followed by one
 * citation of that document. A Russian reader gets, for each quote, the
 * reviewed translation of the sentence it is taken from, and the English
 * quotes folded under them: the original stays the evidence.
 */
function renderQuotes(
  citations: readonly Citation[],
  lang: Lang,
  documentOf: DocumentLookup,
  t: Translate,
): string {
  const groups: { doc: string; quotes: string[] }[] = [];
  for (const citation of citations) {
    const last = groups[groups.length - 1];
    if (last && last.doc === citation.doc) last.quotes.push(citation.quote);
    else groups.push({ doc: citation.doc, quotes: [citation.quote] });
  }
  return groups
    .map((group) => {
      const english = group.quotes.map((q) => `<blockquote>${escapeHtml(q)}</blockquote>`);
      const doc = documentOf(group.doc);
      const translated =
        lang === "ru" && doc?.ru
          ? group.quotes.map((q) => doc.sentences.find((s) => s.text.includes(q))?.ru)
          : [];
      const quotes =
        translated.length > 0 && translated.every((ru) => ru !== undefined && ru !== "")
          ? [
              ...translated.map((ru) => `<blockquote>${escapeHtml(ru ?? "")}</blockquote>`),
              t("answer-original"),
              `<blockquote expandable>${group.quotes.map(escapeHtml).join("\n")}</blockquote>`,
            ]
          : english;
      return `${quotes.join("\n")}\n${renderCitation(citationParts(group.doc, lang, documentOf), t)}`;
    })
    .join("\n\n");
}

/** Emoji of each kind of topic, before its name. */
const TOPIC_EMOJI: Readonly<Record<Topic["kind"], string>> = {
  person: "👤",
  organisation: "🏛",
  company: "🏢",
  programme: "📋",
  facility: "🏗",
  network: "🌐",
  place: "📍",
  forum: "🎤",
};

/** A topic's button label: its emoji and its name in the reader's language. */
export function topicLabel(topic: Topic, lang: Lang): string {
  return `${TOPIC_EMOJI[topic.kind]} ${topic.names[lang][0] ?? topic.names.en[0] ?? topic.id}`;
}

/** How many of a topic's quotes its card shows when opened by a button. */
const TOPIC_QUOTES = 2;

/**
 * A topic: its name and kind, what the texts say of it in the reader's
 * language, what they do not say, and the evidence — the quote that answers
 * the question when one was asked, else its first quotes.
 */
export function renderTopicCard(
  topic: Topic,
  lang: Lang,
  documentOf: DocumentLookup,
  t: Translate,
  evidence?: Answer,
): string {
  const quotes = evidence
    ? [evidence, ...evidence.more]
        .map((e) => `${renderQuoteBlock(e, lang, t)}\n${renderCitation(citationOf(e, lang), t)}`)
        .join("\n\n")
    : renderQuotes(topic.citations.slice(0, TOPIC_QUOTES), lang, documentOf, t);
  return fitMessage(
    [
      `<b>${escapeHtml(topicLabel(topic, lang))}</b>\n<i>${t(`topic-kind-${topic.kind}`)}</i>`,
      escapeHtml(topic.summary[lang]),
      topic.unknown ? `ℹ️ <i>${escapeHtml(topic.unknown[lang])}</i>` : undefined,
      `${t("topic-quotes")}\n${quotes}`,
    ]
      .filter((part): part is string => part !== undefined)
      .join("\n\n"),
  );
}

/** A cluster: localized name and description, then what the texts say, with citations. */
export function renderClusterCard(
  cluster: Cluster,
  lang: Lang,
  documentOf: DocumentLookup,
  t: Translate,
): string {
  return fitMessage(
    [
      `🏭 <b>${escapeHtml(cluster.name[lang])}</b>`,
      escapeHtml(cluster.description[lang]),
      `${t("cluster-quotes")}\n${renderQuotes(cluster.citations, lang, documentOf, t)}`,
    ].join("\n\n"),
  );
}

/** An event: what, when (as stated), where, who, summary, then the supporting quotes. */
export function renderEventCard(
  event: KnowledgeEvent,
  lang: Lang,
  documentOf: DocumentLookup,
  t: Translate,
): string {
  const facts = [
    event.when
      ? t(dateLabel(event.when.en, lang) ? "event-when" : "event-when-undated", {
          when: escapeHtml(event.when[lang]),
        })
      : t("event-when-unknown"),
    event.where ? t("event-where", { where: escapeHtml(event.where[lang]) }) : undefined,
    event.who.length > 0 ? t("event-who", { who: escapeHtml(event.who.join(", ")) }) : undefined,
  ].filter((s): s is string => s !== undefined);
  return fitMessage(
    [
      `📅 <b>${escapeHtml(event.title[lang])}</b>\n<i>${t(`event-kind-${event.kind}`)}</i>`,
      facts.join("\n"),
      escapeHtml(event.summary[lang]),
      `${t("event-quotes")}\n${renderQuotes(event.citations, lang, documentOf, t)}`,
    ].join("\n\n"),
  );
}

/** The heading of a list view; `key` names a message that takes a `count`. */
export function renderListHeader(key: string, count: number, t: Translate): string {
  return fitMessage(t(key, { count }));
}

/**
 * Rendered pages by document, then by page length and header (the header
 * carries the interface language). Keyed by the document object, which a new
 * knowledge version replaces: a version's pages are rendered once, on first
 * view, and forgotten with it.
 */
const renderedPages = new WeakMap<KnowledgeDocument, Map<string, readonly string[]>>();

/**
 * A document as one or more messages: every page starts with the title and
 * citation details, then as much of the body as fits in `maxLength` visible
 * characters, cut between paragraphs or words, never inside a tag or an entity.
 * A Russian reader reads the reviewed translation, marked as one.
 *
 * Splitting a long document is the costly part of showing one of its pages,
 * so the pages are rendered once per document, language and page length and
 * then served from memory: paging through a document costs no rendering.
 */
export function renderDocumentPages(
  doc: KnowledgeDocument,
  lang: Lang,
  t: Translate,
  maxLength: number = MAX_MESSAGE_LENGTH,
): readonly string[] {
  const translated = lang === "ru" && doc.ru !== undefined;
  const citation = renderCitation(
    citationParts(doc.id, lang, () => doc),
    t,
  );
  const header = `${citation}${translated ? `\n${t("document-translation")}` : ""}\n\n`;
  const key = `${lang}\u0000${maxLength}\u0000${header}`;
  let byKey = renderedPages.get(doc);
  if (byKey === undefined) {
    byKey = new Map();
    renderedPages.set(doc, byKey);
  }
  const rendered = byKey.get(key);
  if (rendered !== undefined) return rendered;
  const budget = Math.max(100, maxLength - visibleLength(header) - 2);
  const paragraphs = translated
    ? doc.paragraphs.map((_, p) =>
        doc.sentences
          .filter((s) => s.paragraph === p)
          .map((s) => s.ru ?? s.text)
          .join(" "),
      )
    : doc.paragraphs;
  const body = paragraphs.map(escapeHtml).join("\n\n");
  const pages = splitHtml(body, budget);
  const result = Object.freeze(
    (pages.length > 0 ? pages : [""]).map((page) => fitMessage(`${header}${page}`, maxLength)),
  );
  byKey.set(key, result);
  return result;
}
