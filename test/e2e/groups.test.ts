/**
 * End to end, groups: the bot as `npm start` runs it, in groups whose messages the Telegram
 * simulator delivers as Telegram does — all of them when the bot reads every message (privacy mode
 * off, or an admin), and with privacy mode on (Telegram's default) only commands for the bot and
 * replies to it. The bot speaks only when spoken to, and every reply is a reply to the asker.
 */
import type { Chat, Message } from "grammy/types";
import { describe, expect, it } from "vitest";
import { buttonLabels, type Exchange, freshUser, textOf } from "../support/conversation.js";
import { E2E_TIMEOUT, useRunningBot } from "../support/running-bot.js";

const TOKYO = "When did the Tomsk delegation visit Tokyo?";
const ITALY = "Which sectors is Italy interested in?";

/** The bot said nothing at all about the update. */
function silent(exchange: Exchange): void {
  expect(exchange.outcome).toBe("ignored");
  expect(exchange.calls).toEqual([]);
}

/** The bot sent exactly one message, replying to the update's message; returns it. */
function repliedTo(exchange: Exchange): Message {
  expect(exchange.sent).toHaveLength(1);
  const reply = exchange.sent[0] as Message;
  expect(reply.reply_to_message?.message_id).toBe(exchange.update.message?.message_id);
  return reply;
}

describe.concurrent("a group whose every message the bot receives (privacy mode off)", {
  timeout: E2E_TIMEOUT,
}, () => {
  const running = useRunningBot({ simulator: { privacyMode: false } });

  it("says hello once when added, stays silent on chatter, answers mentions and replies to itself", async () => {
    const { api, talk } = running();
    const group: Chat = api.updates.supergroup({ id: -1_001_000_000_101, title: "Exporters" });
    const alice = freshUser();
    const bob = freshUser({ language_code: "ru" });
    const say = (text: string, replyTo?: Message, from = alice) =>
      talk.say(from, text, { chat: group, ...(replyTo && { replyTo }) });

    const added = await talk.deliver(api.updates.addedToGroup({ chat: group, by: alice }));
    expect(added.sent).toHaveLength(1);
    expect(textOf(added.sent[0])).toMatch(/^👋 Hello!.*\/ask@test_coop_bot/su);

    silent(await say(TOKYO));
    silent(await say("/help@other_bot"));
    silent(await say(`/ask@other_bot ${TOKYO}`));
    silent(await say("hi @someone_else, look at this"));
    silent(await talk.deliver(api.updates.sticker({ chat: group, from: alice })));

    const mentioned = await say(`@${api.botInfo.username} ${TOKYO}`);
    const answer = repliedTo(mentioned);
    expect(textOf(answer)).toContain("Tokyo");

    const followUp = repliedTo(await say(ITALY, answer, bob));
    expect(textOf(followUp)).toContain("Italy");
    // A reply to someone else is chatter.
    silent(await say(ITALY, mentioned.update.message as Message, bob));

    // Anyone in the group may page the answer: the same message is edited.
    const paged = await talk.press(bob, answer, "▶");
    expect(paged.sent).toEqual([]);
    expect(paged.edited.map((m) => m.message_id)).toEqual([answer.message_id]);
    expect(paged.callbackAnswers).toHaveLength(1);
  });

  it("answers /cmd@thisbot and plain commands, ignores edits and unknown plain commands", async () => {
    const { api, talk } = running();
    const group: Chat = api.updates.group({ id: -4_000_000_102, title: "Small group" });
    const alice = freshUser();
    const say = (text: string) => talk.say(alice, text, { chat: group });

    expect(textOf(repliedTo(await say("/help@test_coop_bot")))).toMatch(/^ℹ️ What I know/u);
    expect(textOf(repliedTo(await say("/clusters")))).toMatch(/^🏭 Innovation/u);
    silent(await say("/nonsense"));
    const asked = await say(`/ask@test_coop_bot ${ITALY}`);
    expect(textOf(repliedTo(asked))).toContain("Italy");
    silent(
      await talk.deliver(api.updates.editedMessage(asked.update.message as Message, "/ask@x y")),
    );
  });
});

describe.concurrent("a group with privacy mode on (Telegram's default)", {
  timeout: E2E_TIMEOUT,
}, () => {
  const running = useRunningBot({ simulator: { privacyMode: true } });

  it("is fully usable through /ask@thisbot and replies, the only messages Telegram delivers", async () => {
    const { api, talk } = running();
    const group: Chat = api.updates.supergroup({ id: -1_001_000_000_201, title: "Private-mode" });
    const alice = freshUser();
    // Telegram keeps plain mentions from a bot in privacy mode: they never reach it.
    const mention = api.updates.textMessage(`@${api.botInfo.username} ${TOKYO}`, {
      from: alice,
      chat: group,
    });
    expect(api.pushUpdate(mention)).toMatchObject({
      queued: false,
      droppedBecause: "privacy_mode",
    });

    const answer = repliedTo(await talk.say(alice, `/ask@test_coop_bot ${TOKYO}`, { chat: group }));
    expect(textOf(answer)).toContain("Tokyo");
    expect(buttonLabels(answer.reply_markup)[0]).toContain("▶");
    const followUp = await talk.say(alice, ITALY, { chat: group, replyTo: answer });
    expect(textOf(repliedTo(followUp))).toContain("Italy");
  });
});
