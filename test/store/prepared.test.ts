/** Prepared queries: compiled once, every value bound to its slot, constants kept. */
import {
  type CompiledQuery,
  DummyDriver,
  Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from "kysely";
import { describe, expect, it } from "vitest";
import { prepared, slot } from "../../src/store/prepared.js";
import type { Database } from "../../src/store/schema.js";

// Kysely's documented way to compile without a database.
const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new SqliteIntrospector(k),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

/** An executor that keeps what it was asked to run. */
function recorder() {
  const ran: CompiledQuery[] = [];
  return {
    ran,
    executeQuery: async <R>(query: CompiledQuery<R>): Promise<QueryResult<R>> => {
      ran.push(query);
      return { rows: [] };
    },
  };
}

describe("prepared", () => {
  it("binds each value to its slot, however often and wherever it appears, and keeps constants", async () => {
    let builds = 0;
    const query = prepared(2, () => {
      builds++;
      return db
        .insertInto("rate_limits")
        .values({ key: slot(0), tat: slot(1), allowed: 1 })
        .onConflict((oc) =>
          oc.column("key").doUpdateSet({ tat: sql<number>`${slot(1)} + ${slot(1)}` }),
        );
    });
    const executor = recorder();
    await query(executor, ["user:1", 10]);
    await query(executor, ["user:2", 20]);
    expect(builds).toBe(1);
    expect(executor.ran.map((q) => q.parameters)).toEqual([
      ["user:1", 10, 1, 10, 10],
      ["user:2", 20, 1, 20, 20],
    ]);
    expect(executor.ran[0]?.sql).toBe(executor.ran[1]?.sql);
  });

  it("refuses a builder that leaves a slot out, instead of running without its value", async () => {
    const query = prepared(2, () =>
      db.selectFrom("sessions").select("value").where("key", "=", slot(0)),
    );
    await expect(query(recorder(), ["a", "b"])).rejects.toThrow(/slot 1 is not used/u);
  });
});
