import type { Kysely } from "kysely";
import type { Database } from "./schema.js";
import type { StoreDialect } from "./types.js";

/** What every part of the store is built from. */
export interface StoreContext {
  readonly db: Kysely<Database>;
  readonly dialect: StoreDialect;
  /** The clock, injected so leases and retention are tested without waiting. */
  readonly now: () => number;
}

/**
 * Lists are sent as one bind parameter per item; SQLite allows 32,766 per
 * statement and PostgreSQL 65,535, so batches stay well below both.
 */
export const MAX_BATCH = 500;

/** Splits a list into runs of at most `size` items. */
export function chunked<T>(items: readonly T[], size = MAX_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows touched by an update or delete, as a plain number. */
export function affected(result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): number {
  return Number(result.numUpdatedRows ?? result.numDeletedRows ?? 0n);
}
