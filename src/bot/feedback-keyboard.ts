/**
 * The 👍 / 👎 row under answers and, after a 👎, the reasons: pure functions
 * of the question id, the vote to mark and the language. The rows belong to
 * the answer message, not to whatever it currently shows, so views shown in
 * place (paging, the whole document, back) keep them ({@link keepFeedback}).
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup, Message } from "grammy/types";
import type { Translate } from "../render/labels.js";
import type { VoteReason, VoteValue } from "../store/types.js";
import { parseCallbackData } from "./callback-data.js";
import { button, keyboard } from "./keyboards.js";
import type { View } from "./views.js";

/** The reasons offered after 👎, in the order shown; labels are `button-reason-<reason>`. */
export const VOTE_REASONS: readonly VoteReason[] = [
  "wrong_passage",
  "not_answered",
  "outdated",
  "other",
];

/** What the rows show. */
export interface FeedbackState {
  /** The vote to mark as pressed (private chats only: a group's keyboard is shared). */
  readonly vote?: VoteValue | undefined;
  /** The reason to mark. */
  readonly reason?: VoteReason | null | undefined;
  /** Whether the reason buttons are shown. */
  readonly reasons: boolean;
}

type Row = InlineKeyboardButton[];

/** The vote row, then the reasons two by two when shown. */
export function feedbackRows(questionId: string, state: FeedbackState, t: Translate): Row[] {
  const vote = (value: VoteValue) =>
    button(t(state.vote === value ? `button-vote-${value}-chosen` : `button-vote-${value}`), {
      kind: "vote",
      question: questionId,
      vote: value,
    });
  const reason = (value: VoteReason) => {
    const label = t(`button-reason-${value.replace("_", "-")}`);
    return button(state.reason === value ? t("button-reason-chosen", { reason: label }) : label, {
      kind: "voteReason",
      question: questionId,
      reason: value,
    });
  };
  const rows = [[vote("up"), vote("down")]];
  if (state.reasons) {
    for (let i = 0; i < VOTE_REASONS.length; i += 2) {
      rows.push(VOTE_REASONS.slice(i, i + 2).map(reason));
    }
  }
  return keyboard(rows).inline_keyboard;
}

const isFeedbackButton = (b: InlineKeyboardButton) => {
  if (!("callback_data" in b) || b.callback_data === undefined) return false;
  const parsed = parseCallbackData(b.callback_data);
  return (
    parsed.kind === "action" &&
    (parsed.action.kind === "vote" || parsed.action.kind === "voteReason")
  );
};

/** The feedback rows of a keyboard (as sent or as Telegram echoes it). */
export function feedbackRowsOf(markup: InlineKeyboardMarkup | undefined): Row[] {
  return (markup?.inline_keyboard ?? []).filter((row) => row.some(isFeedbackButton));
}

/** A keyboard with its feedback rows replaced by `rows` (at the bottom). */
export function withFeedbackRows(
  markup: InlineKeyboardMarkup | undefined,
  rows: readonly Row[],
): InlineKeyboardMarkup {
  const others = (markup?.inline_keyboard ?? []).filter((row) => !row.some(isFeedbackButton));
  return { inline_keyboard: [...others, ...rows] };
}

/** An answer view with its vote row. */
export function withVoteRow(view: View, questionId: string, t: Translate): View {
  return {
    ...view,
    keyboard: withFeedbackRows(view.keyboard, feedbackRows(questionId, { reasons: false }, t)),
  };
}

/** A view to show in place of `message`, keeping the message's feedback rows. */
export function keepFeedback(view: View, message: Message | undefined): View {
  const rows = feedbackRowsOf(message?.reply_markup);
  return rows.length === 0 ? view : { ...view, keyboard: withFeedbackRows(view.keyboard, rows) };
}

/** The question id the feedback rows of a keyboard are about, if any. */
export function feedbackQuestionOf(markup: InlineKeyboardMarkup | undefined): string | undefined {
  for (const row of feedbackRowsOf(markup)) {
    for (const b of row) {
      if (!("callback_data" in b) || b.callback_data === undefined) continue;
      const parsed = parseCallbackData(b.callback_data);
      if (parsed.kind === "action" && "question" in parsed.action) return parsed.action.question;
    }
  }
  return undefined;
}
