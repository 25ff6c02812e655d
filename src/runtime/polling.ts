/**
 * Long polling, as intake only: fetch a batch with getUpdates, store it in
 * the inbox, and only then ask for the next batch — whose offset is what
 * tells Telegram it may forget the previous one. An update is therefore in
 * the store before Telegram lets go of it; a crash at any point loses nothing.
 * Handling is the dispatcher's (dispatcher.ts), not this loop's.
 */
import { type Bot, type Context, GrammyError } from "grammy";
import type { Update } from "grammy/types";
import { sleep } from "../lib/sleep.js";
import type { Logger } from "../logger.js";
import { describeError } from "./service.js";
import type { UpdateType } from "./updates.js";

/** grammY types its signals with the abort-controller polyfill; at run time they are Node's own. */
type ApiSignal = NonNullable<Parameters<Bot["api"]["getUpdates"]>[1]>;
const apiSignal = (signal: AbortSignal) => signal as unknown as ApiSignal;

export interface PollingOptions {
  readonly logger: Logger;
  /** Exactly the update types the bot handles (createBot's ALLOWED_UPDATES); Telegram sends nothing else. */
  readonly allowedUpdates: readonly UpdateType[];
  /** Stores a batch durably; rejects if it could not (the batch is then fetched again). */
  readonly accept: (updates: readonly Update[]) => Promise<unknown>;
  /** How long Telegram holds a getUpdates open when there is nothing to deliver; 30 s by default. */
  readonly pollTimeoutSeconds?: number;
  /** Backoff between failed getUpdates calls (and failed stores): from `min` ms, doubling up to `max` ms. */
  readonly retryDelayMs?: { readonly min: number; readonly max: number };
  /** How long the final confirming getUpdates may take at stop; 2 s by default. */
  readonly confirmTimeoutMs?: number;
}

/** A running poll loop. */
export interface PollingIntake {
  /** Rejects when polling cannot go on (the token was refused); resolves after stop. */
  readonly done: Promise<void>;
  /**
   * Takes no more updates: ends the long poll under way, then confirms to
   * Telegram everything stored, so none of it is delivered again.
   */
  stop(): Promise<void>;
}

/** Errors after which polling cannot succeed, however often it is retried. */
function isFatal(error: unknown): boolean {
  // 401: the token is wrong or revoked; 404: the token or BOT_API_ROOT points nowhere.
  return error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404);
}

/** Removes any webhook (getUpdates fails while one is set), then polls until stopped. */
export async function startPolling<C extends Context>(
  bot: Bot<C>,
  options: PollingOptions,
): Promise<PollingIntake> {
  const {
    logger,
    allowedUpdates,
    accept,
    pollTimeoutSeconds = 30,
    retryDelayMs = { min: 500, max: 30_000 },
    confirmTimeoutMs = 2_000,
  } = options;

  await bot.api.deleteWebhook({ drop_pending_updates: false });
  const stopping = new AbortController();
  const signal = stopping.signal;
  /** The offset of the next getUpdates: everything below it is stored. */
  let offset: number | undefined;
  /** The offset Telegram was last given: it has forgotten everything below. */
  let confirmed: number | undefined;

  /** Waits out a backoff; false when the stop came first. */
  const pause = (ms: number) =>
    sleep(ms, signal).then(
      () => true,
      () => false,
    );

  const fetchBatch = async (): Promise<Update[] | undefined> => {
    let delay = retryDelayMs.min;
    for (;;) {
      try {
        const updates = await bot.api.getUpdates(
          {
            ...(offset !== undefined && { offset }),
            limit: 100,
            timeout: pollTimeoutSeconds,
            allowed_updates: [...allowedUpdates],
          },
          apiSignal(signal),
        );
        confirmed = offset;
        return updates;
      } catch (error) {
        if (signal.aborted) return undefined;
        if (isFatal(error)) {
          logger.fatal(
            { error: describeError(error) },
            "getUpdates refused: check BOT_TOKEN and BOT_API_ROOT",
          );
          throw error;
        }
        logger.warn(
          { error: describeError(error), retryInMs: delay },
          "getUpdates failed; retrying",
        );
        if (!(await pause(delay))) return undefined;
        delay = Math.min(delay * 2, retryDelayMs.max);
      }
    }
  };

  /** Stores a batch, retrying while the store fails; false if the stop came first. */
  const store = async (updates: readonly Update[]): Promise<boolean> => {
    let delay = retryDelayMs.min;
    for (;;) {
      try {
        await accept(updates);
        return true;
      } catch (error) {
        // Not confirmed to Telegram, so nothing is lost: it is fetched again.
        logger.error(
          { error: describeError(error), updateIds: updates.map((u) => u.update_id) },
          "polling: could not store updates; Telegram keeps them until they are",
        );
        if (!(await pause(delay))) return false;
        delay = Math.min(delay * 2, retryDelayMs.max);
      }
    }
  };

  const loop = async () => {
    while (!signal.aborted) {
      const updates = await fetchBatch();
      if (updates === undefined) return;
      const last = updates.at(-1);
      if (last === undefined) continue;
      if (!(await store(updates))) return;
      offset = last.update_id + 1;
    }
  };

  const done = loop().then(
    () => undefined,
    (error: unknown) => {
      logger.fatal({ error: describeError(error) }, "polling stopped by an error");
      throw error;
    },
  );
  // `done` is for whoever awaits it; an unobserved rejection must not crash the process twice.
  done.catch(() => {});
  logger.info({ mode: "polling", allowedUpdates }, "polling for updates");

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      logger.info("polling: taking no more updates");
      stopping.abort();
      await done.catch(() => {});
      // Tell Telegram that everything stored may be forgotten.
      if (offset !== undefined && offset !== confirmed) {
        try {
          await bot.api.getUpdates(
            { offset, limit: 1, timeout: 0 },
            apiSignal(AbortSignal.timeout(confirmTimeoutMs)),
          );
          confirmed = offset;
          logger.info({ offset }, "polling: confirmed stored updates to Telegram");
        } catch (error) {
          logger.warn(
            { error: describeError(error), offset },
            "polling: could not confirm the last updates; Telegram will deliver them again, and the inbox knows them",
          );
        }
      }
    })();
    return stopped;
  };

  return { done, stop };
}
