/**
 * /events: visits, forums and sessions in date order (undated last), paged;
 * each opens its card, whose "back" returns to the page that lists it.
 */
import { Composer } from "grammy";
import { onButton, showPressedView } from "../buttons.js";
import type { BotContext } from "../context.js";
import { replyView, viewContext } from "../reply.js";
import { eventCardView, eventListView } from "../views.js";

export function eventsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("events", (ctx) => replyView(ctx, eventListView(viewContext(ctx), 0)));
  onButton(composer, "events", (ctx, action, newMessage) =>
    showPressedView(ctx, eventListView(viewContext(ctx), action.page), newMessage),
  );
  onButton(composer, "event", (ctx, action, newMessage) =>
    showPressedView(ctx, eventCardView(viewContext(ctx), action.id), newMessage),
  );
  return composer;
}
