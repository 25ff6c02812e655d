/** Captures a pino logger's output as parsed JSON lines, for assertions. */
import { Writable } from "node:stream";
import type { LogLevel } from "../../src/config.js";
import { createLogger, type Logger } from "../../src/logger.js";

export interface CapturedLog {
  readonly logger: Logger;
  /** Every raw line written so far. */
  readonly lines: string[];
  /** The lines parsed as JSON. */
  records(): Record<string, unknown>[];
  /** The raw output, for searching (e.g. for a token). */
  text(): string;
  /** Resolves with the first record (past or future) that matches. */
  waitFor(
    predicate: (record: Record<string, unknown>) => boolean,
  ): Promise<Record<string, unknown>>;
}

export function captureLog(options: { level?: LogLevel; secrets?: string[] } = {}): CapturedLog {
  const lines: string[] = [];
  const waiters = new Set<() => boolean>();
  let pending = "";
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      pending += chunk.toString("utf8");
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      lines.push(...parts.filter((line) => line !== ""));
      for (const waiter of waiters) if (waiter()) waiters.delete(waiter);
      callback();
    },
  });
  const logger = createLogger({
    level: options.level ?? "trace",
    secrets: options.secrets ?? [],
    destination,
  });
  return {
    logger,
    lines,
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => lines.join("\n"),
    waitFor(predicate) {
      const find = () =>
        lines.map((line) => JSON.parse(line) as Record<string, unknown>).find(predicate);
      return new Promise((resolve) => {
        const check = () => {
          const found = find();
          if (found) resolve(found);
          return found !== undefined;
        };
        if (!check()) waiters.add(check);
      });
    },
  };
}
