/** The operators' reports as pure functions: the text formats, CSV and Markdown, the sparkline. */
import { describe, expect, it } from "vitest";
import {
  closedNow,
  formatGapsPage,
  type GapsPage,
  gapsCsv,
  gapsMarkdown,
} from "../../src/ops/gaps.js";
import { formatStats, type StatsReport } from "../../src/ops/stats.js";
import { shortText, sparkline } from "../../src/ops/text.js";
import type { Gap, QuestionSummary } from "../../src/store/types.js";
import { parseTelegramHtml } from "../../src/telegram-sim/index.js";
import { tEn, tRu } from "../render/translate.js";

const summary = (over: Partial<QuestionSummary> = {}): QuestionSummary => ({
  questions: 0,
  byTier: { confident: 0, hedged: 0, declined: 0 },
  byLanguage: [],
  votes: { up: 0, down: 0 },
  downReasons: { wrong_passage: 0, not_answered: 0, outdated: 0, other: 0 },
  ...over,
});

const REPORT: StatsReport = {
  recentDays: 7,
  retentionDays: 90,
  recent: {
    summary: summary({
      questions: 4,
      byTier: { confident: 2, hedged: 1, declined: 1 },
      byLanguage: [
        { language: "ru", questions: 3, confident: 2, hedged: 0, declined: 1 },
        { language: "en", questions: 1, confident: 0, hedged: 1, declined: 0 },
      ],
      votes: { up: 3, down: 2 },
      downReasons: { wrong_passage: 1, not_answered: 0, outdated: 0, other: 1 },
    }),
    top: [{ normalized: "x", text: "<b>Когда</b> & что?", asked: 3, lastAskedAt: 0 }],
  },
  all: { summary: summary(), top: [] },
  perDay: [
    { day: "2026-01-01", questions: 0 },
    { day: "2026-01-02", questions: 1 },
    { day: "2026-01-03", questions: 8 },
  ],
};

describe("/stats text", () => {
  it("reads in English, user texts escaped, empty periods said so", () => {
    const html = formatStats(REPORT, tEn);
    const { text } = parseTelegramHtml(html, { strict: true });
    expect(text).toBe(
      [
        "📊 Questions and answers",
        "",
        "Last 7 days",
        "Questions: 4 — answered 2 (50%), not sure 1 (25%), not answered 1 (25%)",
        "Votes: 👍 3 · 👎 2",
        "Why 👎: Wrong passage 1 · Something else 1",
        "By language: ru 3 · en 1",
        "Most asked:",
        "3 × <b>Когда</b> & что?",
        "",
        "All time (the log keeps 90 days)",
        "No questions.",
        "",
        "Questions per day, 2026-01-01 to 2026-01-03 (UTC; at most 8 a day):",
        "▁▂█",
      ].join("\n"),
    );
  });

  it("reads in Russian", () => {
    const { text } = parseTelegramHtml(formatStats(REPORT, tRu), { strict: true });
    expect(text).toContain("Вопросов: 4 — ответ 2 (50%), не уверен 1 (25%), без ответа 1 (25%)");
    expect(text).toContain("Почему 👎: Не тот отрывок 1 · Другое 1");
    expect(text).toContain("По языкам: ru 3 · en 1");
    expect(text).toContain("За всё время (журнал хранит дней: 90)\nВопросов нет.");
  });
});

describe("sparkline", () => {
  it("gives the lowest bar to none and scales the rest to the largest", () => {
    expect(sparkline([0, 1, 2, 4, 8])).toBe("▁▂▃▅█");
    expect(sparkline([0, 0])).toBe("▁▁");
    expect(sparkline([1, 1000])).toBe("▂█");
    expect(sparkline([])).toBe("");
  });

  it("cuts long texts at a word, on one line", () => {
    expect(shortText("a\nb  c")).toBe("a b c");
    expect(shortText("one two three four", 10)).toBe("one two…");
  });
});

const GAPS: Gap[] = [
  {
    normalized: "population: population tomsk",
    text: 'What is the "population" of Tomsk, | exactly?',
    asked: 3,
    declined: 3,
    downVoted: 0,
    lastAskedAt: Date.UTC(2026, 0, 2, 10, 30),
  },
  {
    normalized: "quantity: cluster",
    text: "how many clusters",
    asked: 1,
    declined: 0,
    downVoted: 1,
    lastAskedAt: Date.UTC(2026, 0, 1),
  },
];

describe("gaps", () => {
  it("close when a question only ever declined is answered now; a 👎 stays open", () => {
    const [declined, downVoted] = GAPS as [Gap, Gap];
    expect(closedNow(declined, () => true)).toBe(true);
    expect(closedNow(declined, () => false)).toBe(false);
    expect(closedNow(downVoted, () => true)).toBe(false);
  });

  it("as CSV, quoted where needed", () => {
    expect(gapsCsv(GAPS).split("\r\n")).toEqual([
      "asked,declined,down_voted,last_asked,question,normalized",
      '3,3,0,2026-01-02T10:30:00.000Z,"What is the ""population"" of Tomsk, | exactly?",population: population tomsk',
      "1,0,1,2026-01-01T00:00:00.000Z,how many clusters,quantity: cluster",
      "",
    ]);
  });

  it("as a Markdown table, pipes escaped", () => {
    expect(gapsMarkdown(GAPS).split("\n")[2]).toBe(
      '| 3 | 3 | 0 | 2026-01-02T10:30:00.000Z | What is the "population" of Tomsk, \\| exactly? | population: population tomsk |',
    );
  });

  it("as a numbered page of the bot, continuing the numbers on later pages", () => {
    const page: GapsPage = { days: 90, page: 1, pages: 2, total: 10, gaps: GAPS, offset: 8 };
    const { text } = parseTelegramHtml(formatGapsPage(page, tEn), { strict: true });
    expect(text.split("\n").slice(2, 4)).toEqual([
      '9. What is the "population" of Tomsk, | exactly? — asked 3 ×: not answered 3, 👎 0; last 2026-01-02 10:30 UTC',
      "10. how many clusters — asked 1 ×: not answered 0, 👎 1; last 2026-01-01 00:00 UTC",
    ]);
    const marked = formatGapsPage({ ...page, answeredNow: [true, false] }, tEn);
    expect(marked.split("\n")[2]).toMatch(/UTC ✅ answered now$/u);
    expect(marked.split("\n")[3]).toMatch(/UTC$/u);
    const empty = { ...page, total: 0, gaps: [] };
    expect(formatGapsPage(empty, tRu)).toMatch(/пробелов нет/u);
    expect(formatGapsPage(empty, tEn, false)).toMatch(/LOG_QUESTIONS=false/u);
  });
});
