/**
 * Per-update set-up and the one log line per handled update.
 */
import type { Middleware } from "grammy";
import type { Logger } from "../logger.js";
import type { QuestionRecorder } from "../ops/recorder.js";
import { updateType } from "../runtime/updates.js";
import type { SearchHolder } from "../search/holder.js";
import type { BotContext, BotServices, BotSettings } from "./context.js";
import type { ConversationMemory } from "./conversation.js";
import { languageFor } from "./i18n.js";

/** API methods whose call means the user got something from this update. */
const REPLY_METHODS = new Set([
  "sendMessage",
  "editMessageText",
  "editMessageReplyMarkup",
  "answerCallbackQuery",
  "answerInlineQuery",
]);

/**
 * Attaches the services (with a logger bound to the update id) and a first
 * guess at the language, then logs one line when the update is done: update id,
 * type, chat type, interface language, outcome and latency. Never the message
 * text (that goes to debug level, in answering.ts) and never the token.
 *
 * The outcome is what a handler set (`ctx.outcome`), otherwise "answered" when
 * the update led to a reply of any kind and "ignored" when it led to none.
 */
export function setupAndLogUpdates(
  logger: Logger,
  search: Pick<SearchHolder, "current">,
  settings: BotSettings,
  memory: ConversationMemory,
  recorder?: QuestionRecorder,
): Middleware<BotContext> {
  return async (ctx, next) => {
    const started = performance.now();
    const log = logger.child({ update_id: ctx.update.update_id });
    // The engine is read once: a /reload during this update does not change its knowledge.
    const services: BotServices = {
      search: search.current,
      logger: log,
      settings,
      memory,
      ...(recorder && { store: recorder.store, recorder }),
    };
    ctx.services = services;
    ctx.lang = languageFor(ctx.from?.language_code);

    let replies = 0;
    ctx.api.config.use((prev, method, payload, signal) => {
      if (REPLY_METHODS.has(method)) replies++;
      return prev(method, payload, signal);
    });

    try {
      await next();
    } catch (error) {
      ctx.outcome = "error";
      throw error;
    } finally {
      log.info(
        {
          update_type: updateType(ctx.update) ?? "unknown",
          chat_type: ctx.chat?.type ?? (ctx.inlineQuery ? "inline" : undefined),
          lang: ctx.lang,
          outcome: ctx.outcome ?? (replies > 0 ? "answered" : "ignored"),
          latency_ms: Math.round((performance.now() - started) * 10) / 10,
        },
        "update",
      );
    }
  };
}
