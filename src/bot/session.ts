/**
 * Sessions: the /lang choice, per user (not per chat, so it follows the user
 * into groups and inline mode), kept in a storage adapter so it survives restarts.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { FileAdapter } from "@grammyjs/storage-file";
import { type Middleware, type StorageAdapter, session } from "grammy";
import { BoundedMap } from "../lib/bounded-map.js";
import type { Logger } from "../logger.js";
import type { BotContext, SessionData } from "./context.js";
import { isLang } from "./i18n.js";

/** Remembered reads are capped so a long-running bot does not grow without bound. */
const MAX_REMEMBERED = 10_000;

/**
 * Wraps a storage adapter so that sessions never break an update and the disk
 * is written only when something changed:
 * - a read that fails or finds garbage (a half-written file) counts as no session;
 * - grammY writes back every session it read; unchanged values are skipped here,
 *   and empty sessions of users who never chose a language are not stored at all;
 * - a failed write is logged, not thrown: the user already got the answer.
 */
export function resilientStorage(
  inner: StorageAdapter<SessionData>,
  logger: Logger,
): StorageAdapter<SessionData> {
  const lastRead = new BoundedMap<string, string>(MAX_REMEMBERED);
  return {
    async read(key) {
      let value: SessionData | undefined;
      try {
        value = sanitize(await inner.read(key));
      } catch (error) {
        logger.warn({ err: error }, "session read failed; starting with an empty session");
      }
      lastRead.set(key, JSON.stringify(value ?? {}));
      return value;
    },
    async write(key, value) {
      const json = JSON.stringify(sanitize(value) ?? {});
      const before = lastRead.get(key);
      lastRead.delete(key);
      if (json === before) return;
      try {
        if (json === "{}") await inner.delete(key);
        else await inner.write(key, JSON.parse(json) as SessionData);
      } catch (error) {
        logger.warn({ err: error }, "session write failed");
      }
    },
    async delete(key) {
      lastRead.delete(key);
      try {
        await inner.delete(key);
      } catch (error) {
        logger.warn({ err: error }, "session delete failed");
      }
    },
  };
}

/** Keeps only the fields this bot stores, with valid values. */
function sanitize(value: unknown): SessionData | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const lang = (value as { lang?: unknown }).lang;
  return isLang(lang) ? { lang } : {};
}

/**
 * The default store: one JSON file per user under `<dataDir>/sessions`, for a
 * single instance (several instances need a shared store, passed to createBot).
 *
 * Only users who chose a language have a file, so most users have none: the
 * names of the files are listed once at start, and a user without one costs
 * no disk read. Read sessions are kept in memory, up to a bound.
 */
export function fileSessionStorage(dataDir: string): StorageAdapter<SessionData> {
  const dir = join(dataDir, "sessions");
  const files = new FileAdapter<SessionData>({ dirName: dir });
  const stored = new Set(listSessionKeys(dir));
  const cache = new BoundedMap<string, SessionData | undefined>(MAX_REMEMBERED);
  return {
    async read(key) {
      if (!stored.has(key)) return undefined;
      if (cache.has(key)) return cache.get(key);
      const value = await files.read(key);
      cache.set(key, value);
      return value;
    },
    async write(key, value) {
      await files.write(key, value);
      stored.add(key);
      cache.set(key, value);
    },
    async delete(key) {
      stored.delete(key);
      cache.delete(key);
      await files.delete(key);
    },
  };
}

/** Session keys with a file: FileAdapter keeps `<dir>/<last two characters>/<key>.json`. */
function listSessionKeys(dir: string): string[] {
  const keys: string[] = [];
  for (const sub of readdirSync(dir, { withFileTypes: true })) {
    if (!sub.isDirectory()) continue;
    for (const file of readdirSync(join(dir, sub.name))) {
      if (file.endsWith(".json")) keys.push(file.slice(0, -".json".length));
    }
  }
  return keys;
}

/** grammY sessions keyed by user id; updates without a user (channel posts) get none. */
export function userSession(storage: StorageAdapter<SessionData>): Middleware<BotContext> {
  return session<SessionData, BotContext>({
    storage,
    initial: () => ({}),
    getSessionKey: (ctx) => ctx.from?.id.toString(),
  });
}
