/**
 * A simulated Telegram for one bot: the chats and messages it holds, the Bot API rules it
 * applies to every call (limits, HTML parse mode, keyboards, "message is not modified", queries
 * answered once), and the updates it delivers. Two front ends reach it:
 *
 * - {@link TelegramSimulator.transformer}, a grammY API transformer: the bot's calls never leave
 *   the process (unit tests, the local chat, benchmarks);
 * - {@link TelegramSimulator.listen}, a Bot API server on 127.0.0.1 with long polling and webhook
 *   delivery, for a bot that runs as in production with BOT_API_ROOT pointing at it.
 *
 * The user's side: `updates` builds realistic updates; `receive` tells the simulator what a
 * user did (so replies, edits and answers to queries are checked against it) before the update
 * is handed to `bot.handleUpdate`; `pushUpdate` queues it for getUpdates or the webhook.
 *
 * Faults (429 with retry_after, 5xx, dropped connections) are injected per method with
 * `failNext`, and `hold` keeps calls waiting until released: a slow API without a clock.
 *
 * @example
 * const sim = new TelegramSimulator();
 * const bot = new Bot(sim.token, { botInfo: sim.botInfo });
 * bot.api.config.use(sim.transformer);
 * await bot.handleUpdate(sim.receive(sim.updates.textMessage("/start")));
 * sim.callsOf("sendMessage")[0]?.result; // the Message Telegram would return
 */
import { HttpError, type Transformer } from "grammy";
import type { Chat, Message, Update, User, UserFromGetMe } from "grammy/types";
import { type HttpFrontEnd, startHttpFrontEnd } from "./http.js";
import { DEFAULT_METHODS, type MethodHandler } from "./methods.js";
import { UpdateQueue } from "./queue.js";
import { normalizePayload, type Payload } from "./rule-kit.js";
import { type BotApiError, validateBotApiCall } from "./rules.js";
import { BotApiException, ChatStore, hiddenByPrivacyMode } from "./store.js";
import type {
  BotApiResponse,
  CallSource,
  Failure,
  Hold,
  PushResult,
  RecordedCall,
  RecordedCallStart,
  SimulatorEvent,
  SimulatorOptions,
} from "./types.js";
import { DEFAULT_BOT, type UpdateBody, UpdateFactory } from "./updates.js";

/** The token the simulator accepts unless given another. */
export const SIMULATOR_TOKEN = "7000000001:AAFakeTokenForTestsOnly_0123456789abc";

/** How a call was answered, before it is recorded. */
export interface CallOutcome {
  readonly status: number;
  /** undefined: no JSON (a dropped connection, or nginx's HTML page for a 502). */
  readonly response: BotApiResponse | undefined;
  readonly rejection?: BotApiError;
  readonly fault?: Failure;
}

interface Waiter {
  readonly test: () => boolean;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

interface HoldState {
  readonly method: string;
  readonly matches: (call: RecordedCallStart) => boolean;
  readonly waiting: (() => void)[];
  released: boolean;
  onArrival: ((call: RecordedCallStart) => void)[];
}

export class TelegramSimulator {
  readonly token: string;
  /** What getMe returns. */
  readonly botInfo: UserFromGetMe;
  /** Every call so far, oldest first (a live array). */
  readonly calls: RecordedCall[] = [];
  /** Update builders bound to this simulator's update and message counters. */
  readonly updates: UpdateFactory;
  /** `http://127.0.0.1:<port>` once {@link listen} has started the HTTP front end. */
  apiRoot = "";
  readonly #store: ChatStore;
  readonly #queue: UpdateQueue;
  readonly #methods = new Map(Object.entries(DEFAULT_METHODS));
  readonly #faults = new Map<string, Failure[]>();
  readonly #holds: HoldState[] = [];
  readonly #waiters = new Set<Waiter>();
  readonly #listeners = new Set<(event: SimulatorEvent) => void>();
  readonly #closing = new AbortController();
  readonly #strict: boolean;
  readonly #privacyMode: boolean;
  readonly #clock: () => number;
  #http: HttpFrontEnd | undefined;

  constructor(options: SimulatorOptions = {}) {
    this.token = options.token ?? SIMULATOR_TOKEN;
    this.botInfo = {
      ...DEFAULT_BOT,
      id: Number(this.token.split(":")[0]) || DEFAULT_BOT.id,
      ...options.botInfo,
    };
    this.#strict = options.strict ?? true;
    this.#privacyMode = options.privacyMode ?? !this.botInfo.can_read_all_group_messages;
    this.#clock = options.clock ?? Date.now;
    this.#store = new ChatStore(this.botInfo, options.queryTimeoutMs ?? 15_000, this.#clock);
    this.#queue = new UpdateQueue({
      closing: this.#closing.signal,
      retryDelayMs: options.webhookRetryDelayMs ?? 100,
      webhookTimeoutMs: options.webhookTimeoutMs ?? 5_000,
      now: () => this.now(),
      clock: this.#clock,
      onChange: () => this.#changed(),
      onWebhookReply: (method, payload) =>
        void this.execute(method, normalizePayload(payload), { source: "webhook-reply" }),
    });
    this.updates = new UpdateFactory({
      bot: this.botInfo,
      now: () => this.now(),
      nextUpdateId: () => this.#queue.nextUpdateId(),
      nextMessageId: (chatId) => this.#store.nextMessageId(chatId),
      resolveMessage: (chatId, messageId) => this.#store.message(chatId, messageId),
    });
  }

  /** The simulator's clock in Unix seconds, as message dates are given. */
  now(): number {
    return Math.floor(this.#clock() / 1000);
  }

  // ---- the front ends ----

  /**
   * The in-process front end: install it with `bot.api.config.use(sim.transformer)` and every
   * call is answered here, never on the network. A dropped connection comes out as grammY's
   * HttpError, as it would from the network.
   */
  readonly transformer: Transformer = async (_prev, method, payload, signal) => {
    const call = await this.execute(method, normalizePayload({ ...(payload ?? {}) }), {
      source: "transformer",
      ...(signal && { signal: signal as unknown as AbortSignal }),
    });
    if (call.response === undefined && call.status === 0) {
      throw new HttpError(
        `Network request for '${method}' failed!`,
        new Error("the simulator dropped the connection"),
      );
    }
    const response: BotApiResponse = call.response ?? {
      ok: false,
      error_code: call.status,
      description: "Bad Gateway",
    };
    // biome-ignore lint/suspicious/noExplicitAny: the result type depends on the method.
    return response as any;
  };

  /**
   * Starts the HTTP front end on 127.0.0.1 on a free port: `GET|POST /bot<token>/<method>`
   * with Telegram's long polling; sets and returns {@link apiRoot}.
   */
  async listen(): Promise<string> {
    this.#http ??= await startHttpFrontEnd(this, this.#closing.signal);
    this.apiRoot = this.#http.apiRoot;
    return this.apiRoot;
  }

  /** Ends pending long polls, webhook deliveries and waits; closes the HTTP front end. */
  async close(): Promise<void> {
    if (this.#closing.signal.aborted) return;
    this.#closing.abort();
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error("the Telegram simulator closed while a test was waiting"));
    }
    this.#waiters.clear();
    for (const hold of this.#holds) hold.released = true;
    for (const hold of this.#holds) for (const wake of hold.waiting.splice(0)) wake();
    await this.#http?.close();
  }

  /**
   * Answers one call: holds, faults, the stateless rules, then the method's handler with its
   * stateful rules. `write` delivers the answer (the HTTP front end) and says whether the
   * client was still there. Every call is recorded and announced to listeners.
   */
  async execute(
    method: string,
    payload: Payload,
    options: {
      readonly source: CallSource;
      readonly signal?: AbortSignal;
      readonly write?: (outcome: CallOutcome) => boolean;
    },
  ): Promise<RecordedCall> {
    const at = this.#clock();
    const outcome = await this.#answer(method, payload, options.signal);
    const written = options.write?.(outcome) ?? true;
    const { response } = outcome;
    const call: RecordedCall = {
      method,
      payload,
      status: outcome.status,
      response,
      ok: response?.ok === true,
      ...(response?.ok === true && { result: response.result }),
      error:
        response === undefined
          ? { error_code: outcome.status, description: "no answer" }
          : response.ok
            ? null
            : {
                error_code: response.error_code,
                description: response.description,
                ...(response.parameters && { parameters: response.parameters }),
              },
      ...(outcome.rejection && { rejection: outcome.rejection }),
      ...(outcome.fault && { fault: outcome.fault }),
      ...(!written && { clientClosed: true }),
      source: options.source,
      at,
      durationMs: this.#clock() - at,
    };
    this.calls.push(call);
    this.#emit({ kind: "call", call });
    this.#changed();
    return call;
  }

  async #answer(method: string, payload: Payload, signal?: AbortSignal): Promise<CallOutcome> {
    const key = method.toLowerCase();
    const handler = this.#methods.get(key);
    if (!handler) return json({ ok: false, error_code: 404, description: "Not Found" });

    await this.#waitForHolds(key, { method, payload });
    const fault = this.#faults.get(key)?.shift() ?? this.#faults.get("*")?.shift();
    if (fault) return faultOutcome(fault);

    const rejection = validateBotApiCall(method, payload, {
      strict: this.#strict,
      allowInsecureWebhook: true,
    });
    if (rejection) {
      const { strict: _strict, ...error } = rejection;
      return { ...json({ ok: false, ...error }), rejection };
    }
    const abort = signal ? AbortSignal.any([signal, this.#closing.signal]) : this.#closing.signal;
    try {
      const result = await handler({
        payload,
        store: this.#store,
        queue: this.#queue,
        signal: abort,
        strict: this.#strict,
        now: () => this.now(),
        emit: (event) => this.#emit(event),
      });
      return json({ ok: true, result });
    } catch (error) {
      if (error instanceof BotApiException) {
        const { error_code, description, parameters } = error;
        return json({ ok: false, error_code, description, ...(parameters ? { parameters } : {}) });
      }
      // A bug in a handler: answer as Telegram's 500 but say what broke.
      const reason = error instanceof Error ? error.message : String(error);
      return json({ ok: false, error_code: 500, description: `Internal Server Error: ${reason}` });
    }
  }

  // ---- the user's side ----

  /**
   * Tells the simulator about an update a user caused (their message, their press of a
   * button, their inline query), as Telegram knows it before the bot does; returns it. Use it
   * for updates handed to `bot.handleUpdate` directly.
   */
  receive(body: Update | UpdateBody): Update {
    const update = this.#learn(body);
    this.#store.registerQueriesOf(update);
    this.#changed();
    return update;
  }

  /** What Telegram knows of an update as it happens, handed to the bot or not. */
  #learn(body: Update | UpdateBody): Update {
    const update = (
      "update_id" in body ? body : { update_id: this.#queue.nextUpdateId(), ...body }
    ) as Update;
    this.#queue.noteUpdateId(update.update_id);
    this.#store.learnFromUpdate(update);
    return update;
  }

  /**
   * Whether Telegram would hand this update to the bot: not from a group the bot left or was
   * removed from, not from a user who blocked it. Drivers that hand updates over directly ask first.
   */
  deliverable(update: Update | UpdateBody): boolean {
    return this.#store.delivers(update as Update);
  }

  /** Queues an update for getUpdates or the webhook, as Telegram would (privacy mode applied). */
  pushUpdate(body: Update | UpdateBody): PushResult {
    const deliverable = this.deliverable(body);
    const update = this.#learn(body);
    let dropped: PushResult["droppedBecause"];
    if (!deliverable) dropped = "not_a_member";
    else if (this.#privacyMode && hiddenByPrivacyMode(update, this.botInfo))
      dropped = "privacy_mode";
    else if (!this.#queue.enqueue(update)) dropped = "allowed_updates";
    // Only a query the bot is sent has to be answered.
    if (dropped === undefined) this.#store.registerQueriesOf(update);
    this.#changed();
    return dropped === undefined
      ? { update, queued: true }
      : { update, queued: false, droppedBecause: dropped };
  }

  /**
   * A user sends an inline result into a chat: the message appears "via @bot". When it has
   * buttons it gets an inline_message_id, which its callback queries and edits use.
   */
  sendViaBot(
    from: User,
    chat: Chat,
    fields: Partial<Message>,
  ): { message: Message; inlineMessageId?: string } {
    const message = {
      message_id: this.#store.nextMessageId(chat.id),
      date: this.now(),
      chat,
      from,
      via_bot: this.#store.botUser,
      ...fields,
    } as Message;
    this.#store.storeMessage(message);
    if (fields.reply_markup === undefined) return { message };
    const inlineMessageId = `inline-${chat.id}-${message.message_id}`;
    this.#store.storeInlineMessage(inlineMessageId, message);
    return { message, inlineMessageId };
  }

  // ---- faults ----

  /** Answers the next `times` calls of `method` ("*" for any) with `failure`. */
  failNext(method: string, failure: Failure, times = 1): void {
    const key = method.toLowerCase();
    const queued = this.#faults.get(key) ?? [];
    for (let i = 0; i < times; i++) queued.push(failure);
    this.#faults.set(key, queued);
  }

  /**
   * Holds calls of `method` (those matching `predicate`) unanswered until `release()`: a slow
   * Bot API whose slowness the test controls, with no clock involved.
   */
  hold(method: string, predicate: (call: RecordedCallStart) => boolean = () => true): Hold {
    const state: HoldState = {
      method: method.toLowerCase(),
      matches: predicate,
      waiting: [],
      released: false,
      onArrival: [],
    };
    this.#holds.push(state);
    const arrived = new Promise<RecordedCallStart>((resolve) => state.onArrival.push(resolve));
    return {
      arrived,
      get waiting() {
        return state.waiting.length;
      },
      release: () => {
        state.released = true;
        for (const wake of state.waiting.splice(0)) wake();
      },
    };
  }

  async #waitForHolds(key: string, call: RecordedCallStart): Promise<void> {
    for (const hold of this.#holds) {
      if (hold.released || hold.method !== key || !hold.matches(call)) continue;
      await new Promise<void>((resolve) => {
        hold.waiting.push(resolve);
        for (const notify of hold.onArrival.splice(0)) notify(call);
      });
    }
  }

  /** Adds or replaces a method (name case-insensitive). */
  registerMethod(method: string, handler: MethodHandler): void {
    this.#methods.set(method.toLowerCase(), handler);
  }

  // ---- what happened ----

  /** Calls of one method (any case). */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method.toLowerCase() === method.toLowerCase());
  }

  /** Calls the stateless rules refused: what Telegram would have answered 400 for bad input. */
  rejectedCalls(): RecordedCall[] {
    return this.calls.filter((call) => call.rejection !== undefined);
  }

  /** A message in its current version (after edits), or undefined if unknown or deleted. */
  message(chatId: number, messageId: number): Message | undefined {
    return this.#store.message(chatId, messageId);
  }

  /** A message sent through inline mode, in its current version. */
  inlineMessage(inlineMessageId: string): Message | undefined {
    return this.#store.inlineMessage(inlineMessageId);
  }

  /** The messages of a chat, oldest first: the users' and the bot's. */
  messagesIn(chatId: number): Message[] {
    return this.#store.messagesIn(chatId);
  }

  /** The command menu setMyCommands stored for a scope type and language ("" for the default). */
  commands(scope = "default", languageCode = ""): { command: string; description: string }[] {
    return this.#store.commands.get(JSON.stringify([scope, "", "", languageCode])) ?? [];
  }

  /** How many accepted answers a callback or inline query got; undefined if never delivered. */
  answersTo(queryId: string): number | undefined {
    return this.#store.answersTo(queryId);
  }

  /**
   * Forgets the calls recorded and every chat's history (message ids keep counting), so a long
   * benchmark measures the bot's memory rather than the simulator's.
   */
  forget(): void {
    this.calls.length = 0;
    this.#store.forget();
  }

  /** Makes a user block (or unblock) the bot: sends to them then fail with 403. */
  setBlocked(userId: number, blocked: boolean): void {
    if (blocked) this.#store.blockedBy.add(userId);
    else this.#store.blockedBy.delete(userId);
  }

  /** The webhook, if one is set, and every delivery attempted. */
  get webhook() {
    return this.#queue.webhook;
  }
  get webhookDeliveries() {
    return this.#queue.deliveries;
  }
  /** True while a getUpdates long poll is waiting for an update. */
  get longPollWaiting(): boolean {
    return this.#queue.polling;
  }

  /** Updates queued and not yet confirmed (getUpdates) or delivered (webhook). */
  get pendingUpdates(): readonly Update[] {
    return this.#queue.waiting;
  }

  /**
   * Everything Telegram would have objected to, as readable lines (empty when all is well):
   * calls answered with an error other than an injected fault, and callback or inline queries
   * not answered exactly once.
   */
  problems(): string[] {
    const found: string[] = [];
    const polls = this.callsOf("getUpdates");
    for (const call of this.calls) {
      if (call.ok || call.fault !== undefined || call.clientClosed) continue;
      if (isPollAbandonedAtStop(call, polls)) continue;
      found.push(`${call.method} refused: ${call.error?.description ?? call.status}`);
    }
    for (const query of this.#store.deliveredQueries()) {
      if (query.answered !== 1)
        found.push(`${query.kind} ${query.id} answered ${query.answered} times`);
    }
    return found;
  }

  // ---- waiting for things to happen (events, never sleeps) ----

  /** Calls `listener` with every event from now on; returns the function that stops it. */
  onEvent(listener: (event: SimulatorEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Resolves once `condition` holds; it is checked now and after every change (a call
   * answered, an update received, queued, confirmed or delivered). Rejects after `timeoutMs`.
   */
  until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        test: condition,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          const seen = this.calls.map((call) => call.method).join(", ") || "none";
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (calls: ${seen})`));
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** Resolves with the first call of `method` (past or future) that matches. */
  async waitForCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<RecordedCall> {
    const find = () => this.callsOf(method).find(predicate);
    await this.until(() => find() !== undefined, `a ${method} call`, timeoutMs);
    return find() as RecordedCall;
  }

  /** Like waitForCall, but only for calls that arrive from now on. */
  nextCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<RecordedCall> {
    const from = this.calls.length;
    return this.waitForCall(
      method,
      (call) => this.calls.indexOf(call) >= from && predicate(call),
      timeoutMs,
    );
  }

  #emit(event: SimulatorEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  #changed(): void {
    for (const waiter of this.#waiters) {
      let done: boolean;
      try {
        done = waiter.test();
      } catch (error) {
        // A condition that throws fails the waiting test, not the simulator.
        clearTimeout(waiter.timer);
        this.#waiters.delete(waiter);
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (done) {
        clearTimeout(waiter.timer);
        this.#waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}

function json(response: BotApiResponse): CallOutcome {
  return { status: response.ok ? 200 : response.error_code, response };
}

function faultOutcome(fault: Failure): CallOutcome {
  switch (fault.type) {
    case "retry_after":
      return {
        ...json({
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${fault.seconds}`,
          parameters: { retry_after: fault.seconds },
        }),
        fault,
      };
    case "error": {
      const { strict: _strict, ...error } = fault.error;
      return { ...json({ ok: false, ...error }), fault };
    }
    case "server_error":
      // Telegram's front end answers 502 with nginx's HTML page, not JSON.
      return fault.status === 500
        ? {
            ...json({ ok: false, error_code: 500, description: "Internal Server Error" }),
            fault,
          }
        : { status: 502, response: undefined, fault };
    case "drop":
      return { status: 0, response: undefined, fault };
  }
}

/**
 * At stop the bot aborts its pending long poll, then confirms what it handled with a getUpdates
 * of timeout 0. The simulator may take the confirming call before it notices the abort, and then
 * ends the old poll with 409 "terminated by other getUpdates request" — an answer no one reads
 * (the bot had given that request up). Any other 409 means two polls overlapped: a problem.
 */
function isPollAbandonedAtStop(call: RecordedCall, polls: readonly RecordedCall[]): boolean {
  if (call.method.toLowerCase() !== "getupdates" || call.status !== 409) return false;
  const next = polls.filter((p) => p.at >= call.at && p !== call).sort((a, b) => a.at - b.at)[0];
  return next !== undefined && Number(next.payload.timeout ?? 0) === 0;
}
