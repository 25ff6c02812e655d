/**
 * Questions: any text in a private chat; in groups, what the gate let through
 * (a mention of the bot, with the mention removed, or a reply to the bot).
 */
import { Composer } from "grammy";
import { commandOf, isCommandForMe, questionOf } from "../addressing.js";
import { answerQuestion } from "../answering.js";
import type { BotContext } from "../context.js";
import { replyView, viewContext } from "../reply.js";
import { noticeView } from "../views.js";

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
  return composer;
}
