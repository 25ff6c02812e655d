/** Groups: silent on chatter; answers commands for it, mentions and replies; says hello once (flood control: flood-control.test.ts). */
import type { Message } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BotHarness, ENGLISH_USER, RUSSIAN_USER, textOf } from "../support/bot-harness.js";

let h: BotHarness;
beforeEach(() => {
  h = new BotHarness();
});
afterEach(() => {
  expect(h.problems()).toEqual([]);
});

const group = () => h.updates.supergroup();
const say = (
  text: string,
  options: {
    from?: typeof ENGLISH_USER;
    replyTo?: Message;
  } = {},
) =>
  h.text(text, {
    chat: group(),
    from: options.from ?? ENGLISH_USER,
    ...(options.replyTo && { replyTo: options.replyTo }),
  });
const questionsLogged = () => h.logLines.filter((l) => l.msg === "question").map((l) => l.question);

describe("in a group", () => {
  it("stays silent on chatter, other bots' commands, edits and stickers", async () => {
    expect(await say("When did the Tomsk delegation visit Tokyo?")).toEqual([]);
    expect(await say("/help@other_bot")).toEqual([]);
    expect(await say("/ask@other_bot When did the delegation visit Tokyo?")).toEqual([]);
    expect(await say("hi @someone_else, look")).toEqual([]);
    expect(await h.send(h.updates.sticker({ chat: group(), from: ENGLISH_USER }))).toEqual([]);
    const [original] = await say("/ask@test_coop_bot Which sectors is Italy interested in?");
    expect(original?.method).toBe("sendMessage");
    const asked = h.message(group().id, h.lastSent().reply_to_message?.message_id ?? 0);
    expect(await h.send(h.updates.editedMessage(asked, "/ask@test_coop_bot changed"))).toEqual([]);
    expect(h.updateLogs().filter((l) => l.outcome === "ignored")).toHaveLength(6);
  });

  it("answers /ask@thisbot as a reply to the asking message", async () => {
    const [reply] = await say("/ask@test_coop_bot When did the Tomsk delegation visit Tokyo?");
    expect(reply?.payload.chat_id).toBe(group().id);
    expect(reply?.payload.reply_parameters).toMatchObject({ allow_sending_without_reply: true });
    expect(textOf(reply)).toMatch(/^The delegation of the Tomsk region visited Tokyo/u);
    expect(questionsLogged().at(-1)).toBe("When did the Tomsk delegation visit Tokyo?");
  });

  it("answers plain commands and /cmd@thisbot", async () => {
    expect(textOf((await say("/help"))[0])).toMatch(/^ℹ️ What I know/u);
    expect(textOf((await say("/clusters@test_coop_bot"))[0])).toMatch(
      /^🏭 Innovation territorial clusters/u,
    );
    expect(textOf((await say("/start@test_coop_bot"))[0])).toMatch(/^👋 I answer questions/u);
    expect(textOf((await say("/nonsense@test_coop_bot"))[0])).toMatch(/^🤔/u);
    expect(await say("/nonsense")).toEqual([]);
  });

  it("answers a mention with the mention taken out of the question", async () => {
    const [reply] = await say("@test_coop_bot which sectors is Italy interested in?", {
      from: RUSSIAN_USER,
    });
    expect(textOf(reply)).toContain("nanotechnology");
    expect(textOf(reply)).toContain("источник:");
    expect(questionsLogged().at(-1)).toBe("which sectors is Italy interested in?");
    await say("When did the delegation visit Tokyo, @Test_Coop_Bot?");
    expect(questionsLogged().at(-1)).toBe("When did the delegation visit Tokyo, ?");
    const [hint] = await say("@test_coop_bot");
    expect(textOf(hint)).toMatch(/^✍️/u);
  });

  it("answers replies to its own messages, and only those", async () => {
    await say("/ask@test_coop_bot When did the Tomsk delegation visit Tokyo?");
    const answer = h.lastSent();
    const [reply] = await say("and which sectors is Italy interested in?", { replyTo: answer });
    expect(textOf(reply)).toContain("nanotechnology");
    const userMessage = h.message(group().id, answer.message_id - 1);
    expect(await say("which sectors is Italy interested in?", { replyTo: userMessage })).toEqual(
      [],
    );
  });

  it("lets anyone page an answer in the group, by editing it", async () => {
    await say("/ask@test_coop_bot When did the Tomsk delegation visit Tokyo?");
    const calls = await h.press(h.lastSent(), "▶", RUSSIAN_USER);
    expect(calls.map((c) => c.method)).toEqual(["answerCallbackQuery", "editMessageText"]);
  });

  it("says one short hello when added, and nothing on other membership changes", async () => {
    const [hello] = await h.send(h.updates.addedToGroup({ chat: group(), by: ENGLISH_USER }));
    expect(hello?.method).toBe("sendMessage");
    expect(textOf(hello)).toMatch(/^👋 Hello!.*\/ask@test_coop_bot/su);
    expect(hello?.payload.reply_markup).toBeUndefined();
    const promoted = h.updates.addedToGroup({ chat: group(), asAdmin: true });
    const update = {
      ...promoted,
      my_chat_member: {
        ...promoted.my_chat_member,
        old_chat_member: { status: "member", user: promoted.my_chat_member?.new_chat_member.user },
      },
    };
    expect(await h.send(update as never)).toEqual([]);
    const [ru] = await h.send(
      h.updates.addedToGroup({ chat: h.updates.group(), by: RUSSIAN_USER }),
    );
    expect(textOf(ru)).toMatch(/^👋 Здравствуйте!/u);
  });
});
