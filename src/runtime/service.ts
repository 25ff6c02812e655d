/**
 * What polling and webhook mode have in common: a running service that takes
 * updates, knows which ones it is handling, and stops without losing any.
 */
import { BotError, GrammyError, HttpError } from "grammy";

/** A running source of updates (long polling or a webhook server). */
export interface UpdateService {
  readonly mode: "polling" | "webhook";
  /** Updates being handled right now. */
  inFlight(): number;
  /**
   * Settles when the service ends by itself: resolves after `stop`, rejects
   * when it cannot go on (the token was revoked, the port was taken, …).
   */
  readonly done: Promise<void>;
  /**
   * Stops taking updates, lets those in flight finish, tells Telegram which ones
   * were handled. `drain` aborts the wait for updates in flight (the deadline);
   * the service then gives up on them and reports them as unhandled, so that
   * Telegram delivers them again. Safe to call twice.
   */
  stop(drain?: AbortSignal): Promise<StopReport>;
}

export interface StopReport {
  /** Updates still being handled when the drain deadline passed (0 after a clean stop). */
  readonly abandoned: number;
}

/** Keeps track of the updates being handled, by update_id. */
export class InFlight {
  readonly #tasks = new Map<number, Promise<unknown>>();
  #waiters: (() => void)[] = [];

  get size(): number {
    return this.#tasks.size;
  }

  /** The update ids being handled, lowest first. */
  ids(): number[] {
    return [...this.#tasks.keys()].sort((a, b) => a - b);
  }

  /** Tracks one update until `task` settles; returns `task`. */
  track<T>(updateId: number, task: Promise<T>): Promise<T> {
    this.#tasks.set(updateId, task);
    const done = () => {
      if (this.#tasks.get(updateId) === task) this.#tasks.delete(updateId);
      if (this.#tasks.size === 0) {
        const waiters = this.#waiters;
        this.#waiters = [];
        for (const wake of waiters) wake();
      }
    };
    task.then(done, done);
    return task;
  }

  /** Resolves true once nothing is in flight, or false if `signal` aborts first. */
  idle(signal?: AbortSignal): Promise<boolean> {
    if (this.#tasks.size === 0) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => resolve(false);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve(true);
      });
    });
  }
}

/**
 * A compact, log-safe description of an error from the Bot API or the network.
 * Never includes request URLs (they carry the token); the logger scrubs tokens as well.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof BotError) {
    return { updateId: error.ctx.update.update_id, ...describeError(error.error) };
  }
  if (error instanceof GrammyError) {
    return { method: error.method, errorCode: error.error_code, description: error.description };
  }
  if (error instanceof HttpError) {
    const cause = error.error instanceof Error ? error.error.message : String(error.error);
    return { message: error.message, cause };
  }
  if (error instanceof Error)
    return { type: error.name, message: error.message, stack: error.stack };
  return { message: String(error) };
}
