/**
 * Telling people about updates the inbox dropped because their chat's
 * backlog was full (runtime/intake.ts): each dropped button press is answered
 * with a "too many taps" toast, so no client keeps spinning; a private chat
 * gets one "I skipped some of your messages" notice per flood. Groups are
 * not told: one member's flood is no reason to post there.
 *
 * Runs outside the middleware (the updates are not handled), so it reads the
 * sender's language itself: the /lang choice, else Telegram's language_code.
 */
import type { Api } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../logger.js";
import type { Lang } from "../search/types.js";
import type { RateLimitRule, RateLimits, SessionStore } from "../store/types.js";
import { createI18n, languageFor } from "./i18n.js";
import { identityOf } from "./identity.js";
import { sanitizeSession, sessionKey } from "./session.js";

export interface OverflowOptions {
  readonly api: Api;
  readonly sessions: SessionStore;
  readonly rateLimits: RateLimits;
  /** One notice per person per this rule (the flood control's notice rule). */
  readonly notice: RateLimitRule;
  readonly logger: Logger;
  /** The store's hash of identities (sessions and counters are kept under it). */
  readonly hash: (id: string) => string;
}

/** Builds the function intake calls with the updates it dropped. */
export function overflowNotices(
  options: OverflowOptions,
): (updates: readonly Update[]) => Promise<void> {
  const { api, sessions, rateLimits, notice, logger, hash } = options;
  const i18n = createI18n();

  const languageOf = async (update: Update, who: string): Promise<Lang> => {
    try {
      const chosen = sanitizeSession(await sessions.get(sessionKey(who, hash))).lang;
      if (chosen !== undefined) return chosen;
    } catch {
      // The language Telegram gives is good enough for a notice.
    }
    const from = update.message?.from ?? update.callback_query?.from;
    return languageFor(from?.language_code);
  };

  const tell = async (update: Update) => {
    const who = identityOf(update);
    if (who === undefined) return;
    const query = update.callback_query;
    const message = update.message;
    if (query !== undefined) {
      const lang = await languageOf(update, who);
      await api.answerCallbackQuery(query.id, { text: i18n.t(lang, "toast-slow-down") });
      return;
    }
    if (message === undefined || message.chat.type !== "private") return;
    if (!(await rateLimits.hit(`notice:${hash(who)}`, notice)).allowed) return;
    const lang = await languageOf(update, who);
    await api.sendMessage(message.chat.id, i18n.t(lang, "backlog-dropped"), {
      parse_mode: "HTML",
      reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
    });
  };

  return async (updates) => {
    const results = await Promise.allSettled(updates.map(tell));
    for (const result of results) {
      if (result.status === "rejected") {
        logger.warn({ err: result.reason }, "could not tell the sender of a dropped update");
      }
    }
  };
}
