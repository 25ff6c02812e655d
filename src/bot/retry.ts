/**
 * Retrying Bot API calls: a 429 is retried after the `retry_after` Telegram asks for, a 5xx or
 * a network failure after a back-off that doubles from `backoffMs.min` up to `backoffMs.max`.
 *
 * Written here rather than taken from @grammyjs/auto-retry, which this replaces with the same
 * behaviour: the plugin's first back-off is fixed at 3 s and it waits on the real clock, so a
 * test of a fault would wait out real seconds; here the timings and the wait are options.
 */
import { HttpError, type Transformer } from "grammy";
import { sleep as realSleep } from "../lib/sleep.js";

export interface RetryOptions {
  /** Retries after the first attempt; the last answer is returned when they run out. */
  readonly maxRetries: number;
  /** A longer `retry_after` is not waited for: the 429 is returned to the caller. */
  readonly maxRetryAfterSeconds: number;
  /** Back-off for 5xx answers and network failures, in ms: from `min`, doubling up to `max`. */
  readonly backoffMs: { readonly min: number; readonly max: number };
  /** Waits `ms`, or rejects when `signal` aborts (tests pass one that records and returns at once). */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxRetries: 5,
  maxRetryAfterSeconds: 60,
  backoffMs: { min: 3_000, max: 60_000 },
  sleep: realSleep,
};

/** The transformer; methods in `except` are passed through untouched (getUpdates retries itself). */
export function retryTransformer(
  options: Partial<RetryOptions> = {},
  except: ReadonlySet<string> = new Set(),
): Transformer {
  const { maxRetries, maxRetryAfterSeconds, backoffMs, sleep } = { ...DEFAULT_RETRY, ...options };
  return async (prev, method, payload, apiSignal) => {
    if (except.has(method)) return prev(method, payload, apiSignal);
    const signal = apiSignal as unknown as AbortSignal | undefined;
    let backoff = backoffMs.min;
    const wait = async (ms: number) => {
      await sleep(ms, signal);
    };
    for (let retriesLeft = maxRetries; ; retriesLeft--) {
      let response: Awaited<ReturnType<typeof prev>>;
      try {
        response = await prev(method, payload, apiSignal);
      } catch (error) {
        if (!(error instanceof HttpError) || retriesLeft <= 0 || signal?.aborted) throw error;
        await wait(backoff);
        backoff = Math.min(backoff * 2, backoffMs.max);
        continue;
      }
      if (response.ok || retriesLeft <= 0) return response;
      const retryAfter = response.parameters?.retry_after;
      if (typeof retryAfter === "number") {
        if (retryAfter > maxRetryAfterSeconds) return response;
        await wait(retryAfter * 1000);
        backoff = backoffMs.min;
        continue;
      }
      if (response.error_code < 500) return response;
      await wait(backoff);
      backoff = Math.min(backoff * 2, backoffMs.max);
    }
  };
}
