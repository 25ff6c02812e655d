/**
 * The error boundary: a failing update is logged with its id, the user gets a
 * short apology when there is someone to apologise to, and nothing is rethrown,
 * so one bad update never stops the bot (nor, in webhook mode, makes Telegram
 * resend it forever).
 */
import type { I18n } from "@grammyjs/i18n";
import type { BotError } from "grammy";
import type { Logger } from "../logger.js";
import { isAddressedToMe } from "./addressing.js";
import type { BotContext } from "./context.js";
import { languageFor } from "./i18n.js";

/** Builds the handler for `bot.catch` and `errorBoundary`. */
export function errorHandler(
  i18n: I18n<BotContext>,
  logger: Logger,
): (error: BotError<BotContext>) => Promise<void> {
  return async (error) => {
    const ctx = error.ctx;
    ctx.outcome = "error";
    const log = ctx.services?.logger ?? logger.child({ update_id: ctx.update.update_id });
    log.error({ err: error.error, update_id: ctx.update.update_id }, "update failed");
    try {
      await apologize(ctx, i18n);
    } catch (apologyError) {
      log.warn({ err: apologyError }, "could not send the apology");
    }
  };
}

async function apologize(ctx: BotContext, i18n: I18n<BotContext>): Promise<void> {
  // ctx.t may be missing when the failure came before the i18n middleware.
  const lang = ctx.lang ?? languageFor(ctx.from?.language_code);
  const t = (key: string) => i18n.t(lang, key);
  if (ctx.callbackQuery) {
    // A press answered before its view failed cannot be answered again; the log has it.
    if (!ctx.pressAnswered) await ctx.answerCallbackQuery({ text: t("toast-error") });
    return;
  }
  const message = ctx.message;
  const chat = ctx.chat;
  if (message === undefined || chat === undefined) return;
  if (chat.type !== "private" && !isAddressedToMe(message, ctx.me)) return;
  await ctx.api.sendMessage(chat.id, t("error-apology"), {
    parse_mode: "HTML",
    reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
  });
}
