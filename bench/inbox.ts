/**
 * Inbox throughput: updates stored, claimed and marked done through the
 * store, as the runtime will drive it, with the handling itself taking no
 * time — so the figure is the store's ceiling, not the bot's.
 *
 *   npx tsx bench/inbox.ts [--updates=20000] [--chats=500] [--slots=16] [--postgres=URL]
 *
 * - the poller stores each batch of 100 updates with one insertMany, as it
 *   will for every getUpdates answer before confirming the offset;
 * - a dispatcher wakes once per turn of the event loop; in one call it marks
 *   done the updates whose handlers ended since its last round and claims as
 *   many new ones as it has free handling slots (at most one per chat);
 * - "drain": everything arrives as fast as it can be stored;
 *   "paced": 1,000 updates/s arrive in batches of 10 every 10 ms, and the
 *   time from arrival to done is measured per update.
 *
 * SQLite by default (a file in a temporary directory, as in production:
 * WAL, synchronous=NORMAL); --postgres=URL runs the same against a server.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import pino from "pino";
import { openStore, type Store } from "../src/store/index.js";
import { summarize } from "./stats.js";

const args = process.argv.slice(2);
const option = (name: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const UPDATES = Number(option("updates") ?? 20_000);
const CHATS = Number(option("chats") ?? 500);
const SLOTS = Number(option("slots") ?? 16);
const POSTGRES = option("postgres");
const BATCH = 100;
const LEASE_MS = 60_000;
/** However fast or slow the store is, a run stops after this long. */
const TIME_LIMIT_MS = 120_000;

interface RunResult {
  readonly updatesPerSecond: number;
  readonly latency: ReturnType<typeof summarize>;
  readonly calls: number;
}

/**
 * Drives one run: `arrive(push)` feeds updates in; resolves when every one
 * of them is done (or fails the run at the time limit).
 */
async function run(
  store: Store,
  arrive: (push: (ids: number[]) => Promise<void>) => Promise<void>,
): Promise<RunResult> {
  const arrivedAt = new Map<number, number>();
  const latencies: number[] = [];
  const finished: number[] = [];
  let calls = 0;
  let free = SLOTS;
  let done = 0;
  let wake: (() => void) | undefined;
  let nudged = false;
  // The dispatcher wakes once per turn of the event loop, after every handler
  // that ended in that turn, so their done marks and the next claim are batched.
  const nudge = () => {
    if (nudged) return;
    nudged = true;
    setImmediate(() => {
      nudged = false;
      wake?.();
      wake = undefined;
    });
  };

  const push = async (ids: number[]) => {
    const now = performance.now();
    for (const id of ids) arrivedAt.set(id, now);
    calls++;
    await store.inbox.insertMany(
      ids.map((id) => ({
        updateId: id,
        chatKey: `chat:${id % CHATS}`,
        payload: {
          update_id: id,
          message: { message_id: id, text: "Какие кластеры есть в Томске?" },
        },
      })),
    );
    nudge();
  };

  // A handler that takes no time of its own; it reports back to the dispatcher.
  const handle = (id: number) => {
    setImmediate(() => {
      finished.push(id);
      nudge();
    });
  };

  const started = performance.now();
  const deadline = started + TIME_LIMIT_MS;
  const producing = arrive(push);
  while (done < UPDATES) {
    if (performance.now() > deadline) {
      throw new Error(`only ${done} of ${UPDATES} done in ${TIME_LIMIT_MS} ms`);
    }
    let progressed = false;
    // Handlers that ended since the last round are marked done together, in
    // the same call that claims the next updates for the slots they freed.
    const ids = finished.splice(0);
    free += ids.length;
    if (free > 0) {
      calls++;
      const claimed = await store.inbox.claim({
        claimant: "bench",
        limit: free,
        leaseMs: LEASE_MS,
        done: ids,
      });
      const now = performance.now();
      for (const id of ids) latencies.push(now - (arrivedAt.get(id) ?? Number.NaN));
      done += ids.length;
      free -= claimed.length;
      for (const update of claimed) handle(update.updateId);
      progressed = ids.length > 0 || claimed.length > 0;
    }
    if (!progressed) {
      // Nothing to do: wait for an arrival or a finished handler.
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 20);
      });
    }
  }
  await producing;
  const seconds = (performance.now() - started) / 1000;
  return { updatesPerSecond: UPDATES / seconds, latency: summarize(latencies), calls };
}

/** PostgreSQL: a schema of its own for the run, dropped afterwards. */
async function postgresSchema(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `bench_inbox_${process.pid}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await admin(`create schema ${schema}`);
  const scoped = new URL(url);
  scoped.searchParams.set("options", `-c search_path=${schema}`);
  return { url: scoped.toString(), drop: () => admin(`drop schema ${schema} cascade`) };
}

async function main() {
  const dataDir = POSTGRES === undefined ? mkdtempSync(join(tmpdir(), "bench-inbox-")) : undefined;
  const schema = POSTGRES === undefined ? undefined : await postgresSchema(POSTGRES);
  const store = await openStore({
    ...(schema === undefined ? { dataDir } : { databaseUrl: schema.url }),
    logger: pino({ level: "warn" }),
  });
  const label = POSTGRES === undefined ? "SQLite (libsql, WAL, synchronous=NORMAL)" : "PostgreSQL";
  process.stdout.write(
    `inbox benchmark: ${label}; ${UPDATES} updates over ${CHATS} chats, ${SLOTS} handling slots\n`,
  );
  try {
    let next = 1;
    const ids = (n: number) => Array.from({ length: n }, () => next++);

    const drain = await run(store, async (push) => {
      for (let i = 0; i < UPDATES; i += BATCH) await push(ids(Math.min(BATCH, UPDATES - i)));
    });
    report("drain (as fast as stored)", drain);

    const paced = await run(store, async (push) => {
      const start = performance.now();
      for (let i = 0; i < UPDATES; i += 10) {
        const due = start + i; // 10 updates every 10 ms = 1,000/s
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        await push(ids(Math.min(10, UPDATES - i)));
      }
    });
    report("paced at 1,000 updates/s", paced);
  } finally {
    await store.close();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    await schema?.drop();
  }
}

function report(name: string, r: RunResult) {
  const f = (n: number) => n.toFixed(2);
  process.stdout.write(
    `${name}: ${Math.round(r.updatesPerSecond).toLocaleString("en-US")} updates/s; ` +
      `arrival→done p50 ${f(r.latency.p50)} ms, p99 ${f(r.latency.p99)} ms, max ${f(r.latency.max)} ms; ` +
      `${(r.calls / UPDATES).toFixed(2)} store calls per update\n`,
  );
}

await main();
