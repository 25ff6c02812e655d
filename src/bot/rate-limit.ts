/**
 * Flood control with grammY's ratelimiter plugin: per user everywhere, and per
 * group chat, so no one can make the bot spam a group (Telegram allows a bot
 * about 20 messages a minute in a group; the throttler queues what we send, and
 * this drops what would only pile up in that queue).
 */
import { limit } from "@grammyjs/ratelimiter";
import type { Middleware } from "grammy";
import type { BotContext } from "./context.js";

export interface RateLimit {
  /** Updates allowed per window. */
  readonly limit: number;
  /** Window length in milliseconds (the plugin's windows are fixed, not sliding). */
  readonly timeFrame: number;
}

export interface RateLimits {
  /** Per user, in every chat and in inline mode. */
  readonly user: RateLimit;
  /** Per group or supergroup, all users together. */
  readonly groupChat: RateLimit;
}

/**
 * A user may do 6 things in 10 s (question, page, page…), a group gets 12
 * replies a minute: below Telegram's 20, leaving room for the bot's other
 * messages there (hellos, notices) and for edits.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  user: { limit: 6, timeFrame: 10_000 },
  groupChat: { limit: 12, timeFrame: 60_000 },
};

/**
 * What happens to an update over the limit: a pressed button still gets its
 * callback answered (with "too many taps"), so the client stops its spinner; a
 * private chat gets one short notice per window; a group gets nothing.
 */
function onLimitExceeded(window: number) {
  const noticed = new Map<string, number>();
  return async (ctx: BotContext) => {
    ctx.outcome = "ignored";
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery({ text: ctx.t("toast-slow-down") });
      return;
    }
    if (ctx.chat?.type !== "private" || ctx.message === undefined) return;
    const key = String(ctx.chat.id);
    const now = Date.now();
    if ((noticed.get(key) ?? 0) > now) return;
    noticed.set(key, now + window);
    if (noticed.size > 10_000)
      for (const [k, until] of noticed) if (until <= now) noticed.delete(k);
    await ctx.reply(ctx.t("rate-limited"), {
      parse_mode: "HTML",
      reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true },
    });
  };
}

/** The limiters, in order: per user, then per group chat. */
export function rateLimiters(limits: RateLimits = DEFAULT_RATE_LIMITS): Middleware<BotContext>[] {
  const user = limit<BotContext, never>({
    ...limits.user,
    alwaysReply: true,
    keyPrefix: "user:",
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    onLimitExceeded: onLimitExceeded(limits.user.timeFrame),
  });
  const group = limit<BotContext, never>({
    ...limits.groupChat,
    alwaysReply: true,
    keyPrefix: "chat:",
    keyGenerator: (ctx) =>
      ctx.chat?.type === "group" || ctx.chat?.type === "supergroup"
        ? ctx.chat.id.toString()
        : undefined,
    onLimitExceeded: onLimitExceeded(limits.groupChat.timeFrame),
  });
  return [user as Middleware<BotContext>, group as Middleware<BotContext>];
}
