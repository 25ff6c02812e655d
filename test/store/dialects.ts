/**
 * Runs one store suite against both dialects: SQLite in a fresh temporary
 * directory, and PostgreSQL in a fresh schema of the server the global
 * setup found (skipped, with the setup's one message, when there is none).
 *
 * Each test gets an empty database and a hand-moved clock; `open()` opens
 * another store on the same database, as a second replica or a restarted
 * process would.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { afterEach, beforeEach, describe, inject } from "vitest";
import type { Logger } from "../../src/logger.js";
import {
  type OpenStoreOptions,
  openStore,
  type Store,
  type StoreDialect,
} from "../../src/store/index.js";
import { freshSchema } from "../support/schema.js";

export interface Clock {
  now(): number;
  advance(ms: number): void;
}

export interface StoreHarness {
  readonly dialect: StoreDialect;
  readonly clock: Clock;
  /** Opens a store on this test's database (every call: another process or replica). */
  open(options?: Partial<OpenStoreOptions>): Promise<Store>;
  /** What open() passes as the database: the directory or the URL. */
  readonly target: Target;
  /** Another empty database of the same dialect (a schema of the same server), removed after the test. */
  another(): Promise<Target>;
}

export type Target = { readonly dataDir?: string; readonly databaseUrl?: string };

/** Log lines written through `logger`, as parsed records. */
export function captureLog(): { logger: Logger; records: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      callback();
    },
  });
  return {
    logger: pino({ level: "debug" }, destination),
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const silent: Logger = pino({ level: "silent" });
const START = Date.UTC(2026, 0, 15, 12, 0, 0);

/**
 * Declares `body` once per dialect. `harness()` is valid inside tests and
 * hooks; it is fresh for every test.
 */
export function describeStore(title: string, body: (harness: () => StoreHarness) => void): void {
  const postgres = inject("postgres");
  for (const dialect of ["sqlite", "postgres"] as const) {
    const skip = dialect === "postgres" && "skip" in postgres;
    describe.skipIf(skip)(`${title} [${dialect}]`, () => {
      let current: StoreHarness | undefined;
      const cleanups: (() => Promise<void>)[] = [];
      const opened: Store[] = [];

      /** A new empty database: a temporary directory, or a schema of the server. */
      async function fresh(): Promise<Target> {
        if (dialect === "sqlite") {
          const dataDir = mkdtempSync(join(tmpdir(), "store-test-"));
          cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
          return { dataDir };
        }
        const schema = await freshSchema("url" in postgres ? postgres.url : "");
        cleanups.push(() => schema.drop());
        return { databaseUrl: schema.url };
      }

      beforeEach(async () => {
        let t = START;
        const clock: Clock = {
          now: () => t,
          advance: (ms) => {
            t += ms;
          },
        };
        const target = await fresh();
        current = {
          dialect,
          clock,
          target,
          another: fresh,
          async open(options = {}) {
            const store = await openStore({
              ...target,
              logger: silent,
              now: clock.now,
              poolSize: 4,
              ...options,
            });
            opened.push(store);
            return store;
          },
        };
      });

      afterEach(async () => {
        await Promise.all(opened.splice(0).map((s) => s.close().catch(() => {})));
        for (const cleanup of cleanups.splice(0)) await cleanup();
        current = undefined;
      });

      body(() => {
        if (current === undefined)
          throw new Error("the store harness is available inside tests only");
        return current;
      });
    });
  }
}
