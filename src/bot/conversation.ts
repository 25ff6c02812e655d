/**
 * The conversation's memory: the last answer of each chat, kept for a few
 * minutes, so that "tell me more", "and Japan?" or "when was that?" can be
 * read in its context. Per chat, not per user: in a group, whoever follows up
 * continues the group's last answer. A reply to one of the bot's answers
 * brings that answer's context with it, however old, read from the answer's
 * own buttons (so it works after a restart and on any replica).
 */
import type { StorageAdapter } from "grammy";
import type { Message, UserFromGetMe } from "grammy/types";
import type { Logger } from "../logger.js";
import type { Tier } from "../search/types.js";
import { recoverQuestion } from "./answering.js";
import { parseCallbackData } from "./callback-data.js";

/** What a chat remembers of its last answer. */
export interface Remembered {
  /**
   * The question as the bot read it (a follow-up's rewritten question, too);
   * empty when an answer replied to does not show it.
   */
  readonly question: string;
  /** The passage key of the answer shown last (after paging, the page shown). */
  readonly key: string;
  readonly tier: Tier;
  /** When it was answered, in milliseconds since the epoch. */
  readonly at: number;
  /**
   * The knowledge version the key belongs to: keys are positions, so after a
   * /reload the same key may name another passage. Absent in older entries.
   */
  readonly version?: string;
}

/** A remembered answer if it still means what it meant: made from the knowledge in use. */
export function stillValid(
  memory: Remembered | undefined,
  version: string,
): Remembered | undefined {
  return memory && (memory.version === undefined || memory.version === version)
    ? memory
    : undefined;
}

/** How long a chat's last answer is remembered for follow-ups. */
export const MEMORY_MS = 15 * 60_000;

/** Where chats' last answers are kept among the store's sessions. */
export const CONVERSATION_PREFIX = "conversation:";

/** The chat's memory, over a storage adapter (the store, or memory in tests and the local chat). */
export interface ConversationMemory {
  recall(chatId: number, now: number): Promise<Remembered | undefined>;
  remember(chatId: number, memory: Remembered): Promise<void>;
}

/**
 * Memory over a storage adapter. Failures are logged and forgotten: a
 * follow-up that cannot be read in context is answered as a new question.
 * `keyOf` names a chat's entry; the bot passes one that hashes the chat id,
 * which in a private chat is the person's id.
 */
export function conversationMemory(
  storage: StorageAdapter<Remembered>,
  logger: Logger,
  ttlMs = MEMORY_MS,
  keyOf: (chatId: number) => string = (chatId) => `${CONVERSATION_PREFIX}${chatId}`,
): ConversationMemory {
  const key = keyOf;
  return {
    async recall(chatId, now) {
      try {
        const memory = await storage.read(key(chatId));
        if (memory !== undefined && now - memory.at > ttlMs) {
          // Expired: nothing of the conversation is kept longer than needed.
          await storage.delete(key(chatId));
          return undefined;
        }
        return memory;
      } catch (error) {
        logger.warn({ err: error }, "conversation memory could not be read");
        return undefined;
      }
    },
    async remember(chatId, memory) {
      try {
        await storage.write(key(chatId), memory);
      } catch (error) {
        logger.warn({ err: error }, "conversation memory could not be written");
      }
    },
  };
}

/**
 * The context a reply to one of the bot's answers carries: the passage its
 * "whole document" button names, and the question it answered when the answer
 * shows it (Telegram does not pass on what an answer itself replied to; the
 * chat's memory has it when it is the same answer).
 */
export function contextOfAnswer(
  message: Message | undefined,
  me: UserFromGetMe,
  now: number,
  memory?: Remembered,
): Remembered | undefined {
  if (message === undefined || message.from?.id !== me.id) return undefined;
  for (const row of message.reply_markup?.inline_keyboard ?? []) {
    for (const button of row) {
      if (!("callback_data" in button)) continue;
      const parsed = parseCallbackData(button.callback_data);
      if (parsed.kind !== "action") continue;
      const action = parsed.action;
      if (action.kind !== "answerDocument" && action.kind !== "hedgeDocument") continue;
      const key = action.keys[action.index];
      if (key === undefined) continue;
      const question =
        recoverQuestion(message, me).text ??
        (memory && action.keys.includes(memory.key) ? memory.question : undefined);
      const tier = action.kind === "hedgeDocument" ? "hedge" : "answer";
      return { question: question ?? "", key, tier, at: now, version: action.version };
    }
  }
  return undefined;
}
