/**
 * Runs the real bot in-process against a recording Bot API.
 *
 * The bot is built by createBot exactly as in production, with a transformer
 * that never touches the network: it validates every call with Telegram's rules
 * (telegram-rules.ts), records it, and answers the way Telegram would (sent
 * messages with ids, parsed text and entities, edits applied, "message is not
 * modified" and "query is too old" where Telegram says so). Updates come from
 * the shared UpdateFactory, so callback queries carry the message as it is now.
 */
import type { Transformer } from "grammy";
import { MemorySessionStorage, type StorageAdapter } from "grammy";
import type {
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  Message,
  Update,
  User,
  UserFromGetMe,
} from "grammy/types";
import { parseCallbackData } from "../../src/bot/callback-data.js";
import type { BotSettings, SessionData } from "../../src/bot/context.js";
import { createBot } from "../../src/bot/create-bot.js";
import type { RateLimits } from "../../src/bot/rate-limit.js";
import { createLogger, type Logger } from "../../src/logger.js";
import { loadKnowledge } from "../../src/search/corpus.js";
import { createSearchEngine } from "../../src/search/engine.js";
import type { SearchEngine } from "../../src/search/types.js";
import { prepareMessageText } from "./telegram-rule-kit.js";
import { type BotApiError, parseTelegramHtml, validateBotApiCall } from "./telegram-rules.js";
import { DEFAULT_BOT, UpdateFactory } from "./updates.js";

/** The bot's identity in these tests. */
export const BOT_INFO: UserFromGetMe = DEFAULT_BOT;

/** An English-speaking user (the factory's default user speaks Russian). */
export const ENGLISH_USER: User = {
  id: 2_000_002,
  is_bot: false,
  first_name: "Bob",
  username: "bob_tester",
  language_code: "en",
};

/** A Russian-speaking user. */
export const RUSSIAN_USER: User = {
  id: 3_000_003,
  is_bot: false,
  first_name: "Вера",
  username: "vera_tester",
  language_code: "ru",
};

let engine: SearchEngine | undefined;
/** The real engine over knowledge/, built once per test file. */
export function realSearch(): SearchEngine {
  engine ??= createSearchEngine(
    loadKnowledge(new URL("../../knowledge", import.meta.url).pathname),
  );
  return engine;
}

/** One Bot API call the bot made. */
export interface RecordedCall {
  readonly method: string;
  readonly payload: Record<string, unknown>;
  /** What Telegram would have refused it with; null when valid. */
  readonly error: BotApiError | null;
  readonly result?: unknown;
}

export interface HarnessOptions {
  readonly search?: SearchEngine;
  readonly sessionStorage?: StorageAdapter<SessionData>;
  readonly settings?: Partial<BotSettings>;
  readonly rateLimits?: Partial<RateLimits>;
  readonly dataDir?: string;
}

/** Generous limits so that only the rate-limit tests meet them. */
const RELAXED_LIMITS: RateLimits = {
  user: { limit: 1000, timeFrame: 60_000 },
  groupChat: { limit: 1000, timeFrame: 60_000 },
};

const key = (chatId: number, messageId: number) => `${chatId}:${messageId}`;

export class BotHarness {
  readonly bot;
  readonly search: SearchEngine;
  readonly calls: RecordedCall[] = [];
  readonly logLines: Record<string, unknown>[] = [];
  readonly logger: Logger;
  readonly updates: UpdateFactory;
  /** Every message in every chat, in its current version (user and bot messages). */
  private readonly messages = new Map<string, Message>();
  private readonly nextIds = new Map<number, number>();
  private readonly answeredQueries = new Set<string>();
  private readonly pendingQueries = new Set<string>();

  constructor(options: HarnessOptions = {}) {
    this.search = options.search ?? realSearch();
    this.logger = createLogger({
      level: "debug",
      destination: { write: (line: string) => this.logLines.push(JSON.parse(line)) },
    });
    this.updates = new UpdateFactory({
      bot: BOT_INFO,
      nextMessageId: (chatId) => this.nextMessageId(chatId),
      resolveMessage: (chatId, messageId) => this.messages.get(key(chatId, messageId)),
    });
    this.bot = createBot({
      config: {
        botToken: "123456:TEST-token-for-unit-tests_abcdef",
        botApiRoot: "http://127.0.0.1:9",
        dataDir: options.dataDir ?? "/nonexistent",
      },
      logger: this.logger,
      search: this.search,
      botInfo: BOT_INFO,
      sessionStorage: options.sessionStorage ?? new MemorySessionStorage<SessionData>(),
      transformers: [this.transformer],
      throttle: false,
      rateLimits: { ...RELAXED_LIMITS, ...options.rateLimits },
      ...(options.settings && { settings: options.settings }),
    });
  }

  private nextMessageId(chatId: number): number {
    const next = (this.nextIds.get(chatId) ?? 0) + 1;
    this.nextIds.set(chatId, next);
    return next;
  }

  /** Handles one update; returns the calls it caused. */
  async send(update: Update): Promise<RecordedCall[]> {
    const incoming = update.message ?? update.edited_message;
    if (incoming) this.messages.set(key(incoming.chat.id, incoming.message_id), incoming);
    if (update.callback_query) this.pendingQueries.add(update.callback_query.id);
    const before = this.calls.length;
    await this.bot.handleUpdate(update);
    return this.calls.slice(before);
  }

  /** A text message from `from` (default: the English user) in their private chat or in `chat`. */
  text(text: string, options: { from?: User; chat?: Message["chat"]; replyTo?: Message } = {}) {
    const from = options.from ?? ENGLISH_USER;
    return this.send(
      this.updates.textMessage(text, {
        from,
        chat: options.chat ?? this.updates.privateChat(from),
        ...(options.replyTo && { replyTo: options.replyTo }),
      }),
    );
  }

  /** Presses the button of `message` whose text matches, as `from` (default: the chat's user). */
  press(message: Message, label: string | RegExp, from?: User): Promise<RecordedCall[]> {
    const button = findButton(this.current(message), label);
    if (!button || !("callback_data" in button))
      throw new Error(`no callback button ${String(label)}`);
    return this.pressData(message, button.callback_data, from);
  }

  /** Sends a callback query with raw data on `message`. */
  pressData(message: Message, data: string, from?: User): Promise<RecordedCall[]> {
    const user =
      from ?? (message.chat.type === "private" ? this.userOfChat(message) : ENGLISH_USER);
    return this.send(this.updates.callbackQuery(this.current(message), data, { from: user }));
  }

  private userOfChat(message: Message): User {
    for (const user of [ENGLISH_USER, RUSSIAN_USER]) if (user.id === message.chat.id) return user;
    return { id: message.chat.id, is_bot: false, first_name: "User" };
  }

  /** A message in its current version. */
  current(message: Message): Message {
    return this.messages.get(key(message.chat.id, message.message_id)) ?? message;
  }

  /** A message of a chat by id, in its current version. */
  message(chatId: number, messageId: number): Message {
    const found = this.messages.get(key(chatId, messageId));
    if (!found) throw new Error(`no message ${messageId} in chat ${chatId}`);
    return found;
  }

  /** Messages the bot sent (sendMessage results), oldest first. */
  sentMessages(): Message[] {
    return this.calls
      .filter((c) => c.method === "sendMessage" && c.result)
      .map((c) => c.result as Message);
  }

  /** The last message the bot sent. */
  lastSent(): Message {
    const sent = this.sentMessages();
    const last = sent[sent.length - 1];
    if (!last) throw new Error("the bot sent nothing");
    return last;
  }

  /** Calls Telegram would have refused. */
  invalidCalls(): RecordedCall[] {
    return this.calls.filter((c) => c.error !== null);
  }

  /**
   * Everything that would go wrong with Telegram, as readable lines (empty when
   * all is well): calls it would refuse, callback queries not answered exactly
   * once, texts with an untranslated `{key}`, buttons whose data would be stale.
   */
  problems(): string[] {
    const found = this.invalidCalls().map((c) => `${c.method} refused: ${c.error?.description}`);
    for (const id of this.pendingQueries) {
      const answers = this.calls.filter(
        (c) =>
          c.method === "answerCallbackQuery" &&
          c.error === null &&
          String(c.payload.callback_query_id) === id,
      ).length;
      if (answers !== 1) found.push(`callback query ${id} answered ${answers} times`);
    }
    for (const call of this.calls) {
      const texts = [
        call.payload.text,
        JSON.stringify(call.payload.results ?? ""),
        JSON.stringify(call.payload.reply_markup ?? ""),
      ];
      for (const text of texts) {
        if (typeof text === "string" && /\{[a-z][a-z0-9-]*\}/u.test(text))
          found.push(`${call.method}: untranslated key in ${text}`);
      }
      for (const button of allButtons(call.payload.reply_markup)) {
        if (
          "callback_data" in button &&
          parseCallbackData(button.callback_data).kind !== "action"
        ) {
          found.push(
            `${call.method}: button ${button.text} carries unreadable data ${button.callback_data}`,
          );
        }
      }
    }
    return found;
  }

  /** The one log line per update. */
  updateLogs(): Record<string, unknown>[] {
    return this.logLines.filter((l) => l.msg === "update");
  }

  /** The recording transport: validate, record, answer like Telegram. */
  private readonly transformer: Transformer = async (_prev, method, payload) => {
    const body = { ...(payload as Record<string, unknown>) };
    const error = validateBotApiCall(method, body) ?? this.stateError(method, body);
    if (error) {
      this.calls.push({ method, payload: body, error });
      return { ok: false, error_code: error.error_code, description: error.description } as never;
    }
    const result = this.respond(method, body);
    this.calls.push({ method, payload: body, error: null, result });
    return { ok: true, result } as never;
  };

  /** Refusals that depend on what was sent before. */
  private stateError(method: string, body: Record<string, unknown>): BotApiError | null {
    if (method === "answerCallbackQuery") {
      const id = String(body.callback_query_id);
      if (!this.pendingQueries.has(id) || this.answeredQueries.has(id)) {
        return {
          error_code: 400,
          description:
            "Bad Request: query is too old and response timeout expired or query ID is invalid",
        };
      }
    }
    if (method === "editMessageText") {
      const message = this.messages.get(key(Number(body.chat_id), Number(body.message_id)));
      if (!message)
        return { error_code: 400, description: "Bad Request: message to edit not found" };
      const formatted = prepareMessageText(body, "text", {
        strict: true,
        allowInsecureWebhook: false,
      });
      if (
        formatted.ok &&
        formatted.value.text === message.text &&
        JSON.stringify(formatted.value.entities) === JSON.stringify(message.entities ?? []) &&
        JSON.stringify(keyboardOf(body.reply_markup)) ===
          JSON.stringify(keyboardOf(message.reply_markup))
      ) {
        return {
          error_code: 400,
          description:
            "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
        };
      }
    }
    return null;
  }

  private respond(method: string, body: Record<string, unknown>): unknown {
    switch (method) {
      case "getMe":
        return BOT_INFO;
      case "sendMessage": {
        const chatId = Number(body.chat_id);
        const chat = this.chatOf(chatId);
        const formatted = prepareMessageText(body, "text", {
          strict: true,
          allowInsecureWebhook: false,
        });
        if (!formatted.ok) throw new Error("validated text did not parse");
        const replyTo = (body.reply_parameters as { message_id?: number } | undefined)?.message_id;
        const replied = replyTo === undefined ? undefined : this.messages.get(key(chatId, replyTo));
        const message = {
          message_id: this.nextMessageId(chatId),
          date: Math.floor(Date.now() / 1000),
          chat,
          from: {
            id: BOT_INFO.id,
            is_bot: true,
            first_name: BOT_INFO.first_name,
            username: BOT_INFO.username,
          },
          text: formatted.value.text,
          ...(formatted.value.entities.length > 0 && { entities: formatted.value.entities }),
          ...(hasButtons(body.reply_markup) && { reply_markup: body.reply_markup }),
          ...(replied && { reply_to_message: withoutReply(replied) }),
        } as Message;
        this.messages.set(key(chatId, message.message_id), message);
        return message;
      }
      case "editMessageText": {
        const chatId = Number(body.chat_id);
        const old = this.messages.get(key(chatId, Number(body.message_id))) as Message;
        const formatted = prepareMessageText(body, "text", {
          strict: true,
          allowInsecureWebhook: false,
        });
        if (!formatted.ok) throw new Error("validated text did not parse");
        const { entities: _e, reply_markup: _r, ...rest } = old;
        const message = {
          ...rest,
          text: formatted.value.text,
          edit_date: Math.floor(Date.now() / 1000),
          ...(formatted.value.entities.length > 0 && { entities: formatted.value.entities }),
          ...(hasButtons(body.reply_markup) && { reply_markup: body.reply_markup }),
        } as Message;
        this.messages.set(key(chatId, message.message_id), message);
        return message;
      }
      case "answerCallbackQuery":
        this.answeredQueries.add(String(body.callback_query_id));
        return true;
      default:
        return true;
    }
  }

  private chatOf(chatId: number): Message["chat"] {
    for (const message of this.messages.values())
      if (message.chat.id === chatId) return message.chat;
    return { id: chatId, type: "private", first_name: "User" };
  }
}

function hasButtons(markup: unknown): boolean {
  return keyboardOf(markup).length > 0;
}

function keyboardOf(markup: unknown): InlineKeyboardButton[][] {
  const keyboard = (markup as InlineKeyboardMarkup | undefined)?.inline_keyboard;
  return Array.isArray(keyboard) ? keyboard : [];
}

function withoutReply(message: Message): Message {
  const { reply_to_message: _nested, ...rest } = message;
  return rest as Message;
}

/** The buttons of a message or of a call's reply_markup, as rows of labels. */
/** The plain text of a sent or edited message, as Telegram shows it after parsing its HTML. */
export function textOf(call: RecordedCall | undefined): string {
  return parseTelegramHtml(String(call?.payload.text)).text;
}

export function buttonLabels(markup: unknown): string[][] {
  return keyboardOf(markup).map((row) => row.map((b) => b.text));
}

/** The first button whose label matches. */
export function findButton(
  message: Message,
  label: string | RegExp,
): InlineKeyboardButton | undefined {
  for (const row of keyboardOf(message.reply_markup)) {
    for (const b of row)
      if (typeof label === "string" ? b.text === label : label.test(b.text)) return b;
  }
  return undefined;
}

/** All buttons of a markup, flattened. */
export function allButtons(markup: unknown): InlineKeyboardButton[] {
  return keyboardOf(markup).flat();
}
