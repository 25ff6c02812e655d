/** /ask <question>: asks explicitly; how groups ask when privacy mode hides mentions. */
import { Composer } from "grammy";
import { answerQuestion, isAskable } from "../answering.js";
import type { BotContext } from "../context.js";
import { replyView, viewContext } from "../reply.js";
import { askHintView } from "../views.js";

export function askFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("ask", async (ctx) => {
    if (!isAskable(ctx.match)) {
      await replyView(ctx, askHintView(viewContext(ctx), "ask-hint"));
      return;
    }
    await answerQuestion(ctx, ctx.match, { replyTo: ctx.msgId });
  });
  return composer;
}
