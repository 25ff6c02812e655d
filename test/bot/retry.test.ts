/**
 * Retries of failed Bot API calls (src/bot/retry.ts): bounded to about a minute of waiting,
 * each retry logged with the method and the reason, giving up logged too, network errors
 * counted like 5xx answers, never a token in the log. Waits are recorded, not waited.
 */
import { HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY, retryTransformer } from "../../src/bot/retry.js";
import { captureLog } from "../runtime/log-capture.js";

const TOKEN = "7000000001:AAFakeTokenForTestsOnly_0123456789abc";

type Answer =
  | { ok: true; result: unknown }
  | Error
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

/** Calls a method through the transformer, the API answering with `answers` in turn (then ok). */
async function call(answers: Answer[], method = "sendMessage") {
  const waits: number[] = [];
  const log = captureLog({ secrets: [TOKEN] });
  let attempts = 0;
  const transformer = retryTransformer({
    logger: log.logger,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  const outcome = await transformer(
    async () => {
      const answer = answers[attempts++] ?? { ok: true, result: true };
      if (answer instanceof Error) throw answer;
      return answer as never;
    },
    method as never,
    {} as never,
  ).then(
    (response) => response,
    (error: unknown) => error,
  );
  return { outcome, waits, attempts, log };
}

const networkError = () =>
  new HttpError(
    "Network request for 'sendMessage' failed!",
    Object.assign(new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed`), {
      code: "ECONNRESET",
    }),
  );

describe("retryTransformer", () => {
  it("retries network errors with a doubling back-off, logging each retry with method and reason", async () => {
    const { outcome, waits, log } = await call([networkError(), networkError()]);
    expect(outcome).toEqual({ ok: true, result: true });
    expect(waits).toEqual([3000, 6000]);
    const retries = log.records().filter((r) => r.msg === "Bot API call failed; retrying");
    expect(retries.map((r) => [r.method, r.reason, r.attempt, r.retryInMs])).toEqual([
      ["sendMessage", "network error ECONNRESET", 1, 3000],
      ["sendMessage", "network error ECONNRESET", 2, 6000],
    ]);
    expect(log.text()).not.toContain(TOKEN);
  });

  it("waits what a 429 asks, and retries a 5xx", async () => {
    const { outcome, waits, log } = await call([
      {
        ok: false,
        error_code: 429,
        description: "Too Many Requests: retry after 20",
        parameters: { retry_after: 20 },
      },
      { ok: false, error_code: 502, description: "Bad Gateway" },
    ]);
    expect(outcome).toEqual({ ok: true, result: true });
    expect(waits).toEqual([20_000, 3000]);
    expect(log.records().map((r) => r.reason)).toEqual([
      "429 Too Many Requests: retry after 20",
      "502 Bad Gateway",
    ]);
  });

  it("gives up, logged, once the next wait would pass about a minute of waiting", async () => {
    const failures = Array.from({ length: 10 }, networkError);
    const { outcome, waits, attempts, log } = await call(failures);
    expect(outcome).toBeInstanceOf(HttpError);
    expect(waits).toEqual([3000, 6000, 12_000, 24_000]);
    expect(waits.reduce((a, b) => a + b)).toBeLessThanOrEqual(DEFAULT_RETRY.budgetMs);
    expect(attempts).toBe(5);
    const givenUp = log.records().filter((r) => r.msg === "Bot API call failed; giving up");
    expect(givenUp).toEqual([
      expect.objectContaining({
        method: "sendMessage",
        reason: "network error ECONNRESET",
        attempts: 5,
        waitedMs: 45_000,
      }),
    ]);
  });

  it("returns a 429 that asks for more than the budget at once, logged as given up", async () => {
    const tooLong = {
      ok: false as const,
      error_code: 429,
      description: "Too Many Requests: retry after 300",
      parameters: { retry_after: 300 },
    };
    const { outcome, waits, log } = await call([tooLong]);
    expect(outcome).toEqual(tooLong);
    expect(waits).toEqual([]);
    expect(log.records().map((r) => r.msg)).toEqual(["Bot API call failed; giving up"]);
  });

  it("does not retry or log a refusal (4xx): that is the caller's to handle", async () => {
    const refusal = {
      ok: false as const,
      error_code: 400,
      description: "Bad Request: message is not modified",
    };
    const { outcome, waits, log } = await call([refusal]);
    expect(outcome).toEqual(refusal);
    expect(waits).toEqual([]);
    expect(log.lines).toEqual([]);
  });
});
