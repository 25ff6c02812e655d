import { describe, expect, it } from "vitest";
import { DEFAULT_USER, detectEntities, UpdateFactory } from "../../src/telegram-sim/index.js";

/** The value, failing the test if it is missing. */
function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("expected a value");
  return value;
}

const slice = (text: string, entity: { offset: number; length: number }) =>
  text.slice(entity.offset, entity.offset + entity.length);

describe("detectEntities", () => {
  it("finds commands, mentions, hashtags and URLs with UTF-16 offsets", () => {
    const text =
      "😀 /find@tomsk_coop_bot Томск #экспорт, спросите @alice_tester: https://tomsk.gov.ru/x.";
    const entities = detectEntities(text);
    expect(entities.map((entity) => [entity.type, slice(text, entity)])).toEqual([
      ["bot_command", "/find@tomsk_coop_bot"],
      ["hashtag", "#экспорт"],
      ["mention", "@alice_tester"],
      ["url", "https://tomsk.gov.ru/x"],
    ]);
    // The emoji is two UTF-16 units, then a space.
    expect(entities[0]?.offset).toBe(3);
  });

  it("does not take paths, e-mail addresses or fractions for commands and mentions", () => {
    expect(detectEntities("a/b 1/2 mail@example.com")).toEqual([]);
  });
});

describe("UpdateFactory", () => {
  it("numbers updates and messages per chat", () => {
    const factory = new UpdateFactory({ now: () => 1_700_000_000 });
    const first = factory.textMessage("/start");
    const second = factory.textMessage("ещё");
    const group = factory.textMessage("в группе", { chat: factory.supergroup() });
    expect([first.update_id, second.update_id, group.update_id]).toEqual([1, 2, 3]);
    expect([
      first.message?.message_id,
      second.message?.message_id,
      group.message?.message_id,
    ]).toEqual([1, 2, 1]);
    expect(first.message).toEqual({
      message_id: 1,
      from: DEFAULT_USER,
      chat: {
        id: DEFAULT_USER.id,
        type: "private",
        first_name: "Alice",
        last_name: "Tester",
        username: "alice_tester",
      },
      date: 1_700_000_000,
      text: "/start",
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
    });
  });

  it("builds commands, replies, edits, callback and inline queries", () => {
    const factory = new UpdateFactory();
    const command = factory.command("find", "экспорт леса", { addressed: true }).message;
    expect(command?.text).toBe("/find@test_coop_bot экспорт леса");
    expect(command?.entities).toEqual([{ type: "bot_command", offset: 0, length: 19 }]);

    const question = must(factory.textMessage("вопрос").message);
    const reply = must(factory.textMessage("ответ", { replyTo: question }).message);
    expect(reply.reply_to_message?.text).toBe("вопрос");

    const edited = factory.editedMessage(reply, "исправлено").edited_message;
    expect(edited).toMatchObject({ message_id: reply.message_id, text: "исправлено" });
    expect(edited?.edit_date).toBeTypeOf("number");

    const press = factory.callbackQuery(reply, "page:2").callback_query;
    expect(press).toMatchObject({
      data: "page:2",
      from: { id: DEFAULT_USER.id },
      message: { text: "ответ" },
    });
    const inline = factory.inlineQuery("лес").inline_query;
    expect(inline).toMatchObject({ query: "лес", offset: "", chat_type: "private" });
    expect(inline?.id).not.toBe(press?.id);
  });

  it("builds my_chat_member, stickers, photos and channel posts", () => {
    const factory = new UpdateFactory();
    const added = factory.addedToGroup({ asAdmin: true }).my_chat_member;
    expect(added?.old_chat_member.status).toBe("left");
    expect(added?.new_chat_member).toMatchObject({
      status: "administrator",
      user: { username: "test_coop_bot", is_bot: true },
    });
    expect(factory.sticker({ emoji: "🔥" }).message?.sticker?.emoji).toBe("🔥");
    const photo = factory.photo({ caption: "см. #отчёт" }).message;
    expect(photo?.photo).toHaveLength(3);
    expect(photo?.caption_entities).toEqual([{ type: "hashtag", offset: 4, length: 6 }]);
    const post = factory.channelPost("Новости").channel_post;
    expect(post).toMatchObject({
      chat: { type: "channel" },
      sender_chat: { type: "channel" },
      text: "Новости",
    });
    expect(post?.from).toBeUndefined();
  });
});
