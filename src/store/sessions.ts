import type { StorageAdapter } from "grammy";
import type { StoreContext } from "./context.js";
import { prepared, slot } from "./prepared.js";
import type { SessionStore } from "./types.js";

/** Sessions as JSON text under their key; a write replaces the whole value. */
export function createSessions({ db, now }: StoreContext): SessionStore {
  // Every update reads a session or two and may write one: compiled once.
  const select = prepared(1, () =>
    db.selectFrom("sessions").select("value").where("key", "=", slot(0)),
  );
  const upsert = prepared(3, () =>
    db
      .insertInto("sessions")
      .values({ key: slot(0), value: slot(1), updated_at: slot(2) })
      .onConflict((oc) =>
        oc.column("key").doUpdateSet((eb) => ({
          value: eb.ref("excluded.value"),
          updated_at: eb.ref("excluded.updated_at"),
        })),
      ),
  );
  return {
    async get(key) {
      const [row] = (await select(db, [key])).rows;
      return row === undefined ? undefined : JSON.parse(row.value);
    },
    async set(key, value) {
      const json = JSON.stringify(value);
      if (json === undefined) throw new TypeError(`session ${key}: the value is not JSON`);
      await upsert(db, [key, json, now()]);
    },
    async delete(key) {
      await db.deleteFrom("sessions").where("key", "=", key).execute();
    },
    async prune(prefix, maxAgeMs) {
      // The prefix is ours ("conversation:"), never typed by anyone: no LIKE escaping needed.
      const result = await db
        .deleteFrom("sessions")
        .where("key", "like", `${prefix}%`)
        .where("updated_at", "<", now() - maxAgeMs)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/**
 * The sessions as a grammY storage adapter. Errors are not caught here: the
 * caller decides whether a failed write is told to the user (issue 11, item 8).
 *
 * @param prefix keeps kinds of session apart in the one table (e.g. "lang:", "conv:").
 */
export function sessionAdapter<T>(sessions: SessionStore, prefix = ""): StorageAdapter<T> {
  return {
    // The store holds what this adapter wrote, so the value read back is a T.
    read: async (key) => (await sessions.get(prefix + key)) as T | undefined,
    write: (key, value) => sessions.set(prefix + key, value),
    delete: (key) => sessions.delete(prefix + key),
  };
}
