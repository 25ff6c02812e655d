/**
 * Bot pipeline benchmark: updates go in as the webhook hands them over, one at
 * a time, and come out as a sendMessage call to the Telegram simulator's
 * in-process front end, which checks it with Telegram's rules and answers at
 * once with a realistic result. Latencies end as the call reaches the
 * simulator; the throughput includes the simulator's checks, which both sides
 * pay for (ours more, its messages being longer).
 *
 * Ours is the bot as `npm start` runs it, minus the network: every update is
 * stored in the durable inbox (SQLite in a temporary DATA_DIR, as by default),
 * claimed from it by the dispatcher, handled by createBot's bot (sessions and
 * rate limits in the same store, i18n, the real search over knowledge/,
 * rendering, a pino logger at info level writing to a sink) and marked done.
 * The baseline is a bare grammY bot that echoes the text with ctx.reply, handed
 * each update directly. Both get the same updates, stub and process set-up.
 *
 * Two departures from production, both about Telegram rather than our code:
 * the outgoing throttler is off (it holds sends to Telegram's 30 messages/s
 * by design; benchThrottledSends measures that part), and each user asks at
 * most four questions in a run, so the production limits (5 questions at once
 * per person) never drop one. The log lines are checked: an update logged as
 * ignored (dropped) or failed is counted.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIThrottlerOptions } from "@grammyjs/transformer-throttler";
import { Bot, type Transformer } from "grammy";
import type { Update, User } from "grammy/types";
import type { SearchEngine } from "../src/search/types.js";
import { DEFAULT_BOT, TelegramSimulator, UpdateFactory } from "../src/telegram-sim/index.js";
import { ROOT } from "./paths.js";
import { type Summary, summarize } from "./stats.js";

/**
 * ours: our bot through the inbox; baseline: the bare echo bot, handed each
 * update directly; inbox: the same echo bot through the inbox (what the inbox
 * alone costs).
 */
export type Side = "ours" | "baseline" | "inbox";

const TOKEN = "7000000001:AAFakeTokenForBenchmarksOnly_0123456789";
/** Questions per user over a whole run: within the production burst of 5 per person. */
const QUESTIONS_PER_USER = 4;

/** A bot wired to the simulator, and what the simulator saw. */
export interface Pipeline {
  readonly bot: Bot;
  readonly sim: TelegramSimulator;
  /** Hands one update over; resolves once it is handled. */
  deliver(update: Update): Promise<void>;
  /** Arrival times (ms, performance.now) of updates not yet answered, per chat, oldest first. */
  readonly arrivals: Map<number, number[]>;
  /** Milliseconds from arrival to the sendMessage call, per answered update. */
  readonly latencies: number[];
  /** When each sendMessage reached the simulator (ms, performance.now). */
  readonly sendTimes: number[];
  /** Time spent inside search.ask (ours only). */
  readonly searchTimes: number[];
  /** Updates the bot logged as ignored (e.g. dropped by the rate limiter). */
  ignored: number;
  errors: number;
  close(): Promise<void>;
}

/**
 * The simulator's transformer, timing each update from its arrival to the bot's sendMessage
 * for it — taken as the call reaches the simulator, before Telegram's checks run.
 */
function timedTransport(sim: TelegramSimulator, pipeline: () => Pipeline): Transformer {
  return (prev, method, payload, signal) => {
    if (method === "sendMessage") {
      const { arrivals, latencies, sendTimes } = pipeline();
      sendTimes.push(performance.now());
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
export async function createPipeline(
  side: Side,
  options: { readonly throttle?: boolean | APIThrottlerOptions } = {},
): Promise<Pipeline> {
  const state: Pipeline = {
    bot: undefined as unknown as Bot,
    sim: undefined as unknown as TelegramSimulator,
    arrivals: new Map(),
    latencies: [],
    sendTimes: [],
    searchTimes: [],
    ignored: 0,
    errors: 0,
    deliver: async () => {},
    close: async () => {},
  };
  const sim = new TelegramSimulator({ botInfo: DEFAULT_BOT });
  const transport = timedTransport(sim, () => state);
  Object.assign(state, { sim });
  if (side !== "ours") {
    const bot = new Bot(TOKEN, { botInfo: DEFAULT_BOT, client: { apiRoot: "http://127.0.0.1:9" } });
    bot.api.config.use(transport);
    bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
    if (side === "baseline") {
      return Object.assign(state, { bot, deliver: (update: Update) => bot.handleUpdate(update) });
    }
    const { createLogger } = await import("../src/logger.js");
    const inbox = await throughInbox(
      bot,
      createLogger({ level: "info", destination: { write() {} } }),
    );
    return Object.assign(state, { bot, ...inbox });
  }
  const [{ createBot }, { createLogger }, { openSearch }, { openStore }, corpus] =
    await Promise.all([
      import("../src/bot/create-bot.js"),
      import("../src/logger.js"),
      import("../src/search/open.js"),
      import("../src/store/index.js"),
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
  // As `npm start` opens it: the lexicon, and the memory of repeated questions.
  const search = timed(
    openSearch(corpus.KNOWLEDGE_DIR, { cacheDir: join(ROOT, "node_modules/.cache/tomsk-bot") }),
    state.searchTimes,
  );
  const store = await openStore({ dataDir, logger });
  const bot = createBot({
    config: { botToken: TOKEN, botApiRoot: "http://127.0.0.1:9" },
    logger,
    search,
    store,
    botInfo: DEFAULT_BOT,
    transformers: [transport],
    throttle: options.throttle ?? false,
  });
  const inbox = await throughInbox(bot as unknown as Bot, logger, store, dataDir);
  return Object.assign(state, { bot: bot as unknown as Bot, ...inbox });
}

/**
 * Updates handed over as the webhook does: stored in the inbox (SQLite in a
 * temporary directory, unless a store is given), claimed by the dispatcher,
 * handled by `bot`, marked done. `deliver` resolves once its update is handled.
 */
async function throughInbox(
  bot: Bot,
  logger: import("../src/logger.js").Logger,
  given?: import("../src/store/index.js").Store,
  givenDir?: string,
): Promise<Pick<Pipeline, "deliver" | "close">> {
  const [{ openStore }, { Dispatcher }, { createIntake }] = await Promise.all([
    import("../src/store/index.js"),
    import("../src/runtime/dispatcher.js"),
    import("../src/runtime/intake.js"),
  ]);
  const dataDir = givenDir ?? mkdtempSync(join(tmpdir(), "bench-data-"));
  const store = given ?? (await openStore({ dataDir, logger }));
  /** Who waits for which update to be handled. */
  const waiting = new Map<number, () => void>();
  const dispatcher = new Dispatcher({
    inbox: store.inbox,
    logger,
    claimant: "bench",
    handle: async (update) => {
      try {
        await bot.handleUpdate(update);
      } finally {
        waiting.get(update.update_id)?.();
        waiting.delete(update.update_id);
      }
    },
  });
  const intake = createIntake({ inbox: store.inbox, logger, onStored: () => dispatcher.wake() });
  dispatcher.start();
  return {
    deliver: (update: Update) =>
      new Promise<void>((resolve, reject) => {
        waiting.set(update.update_id, resolve);
        intake.accept([update]).catch(reject);
      }),
    close: async () => {
      await dispatcher.stop();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Update ids go on from batch to batch, as Telegram's do: the inbox takes a repeated id for a redelivery. */
let lastUpdateId = 0;

/**
 * `count` question messages in private chats, cycling through `questions`;
 * each user asks QUESTIONS_PER_USER of them, a third of users speak Russian.
 */
export function questionUpdates(
  questions: readonly string[],
  count: number,
  firstUser = 0,
): Update[] {
  const factory = new UpdateFactory({ bot: DEFAULT_BOT, nextUpdateId: () => ++lastUpdateId });
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
  return pipeline.deliver(pipeline.sim.receive(update)).catch(() => {
    pipeline.errors++;
  });
}

/** Feeds updates with `concurrency` in flight (the dispatcher's default is 100); returns the elapsed ms. */
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
    await pipeline.close();
  }
}

/** What the production throttler lets out. */
export interface SendRateFigures {
  readonly updates: number;
  /** The most sendMessage calls that reached Telegram in any one second. */
  readonly maxSendsPerSecond: number;
  readonly seconds: number;
}

/**
 * Our bot with a throttler on — the production one, or with `pluginDefaults`
 * the plugin's own settings — `count` questions from as many people at once,
 * handled through the inbox; counts the sends that reach the simulator in
 * every sliding second. Telegram allows a bot about 30 messages a second overall.
 */
export async function benchThrottledSends(
  questions: readonly string[],
  count: number,
  pluginDefaults = false,
): Promise<SendRateFigures> {
  const pipeline = await createPipeline("ours", { throttle: pluginDefaults ? {} : true });
  try {
    // Each of the first `count` updates comes from another person.
    const updates = questionUpdates(questions, count * QUESTIONS_PER_USER).slice(0, count);
    const elapsed = await runClosedLoop(pipeline, updates, 100);
    const times = pipeline.sendTimes;
    let most = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while ((times[i] as number) - (times[j] as number) >= 1000) j++;
      most = Math.max(most, i - j + 1);
    }
    return { updates: count, maxSendsPerSecond: most, seconds: elapsed / 1000 };
  } finally {
    await pipeline.close();
  }
}
