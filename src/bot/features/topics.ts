/** Topic cards: the people, organisations, places and forums the texts name, opened by their buttons. */
import { Composer } from "grammy";
import { onButton, showPressedView } from "../buttons.js";
import type { BotContext } from "../context.js";
import { viewContext } from "../reply.js";
import { topicCardView } from "../views.js";

export function topicsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  onButton(composer, "topic", (ctx, action, newMessage) =>
    showPressedView(ctx, topicCardView(viewContext(ctx), action.id), newMessage),
  );
  return composer;
}
