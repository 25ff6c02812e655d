/**
 * Sessions: what the bot remembers per person (see identity.ts) across
 * updates, restarts and replicas, kept in the store. Today that is the /lang
 * choice; SessionData takes more optional fields (see SESSION_FIELDS).
 *
 * Written here rather than with grammY's session plugin, which writes the
 * session after the handlers have run and keeps any failure from them: a
 * handler that tells the user "saved" must be able to save first and learn
 * whether that worked (ctx.saveSession).
 */
import type { Middleware } from "grammy";
import { BoundedMap } from "../lib/bounded-map.js";
import type { SessionStore } from "../store/types.js";
import type { BotContext, SessionData } from "./context.js";
import { isLang } from "./i18n.js";
import { identityOf } from "./identity.js";

/** Keeps sessions apart from other kinds of values in the store's one table. */
export const SESSION_PREFIX = "session:";

/**
 * The store key of a person's session: their identity (identity.ts) hashed
 * with the store's salt, so the store keeps no user id.
 */
export function sessionKey(identity: string, hash: (id: string) => string): string {
  return SESSION_PREFIX + hash(identity);
}

/** Sessions remembered in memory for when the store cannot be read: a bound, not a cache. */
const MAX_REMEMBERED = 10_000;

type FieldChecks = {
  readonly [K in keyof Required<SessionData>]: (value: unknown) => value is SessionData[K];
};

/**
 * How each field is checked when read back from the store: a field added to
 * SessionData gets a line here. Fields that fail their check, or that no
 * line names, are dropped, so a stored session can never hand a handler a
 * value of the wrong shape.
 */
export const SESSION_FIELDS: FieldChecks = {
  lang: isLang,
};

/** Keeps only the known fields with valid values; anything that is not an object reads as no session. */
export function sanitizeSession(value: unknown): SessionData {
  if (typeof value !== "object" || value === null) return {};
  const out: Record<string, unknown> = {};
  for (const [field, check] of Object.entries(SESSION_FIELDS)) {
    const fieldValue = (value as Record<string, unknown>)[field];
    if ((check as (v: unknown) => boolean)(fieldValue)) out[field] = fieldValue;
  }
  return out as SessionData;
}

/**
 * Reads the session of the update's sender into `ctx.session` and writes it
 * back if a handler changed it. An empty session is not stored (most people
 * never choose a language), so it costs one indexed read per update.
 *
 * - A failed read is logged and the last state this process knew for that
 *   person is used, not an empty one: a database hiccup does not switch a
 *   Russian speaker's bot to English.
 * - `ctx.saveSession()` writes at once and throws if that fails, for handlers
 *   that must tell the user; the write at the end is then skipped.
 * - A failed write at the end is logged (the user already has the answer).
 */
export function storedSessions(
  store: SessionStore,
  hash: (id: string) => string,
): Middleware<BotContext> {
  const lastKnown = new BoundedMap<string, string>(MAX_REMEMBERED);
  return async (ctx, next) => {
    const identity = identityOf(ctx.update);
    if (identity === undefined) {
      // Nobody to remember (a channel post): a session that lives for this update only.
      ctx.session = {};
      ctx.saveSession = async () => {};
      await next();
      return;
    }
    const key = sessionKey(identity, hash);
    const log = ctx.services.logger;
    let saved: string;
    try {
      saved = JSON.stringify(sanitizeSession(await store.get(key)));
      lastKnown.set(key, saved);
    } catch (error) {
      saved = lastKnown.get(key) ?? "{}";
      log.warn({ err: error }, "session read failed; using the last state this process knew");
    }
    ctx.session = JSON.parse(saved) as SessionData;
    ctx.saveSession = async () => {
      const json = JSON.stringify(sanitizeSession(ctx.session));
      if (json === saved) return;
      if (json === "{}") await store.delete(key);
      else await store.set(key, JSON.parse(json));
      saved = json;
      lastKnown.set(key, json);
    };
    await next();
    try {
      await ctx.saveSession();
    } catch (error) {
      log.warn({ err: error }, "session write failed");
    }
  };
}
