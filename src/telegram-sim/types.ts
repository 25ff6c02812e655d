/**
 * Types of the Telegram simulator's interface: options, injected faults, the record of each call,
 * and the events its listeners (the local chat, tests) see.
 */
import type { BotCommand, InlineQueryResult, Message, Update, UserFromGetMe } from "grammy/types";
import type { Payload } from "./rule-kit.js";
import type { BotApiError } from "./rules.js";

/** Options of a {@link TelegramSimulator}. */
export interface SimulatorOptions {
  /** The bot token the HTTP front end accepts. Default: a fixed test token. */
  readonly token?: string;
  /** Fields of the bot user getMe returns (id, first_name, username, can_join_groups, …). */
  readonly botInfo?: Partial<UserFromGetMe>;
  /** Apply the strict checks of rules.ts (documented rules Telegram does not enforce). Default: true. */
  readonly strict?: boolean;
  /**
   * Privacy mode: group messages that are not commands for the bot, replies to it or service
   * messages are not delivered by pushUpdate. Default: on unless botInfo.can_read_all_group_messages.
   */
  readonly privacyMode?: boolean;
  /** How long a callback or inline query can be answered, in ms. Default: 15 000. */
  readonly queryTimeoutMs?: number;
  /** Pause between retries of a failed webhook delivery, in ms. Default: 100. */
  readonly webhookRetryDelayMs?: number;
  /** How long a webhook may take to answer before Telegram gives up and retries, in ms. Default: 5 000. */
  readonly webhookTimeoutMs?: number;
  /** The clock, in milliseconds since the epoch (message dates, query expiry). Default: Date.now. */
  readonly clock?: () => number;
}

/** A fault to answer a call with instead of handling it. */
export type Failure =
  /** 429 Too Many Requests with `parameters.retry_after` (seconds). */
  | { readonly type: "retry_after"; readonly seconds: number }
  /** 500 (Telegram's JSON) or 502 (the HTML page of Telegram's nginx). */
  | { readonly type: "server_error"; readonly status: 500 | 502 }
  /** The connection is closed without an answer. */
  | { readonly type: "drop" }
  /** Any Telegram error, e.g. 403 "Forbidden: bot was blocked by the user". */
  | { readonly type: "error"; readonly error: BotApiError };

/** A Bot API answer as sent. */
export type BotApiResponse =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: BotApiError["parameters"] };

/** Which front end a call came through. */
export type CallSource = "http" | "transformer" | "webhook-reply";

/** One call the bot made. */
export interface RecordedCall {
  /** Method name as the bot wrote it (Telegram ignores its case). */
  readonly method: string;
  /** Parameters, with JSON-string values (form bodies) decoded. */
  readonly payload: Payload;
  /** HTTP status answered; 0 if the connection was dropped. */
  readonly status: number;
  /** The JSON answer; undefined for a dropped connection or an HTML error page. */
  readonly response: BotApiResponse | undefined;
  /** True when the answer was `ok: true`. */
  readonly ok: boolean;
  /** The `result` of a successful call. */
  readonly result?: unknown;
  /** The error answered, null for a successful call (a dropped connection counts as a 0). */
  readonly error: BotApiError | null;
  /** Set when the stateless rules (rules.ts) refused the call: what the bot sent was invalid. */
  readonly rejection?: BotApiError;
  /** Set when an injected fault answered the call. */
  readonly fault?: Failure;
  /** True when the client had gone before the answer (e.g. a long poll ended by bot.stop()). */
  readonly clientClosed?: boolean;
  readonly source: CallSource;
  /** The simulator's clock when the call arrived, and how long its answer took. */
  readonly at: number;
  readonly durationMs: number;
}

/** What pushUpdate did with an update. */
export interface PushResult {
  readonly update: Update;
  /** False when Telegram would not have sent it to the bot. */
  readonly queued: boolean;
  readonly droppedBecause?: "privacy_mode" | "allowed_updates" | "not_a_member";
}

/** What happened in the simulated Telegram, for whoever shows it (the local chat) or waits for it. */
export type SimulatorEvent =
  /** A message the bot sent or edited, as the chat now shows it. */
  | {
      readonly kind: "message";
      readonly message: Message;
      readonly edited: boolean;
      /** Set for a message sent through inline mode. */
      readonly inlineMessageId?: string;
    }
  | { readonly kind: "deleted"; readonly chatId: number; readonly messageId: number }
  /** The bot answered a button press; a non-empty text is shown as a notice. */
  | {
      readonly kind: "callback-answer";
      readonly queryId: string;
      readonly text: string;
      readonly alert: boolean;
    }
  | {
      readonly kind: "inline-answer";
      readonly queryId: string;
      readonly results: readonly InlineQueryResult[];
    }
  | { readonly kind: "chat-action"; readonly action: string }
  | { readonly kind: "commands"; readonly commands: readonly BotCommand[] }
  /** Any call, once answered (refused ones included). */
  | { readonly kind: "call"; readonly call: RecordedCall };

/** Calls of one method held back until released (a slow Bot API, deterministically). */
export interface Hold {
  /** Resolves once a matching call is waiting. */
  readonly arrived: Promise<RecordedCallStart>;
  /** Calls waiting right now. */
  readonly waiting: number;
  /** Lets every waiting call (and every later one) through. */
  release(): void;
}

/** A call that has arrived but is not answered yet. */
export interface RecordedCallStart {
  readonly method: string;
  readonly payload: Payload;
}
