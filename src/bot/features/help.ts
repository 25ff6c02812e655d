/** /help: what the bot knows, how to ask, groups and inline mode. */
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { replyView, viewContext } from "../reply.js";
import { helpView } from "../views.js";

export function helpFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("help", (ctx) => replyView(ctx, helpView(viewContext(ctx))));
  return composer;
}
