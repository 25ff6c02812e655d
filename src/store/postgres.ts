import { createHash } from "node:crypto";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Logger } from "../logger.js";
import type { Database as Schema } from "./schema.js";
import type { PollingLock } from "./types.js";

const INT8_OID = 20;
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * bigint columns (update ids, times in ms) come back as numbers, not
 * strings; every value we keep is far below 2^53. Set per connection
 * rather than on pg's global parser table, which would change it for every
 * other user of pg in the process.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

export function clientConfig(databaseUrl: string): pg.ClientConfig {
  return {
    connectionString: databaseUrl,
    types,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
  };
}

/** "host:port/database" of a connection URL: where the data is, never who logs in. */
export function describeUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}`;
  } catch {
    return "PostgreSQL";
  }
}

export interface OpenedPostgres {
  readonly db: Kysely<Schema>;
  readonly pool: pg.Pool;
}

export function openPostgres(
  databaseUrl: string,
  poolSize: number,
  logger: Logger,
): OpenedPostgres {
  const pool = new pg.Pool({ ...clientConfig(databaseUrl), max: poolSize });
  // An idle connection that breaks (server restart) emits here; unhandled, it would end the process.
  pool.on("error", (error) =>
    logger.warn({ err: error }, "store: an idle PostgreSQL connection failed"),
  );
  return { db: new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) }), pool };
}

/** A 64-bit advisory lock key from a name, signed as PostgreSQL's bigint is. */
function lockKey(name: string): string {
  return createHash("sha256").update(name).digest().readBigInt64BE(0).toString();
}

/**
 * The polling lock on PostgreSQL: pg_try_advisory_lock on a connection of
 * its own, held for as long as that connection lives. If the process dies
 * or the connection breaks, the server frees the lock at once, so a waiting
 * process takes over without any lease to run out.
 *
 * The key is derived from the schema and the name, so bots sharing one
 * database in different schemas do not exclude each other.
 */
export function advisoryLock(databaseUrl: string, name: string, logger: Logger): PollingLock {
  let client: pg.Client | undefined;
  let key: string | undefined;
  const lostListeners: ((reason: string) => void)[] = [];

  const lose = (reason: string) => {
    if (client === undefined) return;
    const dead = client;
    client = undefined;
    dead.end().catch(() => {});
    logger.warn({ lock: name, reason }, "store: polling lock lost");
    for (const listener of lostListeners) listener(reason);
  };

  return {
    get held() {
      return client !== undefined;
    },
    onLost(listener) {
      lostListeners.push(listener);
    },
    async tryAcquire() {
      if (client !== undefined) return true;
      const candidate = new pg.Client(clientConfig(databaseUrl));
      candidate.on("error", (error) => lose(error.message));
      await candidate.connect();
      try {
        if (key === undefined) {
          const schema = await candidate.query<{ s: string }>("select current_schema() as s");
          key = lockKey(`${schema.rows[0]?.s}:${name}`);
        }
        const result = await candidate.query<{ ok: boolean }>(
          "select pg_try_advisory_lock($1::bigint) as ok",
          [key],
        );
        if (result.rows[0]?.ok === true) {
          client = candidate;
          candidate.on("end", () => lose("the connection closed"));
          return true;
        }
      } catch (error) {
        await candidate.end().catch(() => {});
        throw error;
      }
      await candidate.end();
      return false;
    },
    async release() {
      const holder = client;
      if (holder === undefined) return;
      client = undefined;
      try {
        await holder.query("select pg_advisory_unlock($1::bigint)", [key]);
      } finally {
        await holder.end().catch(() => {});
      }
    },
  };
}
