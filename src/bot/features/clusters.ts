/** /clusters: the innovation clusters as buttons; cards and "back" are handled by navigation. */
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { replyView, viewContext } from "../reply.js";
import { clusterListView } from "../views.js";

export function clustersFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("clusters", (ctx) => replyView(ctx, clusterListView(viewContext(ctx))));
  return composer;
}
