/**
 * The local chat: a private chat with the bot in the terminal. What the user
 * types becomes Telegram updates handled by the bot itself (the same createBot,
 * middleware and handlers); what the bot sends goes to the Telegram simulator
 * (src/telegram-sim), which applies Telegram's rules, and is rendered here.
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
  Message,
  Update,
  User,
} from "grammy/types";
import type { SimulatorEvent, TelegramSimulator } from "../telegram-sim/index.js";
import {
  dim,
  inlineResultLines,
  inlineResultMessage,
  keyboardLines,
  messageBody,
  speaker,
} from "./render.js";

export interface LocalChatOptions<C extends Context> {
  /** The bot, created with `sim.transformer` installed so that it never reaches the network. */
  readonly bot: Bot<C>;
  readonly sim: TelegramSimulator;
  /** Receives the rendered output, one block of lines at a time (without a final newline). */
  readonly write: (text: string) => void;
  /** Colours and bold (a TTY); plain text otherwise. */
  readonly ansi?: boolean;
  /** Writes what the user typed too (when the input is piped, nothing else shows it). */
  readonly echo?: boolean;
  /** The user chatting; its language_code picks the bot's language. */
  readonly user?: User;
}

/** Where a message is: in a chat, or sent through inline mode. */
type MessageRef =
  | { readonly chatId: number; readonly messageId: number }
  | { readonly inlineMessageId: string };

/** The numbered things the user can pick next by typing a number. */
type Selection =
  | {
      readonly kind: "buttons";
      readonly ref: MessageRef;
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
  readonly #sim: TelegramSimulator;
  readonly #write: (text: string) => void;
  readonly #ansi: boolean;
  readonly #echo: boolean;
  #selection: Selection | undefined;
  /** The text of each inline query sent, by query id, to title its results. */
  readonly #inlineQueries = new Map<string, string>();

  constructor(options: LocalChatOptions<C>) {
    this.#bot = options.bot;
    this.#sim = options.sim;
    this.#write = options.write;
    this.#ansi = options.ansi ?? false;
    this.#echo = options.echo ?? false;
    this.user = options.user ?? DEFAULT_CHAT_USER;
    this.chat = { id: this.user.id, type: "private", first_name: this.user.first_name };
    this.#sim.onEvent((event) => this.#render(event));
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
    if (inline && (name === "bot" || name === this.#sim.botInfo.username.toLowerCase())) {
      await this.inline(inline[2] ?? "");
      return true;
    }
    await this.say(text);
    return true;
  }

  /** Sends a text message (a question or a /command) to the bot. */
  async say(text: string): Promise<void> {
    if (this.#echo) this.#write(`${speaker(this.#ansi, "you")} ${text}`);
    // The simulator detects the entities Telegram would (a /command's bot_command…).
    await this.#dispatch(this.#sim.updates.textMessage(text, { from: this.user, chat: this.chat }));
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
    const shown = this.#current(selection.ref);
    if (shown === undefined) {
      this.#write(dim(this.#ansi, "  (that message is gone)"));
      return;
    }
    const update = this.#sim.updates.callbackQuery(shown, button.callback_data, {
      from: this.user,
    });
    const query = update.callback_query as NonNullable<Update["callback_query"]>;
    if ("inlineMessageId" in selection.ref) {
      // A button under a message sent through inline mode: Telegram gives no message, only its id.
      delete query.message;
      query.inline_message_id = selection.ref.inlineMessageId;
    }
    await this.#dispatch(update);
    if (this.#sim.answersTo(query.id) === 0) {
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
      this.#write(`${speaker(this.#ansi, "you")} @${this.#sim.botInfo.username} ${query}`);
    const update = this.#sim.updates.inlineQuery(query, { from: this.user, chatType: "sender" });
    this.#inlineQueries.set(update.inline_query?.id ?? "", query);
    const before = this.#selection;
    await this.#dispatch(update);
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
    const sent = this.#sim.sendViaBot(this.user, this.chat, fields);
    const ref: MessageRef =
      sent.inlineMessageId !== undefined
        ? { inlineMessageId: sent.inlineMessageId }
        : { chatId: this.chat.id, messageId: sent.message.message_id };
    this.#show(sent.message, ref, speaker(this.#ansi, "you", `via @${this.#sim.botInfo.username}`));
    await this.#dispatch({
      chosen_inline_result: {
        result_id: result.id,
        from: this.user,
        query: selection.query,
        ...(sent.inlineMessageId !== undefined && { inline_message_id: sent.inlineMessageId }),
      },
    });
  }

  /** A message in its current version (after the bot's edits). */
  #current(ref: MessageRef): Message | undefined {
    return "inlineMessageId" in ref
      ? this.#sim.inlineMessage(ref.inlineMessageId)
      : this.#sim.message(ref.chatId, ref.messageId);
  }

  /** Hands an update to the bot, after telling the simulator (so answers to it are checked). */
  async #dispatch(body: Update | Omit<Update, "update_id">): Promise<void> {
    const update = this.#sim.receive(body);
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

  #render(event: SimulatorEvent): void {
    const ansi = this.#ansi;
    switch (event.kind) {
      case "message": {
        const ref: MessageRef =
          event.inlineMessageId !== undefined
            ? { inlineMessageId: event.inlineMessageId }
            : { chatId: event.message.chat.id, messageId: event.message.message_id };
        this.#show(event.message, ref, speaker(ansi, "bot", event.edited ? "(edited)" : ""));
        return;
      }
      case "callback-answer":
        if (event.text !== "")
          this.#write(event.alert ? `  ⚠ ${event.text}` : dim(ansi, `  💬 ${event.text}`));
        return;
      case "inline-answer": {
        const query = this.#inlineQueries.get(event.queryId) ?? "";
        this.#write(
          [
            dim(ansi, `  inline results for "${query}" (type a number to send one):`),
            ...inlineResultLines(event.results, ansi),
          ].join("\n"),
        );
        this.#selection = { kind: "inline", query, results: event.results };
        return;
      }
      case "chat-action":
        if (ansi)
          this.#write(
            dim(ansi, `  bot is ${event.action === "typing" ? "typing" : event.action}…`),
          );
        return;
      case "call": {
        const { call } = event;
        if (!call.ok && call.fault === undefined)
          this.#write(
            `  ✖ Telegram would refuse ${call.method}: ${call.error?.description ?? call.status}`,
          );
        return;
      }
      case "deleted":
        this.#write(dim(ansi, "  (the bot deleted a message)"));
        return;
      case "commands":
        return;
    }
  }

  #show(message: Message, ref: MessageRef, header: string): void {
    const lines = [header, messageBody(message, this.#ansi)];
    const rows = message.reply_markup?.inline_keyboard ?? [];
    if (rows.length > 0) {
      lines.push(...keyboardLines(rows, this.#ansi));
      this.#selection = { kind: "buttons", ref, buttons: rows.flat() };
    } else if (this.#selection?.kind === "buttons" && sameRef(this.#selection.ref, ref)) {
      this.#selection = undefined;
    }
    this.#write(lines.join("\n"));
  }
}

function sameRef(a: MessageRef, b: MessageRef): boolean {
  return "inlineMessageId" in a
    ? "inlineMessageId" in b && a.inlineMessageId === b.inlineMessageId
    : !("inlineMessageId" in b) && a.chatId === b.chatId && a.messageId === b.messageId;
}
