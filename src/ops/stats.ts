/**
 * /stats and `npm run stats`: what was asked and how it went, for the last
 * days and for everything the log keeps. Gathering reads the store; the
 * formatting is a pure function of the report, in either language.
 */
import { escapeHtml } from "../render/html.js";
import type { Translate } from "../render/labels.js";
import type { AskedQuestion, DayCount, QuestionLog, QuestionSummary } from "../store/types.js";
import { DAY_MS, shortText, sparkline } from "./text.js";

/** The questions of one period. */
export interface PeriodStats {
  readonly summary: QuestionSummary;
  /** The most asked questions, most first. */
  readonly top: readonly AskedQuestion[];
}

export interface StatsReport {
  readonly recentDays: number;
  /** How many days the log keeps: "all time" is that long. */
  readonly retentionDays: number;
  readonly recent: PeriodStats;
  readonly all: PeriodStats;
  /** Questions per UTC day, oldest first, days without any included. */
  readonly perDay: readonly DayCount[];
}

export interface StatsOptions {
  readonly now: number;
  readonly retentionDays: number;
  /** The recent period; 7 days by default. */
  readonly recentDays?: number;
  /** Days in the per-day line; 28 by default (the log may keep less). */
  readonly chartDays?: number;
  /** How many most asked questions per period; 5 by default. */
  readonly top?: number;
}

/** Reads the report from the question log. */
export async function gatherStats(log: QuestionLog, options: StatsOptions): Promise<StatsReport> {
  const { now, retentionDays } = options;
  const recentDays = options.recentDays ?? 7;
  const top = options.top ?? 5;
  const chartDays = Math.min(options.chartDays ?? 28, retentionDays);
  const recentPeriod = { since: now - recentDays * DAY_MS, until: now + 1 };
  const allPeriod = { since: now - retentionDays * DAY_MS, until: now + 1 };
  const today = Math.floor(now / DAY_MS);
  const [recentSummary, recentTop, allSummary, allTop, perDay] = await Promise.all([
    log.summary(recentPeriod),
    log.topQuestions(recentPeriod, top),
    log.summary(allPeriod),
    log.topQuestions(allPeriod, top),
    log.perDay({ since: (today - chartDays + 1) * DAY_MS, until: now + 1 }),
  ]);
  return {
    recentDays,
    retentionDays,
    recent: { summary: recentSummary, top: recentTop },
    all: { summary: allSummary, top: allTop },
    perDay,
  };
}

/** `n (p%)` of a total. */
function share(n: number, total: number): string {
  return total === 0 ? "0" : `${n} (${Math.round((100 * n) / total)}%)`;
}

const REASON_LABELS = {
  wrong_passage: "button-reason-wrong-passage",
  not_answered: "button-reason-not-answered",
  outdated: "button-reason-outdated",
  other: "button-reason-other",
} as const;

function periodLines(
  period: PeriodStats,
  heading: string,
  t: Translate,
  logTexts: boolean,
): string[] {
  const { summary, top } = period;
  const lines = [heading];
  if (summary.questions === 0 && summary.votes.up + summary.votes.down === 0) {
    lines.push(t("stats-empty"));
    return lines;
  }
  const { questions, byTier } = summary;
  lines.push(
    t("stats-questions", {
      questions,
      answered: share(byTier.confident, questions),
      hedged: share(byTier.hedged, questions),
      declined: share(byTier.declined, questions),
    }),
    t("stats-votes", { up: summary.votes.up, down: summary.votes.down }),
  );
  const reasons = (Object.keys(REASON_LABELS) as (keyof typeof REASON_LABELS)[])
    .filter((r) => summary.downReasons[r] > 0)
    .map((r) => `${escapeHtml(t(REASON_LABELS[r]))} ${summary.downReasons[r]}`);
  if (reasons.length > 0) lines.push(t("stats-reasons", { reasons: reasons.join(" · ") }));
  if (summary.byLanguage.length > 0) {
    const languages = summary.byLanguage
      .map((l) => `${escapeHtml(l.language)} ${l.questions}`)
      .join(" · ");
    lines.push(t("stats-languages", { languages }));
  }
  if (top.length === 0) {
    if (questions > 0 && !logTexts) lines.push(t("stats-top-none"));
    return lines;
  }
  lines.push(t("stats-top"));
  for (const q of top) {
    lines.push(t("stats-top-item", { count: q.asked, question: escapeHtml(shortText(q.text)) }));
  }
  return lines;
}

/** The report as one Telegram HTML message (well under 4096 characters). */
export function formatStats(report: StatsReport, t: Translate, logTexts = true): string {
  const days = report.perDay;
  const first = days[0]?.day ?? "";
  const last = days.at(-1)?.day ?? "";
  const counts = days.map((d) => d.questions);
  return [
    t("stats-title"),
    ...(logTexts ? [] : [t("stats-texts-off")]),
    "",
    ...periodLines(
      report.recent,
      t("stats-period-recent", { days: report.recentDays }),
      t,
      logTexts,
    ),
    "",
    ...periodLines(report.all, t("stats-period-all", { days: report.retentionDays }), t, logTexts),
    "",
    t("stats-per-day", { from: first, to: last, max: Math.max(0, ...counts) }),
    sparkline(counts),
  ].join("\n");
}
