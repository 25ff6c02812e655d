/**
 * /gaps and `npm run gaps`: the questions the bot declined or whose answer
 * got 👎, grouped by the search's reading of them, most frequent first. Each
 * is a candidate for a new stored question or card. Gathering reads the
 * store; the formats (Telegram HTML, CSV, Markdown) are pure.
 */
import { escapeHtml } from "../render/html.js";
import type { Translate } from "../render/labels.js";
import type { Gap, QuestionLog } from "../store/types.js";
import { DAY_MS, formatTime, shortText } from "./text.js";

/** Gaps per page of /gaps. */
export const GAPS_PER_PAGE = 8;

export interface GapsPage {
  readonly days: number;
  readonly page: number;
  readonly pages: number;
  /** Groups in all. */
  readonly total: number;
  readonly gaps: readonly Gap[];
  /** Position of the first gap of the page, from 0. */
  readonly offset: number;
  /**
   * Per gap of the page: whether the knowledge in use answers it now (its
   * latest wording asked again), so an operator sees a gap close right after
   * /reload rather than when someone next asks.
   */
  readonly answeredNow?: readonly boolean[];
}

/**
 * Whether a gap is closed by the knowledge in use: a question that was only
 * ever declined and is answered now. A 👎 is about an answer given, which a
 * new answer may or may not fix, so those stay open.
 */
export function closedNow(gap: Gap, answers: (question: string) => boolean): boolean {
  return gap.downVoted === 0 && answers(gap.text);
}

/** One page of gaps of the last `days` days; a page past the end shows the last one. */
export async function gatherGaps(
  log: QuestionLog,
  {
    now,
    days,
    page,
    perPage = GAPS_PER_PAGE,
  }: { now: number; days: number; page: number; perPage?: number },
): Promise<GapsPage> {
  const period = { since: now - days * DAY_MS, until: now + 1 };
  let wanted = Math.max(0, page);
  let found = await log.gaps(period, { limit: perPage, offset: wanted * perPage });
  const pages = Math.max(1, Math.ceil(found.total / perPage));
  if (wanted >= pages) {
    wanted = pages - 1;
    found = await log.gaps(period, { limit: perPage, offset: wanted * perPage });
  }
  return {
    days,
    page: wanted,
    pages,
    total: found.total,
    gaps: found.gaps,
    offset: wanted * perPage,
  };
}

/** A page of gaps as a Telegram HTML message. */
export function formatGapsPage(page: GapsPage, t: Translate, logTexts = true): string {
  if (page.total === 0) return t(logTexts ? "gaps-empty" : "gaps-texts-off", { days: page.days });
  const lines = [t("gaps-title", { days: page.days, total: page.total }), ""];
  page.gaps.forEach((gap, i) => {
    const closed = page.answeredNow?.[i] === true ? ` ${t("gaps-answered-now")}` : "";
    lines.push(
      t("gaps-item", {
        n: page.offset + i + 1,
        question: escapeHtml(shortText(gap.text)),
        count: gap.asked,
        declined: gap.declined,
        down: gap.downVoted,
        last: formatTime(gap.lastAskedAt),
      }) + closed,
    );
  });
  lines.push("", t("gaps-next"));
  return lines.join("\n");
}

/** A CSV field, quoted when it needs to be (RFC 4180). */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const COLUMNS = ["asked", "declined", "down_voted", "last_asked", "question", "normalized"];

function row(gap: Gap): (string | number)[] {
  return [
    gap.asked,
    gap.declined,
    gap.downVoted,
    new Date(gap.lastAskedAt).toISOString(),
    gap.text,
    gap.normalized,
  ];
}

/** Gaps as CSV, a header line first. */
export function gapsCsv(gaps: readonly Gap[]): string {
  return `${[COLUMNS, ...gaps.map(row)].map((r) => r.map(csvField).join(",")).join("\r\n")}\r\n`;
}

/** A Markdown table cell: one line, pipes escaped. */
function mdCell(value: string | number): string {
  return String(value).replace(/\s+/gu, " ").replaceAll("\\", "\\\\").replaceAll("|", "\\|");
}

/** Gaps as a Markdown table. */
export function gapsMarkdown(gaps: readonly Gap[]): string {
  const lines = [
    `| ${COLUMNS.join(" | ")} |`,
    `| ${COLUMNS.map(() => "---").join(" | ")} |`,
    ...gaps.map((gap) => `| ${row(gap).map(mdCell).join(" | ")} |`),
  ];
  return `${lines.join("\n")}\n`;
}
