/**
 * Versioned schema migrations, kept in code so the compiled bot carries them
 * (no migration folder to ship or find at run time). Kysely's Migrator
 * records which ran, in order, and holds a lock while it runs them, so
 * replicas starting together migrate once.
 *
 * Never edit a migration that has shipped: add the next one.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from "kysely";
import type { Logger } from "../logger.js";

/** Migrations get Kysely<unknown>-typed access: they must not depend on today's schema types. */
// biome-ignore lint/suspicious/noExplicitAny: the schema builder of a migration is untyped by design
type AnyDb = Kysely<any>;

const initial: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable("inbox")
      .addColumn("update_id", "bigint", (c) => c.primaryKey())
      .addColumn("chat_key", "text", (c) => c.notNull())
      .addColumn("payload", "text")
      .addColumn("received_at", "bigint", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("claimed_by", "text")
      .addColumn("lease_until", "bigint")
      .addColumn("done_at", "bigint")
      .execute();
    // Claiming scans the unfinished updates in id order ...
    await db.schema
      .createIndex("inbox_status_update")
      .on("inbox")
      .columns(["status", "update_id"])
      .execute();
    // ... and asks, per candidate, whether an earlier one of its chat is unfinished.
    await db.schema
      .createIndex("inbox_chat_status_update")
      .on("inbox")
      .columns(["chat_key", "status", "update_id"])
      .execute();

    await db.schema
      .createTable("sessions")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("updated_at", "bigint", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("rate_limits")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("tat", "bigint", (c) => c.notNull())
      .addColumn("allowed", "integer", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("questions")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("asked_at", "bigint", (c) => c.notNull())
      .addColumn("chat_type", "text", (c) => c.notNull())
      .addColumn("language", "text", (c) => c.notNull())
      .addColumn("question", "text")
      .addColumn("normalized", "text")
      .addColumn("user_hash", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("tier", "text", (c) => c.notNull())
      .addColumn("answer_key", "text")
      .addColumn("suggestions", "text", (c) => c.notNull())
      .addColumn("latency_ms", "integer", (c) => c.notNull())
      .addColumn("knowledge_version", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("questions_asked_at").on("questions").column("asked_at").execute();
    await db.schema
      .createIndex("questions_normalized")
      .on("questions")
      .columns(["normalized", "asked_at"])
      .execute();

    await db.schema
      .createTable("votes")
      .addColumn("question_id", "text", (c) => c.notNull())
      .addColumn("user_hash", "text", (c) => c.notNull())
      .addColumn("vote", "text", (c) => c.notNull())
      .addColumn("reason", "text")
      .addColumn("voted_at", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("votes_pk", ["question_id", "user_hash"])
      .execute();
    await db.schema.createIndex("votes_voted_at").on("votes").column("voted_at").execute();

    await db.schema
      .createTable("locks")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("holder", "text", (c) => c.notNull())
      .addColumn("expires_at", "bigint", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("meta")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .execute();
  },
};

/** Every migration, by name; names sort in the order they run. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001_initial": initial,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/**
 * PostgreSQL: the schema our tables go to (the first of the search path).
 * Kysely looks for its migration tables in every schema unless told which,
 * so another application's migrations elsewhere in the database would
 * otherwise pass for ours.
 */
async function currentSchema(db: AnyDb): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
    db,
  );
  const schema = rows[0]?.schema;
  if (!schema) throw new Error("no schema of the search_path exists in this database");
  return schema;
}

/**
 * Brings the schema up to date; throws (naming the migration) if one fails,
 * leaving the database as it was before that migration.
 */
export async function migrateToLatest(
  db: AnyDb,
  dialect: "sqlite" | "postgres",
  logger: Logger,
): Promise<void> {
  const migrationTableSchema = dialect === "postgres" ? await currentSchema(db) : undefined;
  const migrator = new Migrator({
    db,
    provider,
    ...(migrationTableSchema && { migrationTableSchema }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  for (const result of results) {
    if (result.status === "Success")
      logger.info({ migration: result.migrationName }, "store: migrated");
  }
  if (error !== undefined) {
    const failed =
      results.find((r) => r.status === "Error")?.migrationName ?? "(before any migration)";
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`store: migration ${failed} failed: ${reason}`);
  }
}
