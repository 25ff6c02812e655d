/**
 * Graceful shutdown: on SIGINT or SIGTERM stop taking updates, finish those in
 * flight, confirm only handled ones to Telegram, close the server, flush the
 * logs and exit 0, all within a hard limit (10 s) after which the process exits 1.
 */
import pino from "pino";
import type { Logger } from "../logger.js";
import { describeError, type UpdateService } from "./service.js";

export interface ShutdownOptions {
  readonly logger: Logger;
  /** The process exits at the latest this long after shutdown begins; 10 s by default. */
  readonly timeoutMs?: number;
  /**
   * Kept at the end of the time limit for confirming updates and flushing logs:
   * updates still running `timeoutMs - reserveMs` after the signal are given up on; 2 s by default.
   */
  readonly reserveMs?: number;
  /** Ends the process; process.exit by default (tests pass a spy). */
  readonly exit?: (code: number) => void;
}

export interface Shutdown {
  /**
   * The service to stop, or the promise of it while it is starting: a signal
   * that arrives during start-up stops it as soon as it is up.
   */
  manage(service: UpdateService | Promise<UpdateService>): void;
  /** Something else to close after the service stops (storage, …). */
  onClose(close: () => unknown): void;
  /** True once shutdown has begun. */
  readonly started: boolean;
  /** Begins shutdown (once; a second call forces the exit); resolves just before exiting. */
  shutdown(reason: string, exitCode?: number): Promise<void>;
  /** Installs the handlers of SIGINT, SIGTERM, uncaught exceptions and unhandled rejections. */
  install(target?: NodeJS.Process): () => void;
}

export function createShutdown(options: ShutdownOptions): Shutdown {
  const {
    logger,
    timeoutMs = 10_000,
    reserveMs = 2_000,
    exit = (code) => process.exit(code),
  } = options;
  let service: Promise<UpdateService> | undefined;
  const closers: (() => unknown)[] = [];
  let running: Promise<void> | undefined;
  let exited = false;

  const finish = async (code: number) => {
    if (exited) return;
    exited = true;
    await flush(logger);
    exit(code);
  };

  const run = async (reason: string, exitCode: number) => {
    logger.info({ reason }, "shutting down");
    const hardStop = setTimeout(() => {
      logger.error({ timeoutMs }, "shutdown did not finish in time; forcing exit");
      void finish(1);
    }, timeoutMs);
    hardStop.unref();
    const drain = AbortSignal.timeout(Math.max(0, timeoutMs - reserveMs));
    let code = exitCode;
    try {
      const current = service ? await settled(service, drain) : undefined;
      if (current) {
        const report = await current.stop(drain);
        if (report.abandoned > 0) code = 1;
      }
    } catch (error) {
      logger.error({ error: describeError(error) }, "error while stopping");
      code = 1;
    }
    for (const close of closers) {
      try {
        await close();
      } catch (error) {
        logger.error({ error: describeError(error) }, "error while closing");
        code = 1;
      }
    }
    clearTimeout(hardStop);
    logger.info({ exitCode: code }, "stopped");
    await finish(code);
  };

  const self: Shutdown = {
    manage(next) {
      service = Promise.resolve(next);
      // A service that fails to start is reported by whoever started it.
      service.catch(() => {});
    },
    onClose(close) {
      closers.push(close);
    },
    get started() {
      return running !== undefined;
    },
    shutdown(reason, exitCode = 0) {
      if (running) {
        logger.warn({ reason }, "shutdown already under way; a second signal forces the exit");
        if (reason === "SIGINT" || reason === "SIGTERM") void finish(1);
        return running;
      }
      running = run(reason, exitCode);
      return running;
    },
    install(target = process) {
      const onSignal = (signal: NodeJS.Signals) => void self.shutdown(signal);
      const onException = (error: unknown, origin: string) => {
        logger.fatal({ error: describeError(error), origin }, "uncaught exception");
        void self.shutdown(origin, 1);
      };
      const onRejection = (reason: unknown) => {
        logger.fatal({ error: describeError(reason) }, "unhandled promise rejection");
        void self.shutdown("unhandledRejection", 1);
      };
      target.on("SIGINT", onSignal);
      target.on("SIGTERM", onSignal);
      target.on("uncaughtException", onException);
      target.on("unhandledRejection", onRejection);
      return () => {
        target.off("SIGINT", onSignal);
        target.off("SIGTERM", onSignal);
        target.off("uncaughtException", onException);
        target.off("unhandledRejection", onRejection);
      };
    },
  };
  return self;
}

/** The service once started, or undefined if it failed to start or the deadline came first. */
async function settled(
  service: Promise<UpdateService>,
  deadline: AbortSignal,
): Promise<UpdateService | undefined> {
  const timedOut = new Promise<undefined>((resolve) => {
    if (deadline.aborted) resolve(undefined);
    deadline.addEventListener("abort", () => resolve(undefined), { once: true });
  });
  return Promise.race([service.catch(() => undefined), timedOut]);
}

/** The part of pino's SonicBoom destination that flushing before exit needs. */
interface FileStream {
  readonly fd: number;
  end(): void;
  once(event: "close" | "error", listener: () => void): unknown;
  flushSync(): void;
}

function isFileStream(stream: unknown): stream is FileStream {
  const s = stream as Partial<FileStream> | undefined;
  return (
    typeof s?.fd === "number" && typeof s.end === "function" && typeof s.flushSync === "function"
  );
}

/**
 * Writes out whatever the logger still buffers, before the process exits.
 *
 * pino's asynchronous destination answers `flush` at once even while a write is
 * still under way (its minLength is 0), so the last lines would be lost on
 * exit; ending the stream waits for pending writes (stdout itself stays open).
 * Other destinations (tests) are flushed the ordinary way.
 */
export function flush(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    // A destination that cannot flush must not hold the exit.
    setTimeout(resolve, 1_000).unref();
    const stream: unknown = (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym];
    try {
      if (isFileStream(stream)) {
        stream.once("close", resolve);
        stream.once("error", resolve);
        stream.end();
      } else {
        logger.flush(() => resolve());
      }
    } catch {
      resolve();
    }
  });
}
