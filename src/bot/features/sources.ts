/**
 * /sources: the source documents, paged; a document opens in pages, with
 * "back" to where it was opened from (the list, a cluster card or an event card).
 */
import { Composer } from "grammy";
import { onButton, showPressedView } from "../buttons.js";
import type { BotContext } from "../context.js";
import { replyView, viewContext } from "../reply.js";
import { documentView, sourceListView } from "../views.js";

export function sourcesFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("sources", (ctx) => replyView(ctx, sourceListView(viewContext(ctx), 0)));
  onButton(composer, "sources", (ctx, action, newMessage) =>
    showPressedView(ctx, sourceListView(viewContext(ctx), action.page), newMessage),
  );
  onButton(composer, "document", (ctx, action, newMessage) =>
    showPressedView(
      ctx,
      documentView(viewContext(ctx), action.id, action.page, action.back),
      newMessage,
    ),
  );
  return composer;
}
