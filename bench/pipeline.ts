/**
 * Bot pipeline benchmark: updates go into `bot.handleUpdate` and come out as a
 * sendMessage call to the Telegram simulator's in-process front end, which
 * checks it with Telegram's rules and answers at once with a realistic result.
 * Latencies end as the call reaches the simulator; the throughput includes the
 * simulator's checks, which both sides pay for (ours more, its messages being longer). Ours is the bot as createBot builds it for
 * production (file sessions in a temporary DATA_DIR, i18n, the production rate
 * limits, the real search over knowledge/, rendering, a pino logger at info
 * level writing to a sink); the baseline is a bare grammY bot that echoes the
 * text with ctx.reply. Both get the same updates, stub and process set-up.
 *
 * Two departures from production, both about Telegram rather than our code:
 * the outgoing throttler is off (it holds sends to Telegram's 30 messages/s
 * by design), and each user asks at most four questions in a run, so the
 * production limiter (6 per user per 10 s) never drops one. The log lines are
 * checked: an update logged as ignored (dropped) or failed is counted.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bot, type Transformer } from "grammy";
import type { Update, User } from "grammy/types";
import type { SearchEngine } from "../src/search/types.js";
import { DEFAULT_BOT, TelegramSimulator, UpdateFactory } from "../src/telegram-sim/index.js";
import { type Summary, summarize } from "./stats.js";

export type Side = "ours" | "baseline";

const TOKEN = "7000000001:AAFakeTokenForBenchmarksOnly_0123456789";
/** Questions per user over a whole run: below the production limit of 6 per 10 s. */
const QUESTIONS_PER_USER = 4;

/** A bot wired to the simulator, and what the simulator saw. */
export interface Pipeline {
  readonly bot: Bot;
  readonly sim: TelegramSimulator;
  /** Arrival times (ms, performance.now) of updates not yet answered, per chat, oldest first. */
  readonly arrivals: Map<number, number[]>;
  /** Milliseconds from arrival to the sendMessage call, per answered update. */
  readonly latencies: number[];
  /** Time spent inside search.ask (ours only). */
  readonly searchTimes: number[];
  /** Updates the bot logged as ignored (e.g. dropped by the rate limiter). */
  ignored: number;
  errors: number;
  close(): void;
}

/**
 * The simulator's transformer, timing each update from its arrival to the bot's sendMessage
 * for it — taken as the call reaches the simulator, before Telegram's checks run.
 */
function timedTransport(sim: TelegramSimulator, pipeline: () => Pipeline): Transformer {
  return (prev, method, payload, signal) => {
    if (method === "sendMessage") {
      const { arrivals, latencies } = pipeline();
      const chat = Number((payload as { chat_id?: unknown }).chat_id);
      const started = arrivals.get(chat)?.shift();
      if (started !== undefined) latencies.push(performance.now() - started);
    }
    return sim.transformer(prev, method, payload, signal);
  };
}

/** The search engine with each ask timed. */
function timed(engine: SearchEngine, times: number[]): SearchEngine {
  return Object.assign(Object.create(engine) as SearchEngine, {
    ask: (question: string, options?: Parameters<SearchEngine["ask"]>[1]) => {
      const start = performance.now();
      const result = engine.ask(question, options);
      times.push(performance.now() - start);
      return result;
    },
  });
}

/**
 * Builds our bot (as production does, minus the network) or the bare echo bot.
 * Our modules are imported only for our side, so the baseline's memory holds grammY and the simulator alone.
 */
export async function createPipeline(side: Side): Promise<Pipeline> {
  const state: Pipeline = {
    bot: undefined as unknown as Bot,
    sim: undefined as unknown as TelegramSimulator,
    arrivals: new Map(),
    latencies: [],
    searchTimes: [],
    ignored: 0,
    errors: 0,
    close: () => {},
  };
  const sim = new TelegramSimulator({ botInfo: DEFAULT_BOT });
  const transport = timedTransport(sim, () => state);
  Object.assign(state, { sim });
  if (side === "baseline") {
    const bot = new Bot(TOKEN, { botInfo: DEFAULT_BOT, client: { apiRoot: "http://127.0.0.1:9" } });
    bot.api.config.use(transport);
    bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
    return Object.assign(state, { bot });
  }
  const [{ createBot }, { createLogger }, { loadKnowledge }, { createSearchEngine }, corpus] =
    await Promise.all([
      import("../src/bot/create-bot.js"),
      import("../src/logger.js"),
      import("../src/knowledge/load.js"),
      import("../src/search/engine.js"),
      import("./corpus.js"),
    ]);
  const dataDir = mkdtempSync(join(tmpdir(), "bench-data-"));
  const logger = createLogger({
    level: "info",
    secrets: [TOKEN],
    destination: {
      write(line: string) {
        if (line.includes('"outcome":"ignored"')) state.ignored++;
        if (line.includes('"outcome":"error"')) state.errors++;
      },
    },
  });
  const search = timed(createSearchEngine(loadKnowledge(corpus.KNOWLEDGE_DIR)), state.searchTimes);
  const bot = createBot({
    config: { botToken: TOKEN, botApiRoot: "http://127.0.0.1:9", dataDir },
    logger,
    search,
    botInfo: DEFAULT_BOT,
    transformers: [transport],
    throttle: false,
  });
  return Object.assign(state, {
    bot: bot as unknown as Bot,
    close: () => rmSync(dataDir, { recursive: true, force: true }),
  });
}

/**
 * `count` question messages in private chats, cycling through `questions`;
 * each user asks QUESTIONS_PER_USER of them, a third of users speak Russian.
 */
export function questionUpdates(
  questions: readonly string[],
  count: number,
  firstUser = 0,
): Update[] {
  const factory = new UpdateFactory({ bot: DEFAULT_BOT });
  const users = Math.ceil(count / QUESTIONS_PER_USER);
  return Array.from({ length: count }, (_, i) => {
    const n = firstUser + (i % users);
    const from: User = {
      id: 100_000_000 + n,
      is_bot: false,
      first_name: `User${n}`,
      language_code: n % 3 === 0 ? "ru" : "en",
    };
    const text = questions[i % questions.length] as string;
    return factory.textMessage(text, { from, chat: factory.privateChat(from) });
  });
}

function handle(pipeline: Pipeline, update: Update, arrival: number): Promise<void> {
  const chat = update.message?.chat.id ?? 0;
  const queue = pipeline.arrivals.get(chat) ?? [];
  queue.push(arrival);
  pipeline.arrivals.set(chat, queue);
  return pipeline.bot.handleUpdate(pipeline.sim.receive(update)).catch(() => {
    pipeline.errors++;
  });
}

/** Feeds updates with `concurrency` in flight (the runner's default is 100); returns the elapsed ms. */
export async function runClosedLoop(
  pipeline: Pipeline,
  updates: readonly Update[],
  concurrency: number,
): Promise<number> {
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < updates.length) {
      const update = updates[next++] as Update;
      await handle(pipeline, update, performance.now());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - start;
}

/**
 * Offers updates at a steady `rate` per second, whether or not earlier ones are
 * done. Latency counts from each update's scheduled arrival, so time spent
 * waiting for a busy event loop counts too.
 */
export async function runPaced(
  pipeline: Pipeline,
  updates: readonly Update[],
  rate: number,
): Promise<void> {
  const interval = 1000 / rate;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  let i = 0;
  while (i < updates.length) {
    const now = performance.now();
    for (; i < updates.length && start + i * interval <= now; i++) {
      inFlight.push(handle(pipeline, updates[i] as Update, start + i * interval));
    }
    const wait = start + i * interval - performance.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
  }
  await Promise.all(inFlight);
}

export interface PipelineOptions {
  readonly warmup: number;
  /** Updates for the throughput run (closed loop, 100 in flight). */
  readonly throughputUpdates: number;
  /** Updates for the latency run (paced at `rate`). */
  readonly pacedUpdates: number;
  readonly rate: number;
  /** Updates handled one at a time, for the service time without queueing. */
  readonly sequentialUpdates: number;
}

export interface PipelineFigures {
  readonly updatesPerSecond: number;
  /** Arrival → sendMessage at the paced rate. */
  readonly latency: Summary;
  /** Arrival → sendMessage, one update at a time. */
  readonly serviceTime: Summary;
  /** search.ask per question, one update at a time (ours only). */
  readonly searchTime?: Summary;
  readonly rate: number;
  /** Updates that got no sendMessage, were logged as ignored, or threw. */
  readonly unanswered: number;
  readonly ignored: number;
  readonly errors: number;
}

/** Runs the pipeline benchmark for one side in this process. */
export async function benchPipeline(
  side: Side,
  questions: readonly string[],
  options: PipelineOptions,
): Promise<PipelineFigures> {
  const pipeline = await createPipeline(side);
  let user = 0;
  const batch = (count: number) => {
    const updates = questionUpdates(questions, count, user);
    user += Math.ceil(count / QUESTIONS_PER_USER);
    return updates;
  };
  const reset = () => {
    pipeline.latencies.length = 0;
    pipeline.searchTimes.length = 0;
  };
  try {
    await runClosedLoop(pipeline, batch(options.warmup), 100);
    const expected = options.sequentialUpdates + options.throughputUpdates + options.pacedUpdates;
    let answered = 0;

    reset();
    for (const update of batch(options.sequentialUpdates)) {
      await handle(pipeline, update, performance.now());
    }
    const serviceTime = summarize(pipeline.latencies);
    const searchTime = side === "ours" ? summarize(pipeline.searchTimes) : undefined;
    answered += pipeline.latencies.length;

    reset();
    const elapsed = await runClosedLoop(pipeline, batch(options.throughputUpdates), 100);
    answered += pipeline.latencies.length;

    reset();
    await runPaced(pipeline, batch(options.pacedUpdates), options.rate);
    answered += pipeline.latencies.length;

    return {
      updatesPerSecond: (options.throughputUpdates / elapsed) * 1000,
      latency: summarize(pipeline.latencies),
      serviceTime,
      ...(searchTime && { searchTime }),
      rate: options.rate,
      unanswered: expected - answered,
      ignored: pipeline.ignored,
      errors: pipeline.errors,
    };
  } finally {
    pipeline.close();
  }
}
