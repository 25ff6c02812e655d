/**
 * Cluster and event cards, the list headers, and documents split into pages.
 */
import type {
  Citation,
  Cluster,
  KnowledgeDocument,
  KnowledgeEvent,
  Lang,
} from "../search/types.js";
import { type CitationParts, renderCitation } from "./answer.js";
import { escapeHtml, visibleLength } from "./html.js";
import type { Translate } from "./labels.js";
import { fitMessage } from "./limits.js";
import { MAX_MESSAGE_LENGTH, splitHtml } from "./split.js";

/** Finds a document by id; cards cite documents by id. */
export type DocumentLookup = (id: string) => KnowledgeDocument | undefined;

function citationParts(docId: string, documentOf: DocumentLookup): CitationParts {
  const doc = documentOf(docId);
  return doc ?? { title: docId };
}

/**
 * The supporting quotes, each run of quotes from one document followed by one
 * citation of that document.
 */
function renderQuotes(
  citations: readonly Citation[],
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
    .map(
      (group) =>
        `${group.quotes.map((q) => `<blockquote>${escapeHtml(q)}</blockquote>`).join("\n")}\n${renderCitation(
          citationParts(group.doc, documentOf),
          t,
        )}`,
    )
    .join("\n\n");
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
      `${t("cluster-quotes")}\n${renderQuotes(cluster.citations, documentOf, t)}`,
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
    event.when ? t("event-when", { when: escapeHtml(event.when[lang]) }) : t("event-when-unknown"),
    event.where ? t("event-where", { where: escapeHtml(event.where[lang]) }) : undefined,
    event.who.length > 0 ? t("event-who", { who: escapeHtml(event.who.join(", ")) }) : undefined,
  ].filter((s): s is string => s !== undefined);
  return fitMessage(
    [
      `📅 <b>${escapeHtml(event.title[lang])}</b>\n<i>${t(`event-kind-${event.kind}`)}</i>`,
      facts.join("\n"),
      escapeHtml(event.summary[lang]),
      `${t("event-quotes")}\n${renderQuotes(event.citations, documentOf, t)}`,
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
 *
 * Splitting a long document is the costly part of showing one of its pages,
 * so the pages are rendered once per document, language and page length and
 * then served from memory: paging through a document costs no rendering.
 */
export function renderDocumentPages(
  doc: KnowledgeDocument,
  t: Translate,
  maxLength: number = MAX_MESSAGE_LENGTH,
): readonly string[] {
  const header = `${renderCitation(doc, t)}\n\n`;
  const key = `${maxLength}\u0000${header}`;
  let byKey = renderedPages.get(doc);
  if (byKey === undefined) {
    byKey = new Map();
    renderedPages.set(doc, byKey);
  }
  const rendered = byKey.get(key);
  if (rendered !== undefined) return rendered;
  const budget = Math.max(100, maxLength - visibleLength(header) - 2);
  const body = doc.paragraphs.map(escapeHtml).join("\n\n");
  const pages = splitHtml(body, budget);
  const result = Object.freeze(
    (pages.length > 0 ? pages : [""]).map((page) => fitMessage(`${header}${page}`, maxLength)),
  );
  byKey.set(key, result);
  return result;
}
