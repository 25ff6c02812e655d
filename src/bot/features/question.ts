/**
 * Questions and their answers: any text in a private chat; in groups, what the
 * gate let through (a mention of the bot, with the mention removed, or a reply
 * to the bot). The buttons that ask (a "did you mean" suggestion, an example,
 * a suggested next question) and those that page through answers — or a
 * hedge's closest passages — and the document an answer quotes belong here too.
 */
import { Composer } from "grammy";
import { commandOf, isCommandForMe, questionOf } from "../addressing.js";
import { answerQuestion, recoverQuestion } from "../answering.js";
import { answerStale, onButton, showPressedView } from "../buttons.js";
import type { BotContext } from "../context.js";
import { exampleQuestion } from "../examples.js";
import { replyView, viewContext } from "../reply.js";
import { answerDocumentView, answerPageView, noticeView } from "../views.js";

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
    const question = ctx.chat.type === "private" ? message.text : questionOf(message, ctx.me);
    await answerQuestion(ctx, question, { replyTo: message.message_id });
  });

  for (const hedge of [false, true]) {
    onButton(composer, hedge ? "hedge" : "answer", (ctx, action, newMessage) => {
      const question = recoverQuestion(ctx.callbackQuery?.message, ctx.me);
      const view = answerPageView(viewContext(ctx), action, question, hedge);
      return showPressedView(ctx, view, newMessage);
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
