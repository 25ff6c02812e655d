/**
 * The local Bot API: a grammY API transformer that answers every call the bot
 * makes in the terminal chat without touching the network, with the results
 * Telegram would return (messages with ids, plain text and entities) and the
 * errors it would return (unparsable HTML, over-long texts, edits that change
 * nothing, unknown callback queries…). It reports what happens as events for the
 * terminal to render.
 */
import type { Transformer } from "grammy";
import type {
  Chat,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  InlineQueryResult,
  Message,
  MessageEntity,
  User,
  UserFromGetMe,
} from "grammy/types";
import { HtmlParseError, parseTelegramHtml } from "./html.js";

/** A message as the chat shows it: Telegram's message, or a message sent via the bot in inline mode. */
export interface ShownMessage {
  /** `chatId:messageId`, or `inline:<id>` for a message sent via inline mode. */
  readonly key: string;
  readonly message: Message;
  readonly inlineMessageId?: string;
}

export type ChatEvent =
  | { readonly kind: "message"; readonly shown: ShownMessage; readonly edited: boolean }
  | { readonly kind: "deleted"; readonly key: string }
  | { readonly kind: "notice"; readonly text: string; readonly alert: boolean }
  | {
      readonly kind: "inline-results";
      readonly query: string;
      readonly results: readonly InlineQueryResult[];
    }
  | { readonly kind: "action"; readonly action: string }
  | {
      readonly kind: "commands";
      readonly commands: readonly { command: string; description: string }[];
    }
  | { readonly kind: "refused"; readonly method: string; readonly description: string };

export interface LocalBotApiOptions {
  readonly botInfo: UserFromGetMe;
  readonly onEvent?: (event: ChatEvent) => void;
  /** Unix time in seconds. */
  readonly now?: () => number;
}

/** One call the bot made, for tests and debugging. */
export interface RecordedCall {
  readonly method: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly ok: boolean;
}

type ApiResult =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string };

const MAX_TEXT = 4096;
const MAX_CALLBACK_DATA = 64;
const MAX_CALLBACK_ANSWER = 200;
const MAX_INLINE_RESULTS = 50;

class Refusal extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
  ) {
    super(description);
  }
}
const badRequest = (description: string) => new Refusal(400, `Bad Request: ${description}`);

export class LocalBotApi {
  readonly botInfo: UserFromGetMe;
  readonly calls: RecordedCall[] = [];
  /** What setMyCommands registered, by `scope/language`. */
  readonly commands = new Map<string, { command: string; description: string }[]>();
  readonly #messages = new Map<string, ShownMessage>();
  readonly #nextMessageId = new Map<number, number>();
  readonly #pendingCallbacks = new Set<string>();
  readonly #pendingInline = new Map<string, string>();
  #onEvent: (event: ChatEvent) => void;
  readonly #now: () => number;

  constructor(options: LocalBotApiOptions) {
    this.botInfo = options.botInfo;
    this.#onEvent = options.onEvent ?? (() => {});
    this.#now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /** Where events go (the terminal, or a test). */
  set onEvent(listener: (event: ChatEvent) => void) {
    this.#onEvent = listener;
  }

  /** The grammY transformer to install on the bot's API; it never calls `prev` (the network). */
  readonly transformer: Transformer = async (_prev, method, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    let response: ApiResult;
    try {
      response = { ok: true, result: this.#call(method, args) };
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      response = { ok: false, error_code: error.errorCode, description: error.description };
      this.#onEvent({ kind: "refused", method, description: error.description });
    }
    this.calls.push({ method, payload: args, ok: response.ok });
    // biome-ignore lint/suspicious/noExplicitAny: the transformer's result type depends on the method.
    return response as any;
  };

  /** The bot as a Telegram user (the `from` of its messages). */
  get botUser(): User {
    return {
      id: this.botInfo.id,
      is_bot: true,
      first_name: this.botInfo.first_name,
      username: this.botInfo.username,
    };
  }

  /** Stores a message the user sends, numbered in its chat like Telegram does. */
  userMessage(chat: Chat, from: User, fields: Partial<Message>): Message {
    const message = {
      message_id: this.#messageId(chat.id),
      date: this.#now(),
      chat,
      from,
      ...fields,
    } as Message;
    this.#store({ key: `${chat.id}:${message.message_id}`, message });
    return message;
  }

  /** Stores a message sent via the bot in inline mode; it gets an inline_message_id when it has buttons. */
  inlineMessage(chat: Chat, from: User, fields: Partial<Message>): ShownMessage {
    const message = this.userMessage(chat, from, { ...fields, via_bot: this.botUser });
    if (fields.reply_markup === undefined) {
      return this.message(`${chat.id}:${message.message_id}`) as ShownMessage;
    }
    const inlineMessageId = `inline-${chat.id}-${message.message_id}`;
    const shown: ShownMessage = { key: `inline:${inlineMessageId}`, message, inlineMessageId };
    this.#store(shown);
    return shown;
  }

  message(key: string): ShownMessage | undefined {
    return this.#messages.get(key);
  }

  /** A callback query the bot must answer (Telegram refuses answers to unknown ones). */
  expectCallbackAnswer(id: string): void {
    this.#pendingCallbacks.add(id);
  }

  /** True if the callback query is still waiting for answerCallbackQuery. */
  callbackPending(id: string): boolean {
    return this.#pendingCallbacks.has(id);
  }

  expectInlineAnswer(id: string, query: string): void {
    this.#pendingInline.set(id, query);
  }

  #messageId(chatId: number): number {
    const next = (this.#nextMessageId.get(chatId) ?? 0) + 1;
    this.#nextMessageId.set(chatId, next);
    return next;
  }

  #store(shown: ShownMessage): void {
    this.#messages.set(shown.key, shown);
  }

  #call(method: string, args: Record<string, unknown>): unknown {
    switch (method) {
      case "getMe":
        return this.botInfo;
      case "sendMessage":
        return this.#sendMessage(args);
      case "editMessageText":
        return this.#edit(args, true);
      case "editMessageReplyMarkup":
        return this.#edit(args, false);
      case "deleteMessage":
        return this.#delete(args);
      case "answerCallbackQuery":
        return this.#answerCallback(args);
      case "answerInlineQuery":
        return this.#answerInline(args);
      case "sendChatAction":
        this.#onEvent({ kind: "action", action: String(args.action) });
        return true;
      case "setMyCommands":
        return this.#setCommands(args);
      case "getMyCommands":
        return this.commands.get(commandsKey(args)) ?? [];
      case "getUpdates":
        return [];
      case "getWebhookInfo":
        return { url: "", has_custom_certificate: false, pending_update_count: 0 };
      default:
        if (/^(set|delete|pin|unpin|close|log)/u.test(method)) return true;
        throw badRequest(`method ${method} is not simulated by the local chat`);
    }
  }

  #chat(args: Record<string, unknown>): Chat {
    const chatId = Number(args.chat_id);
    for (const shown of this.#messages.values()) {
      if (shown.message.chat.id === chatId) return shown.message.chat;
    }
    throw badRequest("chat not found");
  }

  #sendMessage(args: Record<string, unknown>): Message {
    const chat = this.#chat(args);
    const { text, entities } = formatted(args.text, args.parse_mode, args.entities);
    const markup = checkMarkup(args.reply_markup);
    const replyTo = replyTarget(args);
    const fields: Record<string, unknown> = { text };
    if (entities.length > 0) fields.entities = entities;
    if (markup) fields.reply_markup = markup;
    if (replyTo !== undefined) {
      const original = this.#messages.get(`${chat.id}:${replyTo}`);
      if (original === undefined) throw badRequest("message to be replied not found");
      fields.reply_to_message = original.message;
    }
    const message = {
      message_id: this.#messageId(chat.id),
      date: this.#now(),
      chat,
      from: this.botUser,
      ...fields,
    } as Message;
    const shown = { key: `${chat.id}:${message.message_id}`, message };
    this.#store(shown);
    this.#onEvent({ kind: "message", shown, edited: false });
    return message;
  }

  #target(args: Record<string, unknown>): ShownMessage {
    const key =
      typeof args.inline_message_id === "string"
        ? `inline:${args.inline_message_id}`
        : `${Number(args.chat_id)}:${Number(args.message_id)}`;
    const shown = this.#messages.get(key);
    if (shown === undefined) throw badRequest("message to edit not found");
    if (shown.message.from?.id !== this.botInfo.id && shown.inlineMessageId === undefined) {
      throw badRequest("message can't be edited");
    }
    return shown;
  }

  #edit(args: Record<string, unknown>, withText: boolean): Message | true {
    const shown = this.#target(args);
    const old = shown.message as Message & { text?: string; entities?: MessageEntity[] };
    const markup = checkMarkup(args.reply_markup);
    const next: Record<string, unknown> = { ...old, edit_date: this.#now() };
    delete next.reply_markup;
    if (markup) next.reply_markup = markup;
    if (withText) {
      const { text, entities } = formatted(args.text, args.parse_mode, args.entities);
      next.text = text;
      delete next.entities;
      if (entities.length > 0) next.entities = entities;
    }
    const same =
      next.text === old.text &&
      JSON.stringify(next.entities ?? []) === JSON.stringify(old.entities ?? []) &&
      JSON.stringify(next.reply_markup ?? null) === JSON.stringify(old.reply_markup ?? null);
    if (same) {
      throw badRequest(
        "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      );
    }
    const edited: ShownMessage = { ...shown, message: next as unknown as Message };
    this.#store(edited);
    this.#onEvent({ kind: "message", shown: edited, edited: true });
    return edited.inlineMessageId === undefined ? edited.message : true;
  }

  #delete(args: Record<string, unknown>): true {
    const key = `${Number(args.chat_id)}:${Number(args.message_id)}`;
    if (!this.#messages.delete(key)) throw badRequest("message to delete not found");
    this.#onEvent({ kind: "deleted", key });
    return true;
  }

  #answerCallback(args: Record<string, unknown>): true {
    const id = String(args.callback_query_id);
    if (!this.#pendingCallbacks.delete(id)) {
      throw badRequest("query is too old and response timeout expired or query ID is invalid");
    }
    const text = typeof args.text === "string" ? args.text : "";
    if (text.length > MAX_CALLBACK_ANSWER) throw badRequest("MESSAGE_TOO_LONG");
    if (text !== "") this.#onEvent({ kind: "notice", text, alert: args.show_alert === true });
    return true;
  }

  #answerInline(args: Record<string, unknown>): true {
    const id = String(args.inline_query_id);
    const query = this.#pendingInline.get(id);
    if (query === undefined) {
      throw badRequest("query is too old and response timeout expired or query ID is invalid");
    }
    this.#pendingInline.delete(id);
    const results = Array.isArray(args.results) ? (args.results as InlineQueryResult[]) : [];
    if (results.length > MAX_INLINE_RESULTS) throw badRequest("RESULTS_TOO_MUCH");
    const ids = new Set<string>();
    for (const result of results) {
      const bytes = Buffer.byteLength(String(result.id ?? ""), "utf8");
      if (bytes < 1 || bytes > 64) throw badRequest("RESULT_ID_INVALID");
      if (ids.has(result.id)) throw badRequest("RESULT_ID_DUPLICATE");
      ids.add(result.id);
      if (result.type === "article") {
        const content = result.input_message_content as {
          message_text?: unknown;
          parse_mode?: unknown;
        };
        if (content && typeof content.message_text === "string") {
          formatted(content.message_text, content.parse_mode, undefined);
        }
      }
      if (result.reply_markup) checkMarkup(result.reply_markup);
    }
    this.#onEvent({ kind: "inline-results", query, results });
    return true;
  }

  #setCommands(args: Record<string, unknown>): true {
    const list = Array.isArray(args.commands)
      ? (args.commands as { command: string; description: string }[])
      : [];
    if (list.length > 100) throw badRequest("too many commands");
    for (const { command, description } of list) {
      if (!/^[a-z0-9_]{1,32}$/u.test(command)) throw badRequest("BOT_COMMAND_INVALID");
      if (description.length < 1 || description.length > 256)
        throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
    }
    this.commands.set(commandsKey(args), list);
    this.#onEvent({ kind: "commands", commands: list });
    return true;
  }
}

function commandsKey(args: Record<string, unknown>): string {
  const scope = (args.scope as { type?: string } | undefined)?.type ?? "default";
  const language = typeof args.language_code === "string" ? args.language_code : "";
  return `${scope}/${language}`;
}

function replyTarget(args: Record<string, unknown>): number | undefined {
  const parameters = args.reply_parameters as { message_id?: unknown } | undefined;
  const id = parameters?.message_id ?? args.reply_to_message_id;
  return typeof id === "number" ? id : undefined;
}

/** Text and entities as Telegram stores them, or the refusal Telegram answers. */
function formatted(
  text: unknown,
  parseMode: unknown,
  entities: unknown,
): { text: string; entities: MessageEntity[] } {
  if (typeof text !== "string") throw badRequest("message text is empty");
  let parsed: { text: string; entities: MessageEntity[] };
  if (parseMode === "HTML") {
    try {
      parsed = parseTelegramHtml(text);
    } catch (error) {
      if (error instanceof HtmlParseError) throw new Refusal(400, error.description);
      throw error;
    }
  } else if (parseMode === undefined) {
    parsed = { text, entities: Array.isArray(entities) ? (entities as MessageEntity[]) : [] };
  } else {
    throw badRequest(`the local chat only simulates parse_mode HTML, not ${String(parseMode)}`);
  }
  if (parsed.text.trim() === "") throw badRequest("message text is empty");
  if (parsed.text.length > MAX_TEXT) throw badRequest("message is too long");
  return parsed;
}

/** Checks an inline keyboard the way Telegram does; undefined when there is none. */
function checkMarkup(markup: unknown): InlineKeyboardMarkup | undefined {
  if (markup === undefined || markup === null) return undefined;
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(rows)) return undefined;
  let total = 0;
  for (const row of rows) {
    if (!Array.isArray(row))
      throw badRequest(
        'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays',
      );
    total += row.length;
    for (const button of row as InlineKeyboardButton[]) {
      if (typeof button.text !== "string" || button.text === "")
        throw badRequest("text buttons are unallowed in the inline keyboard");
      const actions = Object.keys(button).filter(
        (key) => key !== "text" && key !== "style" && key !== "icon_custom_emoji_id",
      );
      if (actions.length !== 1)
        throw badRequest(
          "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        );
      if ("callback_data" in button) {
        const bytes = Buffer.byteLength(button.callback_data, "utf8");
        if (bytes < 1 || bytes > MAX_CALLBACK_DATA) throw badRequest("BUTTON_DATA_INVALID");
      }
    }
  }
  if (total > 100) throw badRequest("reply markup is too long");
  return markup as InlineKeyboardMarkup;
}
