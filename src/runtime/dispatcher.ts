/**
 * Handling updates from the durable inbox. Intake (polling or the webhook)
 * only stores updates; the dispatcher claims them from the store, hands them
 * to the bot, and marks them done when the bot is through with them.
 *
 * Fairness comes from the claim: the store hands out at most one update per
 * chat, and a chat's next update only once its previous one is done. A chat
 * whose replies wait out a 20 s flood wait, or whose backlog is 150 updates
 * long, holds one handling slot, never more; every other chat is claimed as
 * soon as a slot is free. (The runner this replaces took a chat's whole
 * backlog into its slots, where it waited for that chat's lock.) Updates of
 * one user in different chats are also kept in order within this process.
 *
 * Written here rather than with @grammyjs/runner: the runner confirms an update
 * to Telegram when it fetches the next batch and has no notion of a shared
 * store, so it can neither wait for updates to be stored nor share the work
 * with other replicas.
 */
import { sequentialize } from "@grammyjs/runner";
import type { Update } from "grammy/types";
import { identityOf } from "../bot/identity.js";
import type { Logger } from "../logger.js";
import type { ClaimedUpdate, Inbox } from "../store/types.js";
import { describeError, InFlight } from "./service.js";

export interface DispatcherTimings {
  /** How long a claim holds unless renewed; another replica takes over after that. */
  readonly leaseMs: number;
  /** How often the leases of updates being handled are renewed. */
  readonly renewEveryMs: number;
  /**
   * How often an idle dispatcher looks for work it was not told about: updates
   * another replica stored, claims of a replica that died.
   */
  readonly idlePollMs: number;
  /** Pause before trying the store again after it failed. */
  readonly storeRetryMs: number;
}

export const DEFAULT_DISPATCHER_TIMINGS: DispatcherTimings = {
  leaseMs: 30_000,
  renewEveryMs: 10_000,
  idlePollMs: 1_000,
  storeRetryMs: 1_000,
};

export interface DispatcherOptions {
  readonly inbox: Inbox;
  readonly logger: Logger;
  /** Who claims: stable across restarts of this process (see launch.ts). */
  readonly claimant: string;
  /** Handles one update; it should not reject (a rejection is logged, and the update counts as done). */
  readonly handle: (update: Update) => Promise<void>;
  /** Updates handled at once; 100 by default. */
  readonly concurrency?: number;
  /**
   * An update claimed this many times without being marked done stopped a
   * process every time it was tried: it is given up (logged) instead of being
   * tried forever. 5 by default.
   */
  readonly maxAttempts?: number;
  readonly timings?: Partial<DispatcherTimings>;
}

/** What a stop did. */
export interface DrainReport {
  /** Updates that finished between the stop and the end of the drain. */
  readonly finished: number;
  /** Updates still running at the deadline, handed back to the inbox (by id). */
  readonly abandoned: readonly number[];
}

export class Dispatcher {
  readonly #inbox: Inbox;
  readonly #logger: Logger;
  readonly #claimant: string;
  readonly #handle: (update: Update) => Promise<void>;
  readonly #concurrency: number;
  readonly #maxAttempts: number;
  readonly #timings: DispatcherTimings;
  readonly #inFlight = new InFlight();
  /** Per-user order within this process (the store keeps per-chat order). */
  readonly #inOrder = sequentialize<Update>((update) => identityOf(update));
  /** Finished updates whose done mark goes with the next claim. */
  #finished: number[] = [];
  #finishedTotal = 0;
  #stopping = false;
  /** Set by wake(): something changed since the last claim began. */
  #dirty = false;
  #wakeUp: (() => void) | undefined;
  #loop: Promise<void> | undefined;
  #renewTimer: NodeJS.Timeout | undefined;
  #storeFailing = false;
  #stopped: Promise<DrainReport> | undefined;
  #expiredCheckedAt = Number.NEGATIVE_INFINITY;

  constructor(options: DispatcherOptions) {
    this.#inbox = options.inbox;
    this.#logger = options.logger;
    this.#claimant = options.claimant;
    this.#handle = options.handle;
    this.#concurrency = options.concurrency ?? 100;
    this.#maxAttempts = options.maxAttempts ?? 5;
    this.#timings = { ...DEFAULT_DISPATCHER_TIMINGS, ...options.timings };
  }

  /** Updates being handled now. */
  get size(): number {
    return this.#inFlight.size;
  }

  /** Starts claiming and handling; call once. */
  start(): void {
    if (this.#loop !== undefined) return;
    this.#renewTimer = setInterval(() => void this.#renew(), this.#timings.renewEveryMs);
    this.#renewTimer.unref();
    this.#loop = this.#run();
  }

  /**
   * There may be work: an update was stored, a slot freed. Cheap; call freely.
   * With `expired`, the next claim also looks for claims that ran out (a
   * redelivery: Telegram did not hear back, perhaps because a replica died).
   */
  wake(expired = false): void {
    if (expired) this.#expiredCheckedAt = Number.NEGATIVE_INFINITY;
    this.#dirty = true;
    const wakeUp = this.#wakeUp;
    this.#wakeUp = undefined;
    wakeUp?.();
  }

  /**
   * Stops claiming, lets the updates being handled finish until `drain` aborts,
   * marks the finished ones done and hands those still running back to the
   * inbox, for this or another process to handle again. Updates not claimed
   * yet simply stay in the inbox. Safe to call twice.
   */
  stop(drain?: AbortSignal): Promise<DrainReport> {
    this.#stopped ??= this.#stop(drain);
    return this.#stopped;
  }

  async #stop(drain?: AbortSignal): Promise<DrainReport> {
    const finishedBefore = this.#finishedTotal;
    this.#stopping = true;
    this.wake();
    await this.#loop;
    await this.#inFlight.idle(drain);
    clearInterval(this.#renewTimer);
    const abandoned = this.#inFlight.ids();
    const done = this.#finished.splice(0);
    if (done.length > 0) {
      try {
        await this.#inbox.markDone(done);
      } catch (error) {
        this.#logger.error(
          { error: describeError(error), updateIds: done },
          "inbox: could not mark finished updates done; they will be handled again",
        );
      }
    }
    if (abandoned.length > 0) {
      try {
        await this.#inbox.release(this.#claimant, abandoned);
      } catch (error) {
        this.#logger.error(
          { error: describeError(error), updateIds: abandoned },
          "inbox: could not hand updates back; they are taken over when their lease runs out",
        );
      }
    }
    return { finished: this.#finishedTotal - finishedBefore, abandoned };
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      this.#dirty = false;
      const free = this.#concurrency - this.#inFlight.size;
      const done = this.#finished.splice(0);
      if (free <= 0 && done.length === 0) {
        await this.#sleep();
        continue;
      }
      let claimed: ClaimedUpdate[];
      // Claims of a process that died are looked for now and then, not on every claim.
      const now = performance.now();
      const expired = now - this.#expiredCheckedAt >= this.#timings.idlePollMs;
      try {
        claimed = await this.#inbox.claim({
          claimant: this.#claimant,
          limit: Math.max(0, free),
          leaseMs: this.#timings.leaseMs,
          done,
          expired,
        });
        if (expired) this.#expiredCheckedAt = now;
        if (this.#storeFailing) this.#logger.info("inbox: the store answers again");
        this.#storeFailing = false;
      } catch (error) {
        this.#finished.unshift(...done);
        if (!this.#storeFailing) {
          this.#logger.error(
            { error: describeError(error), retryInMs: this.#timings.storeRetryMs },
            "inbox: cannot claim updates: the store failed; retrying",
          );
        }
        this.#storeFailing = true;
        await this.#sleep(this.#timings.storeRetryMs);
        continue;
      }
      if (this.#stopping) {
        // Claimed as the stop began: not started, so back to the inbox at once.
        await this.#inbox
          .release(
            this.#claimant,
            claimed.map((c) => c.updateId),
          )
          .catch(() => {});
        break;
      }
      for (const update of claimed) this.#start(update);
      if (claimed.length < free && !this.#dirty) await this.#sleep(this.#timings.idlePollMs);
    }
  }

  #start(claimed: ClaimedUpdate): void {
    const { updateId, attempts } = claimed;
    if (attempts > this.#maxAttempts) {
      this.#logger.error(
        { updateId, attempts },
        "inbox: update given up: every attempt to handle it ended with its process",
      );
      this.#finish(updateId);
      return;
    }
    if (attempts > 1) {
      // The one place a reply can be doubled: sent before the stop, not yet marked done.
      this.#logger.warn(
        { updateId, attempts },
        "inbox: handling an update again that an earlier claim did not finish; a reply sent just before that claim ended may be sent twice",
      );
    }
    const update = claimed.payload as Update;
    const task = this.#inOrder(update, () => this.#handle(update)).catch((error: unknown) => {
      this.#logger.error({ error: describeError(error), updateId }, "update failed");
    });
    void this.#inFlight.track(updateId, task).then(() => this.#finish(updateId));
  }

  #finish(updateId: number): void {
    this.#finished.push(updateId);
    this.#finishedTotal++;
    this.wake();
  }

  /** Waits for wake() or stop, or `ms` when given. */
  #sleep(ms?: number): Promise<void> {
    if (this.#dirty || this.#stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => this.wake(), ms);
      this.#wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async #renew(): Promise<void> {
    const ids = this.#inFlight.ids();
    if (ids.length === 0) return;
    try {
      const held = new Set(
        await this.#inbox.renewLeases(this.#claimant, ids, this.#timings.leaseMs),
      );
      const lost = ids.filter((id) => !held.has(id) && this.#inFlight.ids().includes(id));
      if (lost.length > 0) {
        this.#logger.warn(
          { updateIds: lost },
          "inbox: lost the claim on updates still being handled; another process may handle them too",
        );
      }
    } catch (error) {
      this.#logger.warn({ error: describeError(error) }, "inbox: could not renew claims");
    }
  }
}
