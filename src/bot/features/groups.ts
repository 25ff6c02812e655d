/**
 * Groups: a short hello when the bot is added. (Which group messages reach the
 * handlers at all is decided earlier, by addressing.ts's gate; mentions and
 * replies are then answered by the question feature.)
 */
import { Composer } from "grammy";
import type { ChatMember } from "grammy/types";
import type { BotContext } from "../context.js";
import { sendView, viewContext } from "../reply.js";
import { groupHelloView } from "../views.js";

const isIn = (member: ChatMember) =>
  member.status === "member" ||
  member.status === "administrator" ||
  member.status === "creator" ||
  (member.status === "restricted" && member.is_member);

export function groupsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("my_chat_member", async (ctx) => {
    const { chat, old_chat_member, new_chat_member } = ctx.myChatMember;
    const group = chat.type === "group" || chat.type === "supergroup";
    // Only on joining: promotions, restrictions and leaving say nothing.
    if (!group || isIn(old_chat_member) || !isIn(new_chat_member)) {
      ctx.outcome = "ignored";
      return;
    }
    await sendView(ctx, groupHelloView(viewContext(ctx), "group-hello"));
  });
  return composer;
}
