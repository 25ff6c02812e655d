/**
 * Everything that is not a text question: stickers, photos, voice, documents,
 * edited messages, channel posts. A short hint in private chats, silence in
 * groups (the gate already dropped what was not addressed to the bot).
 */
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { replyView, viewContext } from "../reply.js";
import { askHintView, noticeView } from "../views.js";

/** Messages a person sends (service messages such as a pinned message are left alone). */
const CONTENT = [
  "animation",
  "audio",
  "contact",
  "dice",
  "document",
  "game",
  "location",
  "photo",
  "poll",
  "sticker",
  "story",
  "venue",
  "video",
  "video_note",
  "voice",
  "caption",
] as const;

export function unsupportedFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("message", async (ctx) => {
    const isContent = CONTENT.some((key) => key in ctx.message);
    if (ctx.chat.type !== "private" || !isContent || ctx.message.via_bot?.id === ctx.me.id) {
      ctx.outcome = "ignored";
      return;
    }
    await replyView(ctx, askHintView(viewContext(ctx), "unsupported"));
  });
  composer.on("edited_message", async (ctx) => {
    if (ctx.chat.type !== "private") {
      ctx.outcome = "ignored";
      return;
    }
    await replyView(ctx, noticeView(viewContext(ctx), "unsupported-edited"));
  });
  // Channel posts and anything else: nothing to say.
  composer.use((ctx) => {
    ctx.outcome = "ignored";
  });
  return composer;
}
