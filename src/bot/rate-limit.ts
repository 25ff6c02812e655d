/**
 * Flood control that counts floods, not people. Each kind of update has its
 * own budget per person (identity.ts), kept in the store so that every
 * replica draws on the same one:
 *
 * - questions (messages, commands): a few at once, then one every few seconds —
 *   nobody types faster, and each one costs a search and a message;
 * - taps on the bot's own buttons: two a second for as long as anyone browses,
 *   so paging through cards and documents is never refused;
 * - inline queries: one per keystroke, a budget of their own;
 * - a group: the replies all its members can get together, below Telegram's
 *   20 messages a minute in one group.
 *
 * The budgets are GCRA rules (src/store/rate-limits.ts): `limit` at once, then
 * one every windowMs / limit. In any span of t ms a rule allows at most
 * limit + t / (windowMs / limit) events, which is how the defaults were chosen.
 *
 * Written here rather than with @grammyjs/ratelimiter, which keeps its counters
 * per process (its shared storage is Redis only) and counts fixed windows that
 * let twice the limit through at a window's edge.
 */
import type { Middleware } from "grammy";
import type { Logger } from "../logger.js";
import type { RateLimitRule, RateLimits } from "../store/types.js";
import type { BotContext } from "./context.js";
import { identityOf } from "./identity.js";

export interface RateLimitRules {
  /** Messages and commands, per person. */
  readonly questions: RateLimitRule;
  /** Presses of the bot's buttons, per person. */
  readonly taps: RateLimitRule;
  /** Inline queries, per person. */
  readonly inline: RateLimitRule;
  /** Questions answered in one group or supergroup, all members together. */
  readonly group: RateLimitRule;
  /** The "too many requests" notice in a private chat, per person: one per flood. */
  readonly notice: RateLimitRule;
}

/**
 * - questions: 5 at once, then one every 6 s. A flood of 30 messages in a
 *   second gets at most 5 + 15/6 ≈ 7 answers and one notice in 15 s.
 * - taps: 10 at once, then one every 500 ms: two taps a second, forever.
 * - inline: 10 at once, then two a second (Telegram already waits for a pause in typing).
 * - group: 8 at once, then one every 7.5 s: at most 16 answers in any minute,
 *   against Telegram's 20, leaving room for greetings and notices.
 * - notice: one a minute.
 */
export const DEFAULT_RATE_LIMITS: RateLimitRules = {
  questions: { limit: 5, windowMs: 30_000 },
  taps: { limit: 10, windowMs: 5_000 },
  inline: { limit: 10, windowMs: 5_000 },
  group: { limit: 8, windowMs: 60_000 },
  notice: { limit: 1, windowMs: 60_000 },
};

type Kind = "question" | "tap" | "inline";

/** What kind of budget an update draws on; undefined for those that are not counted. */
function kindOf(ctx: BotContext): Kind | undefined {
  if (ctx.callbackQuery) return "tap";
  if (ctx.inlineQuery) return "inline";
  if (ctx.message || ctx.editedMessage) return "question";
  return undefined;
}

/**
 * The flood control middleware. What is over a budget is not handled:
 * a tap is answered with a "too many taps" toast (the client's spinner stops,
 * the message it was on is left as it is, so the next tap works); a message in
 * a private chat gets one "too many requests" notice per flood; anything else
 * is dropped silently (a group is not told about one member's flood).
 *
 * If the store cannot count, the update is let through: a database problem
 * shows in /readyz and the log, and must not silence the bot.
 */
export function floodControl(
  rateLimits: RateLimits,
  rules: RateLimitRules,
  logger: Logger,
  hash: (id: string) => string,
): Middleware<BotContext> {
  const allowed = async (key: string, rule: RateLimitRule) => {
    try {
      return (await rateLimits.hit(key, rule)).allowed;
    } catch (error) {
      logger.warn({ err: error }, "rate limit not counted: the store failed; letting it through");
      return true;
    }
  };
  return async (ctx, next) => {
    const kind = kindOf(ctx);
    const identity = identityOf(ctx.update);
    if (kind === undefined || identity === undefined) return next();
    // Counted under the hashed identity: the store keeps no user id.
    const who = hash(identity);
    const rule = kind === "tap" ? rules.taps : kind === "inline" ? rules.inline : rules.questions;
    let within = await allowed(`${kind}:${who}`, rule);
    const chat = ctx.chat;
    if (within && kind === "question" && (chat?.type === "group" || chat?.type === "supergroup")) {
      within = await allowed(`group:${chat.id}`, rules.group);
    }
    if (within) return next();
    ctx.outcome = "ignored";
    ctx.services.logger.debug({ kind }, "over the rate limit");
    if (kind === "tap") {
      await ctx.answerCallbackQuery({ text: ctx.t("toast-slow-down") });
      return;
    }
    if (chat?.type !== "private" || ctx.message === undefined) return;
    if (!(await allowed(`notice:${who}`, rules.notice))) return;
    await ctx.reply(ctx.t("rate-limited"), {
      parse_mode: "HTML",
      reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true },
    });
  };
}
