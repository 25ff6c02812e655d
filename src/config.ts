/**
 * Configuration: parsed once, from the environment, by one pure function.
 * Every problem is reported by variable name with what to do about it.
 */

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface WebhookConfig {
  /** Public HTTPS URL Telegram posts updates to. */
  readonly url: string;
  /** Sent back by Telegram in X-Telegram-Bot-Api-Secret-Token; 1–256 of A-Z a-z 0-9 _ -. */
  readonly secret: string;
}

export interface Config {
  /** Absent only when the caller did not require it (the local chat needs none). */
  readonly botToken?: string;
  /** Root of the Bot API: Telegram's, a self-hosted Bot API server, or a local fake in tests. */
  readonly botApiRoot: string;
  readonly mode: "polling" | "webhook";
  /** Present exactly when mode is "webhook". */
  readonly webhook?: WebhookConfig;
  /** Where the webhook server (or, in polling mode, the health endpoints) listens. */
  readonly host: string;
  /**
   * The port of the webhook server (8080 unless PORT says otherwise), or of
   * the health endpoints in polling mode: absent there unless PORT is set.
   */
  readonly port?: number;
  readonly logLevel: LogLevel;
  readonly knowledgeDir: string;
  /** Where the SQLite store is kept (bot.sqlite) when there is no DATABASE_URL. */
  readonly dataDir: string;
  /** Telegram user ids allowed /stats, /gaps and /reload (in a private chat with the bot). */
  readonly adminIds: readonly number[];
  /** How many days questions and votes are kept in the question log. */
  readonly questionLogDays: number;
  /** Whether question texts are logged; when false only how each was answered is kept. */
  readonly logQuestions: boolean;
  /** PostgreSQL (postgres://…): the store shared by every replica; SQLite in dataDir when absent. */
  readonly databaseUrl?: string;
}

/** One problem with one variable. */
export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: Config }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

export interface ParseConfigOptions {
  /** The local chat talks to no server, so it runs without a token. */
  readonly requireToken?: boolean;
}

export const DEFAULT_API_ROOT = "https://api.telegram.org";

const TOKEN = /^\d{3,}:[A-Za-z0-9_-]{20,}$/u;
const SECRET = /^[A-Za-z0-9_-]{1,256}$/u;

/**
 * Parses the environment into a frozen Config, or lists every problem found.
 * Unset and empty variables are treated alike, as `.env` files often leave them empty.
 */
export function parseConfig(
  env: Readonly<Record<string, string | undefined>>,
  { requireToken = true }: ParseConfigOptions = {},
): ConfigResult {
  const problems: ConfigProblem[] = [];
  const problem = (variable: string, message: string) => problems.push({ variable, message });
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };

  const botToken = get("BOT_TOKEN");
  if (botToken === undefined) {
    if (requireToken) {
      problem(
        "BOT_TOKEN",
        "is missing: get one from @BotFather and put it in .env (to try the bot locally, run npm run chat)",
      );
    }
  } else if (!TOKEN.test(botToken)) {
    // The value itself is never echoed: it may be a real token with a typo.
    problem("BOT_TOKEN", "is malformed: expected <digits>:<secret> exactly as @BotFather gave it");
  }

  const botApiRoot = (get("BOT_API_ROOT") ?? DEFAULT_API_ROOT).replace(/\/+$/u, "");
  if (!isHttpUrl(botApiRoot)) {
    problem("BOT_API_ROOT", "must be an http(s) URL such as https://api.telegram.org");
  }

  const mode = get("BOT_MODE") ?? "polling";
  if (mode !== "polling" && mode !== "webhook") {
    problem("BOT_MODE", `must be "polling" or "webhook", not "${mode}"`);
  }

  let webhook: WebhookConfig | undefined;
  const webhookUrl = get("WEBHOOK_URL");
  const webhookSecret = get("WEBHOOK_SECRET");
  if (mode === "webhook") {
    if (webhookUrl === undefined) {
      problem(
        "WEBHOOK_URL",
        "is missing: webhook mode needs the public https:// URL Telegram posts to",
      );
    } else if (!isHttpUrl(webhookUrl)) {
      problem("WEBHOOK_URL", "must be an https:// URL (http:// only for a local Bot API server)");
    }
    if (webhookSecret === undefined) {
      problem(
        "WEBHOOK_SECRET",
        "is missing: webhook mode needs a secret of 1-256 characters A-Z a-z 0-9 _ -",
      );
    } else if (!SECRET.test(webhookSecret)) {
      problem("WEBHOOK_SECRET", "must be 1-256 characters of A-Z a-z 0-9 _ -");
    }
    if (webhookUrl !== undefined && webhookSecret !== undefined) {
      webhook = Object.freeze({ url: webhookUrl, secret: webhookSecret });
    }
  }

  const host = get("HOST") ?? "0.0.0.0";
  // Polling mode needs no port: it serves /healthz and /readyz only when PORT is set.
  const portText = get("PORT") ?? (mode === "webhook" ? "8080" : undefined);
  const port = portText === undefined ? undefined : Number(portText);
  if (
    portText !== undefined &&
    (!/^\d+$/u.test(portText) || !(Number(port) >= 1 && Number(port) <= 65535))
  ) {
    problem("PORT", `must be a whole number from 1 to 65535, not "${portText}"`);
  }

  const logLevel = (get("LOG_LEVEL") ?? "info").toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problem("LOG_LEVEL", `must be one of ${LOG_LEVELS.join(", ")}, not "${logLevel}"`);
  }

  const knowledgeDir = get("KNOWLEDGE_DIR") ?? "knowledge";
  const dataDir = get("DATA_DIR") ?? "data";
  const databaseUrl = get("DATABASE_URL");
  if (databaseUrl !== undefined && !isPostgresUrl(databaseUrl)) {
    // The value is not echoed: it may hold a password.
    problem(
      "DATABASE_URL",
      "must be a PostgreSQL URL such as postgres://user:password@host:5432/database (leave it unset to keep the store in DATA_DIR)",
    );
  }

  const adminIds = parseAdminIds(get("ADMIN_IDS"), problem);

  const daysText = get("QUESTION_LOG_DAYS") ?? "90";
  const questionLogDays = Number(daysText);
  if (!/^\d+$/u.test(daysText) || questionLogDays < 1 || questionLogDays > 3650) {
    problem(
      "QUESTION_LOG_DAYS",
      `must be a whole number of days from 1 to 3650 (how long questions are kept), not "${daysText}"`,
    );
  }

  const logText = (get("LOG_QUESTIONS") ?? "true").toLowerCase();
  if (logText !== "true" && logText !== "false") {
    problem(
      "LOG_QUESTIONS",
      `must be "true" (question texts are logged) or "false" (only how each was answered), not "${logText}"`,
    );
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: Object.freeze({
      ...(botToken !== undefined && { botToken }),
      botApiRoot,
      mode: mode as Config["mode"],
      ...(webhook !== undefined && { webhook }),
      host,
      ...(port !== undefined && { port }),
      logLevel: logLevel as LogLevel,
      knowledgeDir,
      dataDir,
      adminIds: Object.freeze(adminIds),
      questionLogDays,
      logQuestions: logText === "true",
      ...(databaseUrl !== undefined && { databaseUrl }),
    }),
  };
}

/**
 * ADMIN_IDS: Telegram user ids, comma-separated (spaces allowed). Usernames
 * are refused: they can change hands, ids cannot.
 */
function parseAdminIds(
  text: string | undefined,
  problem: (variable: string, message: string) => void,
): number[] {
  if (text === undefined) return [];
  const ids: number[] = [];
  for (const part of text.split(",")) {
    const item = part.trim();
    if (item === "") continue;
    const id = Number(item);
    if (!/^\d{1,15}$/u.test(item) || !Number.isSafeInteger(id) || id < 1) {
      problem(
        "ADMIN_IDS",
        `must be Telegram user ids separated by commas (e.g. 123456789,987654321; @userinfobot tells yours), not "${item}"`,
      );
      return [];
    }
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** One line per problem, ready for stderr: "BOT_TOKEN is missing: …". */
export function formatConfigProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${p.variable} ${p.message}`).join("\n");
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "postgres:" || url.protocol === "postgresql:";
  } catch {
    return false;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
