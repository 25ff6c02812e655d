/**
 * The durable inbox as the running bot uses it: the intake and the dispatcher
 * wired to the bot and the store, what a start takes back from the last run,
 * the drain at shutdown, and the pruning of what is no longer needed.
 */
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import { CONVERSATION_PREFIX, MEMORY_MS } from "../bot/conversation.js";
import type { BotContext } from "../bot/create-bot.js";
import { overflowNotices } from "../bot/overflow.js";
import type { Logger } from "../logger.js";
import { MIN_INBOX_RETENTION_MS } from "../store/index.js";
import type { RateLimitRule, Store } from "../store/types.js";
import { Dispatcher, type DispatcherTimings } from "./dispatcher.js";
import { createIntake, type Intake } from "./intake.js";
import { describeError, type StopReport } from "./service.js";
import { inboxKey } from "./updates.js";

/** Done updates are remembered an hour longer than Telegram may redeliver them. */
const INBOX_RETENTION_MS = MIN_INBOX_RETENTION_MS + 60 * 60 * 1000;

/**
 * The inbox's two halves, wired to the bot and the store: intake stores what
 * arrives (chats under the store's hash, as people are everywhere in it) and
 * wakes the dispatcher, which hands what it claims to the bot.
 */
export function startInbox(
  bot: Bot<BotContext>,
  store: Store,
  options: {
    readonly logger: Logger;
    readonly claimant: string;
    readonly notice: RateLimitRule;
    readonly dispatcherTimings: Partial<DispatcherTimings>;
    readonly concurrency?: number;
    readonly maxBacklog?: number;
  },
): { readonly dispatcher: Dispatcher; readonly intake: Intake } {
  const { logger } = options;
  const dispatcher = new Dispatcher({
    inbox: store.inbox,
    logger,
    claimant: options.claimant,
    handle: async (update: Update) => {
      try {
        await bot.handleUpdate(update);
      } catch (error) {
        await bot.errorHandler(error as Parameters<typeof bot.errorHandler>[0]);
      }
    },
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    timings: options.dispatcherTimings,
  });
  const hash = (id: string) => store.hashUserId(id);
  const intake = createIntake({
    inbox: store.inbox,
    logger,
    onStored: () => dispatcher.wake(),
    onRepeated: () => dispatcher.wake(true),
    ...(options.maxBacklog !== undefined && { maxBacklog: options.maxBacklog }),
    onDropped: overflowNotices({
      api: bot.api,
      sessions: store.sessions,
      rateLimits: store.rateLimits,
      notice: options.notice,
      logger,
      hash,
    }),
    keyOf: (update) => hash(inboxKey(update)),
  });
  return { dispatcher, intake };
}

/**
 * Lets the updates in flight finish (until `drain` aborts), leaves the rest in
 * the inbox, and says exactly that in one line: how many were in flight, how
 * many finished, which were given up and handed back, how many wait.
 */
export async function drainInbox(
  dispatcher: Dispatcher,
  store: Store,
  logger: Logger,
  drain: AbortSignal | undefined,
): Promise<StopReport> {
  const inFlightAtStop = dispatcher.size;
  const report = await dispatcher.stop(drain);
  const leftInInbox = await store.inbox.unfinished().then(
    (rows) => rows.length,
    () => undefined,
  );
  const summary = {
    inFlightAtStop,
    finished: report.finished,
    givenUp: report.abandoned,
    leftInInbox,
  };
  if (report.abandoned.length > 0) {
    logger.error(
      summary,
      "stopped taking updates; those still running at the deadline were given up and are back in the inbox: the next start handles them again, and a reply they had sent may be sent twice",
    );
  } else {
    logger.info(
      summary,
      "stopped taking updates; every update in flight finished, the rest wait in the inbox for the next start",
    );
  }
  return { abandoned: report.abandoned.length };
}

/**
 * Hands back what this instance had claimed when it last stopped (a crash, a
 * kill), and says what the inbox holds: those updates are handled before any
 * new one. One that was being handled may have had its reply sent already
 * (the window between sendMessage and the done mark): it is sent again.
 */
export async function recover(store: Store, claimant: string, logger: Logger): Promise<void> {
  const released = await store.inbox.release(claimant);
  const unfinished = await store.inbox.unfinished();
  if (unfinished.length === 0) return;
  // Handed back (now, or at a stop that gave them up): their handling had begun.
  const started = unfinished
    .filter((u) => u.status === "pending" && u.attempts > 0)
    .map((u) => u.updateId);
  const summary = { unfinished: unfinished.length, releasedFromLastRun: released };
  if (started.length === 0) {
    logger.info(summary, "inbox: updates left unfinished are handled first");
    return;
  }
  logger.warn(
    { ...summary, startedBefore: started },
    "inbox: updates left unfinished are handled first; those whose handling had begun (startedBefore) may send again a reply that was sent just before the stop",
  );
}

/** Forgets done updates older than Telegram's redelivery window, and spent rate limits. */
export async function pruneStore(store: Store, logger: Logger): Promise<void> {
  try {
    const updates = await store.inbox.prune(INBOX_RETENTION_MS);
    const counters = await store.rateLimits.prune();
    // A chat's last answer is needed for follow-ups only: kept no longer than that.
    const conversations = await store.sessions.prune(CONVERSATION_PREFIX, MEMORY_MS);
    if (updates + counters + conversations > 0) {
      logger.debug({ updates, counters, conversations }, "store pruned");
    }
  } catch (error) {
    logger.warn({ error: describeError(error) }, "could not prune the store");
  }
}
