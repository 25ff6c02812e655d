/** /clusters: the innovation clusters as buttons, each opening its card, with "back" to the list. */
import { Composer } from "grammy";
import { onButton, showPressedView } from "../buttons.js";
import type { BotContext } from "../context.js";
import { replyView, viewContext } from "../reply.js";
import { clusterCardView, clusterListView } from "../views.js";

export function clustersFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("clusters", (ctx) => replyView(ctx, clusterListView(viewContext(ctx))));
  onButton(composer, "clusters", (ctx, _action, newMessage) =>
    showPressedView(ctx, clusterListView(viewContext(ctx)), newMessage),
  );
  onButton(composer, "cluster", (ctx, action, newMessage) =>
    showPressedView(ctx, clusterCardView(viewContext(ctx), action.id), newMessage),
  );
  return composer;
}
