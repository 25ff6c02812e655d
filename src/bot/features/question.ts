/**
 * Questions and their answers: any text in a private chat; in groups, what the
 * gate let through (a mention of the bot, with the mention removed, or a reply
 * to the bot). The buttons that ask (a "did you mean" suggestion, an example,
 * a suggested next question) and those that page through answers — or a
 * hedge's closest passages — and the document an answer quotes belong here too.
 */
import { Composer } from "grammy";
import type { Message } from "grammy/types";
import { commandOf, isCommandForMe, questionOf } from "../addressing.js";
import { answerQuestion, continueAnswer, recoverQuestion } from "../answering.js";
import { answerStale, onButton, showPressedView } from "../buttons.js";
import type { BotContext } from "../context.js";
import { contextOfAnswer, stillValid } from "../conversation.js";
import { exampleQuestion } from "../examples.js";
import { followUpOf } from "../follow-up.js";
import { replyView, viewContext } from "../reply.js";
import { smallTalkOf } from "../smalltalk.js";
import {
  answerDocumentView,
  answerPageView,
  nothingToContinueView,
  noticeView,
  smallTalkView,
} from "../views.js";

export function questionFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("message:text", async (ctx) => {
    const message = ctx.message;
    // Our own answers, posted into this chat through inline mode, are not questions.
    if (message.via_bot?.id === ctx.me.id) {
      ctx.outcome = "ignored";
      return;
    }
    const command = commandOf(message);
    if (command) {
      // Known commands were handled before; in a group, a plain /cmd may be another bot's.
      if (
        ctx.chat.type === "private" ||
        (command.target !== undefined && isCommandForMe(command, ctx.me))
      ) {
        await replyView(ctx, noticeView(viewContext(ctx), "unknown-command"));
      } else {
        ctx.outcome = "ignored";
      }
      return;
    }
    const text = ctx.chat.type === "private" ? message.text : questionOf(message, ctx.me);
    await converse(ctx, text, message);
  });

  for (const hedge of [false, true]) {
    onButton(composer, hedge ? "hedge" : "answer", async (ctx, action, newMessage) => {
      const question = recoverQuestion(ctx.callbackQuery?.message, ctx.me);
      const view = answerPageView(viewContext(ctx), action, question, hedge);
      await showPressedView(ctx, view, newMessage);
      // "Tell me more" now continues the passage on screen.
      const key = action.keys[action.index];
      const chatId = ctx.chat?.id;
      if (view && key !== undefined && chatId !== undefined) {
        const { memory } = ctx.services;
        const now = Date.now();
        const before = await memory.recall(chatId, now);
        const asked = question.text ?? before?.question ?? "";
        await memory.remember(chatId, {
          question: asked,
          key,
          tier: hedge ? "hedge" : "answer",
          at: now,
          version: action.version,
        });
      }
    });
    onButton(composer, hedge ? "hedgeDocument" : "answerDocument", (ctx, action, newMessage) => {
      const view = answerDocumentView(viewContext(ctx), action, action.page, hedge);
      return showPressedView(ctx, view, newMessage);
    });
  }
  onButton(composer, "followUp", (ctx, action) => {
    const { search } = ctx.services;
    const stale = action.version !== search.knowledge.version;
    const question = stale
      ? undefined
      : search.storedQuestion(action.key, action.lang, action.index);
    return askByButton(ctx, question);
  });
  onButton(composer, "ask", (ctx, action) => askByButton(ctx, action.text));
  onButton(composer, "example", (ctx, action) =>
    askByButton(ctx, exampleQuestion(action.lang, action.index)),
  );
  return composer;
}

/**
 * What a message says, read as a conversation: small talk gets a friendly
 * word; a follow-up ("tell me more", "and Japan?", "when was that?") is read
 * in the context of the answer it replies to, or else the chat's last answer;
 * anything else is a question.
 */
async function converse(ctx: BotContext, text: string, message: Message): Promise<void> {
  const { memory } = ctx.services;
  const now = Date.now();
  // After a /reload, what was remembered of the old knowledge is forgotten.
  const version = ctx.services.search.knowledge.version;
  const remembered = stillValid(await memory.recall(ctx.chat?.id ?? 0, now), version);
  const context = stillValid(
    contextOfAnswer(message.reply_to_message, ctx.me, now, remembered) ?? remembered,
    version,
  );
  const small = smallTalkOf(text);
  if (small !== undefined) {
    ctx.outcome = "small_talk";
    await replyView(ctx, smallTalkView(viewContext(ctx), small, context !== undefined));
    return;
  }
  const followUp = followUpOf(text);
  if (followUp?.kind === "more") {
    if (context === undefined) {
      await replyView(ctx, nothingToContinueView(viewContext(ctx)));
      return;
    }
    await continueAnswer(ctx, context, message.message_id);
    return;
  }
  if (followUp !== undefined && context !== undefined && context.question !== "") {
    const change =
      followUp.kind === "subject" ? { subject: followUp.subject } : { cue: followUp.cue };
    const rephrased = ctx.services.search.rephrase(context.question, change);
    // The question as the bot read it heads the answer, so the reader can check it.
    await answerQuestion(ctx, rephrased, { replyTo: message.message_id, showQuestion: true });
    return;
  }
  await answerQuestion(ctx, text, { replyTo: message.message_id });
}

/** A question asked by a button: answered as a new message under the pressed one. */
async function askByButton(ctx: BotContext, question: string | undefined): Promise<void> {
  if (question === undefined) {
    await answerStale(ctx);
    return;
  }
  // Answered first: the question's answer may take the rest of the time budget.
  await ctx.answerCallbackQuery();
  await answerQuestion(ctx, question, {
    replyTo: ctx.callbackQuery?.message?.message_id,
    showQuestion: true,
  });
}
