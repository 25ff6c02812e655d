/**
 * The bot as `npm start` runs it — `node --import tsx src/main.ts` in a child process — pointed at
 * a fake Bot API server, with its JSON log lines parsed as they arrive so tests can wait for a
 * given update to be handled (the one "update" line per update, see src/bot/logging.ts).
 *
 * Every process started here is registered for {@link killBotProcesses}; a test (or a hook) that
 * starts one also stops it: `await bot.stop()` for a clean SIGTERM, `await bot.kill()` in cleanup.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FakeBotApi } from "./fake-bot-api.js";

export const REPOSITORY_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** One parsed JSON log line of the bot. */
export type LogRecord = Record<string, unknown>;

export interface BotProcessOptions {
  /** The fake server: BOT_TOKEN and BOT_API_ROOT come from it. */
  readonly api: Pick<FakeBotApi, "token" | "apiRoot">;
  /** DATA_DIR (sessions); a fresh temporary directory, removed at cleanup, when not given. */
  readonly dataDir?: string;
  /** More variables (BOT_MODE, WEBHOOK_URL, …); they win over the defaults. */
  readonly env?: Readonly<Record<string, string>>;
  /** The log message that says the bot is taking updates; by default that of the mode. */
  readonly readyMessage?: string;
  /** How long start-up may take (tsx compiles, knowledge loads); 30 s by default (a busy CI machine). */
  readonly startTimeoutMs?: number;
}

const running = new Set<BotProcess>();

/** Kills every bot process still running (for afterAll / afterEach). */
export async function killBotProcesses(): Promise<void> {
  await Promise.all([...running].map((bot) => bot.kill()));
}

interface LogWaiter {
  readonly predicate: (record: LogRecord) => boolean;
  readonly resolve: (record: LogRecord) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class BotProcess {
  readonly process: ChildProcess;
  readonly dataDir: string;
  /** The JSON lines written to stdout so far, parsed. */
  readonly records: LogRecord[] = [];
  /** Resolves with the exit code, or the name of the signal that ended the process. */
  readonly exited: Promise<number | string>;
  #stdout = "";
  #stderr = "";
  #partial = "";
  readonly #ownsDataDir: boolean;
  readonly #waiters = new Set<LogWaiter>();
  readonly #listeners: ((record: LogRecord) => void)[] = [];
  #exitCode: number | string | undefined;

  private constructor(options: BotProcessOptions) {
    this.#ownsDataDir = options.dataDir === undefined;
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "bot-e2e-data-"));
    const mode = options.env?.BOT_MODE ?? "polling";
    this.process = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: REPOSITORY_ROOT,
      // Every variable is given, so a developer's .env or shell cannot change what runs.
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        BOT_TOKEN: options.api.token,
        BOT_API_ROOT: options.api.apiRoot,
        BOT_MODE: mode,
        WEBHOOK_URL: "",
        WEBHOOK_SECRET: "",
        HOST: "127.0.0.1",
        PORT: "8080",
        LOG_LEVEL: "info",
        KNOWLEDGE_DIR: "knowledge",
        DATA_DIR: this.dataDir,
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.process.stdout?.on("data", (chunk: Buffer) => this.#onStdout(chunk.toString("utf8")));
    this.process.stderr?.on("data", (chunk: Buffer) => {
      this.#stderr += chunk.toString("utf8");
    });
    this.exited = new Promise((resolve) => {
      this.process.on("exit", (code, signal) => {
        this.#exitCode = code ?? signal ?? "unknown";
        running.delete(this);
        for (const waiter of this.#waiters) {
          clearTimeout(waiter.timer);
          waiter.reject(new Error(`the bot exited (${this.#exitCode})${this.#tail()}`));
        }
        this.#waiters.clear();
        resolve(this.#exitCode);
      });
    });
    running.add(this);
  }

  /** Starts the bot and waits until it takes updates. */
  static async start(options: BotProcessOptions): Promise<BotProcess> {
    const bot = new BotProcess(options);
    const mode = options.env?.BOT_MODE ?? "polling";
    const ready =
      options.readyMessage ??
      (mode === "webhook" ? "webhook server listening" : "polling for updates");
    try {
      await bot.waitForLog((r) => r.msg === ready, options.startTimeoutMs ?? 30_000);
    } catch (error) {
      await bot.kill();
      throw error;
    }
    return bot;
  }

  stdout(): string {
    return this.#stdout;
  }

  stderr(): string {
    return this.#stderr;
  }

  /** True until the process has exited. */
  get alive(): boolean {
    return this.#exitCode === undefined;
  }

  /** The first log record (past or future) that matches. */
  waitForLog(predicate: (record: LogRecord) => boolean, timeoutMs = 10_000): Promise<LogRecord> {
    const past = this.records.find(predicate);
    if (past) return Promise.resolve(past);
    if (!this.alive) return Promise.reject(new Error(`the bot is not running${this.#tail()}`));
    return new Promise((resolve, reject) => {
      const waiter: LogWaiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          reject(new Error(`no matching log line within ${timeoutMs} ms${this.#tail()}`));
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** Calls `listener` with every log record from now on, as it arrives. */
  onRecord(listener: (record: LogRecord) => void): void {
    this.#listeners.push(listener);
  }

  /** The "update" line logged once an update is completely handled (outcome, latency, …). */
  handled(updateId: number, timeoutMs = 10_000): Promise<LogRecord> {
    return this.waitForLog((r) => r.msg === "update" && r.update_id === updateId, timeoutMs);
  }

  /** The "update" lines of one update: exactly one when it was handled once. */
  updateLines(updateId: number): LogRecord[] {
    return this.records.filter((r) => r.msg === "update" && r.update_id === updateId);
  }

  /** Sends `signal` (SIGTERM by default) and waits for the exit; returns the exit code. */
  async stop(signal: NodeJS.Signals = "SIGTERM", timeoutMs = 15_000): Promise<number | string> {
    if (this.alive) this.process.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void this.kill();
        reject(
          new Error(`the bot did not exit within ${timeoutMs} ms of ${signal}${this.#tail()}`),
        );
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Kills the process at once (SIGKILL) if it still runs, waits for it to exit, and removes its
   * own data directory. Safe to call twice.
   */
  async kill(): Promise<void> {
    if (this.alive) this.process.kill("SIGKILL");
    running.delete(this);
    await this.exited;
    // Only after the exit: a process still writing a session could recreate a file in it.
    if (this.#ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  #onStdout(text: string): void {
    this.#stdout += text;
    const lines = (this.#partial + text).split("\n");
    this.#partial = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.startsWith("{")) continue;
      let record: LogRecord;
      try {
        record = JSON.parse(line) as LogRecord;
      } catch {
        continue;
      }
      this.records.push(record);
      for (const listener of this.#listeners) listener(record);
      for (const waiter of this.#waiters) {
        if (!waiter.predicate(record)) continue;
        clearTimeout(waiter.timer);
        this.#waiters.delete(waiter);
        waiter.resolve(record);
      }
    }
  }

  /** The end of the output, for error messages. */
  #tail(): string {
    const last = (text: string) => text.split("\n").slice(-15).join("\n");
    return `\n--- stdout (end) ---\n${last(this.#stdout)}\n--- stderr (end) ---\n${last(this.#stderr)}`;
  }
}

/** Starts the bot as `npm start` would; see {@link BotProcess}. */
export function startBotProcess(options: BotProcessOptions): Promise<BotProcess> {
  return BotProcess.start(options);
}

/** A TCP port that was free a moment ago on 127.0.0.1 (for the bot's webhook server). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
