/**
 * 👍 / 👎 under answers, and the reasons after a 👎. The vote is kept in the
 * store against the question's id in the log, one per person per answer, and
 * can be changed at any time, after a restart too.
 *
 * How a vote is acknowledged depends on the chat. In a private chat the
 * keyboard is the voter's own: the pressed button is marked, and after 👎 the
 * reasons appear under it. In a group everyone sees one keyboard, so marking
 * one member's vote on it would show their choice to all and mislead the
 * others about their own; there each member is told privately (the toast of
 * the press, which only they see), and the keyboard only grows the reason
 * buttons after the first 👎, so that others can give theirs.
 *
 * After the knowledge changed, the answer a vote would judge is no longer what
 * the bot would say: the press is answered "out of date" and nothing is kept.
 */
import { Composer, GrammyError } from "grammy";
import type { InlineKeyboardMarkup, Message } from "grammy/types";
import type { QuestionLogStore, StoredVote, VoteReason, VoteValue } from "../../store/types.js";
import { answerStale, onButton } from "../buttons.js";
import type { BotContext } from "../context.js";
import { feedbackRows, feedbackRowsOf, withFeedbackRows } from "../feedback-keyboard.js";

/** The message a button sits under, when it can be edited (not an inaccessible one). */
function pressedMessage(ctx: BotContext): Message | undefined {
  const message = ctx.callbackQuery?.message;
  return message !== undefined && message.date !== 0 ? (message as Message) : undefined;
}

/**
 * The question's log entry when a vote on it still means something: it is
 * known (not pruned) and was answered from the knowledge in use.
 */
async function votable(
  ctx: BotContext,
  store: QuestionLogStore,
  questionId: string,
): Promise<boolean> {
  const question = await store.questions.get(questionId);
  return (
    question !== undefined && question.knowledgeVersion === ctx.services.search.knowledge.version
  );
}

/** Replaces the feedback rows of the pressed message; an edit that changes nothing is skipped. */
async function showFeedback(ctx: BotContext, rows: InlineKeyboardMarkup["inline_keyboard"]) {
  const message = pressedMessage(ctx);
  if (message === undefined) return;
  const before = feedbackRowsOf(message.reply_markup);
  if (JSON.stringify(before) === JSON.stringify(rows)) return;
  try {
    await ctx.api.editMessageReplyMarkup(message.chat.id, message.message_id, {
      reply_markup: withFeedbackRows(message.reply_markup, rows),
    });
  } catch (error) {
    // Two quick taps race to the same keyboard; the vote itself is kept either way.
    if (
      error instanceof GrammyError &&
      /not modified|can't be edited|not found/iu.test(error.description)
    ) {
      return;
    }
    throw error;
  }
}

const reasonLabel = (ctx: BotContext, reason: VoteReason) =>
  ctx.t(`button-reason-${reason.replace("_", "-")}`);

/** What a press ends with: the toast, and the feedback rows to show, if they change. */
interface Acknowledgement {
  readonly toast: string;
  readonly rows?: InlineKeyboardMarkup["inline_keyboard"];
}

/**
 * The feature. Without a store there is nothing to vote into: the buttons
 * are never shown, and an old one pressed reads as out of date.
 */
export function feedbackFeature(store: QuestionLogStore | undefined): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  /**
   * Casts a vote through `cast` (which works on the store and says how to
   * acknowledge it), then answers the press once and updates the keyboard.
   * A failing store is told to the voter and logged; a keyboard that cannot
   * be updated only logged, as the vote itself is kept.
   */
  const press = async (
    ctx: BotContext,
    questionId: string,
    cast: (
      store: QuestionLogStore,
      userHash: string,
      previous: StoredVote | undefined,
    ) => Promise<Acknowledgement>,
  ) => {
    if (store === undefined || ctx.from === undefined) {
      await answerStale(ctx);
      return;
    }
    let done: Acknowledgement;
    try {
      if (await votable(ctx, store, questionId)) {
        const userHash = store.hashUserId(ctx.from.id);
        done = await cast(store, userHash, await store.questions.voteOf(questionId, userHash));
      } else {
        ctx.outcome = "no_answer";
        done = { toast: ctx.t("toast-vote-outdated") };
      }
    } catch (error) {
      ctx.services.logger.error({ err: error }, "feedback: the vote could not be saved");
      ctx.outcome = "error";
      done = { toast: ctx.t("toast-vote-failed") };
    }
    await ctx.answerCallbackQuery({ text: done.toast });
    if (done.rows !== undefined) {
      await showFeedback(ctx, done.rows).catch((error: unknown) => {
        ctx.services.logger.warn({ err: error }, "feedback: the keyboard could not be updated");
      });
    }
  };

  const isPrivate = (ctx: BotContext) => ctx.chat?.type === "private";

  onButton(composer, "vote", (ctx, action) =>
    press(ctx, action.question, async (store, userHash, previous) => {
      const vote: VoteValue = action.vote;
      const reason = vote === "down" && previous?.vote === "down" ? previous.reason : null;
      if (previous?.vote !== vote) {
        await store.questions.vote({ questionId: action.question, userHash, vote, reason });
      }
      const toast = ctx.t(
        previous?.vote === vote ? `toast-vote-${vote}-again` : `toast-vote-${vote}`,
      );
      if (isPrivate(ctx)) {
        const state = { vote, reason, reasons: vote === "down" };
        return { toast, rows: feedbackRows(action.question, state, ctx.t) };
      }
      return vote === "down"
        ? { toast, rows: feedbackRows(action.question, { reasons: true }, ctx.t) }
        : { toast };
    }),
  );

  onButton(composer, "voteReason", (ctx, action) =>
    press(ctx, action.question, async (store, userHash, previous) => {
      // A reason is a 👎 with a why: pressed without one first, it casts the 👎 too.
      if (previous?.vote !== "down" || previous.reason !== action.reason) {
        await store.questions.vote({
          questionId: action.question,
          userHash,
          vote: "down",
          reason: action.reason,
        });
      }
      const toast = ctx.t("toast-vote-reason", { reason: reasonLabel(ctx, action.reason) });
      if (!isPrivate(ctx)) return { toast };
      const state = { vote: "down" as const, reason: action.reason, reasons: true };
      return { toast, rows: feedbackRows(action.question, state, ctx.t) };
    }),
  );
  return composer;
}
