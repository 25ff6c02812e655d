/**
 * Types of the fake Bot API server's interface (fake-bot-api.ts): options, injected faults, the
 * record of each call and the server handle itself.
 */
import type { Message, Update, UserFromGetMe } from "grammy/types";
import type { MethodHandler } from "./fake-bot-api-methods.js";
import type { WebhookConfig, WebhookDelivery } from "./fake-bot-api-queue.js";
import type { Payload } from "./telegram-rule-kit.js";
import type { BotApiError } from "./telegram-rules.js";
import type { UpdateBody, UpdateFactory } from "./updates.js";

/** Options of `startFakeBotApi`. */
export interface FakeBotApiOptions {
  /** The bot token the server accepts. Default: a fixed test token. */
  token?: string;
  /** Fields of the bot user getMe returns (id, first_name, username, can_join_groups, …). */
  botInfo?: Partial<UserFromGetMe>;
  /** Apply telegram-rules' strict checks (see there). Default: true. */
  strict?: boolean;
  /**
   * Privacy mode: group messages that are not commands for the bot, replies to it or service
   * messages are not delivered. Default: on unless botInfo.can_read_all_group_messages.
   */
  privacyMode?: boolean;
  /** How long a callback or inline query can be answered, in ms. Default: 15 000. */
  queryTimeoutMs?: number;
  /** Pause between retries of a failed webhook delivery, in ms. Default: 100. */
  webhookRetryDelayMs?: number;
  /** Clock for message dates, in Unix seconds. Default: the system clock. */
  now?: () => number;
}

/** A fault to answer a call with instead of handling it. */
export type Failure =
  /** 429 Too Many Requests with `parameters.retry_after` (seconds). */
  | { type: "retry_after"; seconds: number }
  /** 500 (Telegram's JSON) or 502 (the HTML page of Telegram's nginx). */
  | { type: "server_error"; status: 500 | 502 }
  /** The connection is closed without an answer. */
  | { type: "drop" }
  /** Any Telegram error, e.g. 403 "Forbidden: bot was blocked by the user". */
  | { type: "error"; error: BotApiError };

/** A Bot API answer as sent. */
export type BotApiResponse =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: BotApiError["parameters"] };

/** One call the server received. */
export interface RecordedCall {
  /** Method name as in the URL (Telegram ignores its case). */
  method: string;
  /** Parameters, with JSON-string values (form bodies) decoded. */
  payload: Payload;
  /** HTTP status answered; 0 if the connection was dropped. */
  status: number;
  /** The JSON answer; undefined for a dropped connection or an HTML error page. */
  response: BotApiResponse | undefined;
  /** True when the answer was `ok: true`. */
  ok: boolean;
  /** Set when telegram-rules refused the call (an answer of 400). */
  rejection?: BotApiError;
  /** Set when an injected fault answered the call. */
  fault?: Failure;
  /** True when the client had gone before the answer (e.g. a long poll ended by bot.stop()). */
  clientClosed?: boolean;
  /** True for a method call a webhook answered an update with. */
  viaWebhookReply?: boolean;
  /** Date.now() when the request arrived, and how long the answer took. */
  at: number;
  durationMs: number;
}

/** What pushUpdate did with an update. */
export interface PushResult {
  update: Update;
  /** False when Telegram would not have sent it to the bot. */
  queued: boolean;
  droppedBecause?: "privacy_mode" | "allowed_updates";
}

/** A running fake server; see the module comment. */
export interface FakeBotApi {
  /** `http://127.0.0.1:<port>`, for grammY's `client.apiRoot`. */
  readonly apiRoot: string;
  readonly token: string;
  /** What getMe returns. */
  readonly botInfo: UserFromGetMe;
  /** Every call so far, oldest first (a live array). */
  readonly calls: readonly RecordedCall[];
  /** Update builders bound to this server's update and message counters. */
  readonly updates: UpdateFactory;
  /** The webhook, if one is set, and every delivery attempted. */
  readonly webhook: WebhookConfig | undefined;
  readonly webhookDeliveries: readonly WebhookDelivery[];
  /** Updates queued and not yet confirmed (getUpdates) or delivered (webhook). */
  readonly pendingUpdates: readonly Update[];
  /** Calls of one method (any case). */
  callsOf(method: string): RecordedCall[];
  /** Calls telegram-rules refused: what Telegram would have answered 400. */
  rejectedCalls(): RecordedCall[];
  /** Queues an update for the bot (update_id added if missing), as Telegram would. */
  pushUpdate(update: Update | UpdateBody): PushResult;
  /** Answers the next `times` calls of `method` ("*" for any) with `failure`. */
  failNext(method: string, failure: Failure, times?: number): void;
  /** Delays every answer of `method` ("*" for all) by `ms`; 0 removes the delay. */
  setLatency(method: string, ms: number): void;
  /** Resolves with the first call of `method` (past or future) that matches; rejects after the timeout. */
  waitForCall(
    method: string,
    predicate?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  /** Like waitForCall, but only for calls that arrive from now on. */
  nextCall(
    method: string,
    predicate?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  /** A message in its current version (after edits), or undefined if unknown or deleted. */
  message(chatId: number, messageId: number): Message | undefined;
  /** The messages of a chat, oldest first: the users' and the bot's. */
  messagesIn(chatId: number): Message[];
  /** Makes a user block (or unblock) the bot: sends to them then fail with 403. */
  setBlocked(userId: number, blocked: boolean): void;
  /** Adds or replaces a method (name case-insensitive). */
  registerMethod(method: string, handler: MethodHandler): void;
  /** Ends pending long polls, closes all sockets and the server. */
  close(): Promise<void>;
}
