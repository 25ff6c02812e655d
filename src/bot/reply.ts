/**
 * Sending views: as replies to the message they answer, or by editing the
 * message whose button was pressed — never an edit that would change nothing.
 */
import { GrammyError } from "grammy";
import type { InlineKeyboardMarkup, Message } from "grammy/types";
import { htmlToPlainText } from "../render/html.js";
import type { BotContext } from "./context.js";
import type { View, ViewContext } from "./views.js";

/** The view context of an update. */
export function viewContext(ctx: BotContext): ViewContext {
  return {
    search: ctx.services.search,
    lang: ctx.lang,
    t: ctx.t,
    settings: ctx.services.settings,
    botUsername: ctx.me.username,
  };
}

const hasButtons = (markup: InlineKeyboardMarkup) => markup.inline_keyboard.length > 0;

/**
 * Sends a view to the current chat. With `replyTo` it is a reply to that message;
 * `allow_sending_without_reply` keeps the answer coming if the question was deleted.
 */
export async function sendView(
  ctx: BotContext,
  view: View,
  replyTo?: number,
): Promise<Message.TextMessage> {
  const chatId = ctx.chatId;
  if (chatId === undefined) throw new Error("sendView needs a chat");
  return ctx.api.sendMessage(chatId, view.html, {
    parse_mode: "HTML",
    link_preview_options: { is_disabled: true },
    ...(replyTo !== undefined && {
      reply_parameters: { message_id: replyTo, allow_sending_without_reply: true },
    }),
    ...(hasButtons(view.keyboard) && { reply_markup: view.keyboard }),
  });
}

/** Sends a view as a reply to the message of the current update. */
export function replyView(ctx: BotContext, view: View): Promise<Message.TextMessage> {
  return sendView(ctx, view, ctx.msgId);
}

/** Buttons as Telegram echoes them back, reduced to what we set. */
function buttonsOf(markup: InlineKeyboardMarkup | undefined): string {
  return JSON.stringify(
    (markup?.inline_keyboard ?? []).map((row) =>
      row.map((b) => [
        b.text,
        "callback_data" in b ? b.callback_data : undefined,
        "url" in b ? b.url : undefined,
      ]),
    ),
  );
}

/** True when the message already shows exactly this view (text after parsing and buttons). */
export function showsView(message: Message, view: View): boolean {
  return (
    message.text === htmlToPlainText(view.html) &&
    buttonsOf(message.reply_markup) === buttonsOf(view.keyboard)
  );
}

/** How {@link showView} delivered a view. */
export type Shown = "edited" | "unchanged" | "sent";

/**
 * Shows a view for the pressed button: edits the button's message in place, or
 * sends a new message replying to it when `newMessage` is set or the message can
 * no longer be edited (too old, deleted). An edit that would change nothing is
 * skipped (Telegram rejects it with "message is not modified"), and so is the
 * same rejection when two taps race.
 */
export async function showView(ctx: BotContext, view: View, newMessage: boolean): Promise<Shown> {
  const message = ctx.callbackQuery?.message;
  const accessible = message !== undefined && message.date !== 0 ? (message as Message) : undefined;
  if (accessible === undefined && ctx.chatId === undefined)
    throw new Error("showView needs a message or a chat");

  if (!newMessage && accessible !== undefined) {
    if (showsView(accessible, view)) return "unchanged";
    try {
      await ctx.api.editMessageText(accessible.chat.id, accessible.message_id, view.html, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        reply_markup: view.keyboard,
      });
      return "edited";
    } catch (error) {
      if (isNotModified(error)) return "unchanged";
      if (!isUneditable(error)) throw error;
    }
  }
  await sendView(ctx, view, accessible?.message_id);
  return "sent";
}

function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && /message is not modified/iu.test(error.description);
}

function isUneditable(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    /message (?:can't be edited|to edit not found)/iu.test(error.description)
  );
}
