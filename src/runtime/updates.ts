/**
 * What the runtime needs to know about updates, independent of the bot's features.
 */
import type { Update } from "grammy/types";

/** An update type name, as `allowed_updates` lists them. */
export type UpdateType = Exclude<keyof Update, "update_id">;

/** The first key of an update other than update_id: "message", "callback_query", … */
export function updateType(update: Update): UpdateType | undefined {
  for (const key of Object.keys(update)) {
    if (key !== "update_id") return key as UpdateType;
  }
  return undefined;
}

/**
 * The keys under which updates must be handled one at a time, in order:
 * the chat the update belongs to, and the user who caused it (sessions are
 * per chat, the language choice per user). Updates sharing no key run concurrently.
 */
export function sequenceKeys(update: Update): string[] {
  const keys: string[] = [];
  const chatId =
    update.message?.chat.id ??
    update.edited_message?.chat.id ??
    update.channel_post?.chat.id ??
    update.edited_channel_post?.chat.id ??
    update.callback_query?.message?.chat.id ??
    update.my_chat_member?.chat.id ??
    update.chat_member?.chat.id ??
    update.chat_join_request?.chat.id ??
    update.message_reaction?.chat.id;
  if (chatId !== undefined) keys.push(`chat:${chatId}`);
  const userId =
    update.message?.from?.id ??
    update.edited_message?.from?.id ??
    update.callback_query?.from.id ??
    update.inline_query?.from.id ??
    update.chosen_inline_result?.from.id ??
    update.my_chat_member?.from.id;
  if (userId !== undefined) keys.push(`user:${userId}`);
  return keys;
}

/**
 * The key the inbox keeps in order (one update at a time, oldest first, across
 * replicas): the chat, or the user where there is no chat (inline queries).
 * An update with neither has a key of its own.
 */
export function inboxKey(update: Update): string {
  return sequenceKeys(update)[0] ?? `update:${update.update_id}`;
}
