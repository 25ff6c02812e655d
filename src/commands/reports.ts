/**
 * `npm run stats` and `npm run gaps`: the operators' reports on the command
 * line, over the same store the bot writes (the SQLite file in DATA_DIR, or
 * PostgreSQL at DATABASE_URL). QUESTION_LOG_DAYS is "all time", as in the bot.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import pino from "pino";
import { createI18n, translatorFor } from "../bot/i18n.js";
import type { Config } from "../config.js";
import { gapsCsv, gapsMarkdown } from "../ops/gaps.js";
import { formatStats, gatherStats, type StatsReport } from "../ops/stats.js";
import { DAY_MS } from "../ops/text.js";
import { htmlToPlainText } from "../render/html.js";
import type { Lang } from "../search/types.js";
import { openStore } from "../store/index.js";
import { DEFAULT_SQLITE_FILE } from "../store/sqlite.js";
import type { Gap, Store } from "../store/types.js";
import {
  type CommandSpec,
  EXIT,
  InputError,
  JSON_OPTION,
  langOption,
  UsageError,
} from "./command.js";

/** What `stats --json` prints: the report /stats shows (see StatsReport). */
export type StatsJson = StatsReport;

/** What `gaps --json` prints: the period in days, and every gap, most asked first. */
export interface GapsJson {
  readonly days: number;
  readonly gaps: readonly Gap[];
}

/**
 * Opens the bot's store for reading reports. An SQLite file that is not there
 * is not created: a report on an empty new file would only hide a wrong DATA_DIR.
 * @throws InputError saying, in one line, why it cannot.
 */
export async function openReportStore(
  config: Pick<Config, "databaseUrl" | "dataDir">,
): Promise<Store> {
  const logger = pino({ level: "silent" });
  if (config.databaseUrl !== undefined) {
    try {
      return await openStore({ databaseUrl: config.databaseUrl, logger, poolSize: 2 });
    } catch (error) {
      throw new InputError(`DATABASE_URL cannot be used: ${(error as Error).message}`);
    }
  }
  const file = join(config.dataDir, DEFAULT_SQLITE_FILE);
  if (!existsSync(file)) {
    throw new InputError(
      `DATA_DIR: no store at ${file}; point DATA_DIR (or --data-dir) at the bot's data directory, or set DATABASE_URL for PostgreSQL`,
    );
  }
  try {
    return await openStore({ dataDir: config.dataDir, logger });
  } catch (error) {
    throw new InputError(`DATA_DIR cannot be used: ${(error as Error).message}`);
  }
}

async function withReportStore<T>(config: Config, work: (store: Store) => Promise<T>) {
  const store = await openReportStore(config);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

const statsOptions = {
  lang: langOption("language of the report"),
  json: JSON_OPTION,
} as const;

/** The stats command; `now` is injectable for tests. */
export function statsCommand(now: () => number = Date.now): CommandSpec<typeof statsOptions> {
  return {
    name: "npm run stats",
    usage: "[-- options]",
    summary: "The /stats report from the bot's store: questions, answers, votes, the most asked.",
    options: statsOptions,
    settings: ["DATA_DIR", "DATABASE_URL", "QUESTION_LOG_DAYS"],
    run: ({ config, options, io }) =>
      withReportStore(config, async (store) => {
        const stats = await gatherStats(store.questions, {
          now: now(),
          retentionDays: config.questionLogDays,
        });
        if (options.json) {
          io.out(`${JSON.stringify(stats satisfies StatsJson, null, 2)}\n`);
          return EXIT.ok;
        }
        const t = translatorFor(createI18n(), (options.lang as Lang | undefined) ?? "en");
        io.out(`${htmlToPlainText(formatStats(stats, t))}\n`);
        return EXIT.ok;
      }),
  };
}

const gapsOptions = {
  days: { type: "string", value: "N", help: "the last N days (default: all the log keeps)" },
  format: {
    type: "string",
    value: "md|csv",
    choices: ["md", "csv"],
    help: "Markdown (default) or CSV",
  },
  json: JSON_OPTION,
} as const;

/** The gaps command; `now` is injectable for tests. */
export function gapsCommand(now: () => number = Date.now): CommandSpec<typeof gapsOptions> {
  return {
    name: "npm run gaps",
    usage: "[-- options]",
    summary:
      "Questions without a good answer (declined, or voted 👎), grouped, most asked first,\nfrom the bot's store.",
    options: gapsOptions,
    settings: ["DATA_DIR", "DATABASE_URL", "QUESTION_LOG_DAYS"],
    run({ config, options, io }) {
      const days = options.days === undefined ? config.questionLogDays : Number(options.days);
      if (options.days !== undefined && !(/^\d{1,4}$/u.test(options.days) && days > 0)) {
        throw new UsageError(`--days must be a whole number of days from 1, not "${options.days}"`);
      }
      if (options.json && options.format !== undefined) {
        throw new UsageError("--json and --format are two output formats; give one");
      }
      return withReportStore(config, async (store) => {
        const at = now();
        const period = { since: at - days * DAY_MS, until: at + 1 };
        const { total } = await store.questions.gaps(period, { limit: 1, offset: 0 });
        const page = { limit: Math.max(total, 1), offset: 0 };
        const { gaps } = await store.questions.gaps(period, page);
        if (options.json) {
          io.out(`${JSON.stringify({ days, gaps } satisfies GapsJson, null, 2)}\n`);
        } else {
          io.out(options.format === "csv" ? gapsCsv(gaps) : gapsMarkdown(gaps));
        }
        return EXIT.ok;
      });
    },
  };
}
