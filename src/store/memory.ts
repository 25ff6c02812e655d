/**
 * Sessions and rate limits kept in this process's memory, for what runs
 * without a database: the local chat and the bot's in-process tests. Same
 * contract as the store's (values are copied as JSON, the rate limits are
 * the same GCRA), nothing survives the process.
 */
import { createHmac, randomBytes } from "node:crypto";
import { gcra } from "./rate-limits.js";
import type { RateLimits, SessionStore } from "./types.js";

export interface MemoryState {
  readonly sessions: SessionStore;
  readonly rateLimits: RateLimits;
  /** As the store's: an HMAC with a salt of this state's own. */
  hashUserId(userId: number | string): string;
}

/** @param now the clock, in ms since the epoch; tests move it by hand. */
export function memoryState(now: () => number = Date.now): MemoryState {
  const sessions = new Map<string, { json: string; at: number }>();
  const counters = new Map<string, number>();
  const salt = randomBytes(32);
  return {
    hashUserId: (userId) =>
      createHmac("sha256", salt).update(String(userId)).digest("base64url").slice(0, 22),
    sessions: {
      async get(key) {
        const entry = sessions.get(key);
        return entry === undefined ? undefined : JSON.parse(entry.json);
      },
      async set(key, value) {
        const json = JSON.stringify(value);
        if (json === undefined) throw new TypeError(`session ${key}: the value is not JSON`);
        sessions.set(key, { json, at: now() });
      },
      async delete(key) {
        sessions.delete(key);
      },
      async prune(prefix, maxAgeMs) {
        const before = now() - maxAgeMs;
        let pruned = 0;
        for (const [key, entry] of sessions) {
          if (key.startsWith(prefix) && entry.at < before) {
            sessions.delete(key);
            pruned++;
          }
        }
        return pruned;
      },
    },
    rateLimits: {
      async hit(key, rule) {
        const { tat, decision } = gcra(counters.get(key), now(), rule);
        counters.set(key, tat);
        return decision;
      },
      async prune() {
        const at = now();
        let pruned = 0;
        for (const [key, tat] of counters) {
          if (tat <= at) {
            counters.delete(key);
            pruned++;
          }
        }
        return pruned;
      },
    },
  };
}
