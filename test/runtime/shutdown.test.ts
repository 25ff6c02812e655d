/** The graceful shutdown, with a stand-in for `process` and a spy for its exit. */
import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { StopReport, UpdateService } from "../../src/runtime/service.js";
import { createShutdown } from "../../src/runtime/shutdown.js";
import { captureLog } from "./log-capture.js";

function fakeService(stop: (drain?: AbortSignal) => Promise<StopReport>): UpdateService {
  return { mode: "polling", inFlight: () => 0, done: new Promise(() => {}), stop: vi.fn(stop) };
}

function setUp(timeoutMs = 10_000) {
  const log = captureLog();
  const exit = vi.fn<(code: number) => void>();
  const exited = new Promise<number>((resolve) => exit.mockImplementation(resolve));
  const shutdown = createShutdown({ logger: log.logger, timeoutMs, reserveMs: 50, exit });
  const target = new EventEmitter();
  shutdown.install(target as unknown as NodeJS.Process);
  return { log, exit, exited, shutdown, target };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("createShutdown", () => {
  it("on SIGTERM stops the service, runs the closers, logs and exits 0", async () => {
    const { log, exited, shutdown, target } = setUp();
    const order: string[] = [];
    const service = fakeService(async (drain) => {
      expect(drain).toBeInstanceOf(AbortSignal);
      order.push("service");
      return { abandoned: 0 };
    });
    shutdown.manage(service);
    shutdown.onClose(() => {
      order.push("closer");
    });
    target.emit("SIGTERM", "SIGTERM");
    expect(await exited).toBe(0);
    expect(order).toEqual(["service", "closer"]);
    const messages = log.records().map((r) => r.msg);
    expect(messages[0]).toBe("shutting down");
    expect(messages.at(-1)).toBe("stopped");
  });

  it("waits for a service that is still starting, then stops it", async () => {
    const { log, exit, exited, shutdown, target } = setUp();
    let up!: (service: UpdateService) => void;
    const service = fakeService(async () => ({ abandoned: 0 }));
    shutdown.manage(new Promise<UpdateService>((resolve) => (up = resolve)));
    target.emit("SIGINT", "SIGINT");
    await log.waitFor((r) => r.msg === "shutting down");
    expect(exit).not.toHaveBeenCalled();
    up(service);
    expect(await exited).toBe(0);
    expect(service.stop).toHaveBeenCalledOnce();
  });

  it("exits 1 when updates had to be given up at the deadline", async () => {
    const { exited, shutdown } = setUp();
    shutdown.manage(fakeService(async () => ({ abandoned: 2 })));
    void shutdown.shutdown("SIGTERM");
    expect(await exited).toBe(1);
  });

  it("forces the exit with a log line when stopping takes longer than the time limit", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { log, exit, exited, shutdown, target } = setUp(200);
    shutdown.manage(fakeService(() => new Promise(() => {})));
    target.emit("SIGTERM", "SIGTERM");
    await vi.advanceTimersByTimeAsync(199);
    expect(exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    // (Flushing the log before the exit may take the flush's own time limit.)
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await exited).toBe(1);
    expect(
      log.records().some((r) => r.msg === "shutdown did not finish in time; forcing exit"),
    ).toBe(true);
  });

  it("a second signal forces the exit at once", async () => {
    const { exited, shutdown, target } = setUp();
    shutdown.manage(fakeService(() => new Promise(() => {})));
    target.emit("SIGINT", "SIGINT");
    target.emit("SIGINT", "SIGINT");
    expect(await exited).toBe(1);
  });

  it("logs an uncaught exception or unhandled rejection, then shuts down with exit 1", async () => {
    for (const event of ["uncaughtException", "unhandledRejection"] as const) {
      const { log, exited, shutdown, target } = setUp();
      const service = fakeService(async () => ({ abandoned: 0 }));
      shutdown.manage(service);
      target.emit(
        event,
        new Error("boom"),
        event === "uncaughtException" ? "uncaughtException" : undefined,
      );
      expect(await exited).toBe(1);
      const fatal = log.records().find((r) => r.level === 60);
      expect(fatal?.error).toMatchObject({ message: "boom" });
      expect(service.stop).toHaveBeenCalledOnce();
    }
  });

  it("exits 1 when stopping fails", async () => {
    const { exited, shutdown } = setUp();
    shutdown.manage(fakeService(async () => Promise.reject(new Error("cannot stop"))));
    void shutdown.shutdown("SIGTERM");
    expect(await exited).toBe(1);
  });
});
