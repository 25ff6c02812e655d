/**
 * `npm run stats` and `npm run gaps`: the operators' reports on the command
 * line, over the same store the bot writes (the SQLite file in DATA_DIR, or
 * PostgreSQL at DATABASE_URL). The entry files (src/cli/stats.ts, gaps.ts)
 * hand over argv, the environment and the output; everything else is here,
 * so it is tested in process.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { createI18n, translatorFor } from "../bot/i18n.js";
import { formatConfigProblems, parseConfig } from "../config.js";
import { htmlToPlainText } from "../render/html.js";
import type { Lang } from "../search/types.js";
import { openStore } from "../store/index.js";
import { DEFAULT_SQLITE_FILE } from "../store/sqlite.js";
import type { Store } from "../store/types.js";
import { gapsCsv, gapsMarkdown } from "./gaps.js";
import { formatStats, gatherStats } from "./stats.js";
import { DAY_MS } from "./text.js";

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

type Env = Readonly<Record<string, string | undefined>>;

const value = (env: Env, name: string) => {
  const v = env[name]?.trim();
  return v === undefined || v === "" ? undefined : v;
};

/**
 * Opens the bot's store for reading reports, or says in one line why it
 * cannot. An SQLite file that is not there is not created: a report on an
 * empty new file would only hide a wrong DATA_DIR.
 */
export async function openReportStore(env: Env): Promise<Store | string> {
  const databaseUrl = value(env, "DATABASE_URL");
  const logger = pino({ level: "silent" });
  if (databaseUrl !== undefined) {
    if (!/^postgres(?:ql)?:\/\//u.test(databaseUrl)) {
      return "DATABASE_URL must be a PostgreSQL URL: postgres://user:password@host:5432/database";
    }
    try {
      return await openStore({ databaseUrl, logger, poolSize: 2 });
    } catch (error) {
      return `DATABASE_URL: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const dataDir = value(env, "DATA_DIR") ?? "data";
  const file = join(dataDir, DEFAULT_SQLITE_FILE);
  if (!existsSync(file)) {
    return `DATA_DIR: no store at ${file}; point DATA_DIR at the bot's data directory, or set DATABASE_URL for PostgreSQL`;
  }
  try {
    return await openStore({ dataDir, logger });
  } catch (error) {
    return `DATA_DIR: ${error instanceof Error ? error.message : String(error)}`;
  }
}

interface ReportArgs {
  days?: number;
  format?: "csv" | "md";
  lang?: Lang;
}

const USAGE = {
  stats: "usage: npm run stats [-- --lang en|ru]",
  gaps: "usage: npm run gaps [-- --days N] [--format csv|md]",
} as const;

/** Reads `--days N`, `--format csv|md`, `--lang en|ru` (as the report allows), or says what is wrong. */
export function parseReportArgs(
  argv: readonly string[],
  report: "stats" | "gaps",
): ReportArgs | string {
  const args: ReportArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = argv[i + 1];
    if (
      report === "gaps" &&
      flag === "--days" &&
      next !== undefined &&
      /^\d{1,4}$/u.test(next) &&
      Number(next) > 0
    ) {
      args.days = Number(next);
    } else if (report === "gaps" && flag === "--format" && (next === "csv" || next === "md")) {
      args.format = next;
    } else if (report === "stats" && flag === "--lang" && (next === "en" || next === "ru")) {
      args.lang = next;
    } else {
      return `${flag === undefined ? "" : `unexpected ${flag}${next === undefined ? "" : ` ${next}`}; `}${USAGE[report]}`;
    }
    i++;
  }
  return args;
}

/** QUESTION_LOG_DAYS, checked as the bot checks it. */
function retentionDays(env: Env): number | string {
  const parsed = parseConfig({ QUESTION_LOG_DAYS: env.QUESTION_LOG_DAYS }, { requireToken: false });
  return parsed.ok ? parsed.config.questionLogDays : formatConfigProblems(parsed.problems);
}

/**
 * Runs one report: its flags and QUESTION_LOG_DAYS checked, the store opened
 * and closed around `work`. Returns the exit code.
 */
async function report(
  which: "stats" | "gaps",
  argv: readonly string[],
  env: Env,
  io: CliIo,
  work: (store: Store, args: ReportArgs, retention: number) => Promise<void>,
): Promise<number> {
  const args = parseReportArgs(argv, which);
  const retention = retentionDays(env);
  if (typeof args === "string" || typeof retention === "string") {
    io.err(typeof args === "string" ? args : String(retention));
    return 1;
  }
  const store = await openReportStore(env);
  if (typeof store === "string") {
    io.err(store);
    return 1;
  }
  try {
    await work(store, args, retention);
    return 0;
  } finally {
    await store.close();
  }
}

/** `npm run stats`: the /stats report as plain text. Returns the exit code. */
export function runStats(argv: readonly string[], env: Env, io: CliIo, now = Date.now()) {
  return report("stats", argv, env, io, async (store, args, retentionDays) => {
    const stats = await gatherStats(store.questions, { now, retentionDays });
    const t = translatorFor(createI18n(), args.lang ?? "en");
    io.out(`${htmlToPlainText(formatStats(stats, t))}\n`);
  });
}

/** `npm run gaps`: every gap of the last N days (default: all the log keeps), as Markdown or CSV. */
export function runGaps(argv: readonly string[], env: Env, io: CliIo, now = Date.now()) {
  return report("gaps", argv, env, io, async (store, args, retention) => {
    const days = args.days ?? retention;
    const period = { since: now - days * DAY_MS, until: now + 1 };
    const { total } = await store.questions.gaps(period, { limit: 1, offset: 0 });
    const { gaps } = await store.questions.gaps(period, { limit: Math.max(total, 1), offset: 0 });
    io.out(args.format === "csv" ? gapsCsv(gaps) : gapsMarkdown(gaps));
  });
}

/** The process's own output, for the entry files. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(`${text}\n`),
};
