/**
 * npm run eval -- [--file F.jsonl] [--json] [--knowledge DIR] [--bot]
 * Scores the search on a question set (default: eval/dev.jsonl, in the
 * repository); with --bot, the whole bot, reply by reply (see eval-bot.ts).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createLogger } from "../logger.js";
import {
  type EvalReport,
  evaluate,
  parseEvalFile,
  type Scores,
  UNANSWERABLE_KINDS,
} from "../search/evaluate.js";
import { openSearch } from "../search/open.js";
import { type BotOutcome, type BotReport, evaluateThroughBot } from "./eval-bot.js";
import { quietOnClosedPipe } from "./pipe.js";

quietOnClosedPipe();

const DEFAULT_FILE = "eval/dev.jsonl";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      file: { type: "string", default: DEFAULT_FILE },
      knowledge: { type: "string", default: "knowledge" },
      json: { type: "boolean", default: false },
      bot: { type: "boolean", default: false },
    },
  });
  const file = values.file as string;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    console.error(`Cannot read ${file}: pass an existing JSON Lines file with --file`);
    process.exit(1);
  }
  const engine = openSearch(values.knowledge as string);
  const items = parseEvalFile(text, file);
  if (values.bot) {
    const logger = createLogger({ level: "silent" });
    const report = await evaluateThroughBot(items, {
      search: engine,
      logger,
      config: { botApiRoot: "http://127.0.0.1:1" },
    });
    console.log(formatBotReport(report, file));
    return;
  }
  const report = evaluate(engine, items);
  if (values.json) {
    const { outcomes: _outcomes, ...summary } = report;
    console.log(
      JSON.stringify(
        {
          ...summary,
          misses: report.misses.map((m) => ({
            id: m.item.id,
            question: m.item.question,
            expected: m.item.answer_any,
            declined: m.declined,
            rank: m.rank,
            firstAnswer: m.firstAnswer,
          })),
        },
        null,
        2,
      ),
    );
    return;
  }
  console.log(formatReport(report, file));
}

function formatBotReport(report: BotReport, file: string): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const is = (lang: string) => (o: BotOutcome) => o.item.lang === lang;
  const kinds = [...new Set(report.outcomes.map((o) => o.item.kind))].sort();
  const lines = [
    `Sent ${report.outcomes.length} questions from ${file} to the bot`,
    "",
    `first reply right      ${pct(report.rightShare())} (en ${pct(report.rightShare(is("en")))}, ru ${pct(report.rightShare(is("ru")))})`,
    ...kinds
      .filter((k) => !UNANSWERABLE_KINDS.has(k))
      .map((k) => `  kind ${k.padEnd(16)} ${pct(report.rightShare((o) => o.item.kind === k))}`),
    `unanswerable declined ${pct(report.declinedShare)}`,
    `answers in Russian    ${pct(report.russianShare)} of the answers Russian speakers got`,
    `reply latency         p50 ${report.latency.p50.toFixed(1)} ms, p95 ${report.latency.p95.toFixed(1)} ms, max ${report.latency.max.toFixed(1)} ms`,
    "",
  ];
  const misses = report.outcomes.filter((o) =>
    UNANSWERABLE_KINDS.has(o.item.kind) ? !o.declined : !o.right,
  );
  lines.push(misses.length === 0 ? "No misses." : `Misses (${misses.length}):`);
  for (const miss of misses) {
    lines.push(`- ${miss.item.id} [${miss.item.lang}/${miss.item.kind}] ${miss.item.question}`);
    lines.push(`    reply: ${miss.reply.replace(/\s+/gu, " ").slice(0, 160)}`);
  }
  return lines.join("\n");
}

function formatReport(report: EvalReport, file: string): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
  const row = (name: string, s: Scores) =>
    `${name.padEnd(14)}${String(s.count).padStart(4)} ${pct(s.hit1)} ${pct(s.hit3)} ${s.mrr.toFixed(3).padStart(7)} ${pct(s.declineAccuracy)}`;
  const lines = [
    `Evaluated ${report.overall.count} questions from ${file}`,
    "",
    `${"".padEnd(14)}   n   hit@1   hit@3     MRR decline`,
    row("overall", report.overall),
    ...Object.entries(report.byLang).map(([k, s]) => row(`lang ${k}`, s)),
    ...Object.entries(report.byKind).map(([k, s]) => row(`kind ${k}`, s)),
    "",
    report.misses.length === 0 ? "No misses." : `Misses (${report.misses.length}):`,
  ];
  for (const miss of report.misses) {
    const what = miss.declined
      ? `${miss.tier === "hedge" ? "hedged" : "declined"} (${miss.reason})`
      : UNANSWERABLE_KINDS.has(miss.item.kind)
        ? "answered a question the texts cannot answer"
        : `rank ${miss.rank ?? "-"}`;
    lines.push(`- ${miss.item.id} [${miss.item.lang}/${miss.item.kind}] ${miss.item.question}`);
    lines.push(`    ${what}; expected ${JSON.stringify(miss.item.answer_any)}`);
    if (miss.firstAnswer) lines.push(`    first answer: ${miss.firstAnswer.slice(0, 160)}`);
  }
  return lines.join("\n");
}

await main();
