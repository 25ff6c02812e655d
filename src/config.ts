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
  /**
   * Defaults of this entry point where they differ from the bot's, as
   * variable values (the local chat logs at "warn": its stderr is a terminal).
   */
  readonly defaults?: Readonly<Partial<Record<VariableName, string>>>;
}

/** One setting every entry point reads the same way: its variable, flag, default and meaning. */
export interface Setting {
  readonly variable: VariableName;
  /**
   * The command-line flag that overrides the variable. Secrets have none: a
   * command line is visible to every user of the machine (ps, /proc).
   */
  readonly flag?: string;
  /** What the flag takes, for --help: DIR, URL, LEVEL… */
  readonly value?: string;
  /** The default, as --help and the README state it. */
  readonly default: string;
  /** One line: what it is. */
  readonly meaning: string;
}

export const VARIABLES = [
  "BOT_TOKEN",
  "BOT_API_ROOT",
  "BOT_MODE",
  "WEBHOOK_URL",
  "WEBHOOK_SECRET",
  "WEBHOOK_LOOPBACK",
  "HOST",
  "PORT",
  "LOG_LEVEL",
  "KNOWLEDGE_DIR",
  "DATA_DIR",
  "DATABASE_URL",
  "ADMIN_IDS",
  "QUESTION_LOG_DAYS",
  "LOG_QUESTIONS",
] as const;
export type VariableName = (typeof VARIABLES)[number];

/** Every setting, in the README's order; the README's table is checked against it. */
export const SETTINGS: Readonly<Record<VariableName, Setting>> = Object.freeze({
  BOT_TOKEN: {
    variable: "BOT_TOKEN",
    default: "none (npm start needs it)",
    meaning: "the token from @BotFather",
  },
  BOT_API_ROOT: {
    variable: "BOT_API_ROOT",
    flag: "api-root",
    value: "URL",
    default: "https://api.telegram.org",
    meaning: "root of the Bot API (a self-hosted one, or the simulator in tests)",
  },
  BOT_MODE: {
    variable: "BOT_MODE",
    flag: "mode",
    value: "polling|webhook",
    default: "polling",
    meaning: "how updates arrive",
  },
  WEBHOOK_URL: {
    variable: "WEBHOOK_URL",
    flag: "webhook-url",
    value: "URL",
    default: "none (webhook mode needs it)",
    meaning: "public https URL on port 443, 80, 88 or 8443 that Telegram posts to",
  },
  WEBHOOK_SECRET: {
    variable: "WEBHOOK_SECRET",
    default: "none (webhook mode needs it)",
    meaning: "secret Telegram sends with every update (1-256 of A-Z a-z 0-9 _ -)",
  },
  WEBHOOK_LOOPBACK: {
    variable: "WEBHOOK_LOOPBACK",
    default: "false",
    meaning: "true allows an http or any-port WEBHOOK_URL on 127.0.0.1, ::1 or localhost",
  },
  HOST: {
    variable: "HOST",
    flag: "host",
    value: "ADDRESS",
    default: "0.0.0.0",
    meaning: "address the webhook server and health endpoints listen on",
  },
  PORT: {
    variable: "PORT",
    flag: "port",
    value: "N",
    default: "8080 in webhook mode, none in polling mode",
    meaning: "port of the webhook server, or of /healthz and /readyz when polling",
  },
  LOG_LEVEL: {
    variable: "LOG_LEVEL",
    flag: "log-level",
    value: "LEVEL",
    default: "info",
    meaning: `${LOG_LEVELS.join(", ")}`,
  },
  KNOWLEDGE_DIR: {
    variable: "KNOWLEDGE_DIR",
    flag: "knowledge",
    value: "DIR",
    default: "knowledge",
    meaning: "the source texts and data files answers come from",
  },
  DATA_DIR: {
    variable: "DATA_DIR",
    flag: "data-dir",
    value: "DIR",
    default: "data",
    meaning: "where the SQLite store (bot.sqlite) is kept without DATABASE_URL",
  },
  DATABASE_URL: {
    variable: "DATABASE_URL",
    default: "none (SQLite in DATA_DIR)",
    meaning: "postgres:// URL of the store shared by every replica",
  },
  ADMIN_IDS: {
    variable: "ADMIN_IDS",
    default: "none",
    meaning: "Telegram user ids, comma-separated, allowed /stats, /gaps and /reload",
  },
  QUESTION_LOG_DAYS: {
    variable: "QUESTION_LOG_DAYS",
    default: "90",
    meaning: "days questions and votes are kept (1-3650)",
  },
  LOG_QUESTIONS: {
    variable: "LOG_QUESTIONS",
    default: "true",
    meaning: "false keeps question texts out of the question log",
  },
} satisfies Record<VariableName, Setting>);

export const DEFAULT_API_ROOT = "https://api.telegram.org";

const TOKEN = /^\d{3,}:[A-Za-z0-9_-]{20,}$/u;
const SECRET = /^[A-Za-z0-9_-]{1,256}$/u;

/**
 * Parses the environment into a frozen Config, or lists every problem found.
 * Unset and empty variables are treated alike, as `.env` files often leave them empty.
 */
export function parseConfig(
  env: Readonly<Record<string, string | undefined>>,
  { requireToken = true, defaults = {} }: ParseConfigOptions = {},
): ConfigResult {
  const problems: ConfigProblem[] = [];
  const problem = (variable: string, message: string) => problems.push({ variable, message });
  const get = (name: VariableName) => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? defaults[name] : value;
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
  if (!isUrlOf(botApiRoot, ["https:", "http:"])) {
    problem("BOT_API_ROOT", "must be an http(s) URL such as https://api.telegram.org");
  }

  const mode = get("BOT_MODE") ?? "polling";
  if (mode !== "polling" && mode !== "webhook") {
    problem("BOT_MODE", `must be "polling" or "webhook", not "${mode}"`);
  }

  const loopbackText = (get("WEBHOOK_LOOPBACK") ?? "false").toLowerCase();
  if (loopbackText !== "true" && loopbackText !== "false") {
    problem(
      "WEBHOOK_LOOPBACK",
      `must be "true" (a loopback WEBHOOK_URL may use http and any port) or "false", not "${loopbackText}"`,
    );
  }
  const loopback = loopbackText === "true";

  let webhook: WebhookConfig | undefined;
  const webhookUrl = get("WEBHOOK_URL");
  const webhookSecret = get("WEBHOOK_SECRET");
  if (mode === "webhook") {
    if (webhookUrl === undefined) {
      problem(
        "WEBHOOK_URL",
        "is missing: webhook mode needs the public https:// URL Telegram posts to",
      );
    } else {
      const wrong = webhookUrlProblem(webhookUrl, loopback);
      if (wrong !== undefined) problem("WEBHOOK_URL", wrong);
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
  if (databaseUrl !== undefined && !isUrlOf(databaseUrl, ["postgres:", "postgresql:"])) {
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

/** Whether `value` is a URL with one of `protocols` ("https:"). */
function isUrlOf(value: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** The ports Telegram delivers webhooks to (Bot API, setWebhook). */
export const WEBHOOK_PORTS = ["443", "80", "88", "8443"] as const;

/**
 * WEBHOOK_URL checked as Telegram's setWebhook checks it, so that a wrong URL
 * stops the start with a reason instead of failing later at setWebhook. A
 * loopback host, when allowed, may use http and any port: that is what the
 * tests' simulator and a local Bot API server or proxy on the same machine use.
 */
function webhookUrlProblem(text: string, loopbackAllowed: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "must be a URL such as https://bot.example.com/telegram";
  }
  if (loopbackAllowed && isLoopback(url.hostname)) {
    return url.protocol === "https:" || url.protocol === "http:"
      ? undefined
      : "must be an http:// or https:// URL";
  }
  const loopbackHint = isLoopback(url.hostname)
    ? " (for a loopback URL in tests or behind a local proxy, set WEBHOOK_LOOPBACK=true)"
    : "";
  if (url.protocol !== "https:") {
    return `must be an https:// URL: Telegram posts webhooks only over HTTPS${loopbackHint}`;
  }
  const port = url.port === "" ? "443" : url.port;
  if (!(WEBHOOK_PORTS as readonly string[]).includes(port)) {
    return `must use port 443, 80, 88 or 8443, the only ones Telegram posts to, not ${port}${loopbackHint}`;
  }
  return undefined;
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname === "[::1]" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/u.test(hostname)
  );
}
