import { createHmac, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { BoundedMap } from "../lib/bounded-map.js";
import type { Logger } from "../logger.js";
import type { StoreContext } from "./context.js";
import { createInbox } from "./inbox.js";
import { leaseLock } from "./lease-lock.js";
import { migrateToLatest } from "./migrations.js";
import { advisoryLock, describeUrl, openPostgres } from "./postgres.js";
import { createQuestionLog } from "./questions.js";
import { createRateLimits } from "./rate-limits.js";
import type { Database } from "./schema.js";
import { createSessions } from "./sessions.js";
import { openSqlite } from "./sqlite.js";
import type { HealthReport, PollingLock, Store, StoreDialect } from "./types.js";

export interface OpenStoreOptions {
  /** PostgreSQL connection URL; when absent the store is an SQLite file in `dataDir`. */
  readonly databaseUrl?: string | undefined;
  /** Directory of the SQLite file; created (mode 0700) if missing. */
  readonly dataDir?: string | undefined;
  readonly logger: Logger;
  /** The SQLite file's name in dataDir. Default bot.sqlite. */
  readonly sqliteFile?: string;
  /** PostgreSQL connections per process. Default 10. */
  readonly poolSize?: number;
  /** Name of the polling lock; processes of one bot must agree on it. Default "polling". */
  readonly pollingLockName?: string;
  /** The clock, in ms since the epoch. Default Date.now; tests move it by hand. */
  readonly now?: () => number;
}

const HEALTH_TIMEOUT_MS = 3000;
const SALT_KEY = "user_hash_salt";
const HASH_CACHE_SIZE = 10_000;

/**
 * Opens the store: SQLite by default, PostgreSQL when `databaseUrl` is set,
 * and brings the schema up to date before returning. Reads no environment:
 * the caller passes what parseConfig found.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { databaseUrl, dataDir, logger, now = Date.now } = options;
  const lockName = options.pollingLockName ?? "polling";
  let dialect: StoreDialect;
  let db: Kysely<Database>;
  let location: string;
  let makeLock: (context: StoreContext) => PollingLock;
  if (databaseUrl !== undefined && databaseUrl !== "") {
    dialect = "postgres";
    location = describeUrl(databaseUrl);
    db = openPostgres(databaseUrl, options.poolSize ?? 10, logger).db;
    makeLock = () => advisoryLock(databaseUrl, lockName, logger);
  } else if (dataDir !== undefined && dataDir !== "") {
    dialect = "sqlite";
    const opened = openSqlite(dataDir, options.sqliteFile);
    db = opened.db;
    location = opened.path;
    makeLock = (context) => leaseLock(context, { name: lockName, logger });
  } else {
    throw new Error("store: pass databaseUrl (PostgreSQL) or dataDir (SQLite)");
  }

  let salt: string;
  try {
    await migrateToLatest(db, dialect, logger);
    salt = await userHashSalt(db);
  } catch (error) {
    await db.destroy().catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`store: cannot open ${dialect} at ${location}: ${reason}`);
  }

  const context: StoreContext = { db, dialect, now };
  // An HMAC per look-up, several per update (session, flood control, log):
  // the hashes of recent people are kept.
  const hashes = new BoundedMap<string, string>(HASH_CACHE_SIZE);
  const pollingLock = makeLock(context);
  logger.info({ dialect, location }, "store: open");

  return {
    dialect,
    location,
    inbox: createInbox(context),
    sessions: createSessions(context),
    rateLimits: createRateLimits(context),
    questions: createQuestionLog(context),
    pollingLock,
    hashUserId(userId) {
      const id = String(userId);
      let hash = hashes.get(id);
      if (hash === undefined) {
        hash = createHmac("sha256", salt).update(id).digest("base64url").slice(0, 22);
        hashes.set(id, hash);
      }
      return hash;
    },
    healthCheck: () => probe(db, now),
    async close() {
      await pollingLock.release().catch((error) => {
        logger.warn({ err: error }, "store: could not release the polling lock");
      });
      await db.destroy();
    },
  };
}

/**
 * The salt for user hashes, made once per store and kept in it: every
 * replica hashes alike, and nothing outside the database can reverse a hash
 * by trying user ids.
 */
async function userHashSalt(db: Kysely<Database>): Promise<string> {
  await db
    .insertInto("meta")
    .values({ key: SALT_KEY, value: randomBytes(32).toString("base64url") })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await db
    .selectFrom("meta")
    .select("value")
    .where("key", "=", SALT_KEY)
    .executeTakeFirstOrThrow();
  return row.value;
}

/** Is the store writable: one upsert, bounded in time so a hung server reads as unhealthy. */
async function probe(db: Kysely<Database>, now: () => number): Promise<HealthReport> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const write = db
    .insertInto("meta")
    .values({ key: "health", value: String(now()) })
    .onConflict((oc) => oc.column("key").doUpdateSet((eb) => ({ value: eb.ref("excluded.value") })))
    .execute();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)),
      HEALTH_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([write, timeout]);
    return { ok: true, latencyMs: performance.now() - started };
  } catch (error) {
    write.catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, latencyMs: performance.now() - started, error: reason };
  } finally {
    clearTimeout(timer);
  }
}
