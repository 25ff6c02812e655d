/**
 * The local chat: a private chat with the bot in the terminal. What the user
 * types becomes Telegram updates handled by the bot itself (the same createBot,
 * middleware and handlers); what the bot sends comes back through the local
 * Bot API (transport.ts) and is rendered here.
 *
 * Input: a question or a /command is a message; a number presses a button of
 * the last message shown with buttons (or picks an inline result); `@bot text`
 * asks in inline mode; /quit ends the chat.
 */
import { type Bot, BotError, type Context } from "grammy";
import type {
  Chat,
  InlineKeyboardButton,
  InlineQueryResult,
  MessageEntity,
  Update,
  User,
} from "grammy/types";
import {
  dim,
  inlineResultLines,
  inlineResultMessage,
  keyboardLines,
  messageBody,
  speaker,
} from "./render.js";
import type { ChatEvent, LocalBotApi, ShownMessage } from "./transport.js";

export interface LocalChatOptions<C extends Context> {
  /** The bot, created with `api.transformer` installed so that it never reaches the network. */
  readonly bot: Bot<C>;
  readonly api: LocalBotApi;
  /** Receives the rendered output, one block of lines at a time (without a final newline). */
  readonly write: (text: string) => void;
  /** Colours and bold (a TTY); plain text otherwise. */
  readonly ansi?: boolean;
  /** Writes what the user typed too (when the input is piped, nothing else shows it). */
  readonly echo?: boolean;
  /** The user chatting; its language_code picks the bot's language. */
  readonly user?: User;
}

/** The numbered things the user can pick next by typing a number. */
type Selection =
  | {
      readonly kind: "buttons";
      readonly key: string;
      readonly buttons: readonly InlineKeyboardButton[];
    }
  | {
      readonly kind: "inline";
      readonly query: string;
      readonly results: readonly InlineQueryResult[];
    };

export const DEFAULT_CHAT_USER: User = {
  id: 100_000_001,
  is_bot: false,
  first_name: "You",
  language_code: "en",
};

export class LocalChat<C extends Context> {
  readonly user: User;
  readonly chat: Chat.PrivateChat;
  readonly #bot: Bot<C>;
  readonly #api: LocalBotApi;
  readonly #write: (text: string) => void;
  readonly #ansi: boolean;
  readonly #echo: boolean;
  #selection: Selection | undefined;
  #updateId = 0;
  #queryId = 0;

  constructor(options: LocalChatOptions<C>) {
    this.#bot = options.bot;
    this.#api = options.api;
    this.#write = options.write;
    this.#ansi = options.ansi ?? false;
    this.#echo = options.echo ?? false;
    this.user = options.user ?? DEFAULT_CHAT_USER;
    this.chat = { id: this.user.id, type: "private", first_name: this.user.first_name };
    this.#api.onEvent = (event) => this.#render(event);
  }

  /**
   * Handles one line the user typed; resolves once the bot has finished with it.
   * Resolves false when the user asked to quit.
   */
  async input(line: string): Promise<boolean> {
    const text = line.trim();
    if (text === "") return true;
    if (text === "/quit" || text === "/exit") return false;
    const selection = this.#selection;
    if (/^\d{1,3}$/u.test(text) && selection !== undefined) {
      const n = Number(text);
      const size =
        selection.kind === "buttons" ? selection.buttons.length : selection.results.length;
      if (n >= 1 && n <= size) {
        if (selection.kind === "buttons") await this.press(n);
        else await this.choose(n);
        return true;
      }
    }
    const inline = /^@(\w+)(?:\s+([\s\S]*))?$/u.exec(text);
    const name = inline?.[1]?.toLowerCase();
    if (inline && (name === "bot" || name === this.#api.botInfo.username.toLowerCase())) {
      await this.inline(inline[2] ?? "");
      return true;
    }
    await this.say(text);
    return true;
  }

  /** Sends a text message (a question or a /command) to the bot. */
  async say(text: string): Promise<void> {
    if (this.#echo) this.#write(`${speaker(this.#ansi, "you")} ${text}`);
    const entities = commandEntities(text);
    const message = this.#api.userMessage(this.chat, this.user, {
      text,
      ...(entities.length > 0 && { entities }),
    });
    await this.#dispatch({ message } as Omit<Update, "update_id">);
  }

  /** Presses button `n` (from 1) of the last message shown with buttons. */
  async press(n: number): Promise<void> {
    const selection = this.#selection;
    const button = selection?.kind === "buttons" ? selection.buttons[n - 1] : undefined;
    if (selection?.kind !== "buttons" || button === undefined) {
      this.#write(dim(this.#ansi, `  (no button ${n} here)`));
      return;
    }
    this.#write(dim(this.#ansi, `  ↳ pressed [${n}] ${button.text}`));
    if ("url" in button) {
      this.#write(dim(this.#ansi, `  (Telegram would open ${button.url})`));
      return;
    }
    if ("switch_inline_query_current_chat" in button) {
      await this.inline(button.switch_inline_query_current_chat ?? "");
      return;
    }
    if ("switch_inline_query" in button) {
      await this.inline(button.switch_inline_query ?? "");
      return;
    }
    if ("copy_text" in button) {
      this.#write(dim(this.#ansi, `  (copied: ${button.copy_text.text})`));
      return;
    }
    if (!("callback_data" in button)) {
      this.#write(dim(this.#ansi, "  (this kind of button is not simulated by the local chat)"));
      return;
    }
    const shown = this.#api.message(selection.key);
    if (shown === undefined) {
      this.#write(dim(this.#ansi, "  (that message is gone)"));
      return;
    }
    const id = `cb${++this.#queryId}`;
    this.#api.expectCallbackAnswer(id);
    const query = {
      id,
      from: this.user,
      chat_instance: `local-${this.chat.id}`,
      data: button.callback_data,
      ...(shown.inlineMessageId !== undefined
        ? { inline_message_id: shown.inlineMessageId }
        : { message: shown.message }),
    };
    await this.#dispatch({ callback_query: query } as Omit<Update, "update_id">);
    if (this.#api.callbackPending(id)) {
      this.#write(
        dim(
          this.#ansi,
          "  (the bot did not answer the button press: Telegram would show a spinner)",
        ),
      );
    }
  }

  /** Types `@bot query` in the message field: an inline query. */
  async inline(query: string): Promise<void> {
    if (this.#echo)
      this.#write(`${speaker(this.#ansi, "you")} @${this.#api.botInfo.username} ${query}`);
    const id = `iq${++this.#queryId}`;
    this.#api.expectInlineAnswer(id, query);
    const before = this.#selection;
    await this.#dispatch({
      inline_query: { id, from: this.user, query, offset: "", chat_type: "sender" },
    } as Omit<Update, "update_id">);
    if (this.#selection === before) this.#write(dim(this.#ansi, "  (no inline results)"));
  }

  /** Picks inline result `n` (from 1): it is sent to the chat "via @bot". */
  async choose(n: number): Promise<void> {
    const selection = this.#selection;
    const result = selection?.kind === "inline" ? selection.results[n - 1] : undefined;
    if (selection?.kind !== "inline" || result === undefined) {
      this.#write(dim(this.#ansi, `  (no result ${n} here)`));
      return;
    }
    const fields = inlineResultMessage(result);
    if (fields === undefined) {
      this.#write(dim(this.#ansi, `  (a ${result.type} result cannot be shown in the terminal)`));
      return;
    }
    const shown = this.#api.inlineMessage(this.chat, this.user, fields);
    this.#show(shown, speaker(this.#ansi, "you", `via @${this.#api.botInfo.username}`));
    await this.#dispatch({
      chosen_inline_result: {
        result_id: result.id,
        from: this.user,
        query: selection.query,
        ...(shown.inlineMessageId !== undefined && { inline_message_id: shown.inlineMessageId }),
      },
    } as Omit<Update, "update_id">);
  }

  async #dispatch(body: Omit<Update, "update_id">): Promise<void> {
    const update = { update_id: ++this.#updateId, ...body } as Update;
    try {
      await this.#bot.handleUpdate(update);
    } catch (error) {
      try {
        if (error instanceof BotError) await this.#bot.errorHandler(error);
        else throw error;
      } catch (unhandled) {
        const message = unhandled instanceof Error ? unhandled.message : String(unhandled);
        this.#write(`  ✖ the bot failed: ${message}`);
      }
    }
  }

  #render(event: ChatEvent): void {
    const ansi = this.#ansi;
    switch (event.kind) {
      case "message":
        this.#show(event.shown, speaker(ansi, "bot", event.edited ? "(edited)" : ""));
        return;
      case "notice":
        this.#write(event.alert ? `  ⚠ ${event.text}` : dim(ansi, `  💬 ${event.text}`));
        return;
      case "inline-results":
        this.#write(
          [
            dim(ansi, `  inline results for "${event.query}" (type a number to send one):`),
            ...inlineResultLines(event.results, ansi),
          ].join("\n"),
        );
        this.#selection = { kind: "inline", query: event.query, results: event.results };
        return;
      case "action":
        if (ansi)
          this.#write(
            dim(ansi, `  bot is ${event.action === "typing" ? "typing" : event.action}…`),
          );
        return;
      case "refused":
        this.#write(`  ✖ Telegram would refuse ${event.method}: ${event.description}`);
        return;
      case "deleted":
        this.#write(dim(ansi, "  (the bot deleted a message)"));
        return;
      case "commands":
        return;
    }
  }

  #show(shown: ShownMessage, header: string): void {
    const lines = [header, messageBody(shown.message, this.#ansi)];
    const rows = shown.message.reply_markup?.inline_keyboard ?? [];
    if (rows.length > 0) {
      lines.push(...keyboardLines(rows, this.#ansi));
      this.#selection = { kind: "buttons", key: shown.key, buttons: rows.flat() };
    } else if (this.#selection?.kind === "buttons" && this.#selection.key === shown.key) {
      this.#selection = undefined;
    }
    this.#write(lines.join("\n"));
  }
}

/** The bot_command entity Telegram puts on a message starting with /command. */
function commandEntities(text: string): MessageEntity[] {
  const match = /^\/[A-Za-z0-9_]{1,32}(?:@\w{3,32})?/u.exec(text);
  return match ? [{ type: "bot_command", offset: 0, length: match[0].length }] : [];
}
