/**
 * Readiness (src/runtime/health.ts): each reason to be unready, and being ready again once it
 * is gone. The checks are called by the tests; the clock and the event loop's lag are theirs.
 */
import { HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { Health } from "../../src/runtime/health.js";
import type { HealthReport } from "../../src/store/types.js";
import { captureLog } from "./log-capture.js";

function setUp() {
  let now = 1_000_000;
  let store: HealthReport = { ok: true, latencyMs: 1 };
  let lag = 0;
  let apiUp = true;
  let probes = 0;
  const log = captureLog();
  const health: Health = new Health({
    logger: log.logger,
    mode: "polling",
    checkStore: async () => store,
    probeApi: (): Promise<void> => {
      probes++;
      return call("getMe");
    },
    inFlight: () => 0,
    now: () => now,
    sampleLag: () => lag,
  });
  /** A Bot API call through the health transformer, answered as the API is now. */
  const call = (method: string): Promise<void> =>
    health
      .apiTransformer(
        async () => {
          if (!apiUp)
            throw new HttpError(
              `Network request for '${method}' failed!`,
              new Error("ECONNREFUSED"),
            );
          return { ok: true, result: true } as never;
        },
        method as never,
        {} as never,
      )
      .then(
        () => {},
        () => {},
      );
  return {
    health,
    log,
    call,
    advance: (ms: number) => {
      now += ms;
    },
    setStore: (report: HealthReport) => {
      store = report;
    },
    setLag: (ms: number) => {
      lag = ms;
    },
    setApi: (up: boolean) => {
      apiUp = up;
    },
    probes: () => probes,
  };
}

describe("readiness", () => {
  it("is ready when the store writes, the Bot API answers and the loop keeps up", async () => {
    const { health } = setUp();
    await health.checkStore();
    health.sampleLag();
    expect(health.readiness()).toEqual({ ready: true, reasons: [] });
  });

  it("is not ready while the store is not writable, and ready again once it is", async () => {
    const { health, setStore, log } = setUp();
    setStore({ ok: false, latencyMs: 3000, error: "no answer within 3000 ms" });
    await health.checkStore();
    expect(health.readiness()).toEqual({
      ready: false,
      reasons: ["store not writable: no answer within 3000 ms"],
    });
    setStore({ ok: true, latencyMs: 2 });
    await health.checkStore();
    expect(health.readiness().ready).toBe(true);
    expect(log.records().map((r) => r.msg)).toEqual(["not ready", "ready again"]);
  });

  it("is not ready once the Bot API has failed for 30 s with no success, ready after one", async () => {
    const { health, call, advance, setApi } = setUp();
    setApi(false);
    await call("sendMessage");
    advance(29_000);
    await call("sendMessage");
    expect(health.readiness().ready).toBe(true);
    advance(1_000);
    // Idle: the probe calls getMe, which fails too.
    await health.probeApi();
    expect(health.readiness()).toEqual({
      ready: false,
      reasons: ["Bot API unreachable for 30 s: network error"],
    });
    setApi(true);
    advance(10_000);
    await health.probeApi();
    expect(health.readiness().ready).toBe(true);
  });

  it("an answer below 500 counts as reachable; a 5xx does not", async () => {
    const { health, advance } = setUp();
    const answer = (response: unknown) =>
      health.apiTransformer(async () => response as never, "sendMessage" as never, {} as never);
    await answer({ ok: false, error_code: 502, description: "Bad Gateway" });
    advance(31_000);
    expect(health.readiness().reasons).toEqual(["Bot API unreachable for 31 s: 502 Bad Gateway"]);
    await answer({
      ok: false,
      error_code: 400,
      description: "Bad Request: message is not modified",
    });
    expect(health.readiness().ready).toBe(true);
  });

  it("probes the Bot API only when nothing reached it lately", async () => {
    const { health, call, advance, probes } = setUp();
    advance(5_000);
    await health.probeApi();
    expect(probes()).toBe(0);
    advance(5_000);
    await health.probeApi();
    expect(probes()).toBe(1);
    advance(9_000);
    await call("sendMessage");
    advance(9_000);
    await health.probeApi();
    expect(probes()).toBe(1);
  });

  it("is not ready while the event loop lags more than a second, while draining, or while waiting for the lock", () => {
    const { health, setLag } = setUp();
    setLag(1_500);
    health.sampleLag();
    expect(health.readiness().reasons).toEqual(["event loop lagging 1500 ms"]);
    setLag(20);
    health.sampleLag();
    expect(health.readiness().ready).toBe(true);
    health.setWaiting("waiting for the lock polling");
    expect(health.readiness().reasons).toEqual(["waiting for the lock polling"]);
    health.setWaiting(undefined);
    health.setDraining();
    expect(health.readiness().reasons).toEqual(["draining: shutting down"]);
  });
});
