/** /sources: the source documents; opening one (paged) is handled by navigation. */
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { replyView, viewContext } from "../reply.js";
import { sourceListView } from "../views.js";

export function sourcesFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("sources", (ctx) => replyView(ctx, sourceListView(viewContext(ctx), 0)));
  return composer;
}
