/** /events: visits, forums and sessions in date order (undated last), paged; cards via navigation. */
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { replyView, viewContext } from "../reply.js";
import { eventListView } from "../views.js";

export function eventsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.command("events", (ctx) => replyView(ctx, eventListView(viewContext(ctx), 0)));
  return composer;
}
