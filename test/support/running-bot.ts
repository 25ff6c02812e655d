/**
 * The bot as `npm start` runs it — launchBot (src/runtime/launch.ts) with its shutdown, long
 * polling or a webhook server — in this process, against the Telegram simulator's HTTP front
 * end: real HTTP, the real grammY client, the inbox in a real store (SQLite in its DATA_DIR, or
 * PostgreSQL), only the process around it is a test's.
 * Signals go to a stand-in for `process`, the exit code to a spy, the JSON log lines into
 * `records` as they are written, so tests wait for a given update to be handled (the one
 * "update" line per update) instead of sleeping.
 *
 * The knowledge is the fixture corpus; every retry wait and throttling interval is a thousand
 * times shorter (seconds become milliseconds), so faults and conversations cost no time.
 *
 * @example
 * const sim = new TelegramSimulator();
 * await sim.listen();
 * const bot = await RunningBot.start({ sim });
 * const talk = new Conversations(sim, bot);
 * const asked = await talk.say(freshUser(), "/help");  // asked.sent: the bot's reply
 * expect(await bot.stop()).toBe(0);                     // SIGTERM, exit code 0
 */
import { EventEmitter } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIThrottlerOptions } from "@grammyjs/transformer-throttler";
import { HttpError, type Transformer } from "grammy";
import { afterAll, beforeAll, expect } from "vitest";
import type { BotSettings } from "../../src/bot/context.js";
import type { RateLimitRules } from "../../src/bot/rate-limit.js";
import type { RetryOptions } from "../../src/bot/retry.js";
import { parseConfig } from "../../src/config.js";
import { sleep } from "../../src/lib/sleep.js";
import { createLogger, type Logger } from "../../src/logger.js";
import {
  instanceOf,
  type LaunchTimings,
  launchBot,
  type RunningService,
} from "../../src/runtime/launch.js";
import { createShutdown, type Shutdown } from "../../src/runtime/shutdown.js";
import type { SearchEngine } from "../../src/search/types.js";
import { type OpenStoreOptions, openStore, type Store } from "../../src/store/index.js";
import { type SimulatorOptions, TelegramSimulator } from "../../src/telegram-sim/index.js";
import { Conversations } from "./conversation.js";
import { fixtureSearch } from "./knowledge.js";

/** One parsed JSON log line of the bot. */
export type LogRecord = Record<string, unknown>;

export interface RunningBotOptions {
  /** The simulator, listening: BOT_TOKEN and BOT_API_ROOT come from it. */
  readonly sim: TelegramSimulator;
  /** More variables (BOT_MODE, WEBHOOK_URL, …), as `npm start` reads them; they win. */
  readonly env?: Readonly<Record<string, string>>;
  /** DATA_DIR (the SQLite store); a fresh temporary directory, removed by kill(), when not given. */
  readonly dataDir?: string;
  /** More options of the store (databaseUrl for PostgreSQL, its clock); by default SQLite in dataDir. */
  readonly store?: Partial<OpenStoreOptions>;
  /** Lets a test stand between the bot and its store (e.g. to hold one replica's claims). */
  readonly wrapStore?: (store: Store) => Store;
  /** Called with the bot as it starts, before start() resolves (to watch a start that waits). */
  readonly onStarting?: (bot: RunningBot) => void;
  readonly search?: SearchEngine;
  readonly settings?: Partial<BotSettings>;
  readonly rateLimits?: Partial<RateLimitRules>;
  /** Updates handled at once (launchBot's concurrency). */
  readonly concurrency?: number;
  /** A chat's backlog bound (launchBot's maxBacklog). */
  readonly maxBacklog?: number;
  /** The clock of the health checks. */
  readonly now?: () => number;
  /** Retry timings; by default {@link QUICK_RETRY}. */
  readonly retry?: Partial<RetryOptions>;
  readonly timings?: Partial<LaunchTimings>;
  /** The shutdown's hard limit and reserve (ms); 10 s and 2 s as in production by default. */
  readonly shutdown?: { readonly timeoutMs?: number; readonly reserveMs?: number };
}

/**
 * Retries with the production rules and every wait a thousand times shorter: a retry_after
 * of 2 s or a 3 s back-off costs 2 or 3 ms. Tests inject faults; waiting them out would only
 * cost time.
 */
export const QUICK_RETRY: Partial<RetryOptions> = {
  sleep: (ms, signal) => sleep(ms / 1000, signal),
};

/**
 * The throttler's production limits (transformer-throttler's defaults) with every interval a
 * thousand times shorter: one message a millisecond per chat instead of one a second.
 */
export const QUICK_THROTTLE: APIThrottlerOptions = {
  global: { reservoir: 30, reservoirRefreshAmount: 30, reservoirRefreshInterval: 1 },
  group: {
    maxConcurrent: 1,
    minTime: 1,
    reservoir: 20,
    reservoirRefreshAmount: 20,
    reservoirRefreshInterval: 60,
  },
  out: { maxConcurrent: 1, minTime: 1 },
};

const running = new Set<RunningBot>();

/** Stops every bot still running (afterAll / afterEach). */
export async function killRunningBots(): Promise<void> {
  await Promise.all([...running].map((bot) => bot.kill()));
}

interface LogWaiter {
  readonly predicate: (record: LogRecord) => boolean;
  readonly resolve: (record: LogRecord) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class RunningBot {
  /** The JSON lines logged so far, parsed. */
  readonly records: LogRecord[] = [];
  readonly dataDir: string;
  /** Resolves with the exit code the process would end with. */
  readonly exited: Promise<number>;
  /** Stands in for `process`: signals are emitted on it. */
  readonly process = new EventEmitter();
  #service: RunningService | undefined;
  #store: Store | undefined;
  #crashed = false;
  #exitCode: number | undefined;
  readonly #ownsDataDir: boolean;
  readonly #waiters = new Set<LogWaiter>();
  readonly #listeners: ((record: LogRecord) => void)[] = [];
  readonly #shutdown: Shutdown;
  readonly #logger: Logger;
  #onExit: (code: number) => void = () => {};

  private constructor(options: RunningBotOptions) {
    this.#ownsDataDir = options.dataDir === undefined;
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "bot-e2e-data-"));
    this.exited = new Promise((resolve) => {
      this.#onExit = resolve;
    });
    this.#logger = createLogger({
      level: "info",
      secrets: [options.sim.token],
      destination: { write: (line: string) => this.#onLine(line) },
    });
    this.#shutdown = createShutdown({
      logger: this.#logger,
      ...options.shutdown,
      exit: (code) => {
        this.#exitCode = code;
        // A process that has exited makes no more calls, whatever was still running in it.
        this.#crashed = true;
        running.delete(this);
        for (const waiter of this.#waiters) {
          clearTimeout(waiter.timer);
          waiter.reject(new Error(`the bot exited (${code}) while a test was waiting`));
        }
        this.#waiters.clear();
        this.#onExit(code);
      },
    });
    this.#shutdown.install(this.process as unknown as NodeJS.Process);
    running.add(this);
  }

  /** Starts the bot and resolves once it takes updates (polling, or the webhook set). */
  static async start(options: RunningBotOptions): Promise<RunningBot> {
    const bot = new RunningBot(options);
    options.onStarting?.(bot);
    const parsed = parseConfig({
      BOT_TOKEN: options.sim.token,
      BOT_API_ROOT: options.sim.apiRoot,
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      DATA_DIR: bot.dataDir,
      ...options.env,
    });
    if (!parsed.ok) throw new Error(`bad test configuration: ${JSON.stringify(parsed.problems)}`);
    try {
      const opened = await openStore({
        dataDir: bot.dataDir,
        databaseUrl: parsed.config.databaseUrl,
        logger: bot.#logger,
        pollingLockName: instanceOf(parsed.config).lockName,
        ...options.store,
      });
      const store = options.wrapStore?.(opened) ?? opened;
      bot.#store = opened;
      bot.#shutdown.onClose(() => opened.close());
      bot.#service = await launchBot({
        config: parsed.config,
        logger: bot.#logger,
        search: options.search ?? fixtureSearch(),
        store,
        shutdown: bot.#shutdown,
        timings: {
          polling: { retryDelayMs: { min: 1, max: 10 } },
          lockRetryMs: 20,
          ...options.timings,
        },
        bot: {
          retry: { ...QUICK_RETRY, ...options.retry },
          throttle: QUICK_THROTTLE,
          transformers: [bot.#killSwitch],
          ...(options.settings && { settings: options.settings }),
          ...(options.rateLimits && { rateLimits: options.rateLimits }),
        },
        ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
        ...(options.maxBacklog !== undefined && { maxBacklog: options.maxBacklog }),
        ...(options.now && { now: options.now }),
      });
    } catch (error) {
      await bot.kill();
      throw error;
    }
    return bot;
  }

  /** The running service (its health, its address). */
  get service(): RunningService {
    if (this.#service === undefined) throw new Error("the bot is not running");
    return this.#service;
  }

  /**
   * After a crash() every Bot API call of this bot fails at once, before it
   * reaches the simulator, as if the process were gone; while the network is
   * down (network(false)) every call fails as a refused connection would.
   */
  readonly #killSwitch: Transformer = (prev, method, payload, signal) => {
    if (this.#crashed) return Promise.reject(new Error(`the process is dead (${method})`));
    if (this.#networkDown) {
      const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
      return Promise.reject(new HttpError(`Network request for '${method}' failed!`, refused));
    }
    return prev(method, payload, signal);
  };
  #networkDown = false;

  /** Cuts this bot off from the Bot API (false), or reconnects it (true). */
  network(up: boolean): void {
    this.#networkDown = !up;
  }

  /**
   * Dies as SIGKILL would leave things, as far as the outside can tell: no
   * more calls to the Bot API, the store's connections cut (nothing is marked
   * done or handed back), the server closed. A call already at the simulator
   * is not recalled: hold it, and fail it (failNext) before releasing it.
   */
  async crash(): Promise<void> {
    if (!this.alive) return;
    this.#crashed = true;
    running.delete(this);
    await this.#store?.close().catch(() => {});
    await this.#service?.stop(AbortSignal.abort()).catch(() => {});
    this.#exitCode = 137;
    this.#onExit(137);
  }

  /** True until the process would have exited. */
  get alive(): boolean {
    return this.#exitCode === undefined;
  }

  /** The first log record (past or future) that matches. */
  waitForLog(predicate: (record: LogRecord) => boolean, timeoutMs = 10_000): Promise<LogRecord> {
    const past = this.records.find(predicate);
    if (past) return Promise.resolve(past);
    if (!this.alive) return Promise.reject(new Error("the bot is not running"));
    return new Promise((resolve, reject) => {
      const waiter: LogWaiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          const last = this.records.slice(-5).map((r) => r.msg);
          reject(new Error(`no matching log line within ${timeoutMs} ms (last: ${last})`));
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** Calls `listener` with every log record from now on, as it is written. */
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

  /** Warnings and errors logged (level ≥ 40). */
  problems(): LogRecord[] {
    return this.records.filter((r) => Number(r.level) >= 40);
  }

  /** Sends `signal` (SIGTERM by default) as the OS would; resolves with the exit code. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number> {
    if (this.alive) this.process.emit(signal, signal);
    return this.exited;
  }

  /**
   * Stops at once, giving up on updates in flight, if it still runs; removes its own data
   * directory. For cleanup after a failed test; safe to call twice.
   */
  async kill(): Promise<void> {
    running.delete(this);
    if (this.alive) {
      await this.#service?.stop(AbortSignal.abort()).catch(() => {});
      await this.#store?.close().catch(() => {});
      this.#exitCode ??= 137;
      this.#onExit(137);
    }
    if (this.#ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  #onLine(line: string): void {
    let record: LogRecord;
    try {
      record = JSON.parse(line) as LogRecord;
    } catch {
      return;
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

/** Per test: conversations take a moment on a busy 2-core machine. */
export const E2E_TIMEOUT = 20_000;

/** What a describe block gets from {@link useRunningBot}. */
export interface RunningBotFixture {
  readonly api: TelegramSimulator;
  readonly bot: RunningBot;
  readonly talk: Conversations;
}

/**
 * One simulator and one running bot for a describe block: started in beforeAll, stopped with
 * SIGTERM in afterAll, where the block's invariants are checked — the bot exited 0, handled
 * every update exactly once, logged no warning or error, and Telegram would have objected to
 * nothing. Call the returned function inside a test to get them.
 */
export function useRunningBot(
  options: {
    readonly simulator?: SimulatorOptions;
    readonly bot?: (
      sim: TelegramSimulator,
    ) => Omit<RunningBotOptions, "sim"> | Promise<Omit<RunningBotOptions, "sim">>;
  } = {},
): () => RunningBotFixture {
  let fixture: RunningBotFixture | undefined;
  let sim: TelegramSimulator | undefined;
  beforeAll(async () => {
    sim = new TelegramSimulator(options.simulator);
    await sim.listen();
    const bot = await RunningBot.start({ sim, ...(await options.bot?.(sim)) });
    fixture = { api: sim, bot, talk: new Conversations(sim, bot) };
  });
  afterAll(async () => {
    try {
      if (!fixture) return;
      const { bot, talk } = fixture;
      if (bot.alive) expect(await bot.stop()).toBe(0);
      for (const update of talk.pushed) {
        expect(bot.updateLines(update.update_id), `update ${update.update_id}`).toHaveLength(1);
      }
      expect(bot.problems()).toEqual([]);
      expect(talk.problems()).toEqual([]);
    } finally {
      await fixture?.bot.kill();
      await sim?.close();
    }
  });
  return () => {
    if (!fixture) throw new Error("the bot did not start");
    return fixture;
  };
}
