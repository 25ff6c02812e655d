/**
 * Answers as Telegram HTML: the quoted passage with the matched words in bold,
 * then a localized citation line.
 */
import type { Answer, Highlight } from "../search/types.js";
import { cleanUserText, escapeHtml, isHighSurrogate, truncate } from "./html.js";
import type { Translate } from "./labels.js";
import { fitMessage } from "./limits.js";

/** How much of a user's question is echoed back (in headers and "nothing found" notes). */
export const ECHO_LENGTH = 120;

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

/** The question as a header, for answers the user did not type (buttons, inline mode). */
export function renderQuestionHeader(question: string, t: Translate): string {
  return t("answer-question", {
    question: escapeHtml(truncate(cleanUserText(question), ECHO_LENGTH)),
  });
}

export interface AnswerRenderOptions {
  /** Shown above the quote when the question is not visible in the chat. */
  readonly question?: string | undefined;
}

/** One answer: optional question header, the quote in a blockquote, the citation. Fits one message. */
export function renderAnswer(
  answer: Answer,
  t: Translate,
  options: AnswerRenderOptions = {},
): string {
  const header = options.question ? `${renderQuestionHeader(options.question, t)}\n\n` : "";
  const quote = `<blockquote>${renderHighlighted(answer.text, answer.highlights)}</blockquote>`;
  return fitMessage(`${header}${quote}\n${renderCitation(answer, t)}`);
}

/** "Nothing found about …" plus what the bot can do; the buttons carry the rest. */
export function renderNoAnswer(question: string, t: Translate): string {
  return fitMessage(
    t("no-answer", { question: escapeHtml(truncate(cleanUserText(question), ECHO_LENGTH)) }),
  );
}
