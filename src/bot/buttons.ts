/**
 * Button presses, for the features that own the buttons. One middleware reads
 * the callback data once (callback-data.ts) and answers what no feature can use
 * — stale, forged or malformed data, or a button under an inline message —
 * with "this button is out of date"; each feature then claims the kinds of
 * button it put on screen with {@link onButton}. Every press is answered
 * exactly once, so the client's spinner always stops.
 */
import { Composer, type Middleware } from "grammy";
import type { Message } from "grammy/types";
import { type CallbackAction, parseCallbackData } from "./callback-data.js";
import type { BotContext } from "./context.js";
import { keepFeedback } from "./feedback-keyboard.js";
import { showView } from "./reply.js";
import type { View } from "./views.js";

/** A press whose data was read: what the button asks for, and where to show it. */
export interface PressedButton {
  readonly action: CallbackAction;
  /** Open the view as a new message instead of editing the pressed one. */
  readonly newMessage: boolean;
}

type Kind = CallbackAction["kind"];
type ActionOf<K extends Kind> = Extract<CallbackAction, { kind: K }>;

/** Answers a press whose button no longer means anything. */
export async function answerStale(ctx: BotContext): Promise<void> {
  ctx.outcome = "no_answer";
  await ctx.answerCallbackQuery({ text: ctx.t("toast-stale") });
}

/**
 * Reads every press's data into `ctx.button`, before the features. Presses no
 * feature can use end here, answered as stale; so does the page counter (▶ 2/5 ◀'s
 * middle button), which belongs to every paged view and does nothing.
 */
export function readButtons(): Middleware<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("callback_query", async (ctx, next) => {
    const parsed = parseCallbackData(ctx.callbackQuery.data);
    // Buttons are only ever put on messages the bot sent to a chat; one under an
    // inline message (inline_message_id) or without data is not ours.
    if (parsed.kind === "stale" || ctx.callbackQuery.message === undefined) {
      ctx.services.logger.debug(
        { reason: parsed.kind === "stale" ? parsed.reason : "no message" },
        "stale button",
      );
      await answerStale(ctx);
      return;
    }
    if (parsed.action.kind === "noop") {
      await ctx.answerCallbackQuery();
      return;
    }
    ctx.button = { action: parsed.action, newMessage: parsed.newMessage };
    await next();
  });
  return composer;
}

/** Presses of a valid kind that no feature claimed (a feature was removed): out of date. */
export function unclaimedButtons(): Middleware<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("callback_query", answerStale);
  return composer;
}

/**
 * Registers a feature's handler for one kind of button. The handler answers the
 * callback query itself (usually through {@link showPressedView}).
 */
export function onButton<K extends Kind>(
  composer: Composer<BotContext>,
  kind: K,
  handler: (ctx: BotContext, action: ActionOf<K>, newMessage: boolean) => Promise<unknown>,
): void {
  composer.on("callback_query").filter(
    (ctx) => ctx.button?.action.kind === kind,
    async (ctx) => {
      const { action, newMessage } = ctx.button as PressedButton;
      await handler(ctx, action as ActionOf<K>, newMessage);
    },
  );
}

/**
 * Answers the press, then shows the view it asked for — by editing the pressed
 * message, or as a new message; a view that no longer exists (undefined:
 * knowledge changed since the button was sent) is answered as stale.
 */
export async function showPressedView(
  ctx: BotContext,
  view: View | undefined,
  newMessage: boolean,
): Promise<void> {
  if (view === undefined) {
    await answerStale(ctx);
    return;
  }
  // Shown in place, the view keeps the message's 👍 / 👎: they are about the question it answered.
  const shown = newMessage ? view : keepFeedback(view, ctx.callbackQuery?.message as Message);
  // Answered first: the edit may wait its turn in the throttler (one a second
  // per chat), and a press must be answered within seconds or it spins on.
  await ctx.answerCallbackQuery();
  ctx.pressAnswered = true;
  await showView(ctx, shown, newMessage);
}
