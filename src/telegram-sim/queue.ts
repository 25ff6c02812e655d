/**
 * The update queue of the simulated Telegram, with its delivery semantics:
 *
 * - updates wait in the queue until confirmed: getUpdates returns the oldest ones but keeps them
 *   until a later call's `offset` (last update_id + 1) drops everything before it;
 * - getUpdates with `timeout` waits until an update arrives or the timeout passes; a newer
 *   getUpdates ends a waiting one with 409 Conflict ("terminated by other getUpdates request");
 * - allowed_updates filters updates as they arrive and persists until changed; by default
 *   chat_member, message_reaction and message_reaction_count are not sent;
 * - while a webhook is set, getUpdates fails with 409, and the queue is POSTed to the webhook one
 *   update at a time, with the secret header, retried until it answers 2xx.
 */
import { request } from "node:http";
import type { Update } from "grammy/types";
import { updateType } from "../runtime/updates.js";
import { asBoolean, asInteger, asString, type Payload, readJson } from "./rule-kit.js";
import { UPDATE_TYPES } from "./rules.js";
import { BotApiException, OPT_IN_UPDATE_TYPES } from "./store.js";

/** One POST of an update to the webhook. */
export interface WebhookDelivery {
  updateId: number;
  url: string;
  /** HTTP status of the answer, or 0 if there was none (connection refused, timeout). */
  status: number;
  /** The X-Telegram-Bot-Api-Secret-Token header sent, if a secret is set. */
  secretToken?: string;
  /** Telegram's wording of the failure, as getWebhookInfo shows it. */
  error?: string;
  at: number;
}

/** The webhook as setWebhook configured it. */
export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

interface WaitingPoll {
  /** Answers the poll with the updates available now. */
  wake: () => void;
  /** Ends the poll with the 409 a newer getUpdates causes. */
  terminate: () => void;
}

/** How the queue reaches back into the simulator. */
export interface UpdateQueueOptions {
  /** Ends every wait and stops deliveries when aborted (the simulator closing). */
  closing: AbortSignal;
  /** Delay between webhook retries, in ms. */
  retryDelayMs: number;
  /** How long a webhook may take to answer a POST before it counts as failed, in ms. */
  webhookTimeoutMs: number;
  /** Unix seconds, for getWebhookInfo dates. */
  now: () => number;
  /** Milliseconds since the epoch, for the records of deliveries. */
  clock: () => number;
  /** Called whenever the queue changed: an update queued, confirmed or delivered. */
  onChange: () => void;
  /** A method call the webhook answered with (Telegram runs it as if the bot had called it). */
  onWebhookReply: (method: string, payload: Payload) => void;
}

export class UpdateQueue {
  private pending: Update[] = [];
  private allowed: ReadonlySet<string> = defaultAllowedUpdates();
  private poll: WaitingPoll | undefined;
  private delivering = false;
  private lastUpdateId = 0;
  webhook: WebhookConfig | undefined;
  readonly deliveries: WebhookDelivery[] = [];

  constructor(private readonly options: UpdateQueueOptions) {}

  /** update_id for the next update. */
  nextUpdateId(): number {
    return this.lastUpdateId + 1;
  }

  /** Notes an update Telegram made (queued or handed to the bot directly), so ids never repeat. */
  noteUpdateId(updateId: number): void {
    this.lastUpdateId = Math.max(this.lastUpdateId, updateId);
  }

  /** Updates waiting to be confirmed (getUpdates) or delivered (webhook). */
  get waiting(): readonly Update[] {
    return this.pending;
  }

  /** True while a long poll is waiting for updates. */
  get polling(): boolean {
    return this.poll !== undefined;
  }

  /** The update types currently allowed. */
  get allowedUpdates(): readonly string[] {
    return [...this.allowed];
  }

  /** Adds an update unless allowed_updates filters it out; returns whether it was queued. */
  enqueue(update: Update): boolean {
    this.lastUpdateId = Math.max(this.lastUpdateId, update.update_id);
    if (!this.allowed.has(updateType(update) ?? "")) return false;
    this.pending.push(update);
    this.options.onChange();
    this.poll?.wake();
    void this.deliver();
    return true;
  }

  /** getUpdates with Telegram's long-poll semantics (see the module comment). */
  getUpdates(payload: Payload, signal: AbortSignal): Promise<Update[]> {
    if (this.webhook) {
      throw new BotApiException(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    this.setAllowedUpdates(payload.allowed_updates);
    this.confirm(asInteger(payload.offset) ?? 0);
    const requested = asInteger(payload.limit) ?? 100;
    const limit = requested < 1 || requested > 100 ? 100 : requested;
    const timeoutMs = Math.max(0, asInteger(payload.timeout) ?? 0) * 1000;

    this.poll?.terminate();
    const ready = this.pending.slice(0, limit);
    if (ready.length > 0 || timeoutMs === 0 || this.options.closing.aborted)
      return Promise.resolve(ready);

    return new Promise<Update[]>((resolve, reject) => {
      const finish = (answer: () => void) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onEnd);
        this.options.closing.removeEventListener("abort", onEnd);
        if (this.poll === poll) this.poll = undefined;
        answer();
        this.options.onChange();
      };
      const onEnd = () => finish(() => resolve([]));
      const poll: WaitingPoll = {
        wake: () => finish(() => resolve(this.pending.slice(0, limit))),
        terminate: () =>
          finish(() =>
            reject(
              new BotApiException(
                409,
                "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
              ),
            ),
          ),
      };
      const timer = setTimeout(onEnd, timeoutMs);
      signal.addEventListener("abort", onEnd);
      this.options.closing.addEventListener("abort", onEnd);
      this.poll = poll;
      this.options.onChange();
    });
  }

  /** setWebhook: an empty url removes the webhook, as in Telegram. */
  setWebhook(payload: Payload): true {
    const url = asString(payload.url)?.trim() ?? "";
    if (asBoolean(payload.drop_pending_updates)) this.pending = [];
    this.setAllowedUpdates(payload.allowed_updates);
    if (url === "") {
      this.webhook = undefined;
      return true;
    }
    const secret = asString(payload.secret_token) ?? "";
    this.webhook = {
      url,
      maxConnections: asInteger(payload.max_connections) ?? 40,
      ...(secret === "" ? {} : { secretToken: secret }),
    };
    // A webhook takes over from a waiting getUpdates.
    this.poll?.terminate();
    void this.deliver();
    return true;
  }

  deleteWebhook(payload: Payload): true {
    if (asBoolean(payload.drop_pending_updates)) this.pending = [];
    this.webhook = undefined;
    return true;
  }

  webhookInfo(): Record<string, unknown> {
    const hook = this.webhook;
    if (!hook)
      return { url: "", has_custom_certificate: false, pending_update_count: this.pending.length };
    return {
      url: hook.url,
      has_custom_certificate: false,
      pending_update_count: this.pending.length,
      ip_address: "127.0.0.1",
      max_connections: hook.maxConnections,
      allowed_updates: this.allowedUpdates,
      ...(hook.lastErrorDate === undefined
        ? {}
        : { last_error_date: hook.lastErrorDate, last_error_message: hook.lastErrorMessage }),
    };
  }

  private confirm(offset: number): void {
    const before = this.pending.length;
    if (offset > 0) this.pending = this.pending.filter((update) => update.update_id >= offset);
    // A negative offset keeps only the last -offset updates and forgets the rest.
    else if (offset < 0) this.pending = this.pending.slice(offset);
    if (this.pending.length !== before) this.options.onChange();
  }

  private setAllowedUpdates(value: unknown): void {
    const json = readJson(value);
    if (json === undefined || "error" in json || !Array.isArray(json.value)) return;
    const known: readonly unknown[] = UPDATE_TYPES;
    const names = json.value.filter((name): name is string => known.includes(name));
    // An empty list means "the default", as in Telegram.
    this.allowed = names.length === 0 ? defaultAllowedUpdates() : new Set(names);
  }

  /** Posts waiting updates to the webhook, one at a time, until the queue is empty. */
  private async deliver(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (this.webhook && this.pending.length > 0 && !this.options.closing.aborted) {
        const hook = this.webhook;
        const update = this.pending[0] as Update;
        const { delivery, reply } = await postUpdate(hook, update, this.options);
        this.deliveries.push(delivery);
        if (delivery.error === undefined) {
          this.pending = this.pending.filter((waiting) => waiting !== update);
          if (reply) {
            const { method, ...payload } = reply;
            this.options.onWebhookReply(String(method), payload);
          }
          this.options.onChange();
          continue;
        }
        hook.lastErrorDate = this.options.now();
        hook.lastErrorMessage = delivery.error;
        this.options.onChange();
        await sleep(this.options.retryDelayMs, this.options.closing);
      }
    } finally {
      this.delivering = false;
    }
  }
}

function defaultAllowedUpdates(): ReadonlySet<string> {
  return new Set<string>(UPDATE_TYPES.filter((type) => !OPT_IN_UPDATE_TYPES.includes(type)));
}

/** One webhook POST, and the method call the webhook answered with, if any; never throws. */
function postUpdate(
  hook: WebhookConfig,
  update: Update,
  { closing, clock, webhookTimeoutMs }: UpdateQueueOptions,
): Promise<{ delivery: WebhookDelivery; reply?: Payload }> {
  const body = JSON.stringify(update);
  const base = {
    updateId: update.update_id,
    url: hook.url,
    at: clock(),
    ...(hook.secretToken === undefined ? {} : { secretToken: hook.secretToken }),
  };
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    };
    if (hook.secretToken !== undefined)
      headers["x-telegram-bot-api-secret-token"] = hook.secretToken;
    // No keep-alive agent: a delivery must not leave a socket open when the test ends.
    const outgoing = request(
      hook.url,
      { method: "POST", headers, agent: false, timeout: webhookTimeoutMs, signal: closing },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("error", () =>
          resolve({
            delivery: {
              ...base,
              status: answer.statusCode ?? 0,
              error: "Connection reset by peer",
            },
          }),
        );
        answer.on("end", () => {
          const status = answer.statusCode ?? 0;
          if (status < 200 || status > 299) {
            const error =
              `Wrong response from the webhook: ${status} ${answer.statusMessage ?? ""}`.trim();
            resolve({ delivery: { ...base, status, error } });
            return;
          }
          const reply = webhookReply(Buffer.concat(chunks).toString("utf8"));
          resolve(
            reply ? { delivery: { ...base, status }, reply } : { delivery: { ...base, status } },
          );
        });
      },
    );
    outgoing.on("timeout", () => outgoing.destroy(new Error("Timeout expired")));
    outgoing.on("error", (error: NodeJS.ErrnoException) => {
      const reason = error.code === "ECONNREFUSED" ? "Connection refused" : error.message;
      resolve({ delivery: { ...base, status: 0, error: reason } });
    });
    outgoing.end(body);
  });
}

/** A webhook may answer with a method call (`{"method":"sendMessage",…}`), which Telegram runs. */
function webhookReply(body: string): Payload | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const isCall =
      typeof parsed === "object" &&
      parsed !== null &&
      typeof (parsed as Payload).method === "string";
    return isCall ? (parsed as Payload) : undefined;
  } catch {
    return undefined;
  }
}

/** setTimeout as a promise that ends early when `signal` aborts (so close() never waits). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}
