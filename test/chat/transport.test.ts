/** The local Bot API on its own: Telegram's results and Telegram's refusals. */
import { Api } from "grammy";
import { describe, expect, it } from "vitest";
import { LOCAL_BOT_INFO } from "../../src/chat/session.js";
import { type ChatEvent, LocalBotApi } from "../../src/chat/transport.js";

function setUp() {
  const events: ChatEvent[] = [];
  const local = new LocalBotApi({ botInfo: LOCAL_BOT_INFO, onEvent: (e) => events.push(e) });
  const api = new Api("0:local-chat", { apiRoot: "http://127.0.0.1:9" });
  api.config.use(local.transformer);
  const chat = { id: 42, type: "private" as const, first_name: "You" };
  const user = { id: 42, is_bot: false, first_name: "You" };
  const question = local.userMessage(chat, user, { text: "hi" });
  return { local, api, events, question };
}

describe("LocalBotApi", () => {
  it("answers sendMessage like Telegram: ids, plain text and entities, the reply", async () => {
    const { api, question, events } = setUp();
    const sent = await api.sendMessage(42, "<b>Hello</b> &amp; welcome", {
      parse_mode: "HTML",
      reply_parameters: { message_id: question.message_id },
      reply_markup: { inline_keyboard: [[{ text: "▶", callback_data: "v1:next" }]] },
    });
    expect(sent.message_id).toBe(question.message_id + 1);
    expect(sent.text).toBe("Hello & welcome");
    expect(sent.entities).toEqual([{ type: "bold", offset: 0, length: 5 }]);
    expect(sent.reply_to_message?.message_id).toBe(question.message_id);
    expect(sent.from?.id).toBe(LOCAL_BOT_INFO.id);
    expect(events.map((e) => e.kind)).toEqual(["message"]);
  });

  it("never calls the network", async () => {
    const { api } = setUp();
    // The API root above is a closed port: a real request would fail.
    await expect(api.getMe()).resolves.toEqual(LOCAL_BOT_INFO);
    await expect(api.sendChatAction(42, "typing")).resolves.toBe(true);
  });

  it("refuses HTML Telegram cannot parse, over-long texts and oversized callback data", async () => {
    const { api, events } = setUp();
    await expect(api.sendMessage(42, "<b>open", { parse_mode: "HTML" })).rejects.toThrow(
      /can't parse entities/,
    );
    await expect(api.sendMessage(42, "x".repeat(4097))).rejects.toThrow(/message is too long/);
    await expect(
      api.sendMessage(42, "hi", {
        reply_markup: { inline_keyboard: [[{ text: "b", callback_data: "x".repeat(65) }]] },
      }),
    ).rejects.toThrow(/BUTTON_DATA_INVALID/);
    expect(events.filter((e) => e.kind === "refused")).toHaveLength(3);
  });

  it("refuses an edit that changes nothing, and edits otherwise", async () => {
    const { api } = setUp();
    const sent = await api.sendMessage(42, "one");
    await expect(api.editMessageText(42, sent.message_id, "one")).rejects.toThrow(
      /message is not modified/,
    );
    const edited = await api.editMessageText(42, sent.message_id, "two");
    expect(edited).toMatchObject({ text: "two", message_id: sent.message_id });
  });

  it("accepts one answer per callback query, and none for unknown ones", async () => {
    const { api, local, events } = setUp();
    local.expectCallbackAnswer("q1");
    await expect(api.answerCallbackQuery("q1", { text: "Out of date" })).resolves.toBe(true);
    expect(events.at(-1)).toEqual({ kind: "notice", text: "Out of date", alert: false });
    await expect(api.answerCallbackQuery("q1")).rejects.toThrow(/query is too old/);
    await expect(api.answerCallbackQuery("nope")).rejects.toThrow(/query is too old/);
  });

  it("checks inline answers: at most 50 results with unique ids", async () => {
    const { api, local } = setUp();
    const article = (id: string) => ({
      type: "article" as const,
      id,
      title: id,
      input_message_content: { message_text: id },
    });
    local.expectInlineAnswer("i1", "q");
    await expect(api.answerInlineQuery("i1", [article("a"), article("a")])).rejects.toThrow(
      /RESULT_ID_DUPLICATE/,
    );
    local.expectInlineAnswer("i2", "q");
    await expect(api.answerInlineQuery("i2", [article("a"), article("b")])).resolves.toBe(true);
  });

  it("records setMyCommands per scope and language", async () => {
    const { api, local } = setUp();
    await api.setMyCommands([{ command: "help", description: "Help" }], {
      scope: { type: "all_private_chats" },
    });
    expect(local.commands.get("all_private_chats/")).toEqual([
      { command: "help", description: "Help" },
    ]);
    await expect(api.setMyCommands([{ command: "Bad-Name", description: "x" }])).rejects.toThrow(
      /BOT_COMMAND_INVALID/,
    );
  });
});
