/**
 * Answers as Telegram HTML: the quoted passage with the matched words in bold
 * (for a Russian reader, its reviewed translation with the English original
 * folded under it), then a localized citation line.
 */
import type { Answer, Highlight, Lang, Quote } from "../search/types.js";
import { cleanUserText, escapeHtml, isHighSurrogate, truncate } from "./html.js";
import type { Translate } from "./labels.js";
import { fitMessage } from "./limits.js";

/** How much of a user's question is echoed back (in headers and "nothing found" notes). */
export const ECHO_LENGTH = 80;

/**
 * Escapes `text` and wraps the highlighted ranges in <b>. Ranges are clamped to
 * the text, sorted, merged when they touch or overlap, and moved off the middle
 * of a surrogate pair, so malformed highlights can never produce broken HTML.
 */
export function renderHighlighted(text: string, highlights: readonly Highlight[]): string {
  const ranges = normalizeRanges(text, highlights);
  let html = "";
  let at = 0;
  for (const { start, end } of ranges) {
    html += `${escapeHtml(text.slice(at, start))}<b>${escapeHtml(text.slice(start, end))}</b>`;
    at = end;
  }
  return html + escapeHtml(text.slice(at));
}

function normalizeRanges(text: string, highlights: readonly Highlight[]): Highlight[] {
  const clamp = (n: number) => {
    const value = Math.min(Math.max(Number.isFinite(n) ? Math.trunc(n) : 0, 0), text.length);
    // Never start or end between the halves of a surrogate pair.
    return value > 0 && value < text.length && isHighSurrogate(text.charCodeAt(value - 1))
      ? value - 1
      : value;
  };
  const sorted = highlights
    .map((h) => ({ start: clamp(h.start), end: clamp(h.end) }))
    .filter((h) => h.end > h.start)
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** What a citation names: the document title, its date as stated and its source. */
export interface CitationParts {
  readonly title: string;
  readonly date?: string | undefined;
  readonly source?: string | undefined;
}

/**
 * The citation line(s): "📄 <b>Title</b>" and, when the text states them,
 * "date as stated: … · source: …", localized.
 */
export function renderCitation(parts: CitationParts, t: Translate): string {
  const details = [
    parts.date ? t("citation-date", { date: escapeHtml(parts.date) }) : undefined,
    parts.source ? t("citation-source", { source: escapeHtml(parts.source) }) : undefined,
  ].filter((s): s is string => s !== undefined);
  const title = t("citation-document", { title: escapeHtml(parts.title) });
  return details.length > 0 ? `${title}\n<i>${details.join(" · ")}</i>` : title;
}

/** An answer's citation in the reader's language: the Russian title, date and source where reviewed. */
export function citationOf(answer: Answer, lang: Lang): CitationParts {
  if (lang === "ru") {
    return {
      title: answer.titleRu ?? answer.title,
      date: answer.dateRu ?? answer.date,
      source: answer.sourceRu ?? answer.source,
    };
  }
  return answer;
}

/** The question as a header, for answers the user did not type (buttons, inline mode). */
export function renderQuestionHeader(question: string, t: Translate): string {
  return t("answer-question", { question: escapeHtml(echo(question)) });
}

/**
 * A user's words as echoed back: cleaned, and cut at a word boundary so that
 * a long message does not fill the reply with itself.
 */
export function echo(text: string, max = ECHO_LENGTH): string {
  const clean = cleanUserText(text);
  if (clean.length <= max) return clean;
  const cut = truncate(clean, max);
  const space = cut.lastIndexOf(" ", cut.length - 2);
  return space > max / 2 ? `${cut.slice(0, space).trimEnd()}…` : cut;
}

/**
 * The quoted text of an answer in one language: the sentences it leans on in
 * italics, then each quoted sentence on its own line (a list shows item by
 * item), the words that matched in bold.
 */
function renderQuotes(answer: Answer, language: Lang): string {
  const text = (q: Quote) => (language === "ru" ? (q.ru ?? q.text) : q.text);
  const marks = (q: Quote) => (language === "ru" ? q.highlightsRu : q.highlights);
  const context = answer.context.map((q) => `<i>${escapeHtml(text(q))}</i>`);
  const quotes = answer.quotes.map((q) => renderHighlighted(text(q), marks(q)));
  return [...context, ...quotes].join("\n");
}

/**
 * The quote block of an answer. English readers get the English text. Russian
 * readers get the reviewed translation first, with the English original right
 * under it, folded (an expandable quote): the original stays the evidence, the
 * translation is marked as one.
 */
export function renderQuoteBlock(answer: Answer, lang: Lang, t: Translate): string {
  const english = renderQuotes(answer, "en");
  if (lang !== "ru" || answer.ru === undefined) return `<blockquote>${english}</blockquote>`;
  return [
    `<blockquote>${renderQuotes(answer, "ru")}</blockquote>`,
    t("answer-original"),
    `<blockquote expandable>${english}</blockquote>`,
  ].join("\n");
}

export interface AnswerRenderOptions {
  /** Shown above the quote when the question is not visible in the chat. */
  readonly question?: string | undefined;
  /** The reply hedges: it says first that the texts may not answer this. */
  readonly hedge?: boolean;
}

/**
 * One answer: optional question header, a hedge's warning, the quote (in the
 * reader's language, with the original), the citation. Fits one message.
 */
export function renderAnswer(
  answer: Answer,
  lang: Lang,
  t: Translate,
  options: AnswerRenderOptions = {},
): string {
  const parts = [
    options.question ? renderQuestionHeader(options.question, t) : undefined,
    options.hedge ? t("hedge") : undefined,
    `${renderQuoteBlock(answer, lang, t)}\n${renderCitation(citationOf(answer, lang), t)}`,
  ].filter((p): p is string => p !== undefined);
  return fitMessage(parts.join("\n\n"));
}

/** "Nothing found about «…»" plus what the bot can do; the buttons carry the rest. */
export function renderNoAnswer(question: string, t: Translate): string {
  return fitMessage(t("no-answer", { question: escapeHtml(echo(question)) }));
}
