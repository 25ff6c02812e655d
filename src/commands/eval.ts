/**
 * `npm run eval`: scores the search on a question set (default
 * eval/dev.jsonl); with --bot, the whole bot, first reply by first reply
 * (see eval-bot.ts). Plain text for people, --json for tools.
 */
import { readFileSync } from "node:fs";
import { createLogger } from "../logger.js";
import {
  type EvalItem,
  type EvalReport,
  evaluate,
  parseEvalFile,
  type Scores,
  UNANSWERABLE_KINDS,
} from "../search/evaluate.js";
import { type CommandSpec, EXIT, InputError, JSON_OPTION } from "./command.js";
import { type BotOutcome, type BotReport, evaluateThroughBot } from "./eval-bot.js";
import { openCommandSearch } from "./knowledge.js";

const DEFAULT_FILE = "eval/dev.jsonl";

/** What both reports say of a question they missed. */
export interface EvalMissJson {
  readonly id: string;
  readonly language: string;
  readonly kind: string;
  readonly question: string;
}

/** What both reports start with. */
interface EvalJsonHead {
  readonly file: string;
  readonly questions: number;
}

/** What `eval --json` prints when scoring the search. Shares in 0-1. */
export interface EvalSearchJson extends EvalJsonHead {
  readonly mode: "search";
  readonly overall: Scores;
  readonly byLanguage: Readonly<Record<string, Scores>>;
  readonly byKind: Readonly<Record<string, Scores>>;
  readonly misses: readonly (EvalMissJson & {
    readonly expected: readonly string[];
    readonly outcome: "answer" | "hedge" | "decline";
    readonly reason: string;
    /** Rank of the first right answer, or null. */
    readonly rank: number | null;
    readonly firstAnswer: string | null;
  })[];
}

/** What `eval --bot --json` prints when scoring the bot's first replies. Shares in 0-1. */
export interface EvalBotJson extends EvalJsonHead {
  readonly mode: "bot";
  /** Answerable questions whose first reply is an answer holding an expected fact. */
  readonly firstReplyRight: number;
  readonly byLanguage: Readonly<Record<string, number>>;
  readonly byKind: Readonly<Record<string, number>>;
  /** Unanswerable questions that got "not sure" or "nothing found". */
  readonly unanswerableDeclined: number;
  /** Answers to Russian speakers that showed the passage in Russian. */
  readonly russianAnswersInRussian: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly max: number };
  readonly misses: readonly (EvalMissJson & { readonly reply: string })[];
}

const options = {
  file: {
    type: "string",
    value: "FILE",
    help: `JSON Lines question set (default ${DEFAULT_FILE})`,
  },
  bot: {
    type: "boolean",
    help: "send the questions through the whole bot and score its first replies",
  },
  json: JSON_OPTION,
} as const;

/** The eval command. */
export const evalCommand: CommandSpec<typeof options> = {
  name: "npm run eval",
  usage: "[-- options]",
  summary:
    "Scores the answers on a question set: the search alone (hit@1, hit@3, MRR, declines),\nor with --bot the first reply of the whole bot.",
  options,
  settings: ["KNOWLEDGE_DIR"],
  async run({ config, options, io }) {
    const file = options.file ?? DEFAULT_FILE;
    const items = readItems(file);
    const engine = openCommandSearch(config);
    if (options.bot) {
      const report = await evaluateThroughBot(items, {
        search: engine,
        logger: createLogger({ level: "silent" }),
        // The simulator answers every call; an unreachable root keeps any slip off the network.
        config: { botApiRoot: "http://127.0.0.1:1" },
      });
      io.out(
        options.json
          ? `${JSON.stringify(botJson(report, file), null, 2)}\n`
          : `${formatBotReport(report, file)}\n`,
      );
      return EXIT.ok;
    }
    const report = evaluate(engine, items);
    io.out(
      options.json
        ? `${JSON.stringify(searchJson(report, file), null, 2)}\n`
        : `${formatReport(report, file)}\n`,
    );
    return EXIT.ok;
  },
};

function readItems(file: string): EvalItem[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new InputError(`--file ${file} cannot be read (${code}): pass a JSON Lines question set`);
  }
  try {
    return parseEvalFile(text, file);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
}

/** The stable JSON of a search report (see EvalSearchJson). */
export function searchJson(report: EvalReport, file: string): EvalSearchJson {
  return {
    mode: "search",
    file,
    questions: report.overall.count,
    overall: report.overall,
    byLanguage: report.byLang,
    byKind: report.byKind,
    misses: report.misses.map((m) => ({
      id: m.item.id,
      language: m.item.lang,
      kind: m.item.kind,
      question: m.item.question,
      expected: m.item.answer_any,
      outcome: m.tier,
      reason: m.reason,
      rank: m.rank,
      firstAnswer: m.firstAnswer ?? null,
    })),
  };
}

/** The stable JSON of a bot report (see EvalBotJson). */
export function botJson(report: BotReport, file: string): EvalBotJson {
  const groups = (key: (o: BotOutcome) => string) => {
    const names = [...new Set(report.outcomes.filter(answerable).map(key))].sort();
    return Object.fromEntries(names.map((n) => [n, report.rightShare((o) => key(o) === n)]));
  };
  return {
    mode: "bot",
    file,
    questions: report.outcomes.length,
    firstReplyRight: report.rightShare(),
    byLanguage: groups((o) => o.item.lang),
    byKind: groups((o) => o.item.kind),
    unanswerableDeclined: report.declinedShare,
    russianAnswersInRussian: report.russianShare,
    latencyMs: report.latency,
    misses: report.outcomes.filter(missed).map((o) => ({
      id: o.item.id,
      language: o.item.lang,
      kind: o.item.kind,
      question: o.item.question,
      reply: o.reply,
    })),
  };
}

const answerable = (o: BotOutcome) => !UNANSWERABLE_KINDS.has(o.item.kind);
const missed = (o: BotOutcome) => (answerable(o) ? !o.right : !o.declined);

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
  const misses = report.outcomes.filter(missed);
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
