/**
 * Asking the search engine and replying with a cited answer or "nothing found".
 * Shared by plain questions, /ask, mentions, replies and question buttons.
 */
import type { Message, UserFromGetMe } from "grammy/types";
import { cleanUserText, truncate } from "../render/html.js";
import { questionOf } from "./addressing.js";
import type { BotContext } from "./context.js";
import type { Remembered } from "./conversation.js";
import { withVoteRow } from "./feedback-keyboard.js";
import { sendView, viewContext } from "./reply.js";
import { askHintView, moreView, nothingToContinueView, resultView } from "./views.js";

/**
 * Longest question passed to the engine. Telegram allows 4096 characters; no
 * real question is that long, and capping bounds the work one message can cause.
 */
export const MAX_QUESTION_LENGTH = 500;

/** True when text holds something to search for: at least one letter or digit. */
export function isAskable(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

export interface AnswerOptions {
  /** The message to reply to (the question, or the message holding the pressed button). */
  readonly replyTo?: number | undefined;
  /** Repeat the question above the answer: it is not visible in the chat (asked by a button). */
  readonly showQuestion?: boolean;
}

/**
 * Answers a question in the current chat. The search is synchronous and takes
 * about a millisecond, so no "typing…" action is sent: it would cost an API call
 * (and rate budget) per question and never be seen.
 */
export async function answerQuestion(
  ctx: BotContext,
  rawQuestion: string,
  options: AnswerOptions = {},
): Promise<void> {
  const started = performance.now();
  const vc = viewContext(ctx);
  const question = truncate(cleanUserText(rawQuestion), MAX_QUESTION_LENGTH);
  if (!isAskable(question)) {
    await sendView(ctx, askHintView(vc, "empty-question"), options.replyTo);
    return;
  }
  const { search, settings, logger } = ctx.services;
  const result = search.ask(question, { limit: settings.answersPerQuestion });
  const best = result.answers[0];
  logger.debug(
    {
      question,
      answers: result.answers.length,
      no_answer: result.noAnswer,
      decline: result.declineReason,
    },
    "question",
  );
  const view = resultView(vc, result, options.showQuestion ? question : undefined);
  if (result.tier === "hedge" && best !== undefined) ctx.outcome = "hedged";
  else if (result.noAnswer || best === undefined) ctx.outcome = "no_answer";
  else if (view.keyboard.inline_keyboard.length === 0) {
    // Keys that cannot travel in callback data: answered without the buttons that need them.
    logger.warn({ key: best.passageKey }, "passage key does not fit in callback data");
  }
  // Answers and hedges carry 👍 / 👎 when there is a log to vote into; a
  // decline has no passage to judge (it is on /gaps already).
  const { recorder } = ctx.services;
  const questionId = ctx.from === undefined ? undefined : recorder?.newId();
  const voted = questionId !== undefined && best !== undefined && result.tier !== "decline";
  const shown = voted ? withVoteRow(view, questionId, vc.t) : view;
  await sendView(ctx, shown, options.replyTo);
  if (recorder && questionId !== undefined && ctx.from !== undefined) {
    // After the reply: the log never delays or breaks an answer (see ops/recorder.ts).
    await recorder.record(
      {
        id: questionId,
        question,
        normalized: search.normalize(question),
        result,
        keyboard: shown.keyboard,
        chatType: ctx.chat?.type ?? "unknown",
        language: ctx.lang,
        userId: ctx.from.id,
        latencyMs: performance.now() - started,
        knowledgeVersion: search.knowledge.version,
      },
      logger,
    );
  }
  if (best !== undefined && result.tier !== "decline" && ctx.chatId !== undefined) {
    await ctx.services.memory.remember(ctx.chatId, {
      question,
      key: best.passageKey,
      tier: result.tier,
      at: Date.now(),
      version: search.knowledge.version,
    });
  }
}

/**
 * "Tell me more": the passage after the one the chat saw last, remembered as
 * the new last one; the end of the text says so.
 */
export async function continueAnswer(
  ctx: BotContext,
  context: Remembered,
  replyTo: number | undefined,
): Promise<void> {
  const view = moreView(viewContext(ctx), context.key);
  if (!view) {
    await sendView(ctx, nothingToContinueView(viewContext(ctx)), replyTo);
    return;
  }
  await sendView(ctx, view, replyTo);
  const next = ctx.services.search.nextAnswer(context.key);
  if (next && ctx.chatId !== undefined) {
    await ctx.services.memory.remember(ctx.chatId, {
      ...context,
      key: next.passageKey,
      at: Date.now(),
    });
  }
}

/** What paging through answers needs to know about the question they answer. */
export interface RecoveredQuestion {
  readonly text?: string;
  /** The answer message shows the question as its first line (it was asked by a button). */
  readonly showHeader: boolean;
}

/** The plain-text start of the question header (see answer-question in the .ftl files). */
const QUESTION_HEADER = "❓ ";

/**
 * Recovers the question an answer message answers, so a paged answer can
 * highlight it again: from the message it replies to when a user wrote that, or
 * from the answer's own question header when a button asked it.
 */
export function recoverQuestion(
  message: Message | undefined,
  me: UserFromGetMe,
): RecoveredQuestion {
  if (message === undefined) return { showHeader: false };
  const asked = message.reply_to_message;
  if (asked && asked.from?.id !== me.id && (asked.text ?? asked.caption) !== undefined) {
    const text = questionOf(asked, me);
    return text === "" ? { showHeader: false } : { text, showHeader: false };
  }
  const firstLine = message.text?.split("\n", 1)[0] ?? "";
  if (firstLine.startsWith(QUESTION_HEADER)) {
    const text = firstLine.slice(QUESTION_HEADER.length).trim();
    return text === "" ? { showHeader: false } : { text, showHeader: true };
  }
  return { showHeader: false };
}
