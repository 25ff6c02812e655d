/**
 * A fake Telegram Bot API server over real HTTP on 127.0.0.1, for tests that run a real grammY
 * `Bot` (`new Bot(api.token, { client: { apiRoot: api.apiRoot } })`).
 *
 * It validates every call as Telegram would (telegram-rules.ts), answers in Telegram's
 * `{ ok, result }` / `{ ok: false, error_code, description }` shape, remembers the chat so edits,
 * replies and callback queries behave as in Telegram, delivers updates by long polling or
 * webhook, and records every call for assertions. Faults (429 with retry_after, 5xx, dropped
 * connections) and latency can be injected per method.
 *
 * @example
 * const api = await startFakeBotApi();
 * const bot = new Bot(api.token, { client: { apiRoot: api.apiRoot } });
 * api.pushUpdate(api.updates.textMessage("/start"));
 * // … run the bot …
 * const reply = await api.waitForCall("sendMessage");
 * await api.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Update, UserFromGetMe } from "grammy/types";
import { DEFAULT_METHODS, type MethodHandler } from "./fake-bot-api-methods.js";
import { sleep, UpdateQueue } from "./fake-bot-api-queue.js";
import { BotApiException, ChatStore, hiddenByPrivacyMode } from "./fake-bot-api-store.js";
import type {
  BotApiResponse,
  Failure,
  FakeBotApi,
  FakeBotApiOptions,
  PushResult,
  RecordedCall,
} from "./fake-bot-api-types.js";
import { BodyError, readParameters } from "./http-body.js";
import { normalizePayload, type Payload } from "./telegram-rule-kit.js";
import { validateBotApiCall } from "./telegram-rules.js";
import { DEFAULT_BOT, type UpdateBody, UpdateFactory } from "./updates.js";

export type { MethodContext, MethodHandler } from "./fake-bot-api-methods.js";
export type { WebhookConfig, WebhookDelivery } from "./fake-bot-api-queue.js";
export { BotApiException } from "./fake-bot-api-store.js";
export type {
  BotApiResponse,
  Failure,
  FakeBotApi,
  FakeBotApiOptions,
  PushResult,
  RecordedCall,
} from "./fake-bot-api-types.js";

const DEFAULT_TOKEN = "7000000001:AAFakeTokenForTestsOnly_0123456789abc";

/** Starts a fake Bot API server on 127.0.0.1 on a free port. */
export async function startFakeBotApi(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const server = new FakeBotApiServer(options);
  await server.listen();
  return server;
}

interface Waiter {
  method: string;
  predicate: (call: RecordedCall) => boolean;
  resolve: (call: RecordedCall) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

class FakeBotApiServer implements FakeBotApi {
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  readonly calls: RecordedCall[] = [];
  readonly updates: UpdateFactory;
  apiRoot = "";
  private readonly store: ChatStore;
  private readonly queue: UpdateQueue;
  private readonly methods = new Map(Object.entries(DEFAULT_METHODS));
  private readonly faults = new Map<string, Failure[]>();
  private readonly latency = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private readonly sockets = new Set<Socket>();
  private readonly closing = new AbortController();
  private readonly http = createServer((request, response) => void this.handle(request, response));
  private readonly strict: boolean;
  private readonly privacyMode: boolean;
  private readonly now: () => number;

  constructor(options: FakeBotApiOptions) {
    this.token = options.token ?? DEFAULT_TOKEN;
    this.botInfo = {
      ...DEFAULT_BOT,
      id: Number(this.token.split(":")[0]) || DEFAULT_BOT.id,
      ...options.botInfo,
    };
    this.strict = options.strict ?? true;
    this.privacyMode = options.privacyMode ?? !this.botInfo.can_read_all_group_messages;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.store = new ChatStore(this.botInfo, options.queryTimeoutMs ?? 15_000);
    this.queue = new UpdateQueue({
      closing: this.closing.signal,
      retryDelayMs: options.webhookRetryDelayMs ?? 100,
      now: this.now,
      onWebhookReply: (method, payload) =>
        void this.dispatch(method, payload, { viaWebhookReply: true }),
    });
    this.updates = new UpdateFactory({
      bot: this.botInfo,
      now: this.now,
      nextUpdateId: () => this.queue.nextUpdateId(),
      nextMessageId: (chatId) => this.store.nextMessageId(chatId),
      resolveMessage: (chatId, messageId) => this.store.message(chatId, messageId),
    });
    this.http.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.http.listen(0, "127.0.0.1", resolve));
    this.apiRoot = `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  get webhook() {
    return this.queue.webhook;
  }
  get webhookDeliveries() {
    return this.queue.deliveries;
  }
  get pendingUpdates() {
    return this.queue.waiting;
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method.toLowerCase() === method.toLowerCase());
  }

  rejectedCalls(): RecordedCall[] {
    return this.calls.filter((call) => call.rejection !== undefined);
  }

  pushUpdate(body: Update | UpdateBody): PushResult {
    const update = (
      "update_id" in body ? body : { update_id: this.queue.nextUpdateId(), ...body }
    ) as Update;
    // The server knows what it delivered: messages for replies and edits, queries to answer.
    this.store.learnFromUpdate(update);
    if (this.privacyMode && hiddenByPrivacyMode(update, this.botInfo)) {
      return { update, queued: false, droppedBecause: "privacy_mode" };
    }
    return this.queue.enqueue(update)
      ? { update, queued: true }
      : { update, queued: false, droppedBecause: "allowed_updates" };
  }

  failNext(method: string, failure: Failure, times = 1): void {
    const key = method.toLowerCase();
    const queued = this.faults.get(key) ?? [];
    for (let i = 0; i < times; i++) queued.push(failure);
    this.faults.set(key, queued);
  }

  setLatency(method: string, ms: number): void {
    if (ms <= 0) this.latency.delete(method.toLowerCase());
    else this.latency.set(method.toLowerCase(), ms);
  }

  waitForCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 2000,
  ) {
    const past = this.callsOf(method).find(predicate);
    return past ? Promise.resolve(past) : this.nextCall(method, predicate, timeoutMs);
  }

  nextCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 2000,
  ) {
    return new Promise<RecordedCall>((resolve, reject) => {
      const waiter: Waiter = {
        method: method.toLowerCase(),
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          const seen = this.calls.map((call) => call.method).join(", ") || "none";
          reject(
            new Error(`No matching ${method} call within ${timeoutMs} ms (calls so far: ${seen})`),
          );
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  message(chatId: number, messageId: number) {
    return this.store.message(chatId, messageId);
  }

  messagesIn(chatId: number) {
    return this.store.messagesIn(chatId);
  }

  setBlocked(userId: number, blocked: boolean): void {
    if (blocked) this.store.blockedBy.add(userId);
    else this.store.blockedBy.delete(userId);
  }

  registerMethod(method: string, handler: MethodHandler): void {
    this.methods.set(method.toLowerCase(), handler);
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    // Ends long polls (they answer an empty list), latency sleeps and webhook retries.
    this.closing.abort();
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`Fake Bot API closed while waiting for ${waiter.method}`));
    }
    this.waiters.clear();
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    // Let answers that are being written go out, then cut keep-alive connections (grammY's agent).
    await new Promise((resolve) => setImmediate(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** Serves `GET|POST /bot<token>/<method>`. */
  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const route = /^\/bot([^/]+)\/([A-Za-z0-9_]+)$/.exec(url.pathname);
    let payload: Payload = {};
    try {
      payload = normalizePayload(await readParameters(request, url));
    } catch (error) {
      // A body the Bot API couldn't read gets a 400; a request cut off mid-body gets nothing.
      if (error instanceof BodyError) {
        this.send(response, { ok: false, error_code: 400, description: error.message });
      } else {
        response.destroy();
      }
      return;
    }
    if (!route) {
      this.send(response, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    const [, token, method = ""] = route;
    if (token !== this.token) {
      this.send(response, { ok: false, error_code: 401, description: "Unauthorized" });
      return;
    }
    const requestEnded = new AbortController();
    response.on("close", () => requestEnded.abort());
    const signal = AbortSignal.any([requestEnded.signal, this.closing.signal]);
    const outcome = await this.answer(method, payload, signal, response);
    this.record({ method, payload, at, ...outcome });
  }

  /** Runs a call through latency, faults, validation and its handler; writes the answer. */
  private async answer(
    method: string,
    payload: Payload,
    signal: AbortSignal,
    response?: ServerResponse,
  ): Promise<Omit<RecordedCall, "method" | "payload" | "at" | "durationMs">> {
    const key = method.toLowerCase();
    const handler = this.methods.get(key);
    if (!handler)
      return this.reply(response, { ok: false, error_code: 404, description: "Not Found" });

    await sleep(this.latency.get(key) ?? this.latency.get("*") ?? 0, this.closing.signal);
    const fault = this.faults.get(key)?.shift() ?? this.faults.get("*")?.shift();
    if (fault) return { ...this.replyWithFault(response, fault), fault };

    const rejection = validateBotApiCall(method, payload, {
      strict: this.strict,
      allowInsecureWebhook: true,
    });
    if (rejection) {
      const { strict: _strict, ...error } = rejection;
      return { ...this.reply(response, { ok: false, ...error }), rejection };
    }
    try {
      const result = await handler({
        payload,
        store: this.store,
        queue: this.queue,
        signal,
        strict: this.strict,
        now: this.now,
      });
      return this.reply(response, { ok: true, result });
    } catch (error) {
      if (error instanceof BotApiException) {
        const { error_code, description, parameters } = error;
        return this.reply(response, {
          ok: false,
          error_code,
          description,
          ...(parameters ? { parameters } : {}),
        });
      }
      // A bug in a handler: answer as Telegram's 500 but say what broke.
      const reason = error instanceof Error ? error.message : String(error);
      return this.reply(response, {
        ok: false,
        error_code: 500,
        description: `Internal Server Error: ${reason}`,
      });
    }
  }

  private replyWithFault(response: ServerResponse | undefined, fault: Failure) {
    switch (fault.type) {
      case "retry_after":
        return this.reply(response, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${fault.seconds}`,
          parameters: { retry_after: fault.seconds },
        });
      case "error": {
        const { strict: _strict, ...error } = fault.error;
        return this.reply(response, { ok: false, ...error });
      }
      case "server_error":
        if (fault.status === 500) {
          return this.reply(response, {
            ok: false,
            error_code: 500,
            description: "Internal Server Error",
          });
        }
        // Telegram's front end answers 502 with nginx's HTML page, not JSON.
        if (response && !response.destroyed) {
          response.writeHead(502, { "content-type": "text/html" });
          response.end(
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n",
          );
        }
        return { status: 502, response: undefined, ok: false };
      case "drop":
        response?.socket?.destroy();
        return { status: 0, response: undefined, ok: false };
    }
  }

  private reply(response: ServerResponse | undefined, body: BotApiResponse) {
    const outcome = { status: body.ok ? 200 : body.error_code, response: body, ok: body.ok };
    // A long poll the bot abandoned (bot.stop()) has nobody left to answer.
    if (response && !this.send(response, body)) return { ...outcome, clientClosed: true };
    return outcome;
  }

  /** Writes a JSON answer; false if the client had already gone. */
  private send(response: ServerResponse, body: BotApiResponse): boolean {
    if (response.destroyed || response.writableEnded) return false;
    const status = body.ok ? 200 : body.error_code;
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
    return true;
  }

  /** A call that came in another way than HTTP (a webhook's reply). */
  private async dispatch(
    method: string,
    payload: Payload,
    extra: Partial<RecordedCall>,
  ): Promise<void> {
    const at = Date.now();
    const normalized = normalizePayload(payload);
    const outcome = await this.answer(method, normalized, this.closing.signal);
    this.record({ method, payload: normalized, at, ...outcome, ...extra });
  }

  private record(call: Omit<RecordedCall, "durationMs">): void {
    const recorded: RecordedCall = { ...call, durationMs: Date.now() - call.at };
    this.calls.push(recorded);
    for (const waiter of this.waiters) {
      if (waiter.method !== call.method.toLowerCase()) continue;
      let matches: boolean;
      try {
        matches = waiter.predicate(recorded);
      } catch (error) {
        // A predicate that throws fails the waiting test, not the server.
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        waiter.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      if (matches) {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        waiter.resolve(recorded);
      }
    }
  }
}
