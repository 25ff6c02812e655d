/**
 * Who a message is for. In groups the bot speaks only when spoken to: commands
 * meant for it, messages that mention it, and replies to its own messages.
 */

import type { Middleware } from "grammy";
import type { Message, MessageEntity, UserFromGetMe } from "grammy/types";
import type { BotContext } from "./context.js";

/** A bot command at the start of a message: `/ask@thisbot rest`. */
export interface CommandInMessage {
  /** Lower-case name without the slash. */
  readonly name: string;
  /** The bot named after `@`, lower-case; undefined for a plain `/ask`. */
  readonly target?: string;
}

function textAndEntities(message: Message): { text: string; entities: readonly MessageEntity[] } {
  if (message.text !== undefined) return { text: message.text, entities: message.entities ?? [] };
  return { text: message.caption ?? "", entities: message.caption_entities ?? [] };
}

/** The command a message starts with, if any. */
export function commandOf(message: Message): CommandInMessage | undefined {
  const { text, entities } = textAndEntities(message);
  const entity = entities.find((e) => e.type === "bot_command" && e.offset === 0);
  if (!entity) return undefined;
  const [name = "", target] = text.slice(1, entity.length).toLowerCase().split("@", 2);
  return target === undefined ? { name } : { name, target };
}

/** True for a command addressed to this bot: no `@` at all, or `@thisbot`. */
export function isCommandForMe(command: CommandInMessage, me: UserFromGetMe): boolean {
  return command.target === undefined || command.target === me.username.toLowerCase();
}

/** The spans of a message that mention this bot (by @username or by a text mention). */
function mentionsOfMe(message: Message, me: UserFromGetMe): MessageEntity[] {
  const { text, entities } = textAndEntities(message);
  const handle = `@${me.username}`.toLowerCase();
  return entities.filter(
    (e) =>
      (e.type === "mention" &&
        text.slice(e.offset, e.offset + e.length).toLowerCase() === handle) ||
      (e.type === "text_mention" && e.user.id === me.id),
  );
}

/** True when the message is a reply to one of this bot's messages. */
export function isReplyToMe(message: Message, me: UserFromGetMe): boolean {
  return message.reply_to_message?.from?.id === me.id;
}

/** True when a group message is for this bot: a command for it, a mention of it, or a reply to it. */
export function isAddressedToMe(message: Message, me: UserFromGetMe): boolean {
  const command = commandOf(message);
  if (command) return isCommandForMe(command, me);
  return mentionsOfMe(message, me).length > 0 || isReplyToMe(message, me);
}

/**
 * The question a message asks this bot: its text without a leading command and
 * without the @mentions of the bot (a text mention keeps its words: it is a name).
 */
export function questionOf(message: Message, me: UserFromGetMe): string {
  const { text, entities } = textAndEntities(message);
  const cuts = [
    ...mentionsOfMe(message, me).filter((e) => e.type === "mention"),
    ...entities.filter((e) => e.type === "bot_command" && e.offset === 0),
  ].sort((a, b) => b.offset - a.offset);
  let question = text;
  for (const cut of cuts)
    question = `${question.slice(0, cut.offset)} ${question.slice(cut.offset + cut.length)}`;
  return question.replace(/\s+/gu, " ").trim();
}

/**
 * Drops what the bot must stay silent on before any work is done (sessions,
 * rate limits): in groups, messages not addressed to it and edits; channel
 * posts everywhere. Callback queries and membership changes pass.
 */
export function groupGate(): Middleware<BotContext> {
  return async (ctx, next) => {
    const chat = ctx.chat;
    if (chat?.type === "channel") {
      ctx.outcome = "ignored";
      return;
    }
    if (chat === undefined || chat.type === "private" || ctx.callbackQuery || ctx.myChatMember) {
      await next();
      return;
    }
    if (ctx.message && isAddressedToMe(ctx.message, ctx.me)) {
      await next();
      return;
    }
    ctx.outcome = "ignored";
  };
}
