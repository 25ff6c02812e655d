/**
 * Retrying Bot API calls, for about a minute at most: a 429 is retried after the `retry_after`
 * Telegram asks for, a 5xx or a network failure after a back-off that doubles from
 * `backoffMs.min` up to `backoffMs.max`. Every retry is logged (method and reason, never the
 * token), and so is giving up. A call that would have to wait past the budget is given up at
 * once: an answer a minute late helps nobody, and the update holds its chat meanwhile.
 *
 * Written here rather than taken from @grammyjs/auto-retry, which this replaces with the same
 * rules: the plugin retries silently, its first back-off is fixed at 3 s and it waits on the
 * real clock, so a test of a fault would wait out real seconds; here the timings and the wait
 * are options.
 */
import { GrammyError, HttpError, type Transformer } from "grammy";
import { sleep as realSleep } from "../lib/sleep.js";
import type { Logger } from "../logger.js";

export interface RetryOptions {
  /** The most a call may wait between its attempts, all waits together. */
  readonly budgetMs: number;
  /** Back-off for 5xx answers and network failures, in ms: from `min`, doubling up to `max`. */
  readonly backoffMs: { readonly min: number; readonly max: number };
  /** Waits `ms`, or rejects when `signal` aborts (tests pass one that records and returns at once). */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Where retries and give-ups are logged; nowhere when absent. */
  readonly logger?: Logger;
}

/** Back-offs of 3, 6, 12 and 24 s fit in the minute (45 s); the next one would not. */
export const DEFAULT_RETRY: RetryOptions = {
  budgetMs: 60_000,
  backoffMs: { min: 3_000, max: 30_000 },
  sleep: realSleep,
};

/** Why a call failed, in a few words and without the request URL (it carries the token). */
export function failureReason(failure: unknown): string {
  if (failure instanceof HttpError) {
    const cause = failure.error as { code?: unknown; message?: unknown } | undefined;
    const code = typeof cause?.code === "string" ? cause.code : undefined;
    return `network error${code ? ` ${code}` : ""}`;
  }
  if (failure instanceof GrammyError) return `${failure.error_code} ${failure.description}`;
  if (typeof failure === "object" && failure !== null && "error_code" in failure) {
    const { error_code, description } = failure as { error_code: number; description?: string };
    return `${error_code} ${description ?? ""}`.trim();
  }
  return failure instanceof Error ? failure.name : String(failure);
}

/** The transformer; methods in `except` are passed through untouched (getUpdates retries itself). */
export function retryTransformer(
  options: Partial<RetryOptions> = {},
  except: ReadonlySet<string> = new Set(),
): Transformer {
  const { budgetMs, backoffMs, sleep, logger } = { ...DEFAULT_RETRY, ...options };
  return async (prev, method, payload, apiSignal) => {
    if (except.has(method)) return prev(method, payload, apiSignal);
    const signal = apiSignal as unknown as AbortSignal | undefined;
    let backoff = backoffMs.min;
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      let failure: unknown;
      let waitMs: number;
      let response: Awaited<ReturnType<typeof prev>> | undefined;
      try {
        response = await prev(method, payload, apiSignal);
      } catch (error) {
        if (!(error instanceof HttpError) || signal?.aborted) throw error;
        failure = error;
      }
      if (response !== undefined) {
        if (response.ok) return response;
        const retryAfter = response.parameters?.retry_after;
        if (typeof retryAfter !== "number" && response.error_code < 500) return response;
        failure = response;
      }
      const retryAfter = response?.ok === false ? response.parameters?.retry_after : undefined;
      if (typeof retryAfter === "number") {
        waitMs = retryAfter * 1000;
        backoff = backoffMs.min;
      } else {
        waitMs = backoff;
        backoff = Math.min(backoff * 2, backoffMs.max);
      }
      const reason = failureReason(failure);
      if (waited + waitMs > budgetMs) {
        logger?.error(
          { method, reason, attempts: attempt, waitedMs: waited },
          "Bot API call failed; giving up",
        );
        if (response !== undefined) return response;
        throw failure;
      }
      logger?.warn({ method, reason, attempt, retryInMs: waitMs }, "Bot API call failed; retrying");
      await sleep(waitMs, signal);
      waited += waitMs;
    }
  };
}
