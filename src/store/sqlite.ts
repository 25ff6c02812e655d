import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  Kysely,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  type SqliteStatement,
} from "kysely";
import Database from "libsql";
import type { Database as Schema } from "./schema.js";

export const DEFAULT_SQLITE_FILE = "bot.sqlite";
/** How long a statement waits for another process's write lock before failing. */
const BUSY_TIMEOUT_MS = 5000;
/** Owner read/write only: the file holds sessions and, briefly, whole updates. */
const FILE_MODE = 0o600;

/** Distinct statements the store runs are a few dozen; the cap only guards against surprises. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every query anew; our queries repeat the same few dozen
 * SQL texts, and preparing costs about as much as running a small statement.
 * Prepared statements are kept by their text and reused (kysely runs one
 * query at a time on the one SQLite connection, so no statement is in use
 * twice at once).
 */
function withStatementCache(database: Database.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    prepare(sql) {
      let statement = cache.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql) as unknown as SqliteStatement;
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

/**
 * Kysely's SQLite driver opens transactions with a plain BEGIN, which takes
 * the write lock only at the first write. Two processes on one file can then
 * both read and both fail to upgrade (SQLITE_BUSY, which the busy timeout
 * does not wait out). BEGIN IMMEDIATE takes the write lock up front, so
 * concurrent transactions queue instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

/**
 * Kysely runs SQLite migrations outside a transaction and without a lock
 * (it assumes one connection in one process). SQLite's DDL is transactional,
 * so saying so makes each run atomic, and with BEGIN IMMEDIATE two processes
 * starting on a new file migrate one after the other instead of both at once.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

export interface OpenedSqlite {
  readonly db: Kysely<Schema>;
  readonly path: string;
}

/**
 * Opens (creating if needed) the store's SQLite file in `dataDir`: mode
 * 0600, write-ahead log so readers never block the writer, and
 * synchronous=NORMAL — in WAL mode that survives a crash of the process
 * (the case that matters for the inbox); only a power cut can lose the last
 * commits.
 */
export function openSqlite(dataDir: string, fileName = DEFAULT_SQLITE_FILE): OpenedSqlite {
  const path = join(dataDir, fileName);
  let database: Database.Database;
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // SQLite creates the -wal and -shm files with the database file's mode,
    // so setting it on the main file before the first open covers all three.
    closeSync(openSync(path, "a", FILE_MODE));
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      if (existsSync(file)) chmodSync(file, FILE_MODE);
    }
    database = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    const [mode] = database.prepare("pragma journal_mode = WAL").all() as {
      journal_mode?: string;
    }[];
    if (mode?.journal_mode !== "wal") {
      throw new Error(
        `the file system refused write-ahead logging (journal mode ${mode?.journal_mode})`,
      );
    }
    database.exec("pragma synchronous = NORMAL");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`store: cannot open the SQLite file ${path}: ${reason}`);
  }
  const db = new Kysely<Schema>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }),
  });
  return { db, path };
}
