/**
 * Who did something, as sessions and rate limits count people. Usually the
 * user; but Telegram sends some messages from stand-in accounts shared by
 * everybody — an anonymous group admin is always @GroupAnonymousBot, a
 * channel writing in a group is always @Channel_Bot, a channel post copied
 * into its discussion group comes from "Telegram" — with the real sender in
 * `sender_chat`. Those are keyed by that chat, so one group's anonymous admin
 * neither chooses the language of every other group's nor uses up their
 * rate limit. A button under the bot's reply to such a message belongs to
 * that sender too: an anonymous admin presses buttons under their real name,
 * and the /lang menu they asked for must set the language they write with.
 */
import type { Message, Update } from "grammy/types";

/** GroupAnonymousBot, Channel_Bot and Telegram (777000): ids shared by every chat that uses them. */
export const SHARED_SENDER_IDS: ReadonlySet<number> = new Set([1087968824, 136817688, 777000]);

/** The message an update carries, if any. */
function messageOf(update: Update): Message | undefined {
  return update.message ?? update.edited_message;
}

/**
 * "user:<id>", or "chat:<id>" of the sender chat for a shared sender, or
 * undefined when the update has no sender (a channel post).
 */
export function identityOf(update: Update): string | undefined {
  const message = messageOf(update);
  const under = update.callback_query?.message;
  const asked =
    under !== undefined && "reply_to_message" in under ? under.reply_to_message : undefined;
  if (asked?.from && SHARED_SENDER_IDS.has(asked.from.id) && asked.sender_chat !== undefined) {
    return `chat:${asked.sender_chat.id}`;
  }
  const from =
    message?.from ??
    update.callback_query?.from ??
    update.inline_query?.from ??
    update.chosen_inline_result?.from ??
    update.my_chat_member?.from;
  if (from === undefined) return undefined;
  if (SHARED_SENDER_IDS.has(from.id) && message?.sender_chat !== undefined) {
    return `chat:${message.sender_chat.id}`;
  }
  return `user:${from.id}`;
}
