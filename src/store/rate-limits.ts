import { sql } from "kysely";
import { affected, type StoreContext } from "./context.js";
import { prepared, slot } from "./prepared.js";
import type { RateLimitDecision, RateLimitRule, RateLimits } from "./types.js";

/**
 * Rate limits by the generic cell rate algorithm, because its whole state is
 * one number per key (the theoretical arrival time, `tat`), so a hit is one
 * atomic upsert that every replica can run at once. The in-memory plugin
 * (@grammyjs/ratelimiter) keeps its counters per process, and its shared
 * storage option is Redis only.
 *
 * A rule of `limit` per `windowMs` has an emission interval T = windowMs / limit
 * and tolerates a burst of `limit`: a hit at `now` is allowed when
 * tat <= now + (limit - 1)·T, and then moves tat to max(tat, now) + T.
 */
export function createRateLimits({ db, now }: StoreContext): RateLimits {
  // Values: key, the new tat (at + interval), the limit (at + tolerance), at, interval.
  const upsert = prepared(5, () => {
    const tat = sql.ref<number>("rate_limits.tat");
    const [key, fresh, limit, at, interval] = [slot(0), slot(1), slot(2), slot(3), slot(4)];
    return db
      .insertInto("rate_limits")
      .values({ key, tat: fresh, allowed: 1 })
      .onConflict((oc) =>
        // Both dialects evaluate every SET expression against the row as it was.
        oc.column("key").doUpdateSet({
          allowed: sql<number>`case when ${tat} <= ${limit} then 1 else 0 end`,
          tat: sql<number>`case when ${tat} > ${limit} then ${tat}
              when ${tat} > ${at} then ${tat} + ${interval} else ${fresh} end`,
        }),
      )
      .returning(["tat", "allowed"]);
  });
  return {
    async hit(key, rule) {
      const { interval, tolerance } = shape(rule);
      const at = now();
      const [row] = (await upsert(db, [key, at + interval, at + tolerance, at, interval])).rows;
      if (row === undefined) throw new Error(`rate limit ${key}: the upsert returned no row`);
      if (Number(row.allowed) === 1) return { allowed: true, retryAfterMs: 0 };
      return { allowed: false, retryAfterMs: Math.max(1, Number(row.tat) - tolerance - at) };
    },
    async prune() {
      // A counter whose tat has passed behaves exactly like a missing one.
      return affected(
        await db.deleteFrom("rate_limits").where("tat", "<=", now()).executeTakeFirstOrThrow(),
      );
    },
  };
}

/**
 * One GCRA step on a counter held in memory (the store's statement does the
 * same in SQL): the decision, and the counter's new `tat` (undefined: a
 * missing counter, one that has fully recovered).
 */
export function gcra(
  tat: number | undefined,
  at: number,
  rule: RateLimitRule,
): { readonly tat: number; readonly decision: RateLimitDecision } {
  const { interval, tolerance } = shape(rule);
  const current = tat ?? at;
  if (current > at + tolerance) {
    return { tat: current, decision: { allowed: false, retryAfterMs: current - tolerance - at } };
  }
  return { tat: Math.max(current, at) + interval, decision: { allowed: true, retryAfterMs: 0 } };
}

function shape({ limit, windowMs }: RateLimitRule): { interval: number; tolerance: number } {
  if (!Number.isInteger(limit) || limit < 1 || !(windowMs > 0)) {
    throw new RangeError(
      `rate limit needs a whole limit >= 1 and a window > 0; got ${limit} per ${windowMs} ms`,
    );
  }
  // Whole milliseconds, rounded so the rule is never looser than asked.
  const interval = Math.max(1, Math.ceil(windowMs / limit));
  return { interval, tolerance: (limit - 1) * interval };
}
