/**
 * Taking updates in: every update is stored in the inbox before Telegram is
 * told it arrived (the next getUpdates, or the webhook's 200), so a crash
 * after that loses nothing; an update id seen before is not stored again, so
 * a redelivery is never handled twice.
 *
 * Each chat's backlog is bounded: a chat that sends faster than it can be
 * answered (a flood, or replies held by a long flood wait) keeps its oldest
 * `maxBacklog` updates, and the newest beyond them are dropped — marked done
 * unhandled, logged, and told to the sender once (see bot/overflow.ts).
 *
 * Counting a chat's backlog costs a query, so it is not done for every
 * update: each chat's count is estimated as the store's count when last
 * asked plus what was stored here since, and the store is asked once the
 * estimate reaches the bound. A backlog only shrinks between two questions,
 * so one process never lets a chat past its bound; replicas each see the
 * share of a chat's updates delivered to them, so there the bound holds per
 * replica.
 */
import type { Update } from "grammy/types";
import { batched } from "../lib/batched.js";
import { BoundedMap } from "../lib/bounded-map.js";
import type { Logger } from "../logger.js";
import type { Inbox } from "../store/types.js";
import { describeError } from "./service.js";
import { inboxKey } from "./updates.js";

export interface IntakeOptions {
  readonly inbox: Inbox;
  readonly logger: Logger;
  /** Called when new updates were stored (the dispatcher's wake). */
  readonly onStored: () => void;
  /** Called when an update arrived again (Telegram did not hear back the first time). */
  readonly onRepeated?: () => void;
  /** Unfinished updates one chat may have; 50 by default. */
  readonly maxBacklog?: number;
  /** Tells the senders of dropped updates; failures are logged, never thrown. */
  readonly onDropped?: (updates: readonly Update[]) => Promise<void>;
  /** The key an update is ordered by (inboxKey by default; launch hashes it). */
  readonly keyOf?: (update: Update) => string;
}

export interface Intake {
  /**
   * Stores updates; resolves once they are durable. Rejects if the store
   * failed: then nothing may be confirmed to Telegram.
   */
  accept(updates: readonly Update[]): Promise<IntakeResult>;
}

export interface IntakeResult {
  /** Ids stored now, to be handled (dropped ones included). */
  readonly stored: readonly number[];
  /** Ids seen before: redeliveries, not handled again. */
  readonly repeated: readonly number[];
  /** Ids stored and dropped at once: their chat's backlog was full. */
  readonly dropped: readonly number[];
}

/** Chats whose backlog estimate is kept; one forgotten is estimated from 0 again. */
const MAX_ESTIMATES = 100_000;

export function createIntake(options: IntakeOptions): Intake {
  const {
    inbox,
    logger,
    onStored,
    onRepeated,
    maxBacklog = 50,
    onDropped,
    keyOf = inboxKey,
  } = options;
  const estimates = new BoundedMap<string, number>(MAX_ESTIMATES);
  // A webhook hands updates over one request at a time; those of one turn of
  // the event loop are stored in one statement, one commit instead of one each.
  const acceptTogether = batched<readonly Update[], IntakeResult>((batches) =>
    acceptAll(batches.flat()),
  );
  return {
    async accept(updates) {
      if (updates.length === 0) return { stored: [], repeated: [], dropped: [] };
      const all = await acceptTogether(updates);
      const mine = new Set(updates.map((u) => u.update_id));
      const own = (ids: readonly number[]) => ids.filter((id) => mine.has(id));
      return { stored: own(all.stored), repeated: own(all.repeated), dropped: own(all.dropped) };
    },
  };

  async function acceptAll(updates: readonly Update[]): Promise<IntakeResult> {
    const keyed = updates.map((update) => ({ update, chatKey: keyOf(update) }));
    const stored = await inbox.insertMany(
      keyed.map(({ update, chatKey }) => ({
        updateId: update.update_id,
        chatKey,
        payload: update,
      })),
    );
    const isNew = new Set(stored);
    const repeated = updates.map((u) => u.update_id).filter((id) => !isNew.has(id));
    if (repeated.length > 0) onRepeated?.();
    if (stored.length === 0) return { stored, repeated, dropped: [] };
    const fresh = keyed.filter(({ update }) => isNew.has(update.update_id));
    const dropped = await overflow(fresh);
    if (dropped.length < stored.length) onStored();
    return { stored, repeated, dropped: dropped.map((u) => u.update_id) };
  }

  /** Drops the newest of the fresh updates of chats past their bound; returns them. */
  async function overflow(
    fresh: readonly { update: Update; chatKey: string }[],
  ): Promise<Update[]> {
    const suspects: string[] = [];
    for (const { chatKey } of fresh) {
      const estimate = (estimates.get(chatKey) ?? 0) + 1;
      estimates.set(chatKey, estimate);
      if (estimate >= maxBacklog && !suspects.includes(chatKey)) suspects.push(chatKey);
    }
    if (suspects.length === 0) return [];
    let backlog: Map<string, number>;
    try {
      backlog = await inbox.backlog(suspects);
    } catch (error) {
      // Stored is what matters; the bound is checked again with the next update.
      logger.warn({ error: describeError(error) }, "inbox: could not count a chat's backlog");
      return [];
    }
    const dropped: Update[] = [];
    for (const [chatKey, count] of backlog) {
      const excess = count - maxBacklog;
      estimates.set(chatKey, Math.min(count, maxBacklog));
      if (excess <= 0) continue;
      const newestFirst = fresh
        .filter((f) => f.chatKey === chatKey)
        .map((f) => f.update)
        .sort((a, b) => b.update_id - a.update_id);
      const drop = newestFirst.slice(0, excess);
      dropped.push(...drop);
      logger.warn(
        { chat: chatKey, dropped: drop.map((u) => u.update_id), maxBacklog },
        "inbox: a chat's backlog is full; its newest updates are dropped unhandled",
      );
    }
    if (dropped.length === 0) return [];
    await inbox.markDone(dropped.map((u) => u.update_id));
    if (onDropped) {
      onDropped(dropped).catch((error: unknown) =>
        logger.warn(
          { error: describeError(error) },
          "could not tell the sender of dropped updates",
        ),
      );
    }
    return dropped;
  }
}
