/**
 * Long polling through @grammyjs/runner: updates are handled concurrently,
 * except that updates of one chat (and of one user) keep their order.
 */
import { run, sequentialize } from "@grammyjs/runner";
import { type Bot, type Context, GrammyError } from "grammy";
import type { Update } from "grammy/types";
import { sleep } from "../lib/sleep.js";
import type { Logger } from "../logger.js";
import { describeError, InFlight, type StopReport, type UpdateService } from "./service.js";
import { sequenceKeys, type UpdateType } from "./updates.js";

/** grammY types its signals with the abort-controller polyfill; at run time they are Node's own. */
type ApiSignal = NonNullable<Parameters<Bot["api"]["getUpdates"]>[1]>;
const apiSignal = (signal: AbortSignal) => signal as unknown as ApiSignal;

export interface PollingOptions {
  readonly logger: Logger;
  /** Exactly the update types the bot handles (createBot's ALLOWED_UPDATES); Telegram sends nothing else. */
  readonly allowedUpdates: readonly UpdateType[];
  /** How long Telegram holds a getUpdates open when there is nothing to deliver; 30 s by default. */
  readonly pollTimeoutSeconds?: number;
  /** Most updates handled at once; 100 by default. */
  readonly concurrency?: number;
  /** Backoff between failed getUpdates calls: from `min` ms, doubling up to `max` ms. */
  readonly retryDelayMs?: { readonly min: number; readonly max: number };
  /** How long the final confirming getUpdates may take at stop; 2 s by default. */
  readonly confirmTimeoutMs?: number;
}

/** Errors after which polling cannot succeed, however often it is retried. */
function isFatal(error: unknown): boolean {
  // 401: the token is wrong or revoked; 404: the token or BOT_API_ROOT points nowhere.
  return error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404);
}

/**
 * Starts long polling: fetches the bot's identity (getMe), removes any webhook
 * (getUpdates fails while one is set), then runs the runner.
 *
 * Each getUpdates confirms the batch before it (its offset is the last update_id
 * + 1). `stop` aborts the pending long poll, so nothing new is taken, waits for
 * every update in flight, and only then confirms the last batch with a final
 * getUpdates: after a clean stop every update received was handled exactly once,
 * and whatever Telegram had not handed over yet is delivered to the next start.
 */
export async function startPolling<C extends Context>(
  bot: Bot<C>,
  options: PollingOptions,
): Promise<UpdateService> {
  const {
    logger,
    allowedUpdates,
    pollTimeoutSeconds = 30,
    concurrency = 100,
    retryDelayMs = { min: 500, max: 30_000 },
    confirmTimeoutMs = 2_000,
  } = options;

  await bot.init();
  await bot.api.deleteWebhook({ drop_pending_updates: false });

  const inFlight = new InFlight();
  const inOrder = sequentialize<Update>(sequenceKeys);
  /** Telegram has forgotten every update below this offset. */
  let confirmedOffset = 0;
  /** The highest update_id received. */
  let lastReceived: number | undefined;

  const handleError = async (error: unknown) => {
    try {
      await bot.errorHandler(error as Parameters<typeof bot.errorHandler>[0]);
    } catch (rethrown) {
      logger.error({ error: describeError(rethrown) }, "update failed and the error handler threw");
    }
  };

  const getUpdates = async (
    args: { offset: number; limit: number; timeout: number },
    apiSignalArg: ApiSignal,
  ): Promise<Update[]> => {
    const signal = apiSignalArg as unknown as AbortSignal;
    let delay = retryDelayMs.min;
    for (;;) {
      try {
        const updates = await bot.api.getUpdates(
          { ...args, allowed_updates: [...allowedUpdates] },
          apiSignalArg,
        );
        confirmedOffset = Math.max(confirmedOffset, args.offset);
        const last = updates.at(-1);
        if (last !== undefined) lastReceived = last.update_id;
        return updates;
      } catch (error) {
        if (signal.aborted) throw error;
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
        await sleep(delay, signal);
        delay = Math.min(delay * 2, retryDelayMs.max);
      }
    }
  };

  const handle = run(
    {
      handleUpdate: (update: Update) =>
        inFlight.track(
          update.update_id,
          inOrder(update, () => bot.handleUpdate(update)),
        ),
      errorHandler: handleError,
      api: { getUpdates },
    },
    {
      runner: {
        fetch: { timeout: pollTimeoutSeconds, allowed_updates: allowedUpdates },
        // Retrying is done above, with logging and a capped backoff; the runner only stops.
        maxRetryTime: 0,
        silent: true,
      },
      sink: { concurrency },
    },
  );
  const task = handle.task() ?? Promise.resolve();
  const done = task.then(
    () => undefined,
    (error: unknown) => {
      logger.fatal({ error: describeError(error) }, "polling stopped by an error");
      throw error;
    },
  );
  // `done` is for whoever awaits it; an unobserved rejection must not crash the process twice.
  done.catch(() => {});
  logger.info({ mode: "polling", allowedUpdates, concurrency }, "polling for updates");

  let stopping: Promise<StopReport> | undefined;
  const stop = (drain?: AbortSignal): Promise<StopReport> => {
    stopping ??= (async () => {
      logger.info({ inFlight: inFlight.size }, "polling: taking no more updates");
      // Aborts the pending long poll; updates it would have returned stay with Telegram.
      const stopped = handle.stop() ?? Promise.resolve();
      await Promise.race([stopped.catch(() => {}), inFlight.idle(drain)]);
      const idle = await inFlight.idle(drain);
      const abandoned = inFlight.ids();
      if (!idle) {
        // The runner confirms a batch when it fetches the next one, so an update that
        // runs past the deadline is usually confirmed already: it is reported, by id.
        const redelivered = abandoned.filter((id) => id >= confirmedOffset);
        logger.error(
          { updateIds: abandoned, redelivered },
          "polling: updates still running at the deadline were given up",
        );
      }
      // Confirm everything received and handled, and nothing still running.
      if (lastReceived !== undefined) {
        const offset = abandoned[0] ?? lastReceived + 1;
        if (offset > confirmedOffset) {
          try {
            await bot.api.getUpdates(
              { offset, limit: 1, timeout: 0 },
              apiSignal(AbortSignal.timeout(confirmTimeoutMs)),
            );
            confirmedOffset = offset;
            logger.info({ offset }, "polling: confirmed handled updates to Telegram");
          } catch (error) {
            logger.warn(
              { error: describeError(error), offset },
              "polling: could not confirm the last updates; Telegram will deliver them again",
            );
          }
        }
      }
      return { abandoned: abandoned.length };
    })();
    return stopping;
  };

  return { mode: "polling", inFlight: () => inFlight.size, done, stop };
}
