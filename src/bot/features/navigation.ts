/**
 * Every button press. Parses the callback data (callback-data.ts), shows the
 * view it names, and always answers the callback query, so the client's
 * spinner stops; stale, forged or malformed data gets "this button is out of
 * date — ask again" and nothing else.
 */
import { Composer } from "grammy";
import { answerQuestion, recoverQuestion } from "../answering.js";
import { type CallbackAction, parseCallbackData } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { exampleQuestion } from "../examples.js";
import { showView, viewContext } from "../reply.js";
import {
  answerDocumentView,
  answerPageView,
  clusterCardView,
  clusterListView,
  documentView,
  eventCardView,
  eventListView,
  sourceListView,
  type View,
} from "../views.js";
import { chooseLanguage } from "./lang.js";

export function navigationFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("callback_query", async (ctx) => {
    const parsed = parseCallbackData(ctx.callbackQuery.data);
    // Buttons are only ever put on messages the bot sent to a chat; one under an
    // inline message (inline_message_id) or without data is not ours.
    if (parsed.kind === "stale" || ctx.callbackQuery.message === undefined) {
      ctx.services.logger.debug(
        { reason: parsed.kind === "stale" ? parsed.reason : "no message" },
        "stale button",
      );
      await stale(ctx);
      return;
    }
    await handle(ctx, parsed.action, parsed.newMessage);
  });
  return composer;
}

async function stale(ctx: BotContext): Promise<void> {
  ctx.outcome = "no_answer";
  await ctx.answerCallbackQuery({ text: ctx.t("toast-stale") });
}

async function handle(ctx: BotContext, action: CallbackAction, newMessage: boolean): Promise<void> {
  const message = ctx.callbackQuery?.message;
  switch (action.kind) {
    case "noop":
      await ctx.answerCallbackQuery();
      return;
    case "language":
      await chooseLanguage(ctx, action.lang);
      return;
    case "ask":
    case "example": {
      const question =
        action.kind === "ask" ? action.text : exampleQuestion(action.lang, action.index);
      if (question === undefined) {
        await stale(ctx);
        return;
      }
      // Answered first: the question's answer may take the rest of the time budget.
      await ctx.answerCallbackQuery();
      await answerQuestion(ctx, question, { replyTo: message?.message_id, showQuestion: true });
      return;
    }
    default: {
      const view = viewFor(ctx, action);
      if (view === undefined) {
        await stale(ctx);
        return;
      }
      await showView(ctx, view, newMessage);
      await ctx.answerCallbackQuery();
    }
  }
}

function viewFor(ctx: BotContext, action: CallbackAction): View | undefined {
  const vc = viewContext(ctx);
  switch (action.kind) {
    case "answer":
      return answerPageView(vc, action, recoverQuestion(ctx.callbackQuery?.message, ctx.me));
    case "answerDocument":
      return answerDocumentView(vc, action, action.page);
    case "clusters":
      return clusterListView(vc);
    case "cluster":
      return clusterCardView(vc, action.id);
    case "events":
      return eventListView(vc, action.page);
    case "event":
      return eventCardView(vc, action.id);
    case "sources":
      return sourceListView(vc, action.page);
    case "document":
      return documentView(vc, action.id, action.page, action.back);
    default:
      return undefined;
  }
}
