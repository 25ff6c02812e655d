import { sql } from "kysely";
import { affected, chunked, type StoreContext } from "./context.js";
import { prepared, slot } from "./prepared.js";
import type { InboxTable } from "./schema.js";
import type {
  ClaimedUpdate,
  ClaimOptions,
  Inbox,
  IncomingUpdate,
  UnfinishedUpdate,
} from "./types.js";

/** Telegram keeps an unconfirmed update for up to a day; a seen id must outlive that. */
export const MIN_INBOX_RETENTION_MS = 24 * 60 * 60 * 1000;

const UNFINISHED = ["pending", "in_progress"] as const;

/**
 * The durable inbox over one table. Every operation is a single statement
 * (or one transaction), so concurrent claimants — tasks of one process, or
 * replicas sharing a PostgreSQL database — see each other's claims.
 */
export function createInbox({ db, dialect, now }: StoreContext): Inbox {
  // A webhook stores its updates one at a time: that statement is compiled once.
  const insertOne = prepared(4, () =>
    db
      .insertInto("inbox")
      .values({
        update_id: slot(0),
        chat_key: slot(1),
        payload: slot(2),
        received_at: slot(3),
        status: "pending" as const,
        attempts: 0,
      })
      .onConflict((oc) => oc.column("update_id").doNothing())
      .returning("update_id"),
  );

  async function insertChunk(
    executor: StoreContext["db"],
    rows: readonly IncomingUpdate[],
    receivedAt: number,
  ): Promise<number[]> {
    const [row] = rows;
    if (rows.length === 1 && row !== undefined) {
      const payload = JSON.stringify(row.payload) ?? "null";
      const result = await insertOne(executor, [row.updateId, row.chatKey, payload, receivedAt]);
      return result.rows.map((r) => Number(r.update_id));
    }
    const inserted = await executor
      .insertInto("inbox")
      .values(
        rows.map((u) => ({
          update_id: u.updateId,
          chat_key: u.chatKey,
          payload: JSON.stringify(u.payload) ?? "null",
          received_at: receivedAt,
          status: "pending" as const,
          attempts: 0,
        })),
      )
      .onConflict((oc) => oc.column("update_id").doNothing())
      .returning("update_id")
      .execute();
    return inserted.map((r) => Number(r.update_id));
  }

  return {
    async insertMany(updates) {
      const unique = [...new Map(updates.map((u) => [u.updateId, u])).values()];
      if (unique.length === 0) return [];
      const receivedAt = now();
      const batches = chunked(unique);
      const ids =
        batches.length === 1
          ? await insertChunk(db, unique, receivedAt)
          : await db.transaction().execute(async (trx) => {
              const all: number[] = [];
              for (const batch of batches) all.push(...(await insertChunk(trx, batch, receivedAt)));
              return all;
            });
      return ids.sort((a, b) => a - b);
    },

    async claim({ claimant, limit, leaseMs, done = [], expired = true }: ClaimOptions) {
      if (limit <= 0 && done.length === 0) return [];
      const at = now();
      /**
       * Candidates of one kind, oldest first. Kept to a single status each so
       * that both dialects walk the (status, update_id) index in order and stop
       * at the limit; with an OR of the two kinds SQLite collects and sorts
       * every pending row first (44 ms per claim at 20,000 pending).
       */
      const candidates = (kind: "expired" | "pending", n: number) =>
        db
          .selectFrom("inbox as c")
          .select("c.update_id")
          .$if(kind === "pending", (q) => q.where("c.status", "=", "pending"))
          .$if(kind === "expired", (q) =>
            q.where("c.status", "=", "in_progress").where("c.lease_until", "<=", at),
          )
          // Not while an earlier update of the chat is unfinished, nor while a
          // later one is in progress (an earlier one that arrived late waits).
          // Scalar subqueries with LIMIT 1 rather than NOT EXISTS: PostgreSQL
          // turns NOT EXISTS into an anti-join that may materialise every
          // unfinished row (120 ms per claim at 20,000 pending), while a
          // subquery stays one probe of (chat_key, status, update_id) for each
          // candidate read.
          .where((eb) =>
            eb(
              eb
                .selectFrom("inbox as e")
                .select("e.update_id")
                .whereRef("e.chat_key", "=", "c.chat_key")
                .where("e.status", "in", UNFINISHED)
                .whereRef("e.update_id", "<", "c.update_id")
                .limit(1),
              "is",
              null,
            ),
          )
          .where((eb) =>
            eb(
              eb
                .selectFrom("inbox as p")
                .select("p.update_id")
                .whereRef("p.chat_key", "=", "c.chat_key")
                .where("p.status", "=", "in_progress")
                .whereRef("p.update_id", ">", "c.update_id")
                .limit(1),
              "is",
              null,
            ),
          )
          .orderBy("c.update_id")
          .limit(n)
          // PostgreSQL: concurrent claimants skip each other's rows instead of
          // waiting for them. SQLite has one writer at a time, so the single
          // UPDATE below is atomic there as it stands.
          .$if(dialect === "postgres", (q) => q.forUpdate().skipLocked());
      const take = async (trx: StoreContext["db"], kind: "expired" | "pending", n: number) =>
        trx
          .updateTable("inbox")
          .set((eb) => ({
            status: "in_progress",
            claimed_by: claimant,
            lease_until: at + leaseMs,
            attempts: eb("attempts", "+", 1),
          }))
          .where("update_id", "in", candidates(kind, n))
          .returning(["update_id", "chat_key", "payload", "received_at", "attempts", "lease_until"])
          .execute();
      const claimIn = async (trx: StoreContext["db"]) => {
        if (done.length > 0) await markDoneIn(trx, done, at);
        // Updates whose claimant vanished first: they are the oldest of their chats.
        const claimed = limit > 0 && expired ? await take(trx, "expired", limit) : [];
        if (claimed.length < limit) {
          claimed.push(...(await take(trx, "pending", limit - claimed.length)));
        }
        return claimed;
      };
      // SQLite: each statement is atomic on its own, and no lock is held
      // across an await (libsql waits for a lock synchronously, so a
      // transaction left open by one connection would stall every other
      // connection of the process).
      const rows =
        dialect === "sqlite"
          ? await claimIn(db)
          : await db.transaction().execute(async (trx) => {
              // The candidates must be read in index order and stop at the
              // limit. Without fresh statistics (a burst of updates, a new
              // table) the planner believes few rows are pending and prefers
              // to fetch them all, test each and sort: 200 ms per claim at
              // 20,000 pending instead of 0.3 ms. Sorting is what that plan
              // needs, so it is priced out, for this transaction only.
              await sql`set local enable_sort = off`.execute(trx);
              return claimIn(trx);
            });
      return rows.map(toClaimed).sort((a, b) => a.updateId - b.updateId);
    },

    async renewLeases(claimant, updateIds, leaseMs) {
      const held: number[] = [];
      const leaseUntil = now() + leaseMs;
      for (const ids of chunked(updateIds)) {
        const rows = await db
          .updateTable("inbox")
          .set({ lease_until: leaseUntil })
          .where("update_id", "in", ids)
          .where("status", "=", "in_progress")
          .where("claimed_by", "=", claimant)
          .returning("update_id")
          .execute();
        held.push(...rows.map((r) => Number(r.update_id)));
      }
      return held.sort((a, b) => a - b);
    },

    async markDone(updateIds) {
      await markDoneIn(db, updateIds, now());
    },

    async release(claimant, updateIds) {
      const base = db
        .updateTable("inbox")
        .set({ status: "pending", claimed_by: null, lease_until: null })
        .where("status", "=", "in_progress")
        .where("claimed_by", "=", claimant);
      if (updateIds === undefined) return affected(await base.executeTakeFirstOrThrow());
      let released = 0;
      for (const ids of chunked(updateIds)) {
        released += affected(await base.where("update_id", "in", ids).executeTakeFirstOrThrow());
      }
      return released;
    },

    async unfinished() {
      const rows = await db
        .selectFrom("inbox")
        .select([
          "update_id",
          "chat_key",
          "status",
          "received_at",
          "attempts",
          "claimed_by",
          "lease_until",
        ])
        .where("status", "in", UNFINISHED)
        .orderBy("update_id")
        .execute();
      return rows.map(
        (r): UnfinishedUpdate => ({
          updateId: Number(r.update_id),
          chatKey: r.chat_key,
          status: r.status as UnfinishedUpdate["status"],
          receivedAt: Number(r.received_at),
          attempts: Number(r.attempts),
          claimedBy: r.claimed_by,
          leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
        }),
      );
    },

    async backlog(chatKeys) {
      const counts = new Map<string, number>(chatKeys.map((k) => [k, 0]));
      for (const keys of chunked([...new Set(chatKeys)])) {
        const rows = await db
          .selectFrom("inbox")
          .select(["chat_key", (eb) => eb.fn.countAll<number>().as("n")])
          .where("chat_key", "in", keys)
          .where("status", "in", UNFINISHED)
          .groupBy("chat_key")
          .execute();
        for (const r of rows) counts.set(r.chat_key, Number(r.n));
      }
      return counts;
    },

    async prune(retentionMs) {
      if (!(retentionMs >= MIN_INBOX_RETENTION_MS)) {
        throw new RangeError(
          `inbox retention must be at least ${MIN_INBOX_RETENTION_MS} ms (24 h): Telegram redelivers for that long; got ${retentionMs}`,
        );
      }
      const result = await db
        .deleteFrom("inbox")
        .where("status", "=", "done")
        .where("received_at", "<", now() - retentionMs)
        .executeTakeFirstOrThrow();
      return affected(result);
    },
  };
}

async function markDoneIn(
  db: StoreContext["db"],
  updateIds: readonly number[],
  doneAt: number,
): Promise<void> {
  for (const ids of chunked(updateIds)) {
    await db
      .updateTable("inbox")
      .set({ status: "done", done_at: doneAt, payload: null, claimed_by: null, lease_until: null })
      .where("update_id", "in", ids)
      .execute();
  }
}

type ClaimedRow = Pick<
  InboxTable,
  "update_id" | "chat_key" | "payload" | "received_at" | "attempts" | "lease_until"
>;

function toClaimed(r: ClaimedRow): ClaimedUpdate {
  return {
    updateId: Number(r.update_id),
    chatKey: r.chat_key,
    payload: JSON.parse(r.payload ?? "null"),
    receivedAt: Number(r.received_at),
    attempts: Number(r.attempts),
    leaseUntil: Number(r.lease_until),
  };
}
