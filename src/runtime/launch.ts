/**
 * Starting the bot as a service: everything `npm start` does between opening the store and
 * running until a signal — build the bot, reach the Bot API (getMe, retried for as long as the
 * network fails, with a warning now and then), register the command menus, take this
 * instance's lock, hand back what a previous run left unfinished, then take updates into the
 * durable inbox by long polling or webhook while the dispatcher handles them from there.
 *
 * src/main.ts calls it with the process's environment, store, signals and exit; tests call it
 * in process, against the Telegram simulator's HTTP front end, with their own store, shutdown
 * and shorter timings. No side effects until called.
 */
import { registerBotCommands } from "../bot/commands.js";
import { ALLOWED_UPDATES, type CreateBotOptions, createBot } from "../bot/create-bot.js";
import { DEFAULT_RATE_LIMITS } from "../bot/rate-limit.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { SearchEngine } from "../search/types.js";
import type { Store } from "../store/types.js";
import type { Dispatcher, DispatcherTimings } from "./dispatcher.js";
import { Health, type HealthTimings } from "./health.js";
import { drainInbox, pruneStore, recover, startInbox } from "./inbox.js";
import { instanceOf, takeLock } from "./instance.js";
import type { PollingOptions } from "./polling.js";
import { startPolling } from "./polling.js";
import { describeError, type StopReport, type UpdateService } from "./service.js";
import type { Shutdown } from "./shutdown.js";
import { startHealthServer, startWebhook } from "./webhook.js";

export { instanceOf } from "./instance.js";

/** Timings of the start, polling, the inbox and health; tests shorten them. */
export interface LaunchTimings {
  /** How often "still waiting for the Bot API" is logged while getMe fails; 10 s by default. */
  readonly getMeWarningMs: number;
  /** How long registering the command menus may take before it is given up; 10 s by default. */
  readonly commandsTimeoutMs: number;
  /** How often a process waiting for the instance lock tries again; 5 s by default. */
  readonly lockRetryMs: number;
  /** How often seen update ids older than a day and spent rate limits are pruned; hourly. */
  readonly pruneEveryMs: number;
  /** Long-poll timeout and getUpdates back-off (see PollingOptions). */
  readonly polling: Pick<
    PollingOptions,
    "pollTimeoutSeconds" | "retryDelayMs" | "confirmTimeoutMs"
  >;
  readonly dispatcher: Partial<DispatcherTimings>;
  readonly health: Partial<HealthTimings>;
}

export const DEFAULT_LAUNCH_TIMINGS: LaunchTimings = {
  getMeWarningMs: 10_000,
  commandsTimeoutMs: 10_000,
  lockRetryMs: 5_000,
  pruneEveryMs: 60 * 60 * 1000,
  polling: {},
  dispatcher: {},
  health: {},
};

export interface LaunchOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly search: SearchEngine;
  /**
   * The store, opened with `instanceOf(config).lockName` as its polling lock's
   * name. Closing it is the caller's (after the service stops).
   */
  readonly store: Store;
  /** Stops the service on a signal; a fatal error while running shuts down through it too. */
  readonly shutdown: Shutdown;
  readonly timings?: Partial<LaunchTimings>;
  /** More options for createBot: transformers, settings, rate limits, retry timings. */
  readonly bot?: Omit<CreateBotOptions, "config" | "logger" | "search" | "store">;
  /** Updates handled at once; 100 by default. */
  readonly concurrency?: number;
  /** Unfinished updates one chat may have in the inbox; 50 by default. */
  readonly maxBacklog?: number;
  /** The clock of the health checks (ms); tests move it. */
  readonly now?: () => number;
}

/** A running bot: the intake, the dispatcher and the health checks together. */
export interface RunningService extends UpdateService {
  readonly health: Health;
  /** Where the webhook server (or, in polling mode, the health server) listens. */
  readonly address?: { readonly host: string; readonly port: number };
}

/**
 * Starts the bot and resolves with the running service. Rejects when it cannot start (the
 * token is refused, the port is taken…): the caller logs nothing more and exits 1. Once
 * running, a fatal error (the token revoked, the lock lost) is logged and shuts the process
 * down with exit 1.
 */
export async function launchBot(options: LaunchOptions): Promise<RunningService> {
  const { config, logger, search, store, shutdown } = options;
  const timings = { ...DEFAULT_LAUNCH_TIMINGS, ...options.timings };
  const instance = instanceOf(config);
  const rules = { ...DEFAULT_RATE_LIMITS, ...options.bot?.rateLimits };

  let dispatcher: Dispatcher | undefined;
  const health = new Health({
    logger,
    mode: config.mode,
    checkStore: () => store.healthCheck(),
    probeApi: () => bot.api.getMe(AbortSignal.timeout(5_000) as never),
    inFlight: () => dispatcher?.size ?? 0,
    timings: timings.health,
    ...(options.now && { now: options.now }),
  });
  const bot = createBot({
    config,
    logger,
    search,
    store,
    ...options.bot,
    // Closest to the network, inside the retries: health sees every attempt.
    transformers: [...(options.bot?.transformers ?? []), health.apiTransformer],
  });
  logger.info(
    {
      mode: config.mode,
      documents: search.knowledge.documents.length,
      knowledgeVersion: search.knowledge.version,
      apiRoot: config.botApiRoot,
      store: store.dialect,
      storeLocation: store.location,
    },
    "starting",
  );

  const cleanups: (() => Promise<void> | void)[] = [() => health.stop()];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };

  const starting = (async (): Promise<RunningService> => {
    let healthServer: Awaited<ReturnType<typeof startHealthServer>> | undefined;
    if (config.mode === "polling" && config.port !== undefined) {
      healthServer = await startHealthServer({
        logger,
        health,
        host: config.host,
        port: config.port,
      });
      cleanups.push(() => healthServer?.close());
    }
    health.start();
    // getMe is retried for as long as the network fails: say so rather than stay silent.
    const waiting = setInterval(
      () =>
        logger.warn(
          { apiRoot: config.botApiRoot },
          "still waiting for the Bot API to answer getMe",
        ),
      timings.getMeWarningMs,
    );
    try {
      await bot.init();
    } finally {
      clearInterval(waiting);
    }
    logger.info({ username: bot.botInfo.username }, "connected to the Bot API");
    await registerBotCommands(bot.api, logger, { timeoutMs: timings.commandsTimeoutMs });

    await takeLock(store, instance.lockName, health, logger, timings.lockRetryMs, shutdown);
    store.pollingLock.onLost((reason) => {
      logger.fatal({ lock: instance.lockName, reason }, "lost this instance's lock; stopping");
      void shutdown.shutdown("lock lost", 1);
    });
    await recover(store, instance.claimant, logger);

    const { dispatcher: running, intake } = startInbox(bot, store, {
      logger,
      claimant: instance.claimant,
      notice: rules.notice,
      dispatcherTimings: timings.dispatcher,
      ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
      ...(options.maxBacklog !== undefined && { maxBacklog: options.maxBacklog }),
    });
    dispatcher = running;
    running.start();
    const prune = setInterval(() => void pruneStore(store, logger), timings.pruneEveryMs);
    prune.unref();
    cleanups.push(() => clearInterval(prune));
    void pruneStore(store, logger);

    let source: { readonly done: Promise<void>; stop(): Promise<void> };
    let address = healthServer?.address;
    if (config.mode === "webhook" && config.webhook) {
      const hook = await startWebhook(bot, {
        logger,
        url: config.webhook.url,
        secret: config.webhook.secret,
        host: config.host,
        port: config.port ?? 8080,
        allowedUpdates: ALLOWED_UPDATES,
        accept: intake.accept,
        health,
      });
      address = hook.address;
      source = hook;
    } else {
      source = await startPolling(bot, {
        logger,
        allowedUpdates: ALLOWED_UPDATES,
        accept: intake.accept,
        ...timings.polling,
      });
    }

    let stopping: Promise<StopReport> | undefined;
    const stop = (drain?: AbortSignal): Promise<StopReport> => {
      stopping ??= (async () => {
        health.setDraining();
        await source.stop();
        const report = await drainInbox(running, store, logger, drain);
        await cleanUp();
        return report;
      })();
      return stopping;
    };
    return {
      mode: config.mode,
      health,
      ...(address !== undefined && { address }),
      inFlight: () => running.size,
      done: source.done,
      stop,
    };
  })();
  shutdown.manage(starting);

  let service: RunningService;
  try {
    service = await starting;
  } catch (error) {
    await dispatcher?.stop(AbortSignal.abort());
    await cleanUp();
    if (!shutdown.started) {
      logger.fatal(
        { error: describeError(error) },
        "could not start: check BOT_TOKEN, BOT_API_ROOT and the network",
      );
    }
    throw error;
  }
  // (After a signal during start-up, the shutdown under way stops the service.)
  service.done.catch(async (error: unknown) => {
    logger.fatal({ error: describeError(error) }, "the bot cannot go on");
    await shutdown.shutdown("fatal", 1);
  });
  return service;
}
