/**
 * Runs the real bot in-process against the Telegram simulator.
 *
 * The bot is built by createBot exactly as in production, with the simulator's in-process
 * front end as its transport: every call is checked with Telegram's rules and answered the way
 * Telegram would (sent messages with ids, parsed text and entities, edits applied, "message is
 * not modified" and "query is too old" where Telegram says so). Updates come from the
 * simulator's UpdateFactory, so callback queries carry the message as it is now. The search
 * runs over the fixture corpus (test/fixtures/knowledge) unless a test gives another engine.
 *
 * @example
 * const h = new BotHarness();
 * await h.text("When did the Tomsk delegation visit Tokyo?"); // the calls it caused
 * await h.press(h.lastSent(), "▶");                            // edits the answer
 * expect(h.problems()).toEqual([]);
 */
import type {
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  Message,
  Update,
  User,
} from "grammy/types";
import { parseCallbackData } from "../../src/bot/callback-data.js";
import type { BotSettings } from "../../src/bot/context.js";
import { type BotStore, createBot } from "../../src/bot/create-bot.js";
import type { RateLimitRules } from "../../src/bot/rate-limit.js";
import { createLogger, type Logger } from "../../src/logger.js";
import type { SearchHolder } from "../../src/search/holder.js";
import type { SearchEngine } from "../../src/search/types.js";
import { memoryState } from "../../src/store/index.js";
import {
  DEFAULT_BOT,
  parseTelegramHtml,
  type RecordedCall,
  TelegramSimulator,
  type UpdateFactory,
} from "../../src/telegram-sim/index.js";
import { fixtureSearch } from "./knowledge.js";

export type { RecordedCall } from "../../src/telegram-sim/index.js";

/** The bot's identity in these tests. */
export const BOT_INFO = DEFAULT_BOT;

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

export interface HarnessOptions {
  readonly search?: SearchEngine | SearchHolder;
  /**
   * Sessions, rate limits and, when it is a whole Store, votes and the
   * question log; by default sessions and rate limits in memory (memoryState,
   * on the harness's clock), nothing logged, no votes.
   */
  readonly store?: BotStore;
  readonly settings?: Partial<BotSettings>;
  readonly rateLimits?: Partial<RateLimitRules>;
  /** ADMIN_IDS. */
  readonly admins?: readonly number[];
  /** KNOWLEDGE_DIR, what /reload reads. */
  readonly knowledgeDir?: string;
  readonly logQuestions?: boolean;
  readonly questionLogDays?: number;
  /** Another harness's simulator: a restarted bot talking to the same Telegram. */
  readonly sim?: TelegramSimulator;
}

/** Generous limits so that only the rate-limit tests meet them. */
export const RELAXED_LIMITS: RateLimitRules = {
  questions: { limit: 1000, windowMs: 60_000 },
  taps: { limit: 1000, windowMs: 60_000 },
  inline: { limit: 1000, windowMs: 60_000 },
  group: { limit: 1000, windowMs: 60_000 },
  notice: { limit: 1, windowMs: 60_000 },
};

export class BotHarness {
  readonly bot;
  readonly search: SearchEngine;
  /** The simulated Telegram the bot talks to. */
  readonly sim: TelegramSimulator;
  readonly logLines: Record<string, unknown>[] = [];
  readonly logger: Logger;
  /** The store the bot keeps sessions and rate limits in. */
  readonly store: BotStore;
  /** The clock of the default in-memory store (ms); `advance` moves it. */
  #now = Date.UTC(2026, 0, 15, 12, 0, 0);

  constructor(options: HarnessOptions = {}) {
    const search = options.search ?? fixtureSearch();
    this.search = "replace" in search ? search.current : search;
    this.sim = options.sim ?? new TelegramSimulator({ botInfo: BOT_INFO });
    this.logger = createLogger({
      level: "debug",
      destination: { write: (line: string) => this.logLines.push(JSON.parse(line)) },
    });
    this.store = options.store ?? memoryState(() => this.#now);
    this.bot = createBot({
      config: {
        botToken: this.sim.token,
        // Never used: the simulator's transformer answers every call in process.
        botApiRoot: "http://127.0.0.1:9",
        ...(options.knowledgeDir !== undefined && { knowledgeDir: options.knowledgeDir }),
        ...(options.logQuestions !== undefined && { logQuestions: options.logQuestions }),
        ...(options.questionLogDays !== undefined && {
          questionLogDays: options.questionLogDays,
        }),
      },
      logger: this.logger,
      search,
      store: this.store,
      ...(options.admins && { admins: options.admins }),
      botInfo: BOT_INFO,
      transformers: [this.sim.transformer],
      throttle: false,
      rateLimits: { ...RELAXED_LIMITS, ...options.rateLimits },
      ...(options.settings && { settings: options.settings }),
    });
  }

  /** Moves the clock of the default store (rate limits recover as time passes). */
  advance(ms: number): void {
    this.#now += ms;
  }

  /** Every call the bot made, oldest first. */
  get calls(): readonly RecordedCall[] {
    return this.sim.calls;
  }

  /** Update builders bound to the simulator's counters. */
  get updates(): UpdateFactory {
    return this.sim.updates;
  }

  /** Hands one update to the bot (after the simulator has seen it); returns the calls it caused. */
  async send(update: Update): Promise<RecordedCall[]> {
    const before = this.sim.calls.length;
    await this.bot.handleUpdate(this.sim.receive(update));
    return this.sim.calls.slice(before);
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
    return this.sim.message(message.chat.id, message.message_id) ?? message;
  }

  /** A message of a chat by id, in its current version. */
  message(chatId: number, messageId: number): Message {
    const found = this.sim.message(chatId, messageId);
    if (!found) throw new Error(`no message ${messageId} in chat ${chatId}`);
    return found;
  }

  /** Messages the bot sent (sendMessage results), oldest first. */
  sentMessages(): Message[] {
    return this.sim.callsOf("sendMessage").flatMap((c) => (c.ok ? [c.result as Message] : []));
  }

  /** The last message the bot sent. */
  lastSent(): Message {
    const last = this.sentMessages().at(-1);
    if (!last) throw new Error("the bot sent nothing");
    return last;
  }

  /** Calls Telegram refused. */
  invalidCalls(): RecordedCall[] {
    return this.sim.calls.filter((c) => c.error !== null);
  }

  /**
   * Everything that would go wrong with Telegram, as readable lines (empty when all is well):
   * calls it would refuse, callback and inline queries not answered exactly once (the
   * simulator's problems), texts with an untranslated `{key}`, buttons whose data would be stale.
   */
  problems(): string[] {
    const found = this.sim.problems();
    for (const call of this.sim.calls) {
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
}

function keyboardOf(markup: unknown): InlineKeyboardButton[][] {
  const keyboard = (markup as InlineKeyboardMarkup | undefined)?.inline_keyboard;
  return Array.isArray(keyboard) ? keyboard : [];
}

/** The plain text of a sent or edited message, as Telegram shows it after parsing its HTML. */
export function textOf(call: RecordedCall | undefined): string {
  return parseTelegramHtml(String(call?.payload.text)).text;
}

/** The buttons of a message or of a call's reply_markup, as rows of labels. */
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
