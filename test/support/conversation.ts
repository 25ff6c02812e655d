/**
 * Conversations with a bot that runs against the Telegram simulator's HTTP front end (see
 * running-bot.ts): push an update the way Telegram would, wait until the bot has handled it
 * (its "update" log line), and collect what it did about it — the messages it sent, the edits,
 * the answers to callback and inline queries — from the calls the simulator recorded.
 *
 * Calls are attributed to an update by what they address (its chat, its callback or inline
 * query) and by when they were made: after the previous update of the same chat or user was
 * handled (the bot handles those one after the other) and before this one's log line. So
 * conversations in different chats may run at the same time against one bot, and several
 * updates of one chat may be pushed at once.
 */
import type {
  Chat,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  Message,
  Update,
  User,
} from "grammy/types";
import { sequenceKeys } from "../../src/runtime/updates.js";
import {
  parseTelegramHtml,
  type RecordedCall,
  type TelegramSimulator,
  type UpdateBody,
} from "../../src/telegram-sim/index.js";

/** Anything that can tell when an update has been handled (a RunningBot). */
export interface HandledSignal {
  handled(updateId: number, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Calls `listener` with each log record as it arrives. */
  onRecord(listener: (record: Record<string, unknown>) => void): void;
}

/** What the bot did about one update. */
export interface Exchange {
  readonly update: Update;
  /** The "update" log line: update_type, chat_type, lang, outcome, latency_ms. */
  readonly log: Record<string, unknown>;
  readonly outcome: string;
  /** The calls the bot made for this update, in the order the server answered them. */
  readonly calls: readonly RecordedCall[];
  /** Messages it sent (successful sendMessage results), oldest first. */
  readonly sent: readonly Message[];
  /** Messages it edited, in their new version. */
  readonly edited: readonly Message[];
  /** Its answerCallbackQuery calls. */
  readonly callbackAnswers: readonly RecordedCall[];
  /** Its answerInlineQuery calls. */
  readonly inlineAnswers: readonly RecordedCall[];
}

/** Methods of the runtime, not of any conversation. */
const SERVICE_METHODS = new Set(
  ["getMe", "getUpdates", "deleteWebhook", "setWebhook", "setMyCommands", "close", "logOut"].map(
    (m) => m.toLowerCase(),
  ),
);

const lower = (method: string) => method.toLowerCase();

/** The chat an update belongs to, if any. */
export function chatOfUpdate(update: Update): Chat | undefined {
  return (
    update.message?.chat ??
    update.edited_message?.chat ??
    update.channel_post?.chat ??
    update.edited_channel_post?.chat ??
    update.callback_query?.message?.chat ??
    update.my_chat_member?.chat
  );
}

/** True when `call` addresses what `update` is about: its chat, its callback or inline query. */
function belongsTo(call: RecordedCall, update: Update): boolean {
  if (SERVICE_METHODS.has(lower(call.method))) return false;
  const queryId = update.callback_query?.id ?? update.inline_query?.id;
  if (queryId !== undefined) {
    const answered = call.payload.callback_query_id ?? call.payload.inline_query_id;
    if (answered !== undefined) return String(answered) === queryId;
  }
  const chat = chatOfUpdate(update);
  return chat !== undefined && String(call.payload.chat_id) === String(chat.id);
}

/** The Message a successful sendMessage or editMessageText answered with. */
export function resultMessage(call: RecordedCall): Message | undefined {
  if (!call.ok || call.response === undefined || !call.response.ok) return undefined;
  const result = call.response.result;
  return typeof result === "object" && result !== null ? (result as Message) : undefined;
}

/** The rows of a keyboard, as button labels. */
export function buttonLabels(markup: InlineKeyboardMarkup | undefined): string[][] {
  return (markup?.inline_keyboard ?? []).map((row) => row.map((b) => b.text));
}

/** The first button of a message whose label is `label` (or matches it). */
export function findButton(
  message: Message,
  label: string | RegExp,
): InlineKeyboardButton | undefined {
  for (const row of message.reply_markup?.inline_keyboard ?? []) {
    for (const b of row) {
      if (typeof label === "string" ? b.text === label : label.test(b.text)) return b;
    }
  }
  return undefined;
}

/** A message's text as the user sees it (already parsed by the server). */
export function textOf(message: Message | undefined): string {
  return message?.text ?? "";
}

/** The plain text of an HTML payload field, as Telegram shows it. */
export function shownText(call: RecordedCall | undefined, field = "text"): string {
  return parseTelegramHtml(String(call?.payload[field] ?? "")).text;
}

/** Drives conversations with one running bot; see the module comment. */
export class Conversations {
  readonly #pushed: Update[] = [];
  readonly #byId = new Map<number, Update>();
  /** Per update, the range of api.calls its handling can have made. */
  readonly #windows = new Map<number, { start: number; end: number }>();
  /** Per sequence key (chat, user), api.calls.length when its last update was logged. */
  readonly #lastEnd = new Map<string, number>();

  constructor(
    readonly api: TelegramSimulator,
    private readonly bot: HandledSignal,
    private readonly timeoutMs = 20_000,
  ) {
    // A log line is written after every call it follows was recorded: the simulator records
    // a call as it answers it, before the bot can go on and log.
    bot.onRecord((record) => {
      if (record.msg !== "update" || typeof record.update_id !== "number") return;
      const update = this.#byId.get(record.update_id);
      if (!update) return;
      const keys = sequenceKeys(update);
      const end = this.api.calls.length;
      const start = Math.max(0, ...keys.map((key) => this.#lastEnd.get(key) ?? 0));
      this.#windows.set(update.update_id, { start, end });
      for (const key of keys) this.#lastEnd.set(key, end);
    });
  }

  /** Every update pushed through this driver, oldest first. */
  get pushed(): readonly Update[] {
    return this.#pushed;
  }

  /** Queues an update as Telegram would; fails if Telegram would not deliver it. */
  push(body: Update | UpdateBody): Update {
    const result = this.api.pushUpdate(body);
    if (!result.queued) {
      throw new Error(`update not delivered to the bot: ${result.droppedBecause ?? "unknown"}`);
    }
    const { update } = result;
    this.#pushed.push(update);
    this.#byId.set(update.update_id, update);
    return update;
  }

  /** Pushes an update and waits until the bot has handled it. */
  async deliver(body: Update | UpdateBody): Promise<Exchange> {
    const from = this.api.calls.length;
    const update = this.push(body);
    return this.exchangeOf(update, from);
  }

  /** What the bot did about an update already pushed (whose calls start at index `from`). */
  async exchangeOf(update: Update, from = 0): Promise<Exchange> {
    const log = await this.bot.handled(update.update_id, this.timeoutMs);
    // The calls between the end of the update before it (in its chat, or of its user) and its
    // own end: updates that share a chat or a user are handled one after the other.
    const window = this.#windows.get(update.update_id);
    const calls = this.api.calls
      .slice(Math.max(from, window?.start ?? 0), window?.end)
      .filter((call) => belongsTo(call, update));
    const ofMethod = (method: string) => calls.filter((c) => lower(c.method) === lower(method));
    const messages = (method: string) =>
      ofMethod(method)
        .map(resultMessage)
        .filter((m): m is Message => m !== undefined);
    return {
      update,
      log,
      outcome: String(log.outcome),
      calls,
      sent: messages("sendMessage"),
      edited: messages("editMessageText"),
      callbackAnswers: ofMethod("answerCallbackQuery"),
      inlineAnswers: ofMethod("answerInlineQuery"),
    };
  }

  /** A text message from `from`, in their private chat unless `chat` is given. */
  say(
    from: User,
    text: string,
    options: { chat?: Chat; replyTo?: Message } = {},
  ): Promise<Exchange> {
    return this.deliver(
      this.api.updates.textMessage(text, {
        from,
        chat: options.chat ?? this.api.updates.privateChat(from),
        ...(options.replyTo && { replyTo: options.replyTo }),
      }),
    );
  }

  /** The current version of a message (after the bot's edits), as the user's client shows it. */
  current(message: Message): Message {
    const found = this.api.message(message.chat.id, message.message_id);
    if (!found) throw new Error(`message ${message.message_id} not found in ${message.chat.id}`);
    return found;
  }

  /** Presses the callback button labelled `label` on the current version of `message`, as `from`. */
  press(from: User, message: Message, label: string | RegExp): Promise<Exchange> {
    const shown = this.current(message);
    const button = findButton(shown, label);
    if (!button || !("callback_data" in button)) {
      const labels = JSON.stringify(buttonLabels(shown.reply_markup));
      throw new Error(`no callback button ${String(label)} on the message; it has ${labels}`);
    }
    return this.pressData(from, shown, button.callback_data);
  }

  /** Presses a button with the given callback data on `message` (forged data, stale buttons). */
  pressData(from: User, message: Message, data: string): Promise<Exchange> {
    return this.deliver(this.api.updates.callbackQuery(this.current(message), data, { from }));
  }

  /**
   * Everything Telegram would have objected to, as readable lines (empty when all is well):
   * the simulator's problems — refused calls, queries not answered exactly once.
   */
  problems(): string[] {
    return this.api.problems();
  }
}

let nextUserId = 5_000_000;

/** A user no other test talks as (its own rate-limit budget, session and private chat). */
export function freshUser(fields: Partial<User> = {}): User {
  nextUserId += 1;
  return {
    id: nextUserId,
    is_bot: false,
    first_name: `User${nextUserId}`,
    username: `user_${nextUserId}`,
    language_code: "en",
    ...fields,
  };
}
