/**
 * Starting the bot as a service: everything `npm start` does between reading the environment
 * and running until a signal — build the bot, reach the Bot API (getMe, retried for as long as
 * the network fails, with a warning now and then), register the command menus, then take
 * updates by long polling or webhook — with the shutdown told what to stop.
 *
 * src/main.ts calls it with the process's environment, signals and exit; tests call it in
 * process, against the Telegram simulator's HTTP front end, with their own shutdown and shorter
 * timings. No side effects until called.
 */

import { registerBotCommands } from "../bot/commands.js";
import { ALLOWED_UPDATES, type CreateBotOptions, createBot } from "../bot/create-bot.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { SearchEngine } from "../search/types.js";
import type { PollingOptions } from "./polling.js";
import { startPolling } from "./polling.js";
import { describeError, type UpdateService } from "./service.js";
import type { Shutdown } from "./shutdown.js";
import { startWebhook } from "./webhook.js";

/** Timings of the start and of polling; tests shorten them. */
export interface LaunchTimings {
  /** How often "still waiting for the Bot API" is logged while getMe fails; 10 s by default. */
  readonly getMeWarningMs: number;
  /** How long registering the command menus may take before it is given up; 10 s by default. */
  readonly commandsTimeoutMs: number;
  /** Long-poll timeout and getUpdates back-off (see PollingOptions). */
  readonly polling: Pick<
    PollingOptions,
    "pollTimeoutSeconds" | "retryDelayMs" | "confirmTimeoutMs"
  >;
}

export const DEFAULT_LAUNCH_TIMINGS: LaunchTimings = {
  getMeWarningMs: 10_000,
  commandsTimeoutMs: 10_000,
  polling: {},
};

export interface LaunchOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly search: SearchEngine;
  /** Stops the service on a signal; a fatal error while running shuts down through it too. */
  readonly shutdown: Shutdown;
  readonly timings?: Partial<LaunchTimings>;
  /** More options for createBot: session storage, settings, rate limits, retry timings. */
  readonly bot?: Omit<CreateBotOptions, "config" | "logger" | "search">;
}

/**
 * Starts the bot and resolves with the running service. Rejects when it cannot start (the
 * token is refused, the port is taken…): the caller logs nothing more and exits 1. Once
 * running, a fatal error (the token revoked) is logged and shuts the process down with exit 1.
 */
export async function launchBot(options: LaunchOptions): Promise<UpdateService> {
  const { config, logger, search, shutdown } = options;
  const timings = { ...DEFAULT_LAUNCH_TIMINGS, ...options.timings };
  const bot = createBot({ config, logger, search, ...options.bot });
  logger.info(
    {
      mode: config.mode,
      documents: search.knowledge.documents.length,
      knowledgeVersion: search.knowledge.version,
      apiRoot: config.botApiRoot,
    },
    "starting",
  );

  const starting = (async (): Promise<UpdateService> => {
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
    if (config.mode === "webhook" && config.webhook) {
      return startWebhook(bot, {
        logger,
        url: config.webhook.url,
        secret: config.webhook.secret,
        host: config.host,
        port: config.port,
        allowedUpdates: ALLOWED_UPDATES,
      });
    }
    return startPolling(bot, { logger, allowedUpdates: ALLOWED_UPDATES, ...timings.polling });
  })();
  shutdown.manage(starting);

  let service: UpdateService;
  try {
    service = await starting;
  } catch (error) {
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
