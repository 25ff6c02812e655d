/**
 * Hostile and odd input, property-based: fast-check generates whole updates — messages in
 * private chats and groups with arbitrary texts (huge, empty, control characters, RTL and
 * zero-width marks, HTML and Markdown injection, emoji, mixed scripts) and bogus entities
 * (offsets past the end, negative, overlapping), replies, edits, stickers and captioned photos,
 * button presses with stale, forged and mutated callback data on the bot's real messages,
 * inline queries and membership changes — and runs them in-process through createBot, whose
 * every Bot API call is checked by the Telegram simulator (bot-harness.ts).
 *
 * For every generated sequence: bot.handleUpdate resolves; no call Telegram would refuse; every
 * callback query answered exactly once; every message a person sends in a private chat gets
 * exactly one reply; nothing is logged at error level. Afterwards a normal question is still
 * answered. Seeded, so a failure reproduces.
 *
 * (test/bot/robustness.test.ts runs hostile texts through the same harness; this adds whole
 * updates, entities and callback data, and the reply and error-log properties.)
 */
import fc from "fast-check";
import type { Chat, Message, MessageEntity, Update, User } from "grammy/types";
import { describe, expect, it } from "vitest";
import { parseCallbackData } from "../../src/bot/callback-data.js";
import { parseTelegramHtml } from "../../src/telegram-sim/index.js";
import {
  allButtons,
  BOT_INFO,
  BotHarness,
  ENGLISH_USER,
  type RecordedCall,
} from "../support/bot-harness.js";

const SEED = 20_261_123;
const TOKYO = "When did the Tomsk delegation visit Tokyo?";

/** Users with every kind of language_code Telegram sends (or does not). */
const USERS: readonly User[] = [
  ENGLISH_USER,
  { id: 3_100_001, is_bot: false, first_name: "Вера", language_code: "ru" },
  { id: 3_100_002, is_bot: false, first_name: "Оксана", language_code: "uk" },
  { id: 3_100_003, is_bot: false, first_name: "Anon" },
  { id: 3_100_004, is_bot: false, first_name: "Zed", language_code: "zz-ZZ" },
  { id: 3_100_005, is_bot: false, first_name: "‮evil", language_code: "" },
];

const SUPERGROUP: Chat = {
  id: -1_001_555_000_001,
  type: "supergroup",
  title: "<b>Hostile</b> & co",
};
const GROUP: Chat = { id: -4_555_000_002, type: "group", title: "Small" };

/** Pieces hostile texts are made of. */
const FRAGMENTS = [
  "<b>",
  "</b>",
  "<i>x</i>",
  "&amp;",
  "&",
  "&lt;",
  "&#0;",
  "</a>",
  '<a href="javascript:alert(1)">',
  "<script>alert(1)</script>",
  "<tg-spoiler>",
  "**bold**",
  "__u__",
  "[x](http://e.com)",
  "`code`",
  "```pre```",
  "\\",
  "\u202e",
  "\u202c",
  "\u2066",
  "\u200b",
  "\u200d",
  "\u200f",
  "\ufeff",
  "\u0000",
  "\u0007",
  "\u001b[31m",
  "\u0085",
  "\u2028",
  "\r\n",
  "\t",
  "\u00a0",
  "😀",
  "🇷🇺",
  "👩‍👩‍👧",
  "e\u0301",
  "Токио",
  "Tokyo",
  "delegation",
  "Tomsk",
  "東京",
  "مرحبا",
  "שלום",
  " ",
  " ",
  "@test_coop_bot",
  "@Test_Coop_Bot",
  "@other_bot",
  "/ask",
  "/ask@test_coop_bot",
  "/help@other_bot",
  "/start",
  "/lang",
  "#tag",
  "http://x.y/z?a=<b>",
  "the",
  "и",
  "42",
  "?",
];

const hostileText = fc
  .oneof(
    {
      weight: 4,
      arbitrary: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 25 }).map((p) => p.join("")),
    },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 200 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "",
        " ",
        "\n",
        "x".repeat(4096),
        "Tokyo ".repeat(700).slice(0, 4096),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...FRAGMENTS), fc.integer({ min: 100, max: 4096 }))
        .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length)),
    },
  )
  .map((text) => cutToUtf16(text, 4096));

/** At most `max` UTF-16 units, never splitting a surrogate pair (Telegram sends valid text). */
function cutToUtf16(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/** At most `max` UTF-8 bytes, cut at a code point. */
function cutToBytes(text: string, max: number): string {
  let out = "";
  for (const char of text) {
    if (Buffer.byteLength(out + char) > max) break;
    out += char;
  }
  return out;
}

type EntityPlan =
  | { kind: "detected" }
  | { kind: "none" }
  | {
      kind: "bogus";
      entities: { type: string; offset: number; length: number; toBot: boolean }[];
    };

const entityPlan: fc.Arbitrary<EntityPlan> = fc.oneof(
  fc.constant<EntityPlan>({ kind: "detected" }),
  fc.constant<EntityPlan>({ kind: "none" }),
  fc.record({
    kind: fc.constant("bogus" as const),
    entities: fc.array(
      fc.record({
        type: fc.constantFrom(
          "bot_command",
          "mention",
          "text_mention",
          "hashtag",
          "url",
          "bold",
          "text_link",
          "custom_emoji",
        ),
        offset: fc.integer({ min: -5, max: 5000 }),
        length: fc.integer({ min: -3, max: 5000 }),
        toBot: fc.boolean(),
      }),
      { maxLength: 6 },
    ),
  }),
);

type ChatChoice = "private" | "supergroup" | "group";
const chatChoice = fc.constantFrom<ChatChoice>("private", "private", "supergroup", "group");
const userIndex = fc.nat({ max: USERS.length - 1 });

/** Data a button press carries: real, mutated, crafted or random. */
type DataPlan =
  | { kind: "real"; pick: number }
  | {
      kind: "mutated";
      pick: number;
      field: number;
      value: string;
      mode: "replace" | "append" | "cut";
    }
  | { kind: "literal"; data: string }
  | { kind: "none" };

const dataField = fc.oneof(
  fc.constantFrom(
    "",
    "0",
    "1",
    "999",
    "1000",
    "-1",
    "01",
    "en",
    "ru",
    "de",
    "timber",
    "no-such-id",
    "c",
    "e",
    "ctimber",
    "e-",
    "+",
    "++",
    "zzzzzz",
    "5.0",
    "1.2,3.4",
    ",,",
    "<b>",
    "&amp;",
  ),
  fc.string({ unit: "grapheme-ascii", maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 6 }),
);

const dataPlan: fc.Arbitrary<DataPlan> = fc.oneof(
  // A button the bot really sent, as it is.
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("real" as const), pick: fc.nat() }) },
  // …with a field replaced, one added, or cut short (wrong versions, ids, pages).
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("mutated" as const),
      pick: fc.nat(),
      field: fc.nat({ max: 5 }),
      value: dataField,
      mode: fc.constantFrom("replace" as const, "append" as const, "cut" as const),
    }),
  },
  // Valid-looking: a version digit, a kind letter, fields.
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom("1", "0", "2", "9", "a"),
        fc.constantFrom(..."aAqxCcEeSdlnzZ1|".split("")),
        fc.array(dataField, { maxLength: 5 }),
      )
      .map(
        ([version, kind, fields]): DataPlan => ({
          kind: "literal",
          data: [`${version}${kind}`, ...fields].join("|"),
        }),
      ),
  },
  // A forged "ask", carrying hostile text straight into an answer's header.
  {
    weight: 1,
    arbitrary: hostileText.map((text): DataPlan => ({ kind: "literal", data: `1q|${text}` })),
  },
  {
    weight: 1,
    arbitrary: fc
      .string({ unit: "binary", maxLength: 64 })
      .map((data): DataPlan => ({ kind: "literal", data })),
  },
  // No data at all (a game button).
  { weight: 1, arbitrary: fc.constant<DataPlan>({ kind: "none" }) },
);

type Plan =
  | {
      kind: "text" | "caption";
      chat: ChatChoice;
      user: number;
      text: string;
      entities: EntityPlan;
      reply: "none" | "bot" | "user";
      pick: number;
      viaBot: boolean;
    }
  | { kind: "edit"; chat: ChatChoice; user: number; text: string; pick: number }
  | { kind: "sticker"; chat: ChatChoice; user: number }
  | {
      kind: "press";
      user: number;
      pick: number;
      data: DataPlan;
      where: "message" | "inaccessible" | "inline";
    }
  | { kind: "inline"; user: number; query: string; offset: string }
  | { kind: "member"; chat: ChatChoice; user: number; from: string; to: string };

const memberStatus = fc.constantFrom("left", "kicked", "member", "administrator", "restricted");

const plan: fc.Arbitrary<Plan> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constantFrom("text" as const, "text" as const, "caption" as const),
      chat: chatChoice,
      user: userIndex,
      text: hostileText,
      entities: entityPlan,
      reply: fc.constantFrom("none" as const, "bot" as const, "user" as const),
      pick: fc.nat(),
      // Now and then our own answer, posted through inline mode.
      viaBot: fc.nat({ max: 9 }).map((n) => n === 0),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("edit" as const),
      chat: chatChoice,
      user: userIndex,
      text: hostileText,
      pick: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("sticker" as const),
      chat: chatChoice,
      user: userIndex,
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("press" as const),
      user: userIndex,
      pick: fc.nat(),
      data: dataPlan,
      where: fc.oneof(
        { weight: 6, arbitrary: fc.constant("message" as const) },
        { weight: 1, arbitrary: fc.constant("inaccessible" as const) },
        { weight: 1, arbitrary: fc.constant("inline" as const) },
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("inline" as const),
      user: userIndex,
      query: hostileText.map((t) => cutToUtf16(t, 256)),
      offset: fc.string({ maxLength: 64 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("member" as const),
      chat: chatChoice,
      user: userIndex,
      from: memberStatus,
      to: memberStatus,
    }),
  },
);

const pickFrom = <T>(items: readonly T[], index: number): T | undefined =>
  items.length === 0 ? undefined : items[index % items.length];

/** Builds real updates from plans, against the harness's chats and the bot's real messages. */
class UpdateBuilder {
  readonly #sent = new Map<string, Message>();

  constructor(private readonly h: BotHarness) {}

  user(index: number): User {
    return USERS[index % USERS.length] as User;
  }

  chat(choice: ChatChoice, user: User): Chat {
    return choice === "private"
      ? this.h.updates.privateChat(user)
      : choice === "group"
        ? GROUP
        : SUPERGROUP;
  }

  /** The bot's messages (current versions), optionally in one chat. */
  botMessages(chatId?: number): Message[] {
    return this.h
      .sentMessages()
      .filter((m) => chatId === undefined || m.chat.id === chatId)
      .map((m) => this.h.current(m));
  }

  /** Messages people sent in a chat, as built here (latest version). */
  userMessages(chatId: number): Message[] {
    return [...this.#sent.values()]
      .filter((m) => m.chat.id === chatId)
      .map((m) => this.h.current(m));
  }

  /** Remembers the message of an update built here, so later plans can reply to or edit it. */
  #remember(update: Update): Update {
    const message = update.message;
    if (message) this.#sent.set(`${message.chat.id}:${message.message_id}`, message);
    return update;
  }

  entities(plan: EntityPlan): MessageEntity[] | undefined {
    if (plan.kind === "none") return undefined;
    if (plan.kind === "detected") return undefined; // the factory detects them
    return plan.entities.map((e) => {
      const base = { offset: e.offset, length: e.length };
      switch (e.type) {
        case "text_mention":
          return {
            ...base,
            type: "text_mention",
            user: e.toBot
              ? { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name }
              : { id: 42, is_bot: false, first_name: "Someone" },
          } as MessageEntity;
        case "text_link":
          return { ...base, type: "text_link", url: "http://example.com/<b>" } as MessageEntity;
        case "custom_emoji":
          return { ...base, type: "custom_emoji", custom_emoji_id: "1" } as MessageEntity;
        default:
          return { ...base, type: e.type } as MessageEntity;
      }
    });
  }

  build(p: Plan): Update | undefined {
    const h = this.h;
    switch (p.kind) {
      case "text":
      case "caption": {
        const from = this.user(p.user);
        const chat = this.chat(p.chat, from);
        const replyTo =
          p.reply === "bot"
            ? pickFrom(this.botMessages(chat.id), p.pick)
            : p.reply === "user"
              ? pickFrom(this.userMessages(chat.id), p.pick)
              : undefined;
        const options = { from, chat, ...(replyTo && { replyTo }) };
        const update =
          p.kind === "text"
            ? h.updates.textMessage(p.text, options)
            : h.updates.photo({ ...options, caption: p.text });
        const message = update.message as Message;
        const entities = this.entities(p.entities);
        if (p.entities.kind !== "detected") {
          const field = p.kind === "text" ? "entities" : "caption_entities";
          if (entities === undefined) delete message[field];
          else message[field] = entities;
        }
        if (p.viaBot) {
          message.via_bot = {
            id: BOT_INFO.id,
            is_bot: true,
            first_name: BOT_INFO.first_name,
            username: BOT_INFO.username,
          };
        }
        return this.#remember(update);
      }
      case "edit": {
        const from = this.user(p.user);
        const chat = this.chat(p.chat, from);
        const original = pickFrom(
          this.userMessages(chat.id).filter((m) => m.from?.id === from.id),
          p.pick,
        );
        return original && h.updates.editedMessage(original, p.text);
      }
      case "sticker": {
        const from = this.user(p.user);
        return this.#remember(h.updates.sticker({ from, chat: this.chat(p.chat, from) }));
      }
      case "press": {
        const from = this.user(p.user);
        const message = pickFrom(this.botMessages(), p.pick);
        if (!message) return undefined;
        const data = this.data(p.data, message);
        const update = h.updates.callbackQuery(message, data ?? "", { from });
        const query = update.callback_query as NonNullable<Update["callback_query"]>;
        if (data === undefined) delete (query as { data?: string }).data;
        if (p.where === "inaccessible") {
          query.message = { chat: message.chat, message_id: message.message_id, date: 0 };
        } else if (p.where === "inline") {
          delete query.message;
          query.inline_message_id = "AAAAAFakeInlineMessageId";
        }
        return update;
      }
      case "inline":
        return h.updates.inlineQuery(p.query, { from: this.user(p.user), offset: p.offset });
      case "member": {
        const from = this.user(p.user);
        const chat = this.chat(p.chat, from);
        const bot = {
          id: BOT_INFO.id,
          is_bot: true,
          first_name: BOT_INFO.first_name,
          username: BOT_INFO.username,
        };
        const member = (status: string) =>
          status === "restricted"
            ? { status, user: bot, is_member: true, until_date: 0 }
            : status === "administrator"
              ? {
                  status,
                  user: bot,
                  can_be_edited: false,
                  is_anonymous: false,
                  can_manage_chat: true,
                }
              : status === "kicked"
                ? { status, user: bot, until_date: 0 }
                : { status, user: bot };
        return h.updates.numbered({
          my_chat_member: {
            chat,
            from,
            date: Math.floor(Date.now() / 1000),
            old_chat_member: member(p.from),
            new_chat_member: member(p.to),
          },
        } as never);
      }
    }
  }

  /** The callback data a press carries. */
  data(plan: DataPlan, message: Message): string | undefined {
    const real = allButtons(message.reply_markup)
      .filter((b): b is typeof b & { callback_data: string } => "callback_data" in b)
      .map((b) => b.callback_data);
    switch (plan.kind) {
      case "none":
        return undefined;
      case "literal":
        return cutToBytes(plan.data, 64) || "x";
      case "real":
        return pickFrom(real, plan.pick) ?? "1n";
      case "mutated": {
        const original = pickFrom(real, plan.pick) ?? "1C";
        const fields = original.split("|");
        if (plan.mode === "cut") return fields.slice(0, Math.max(1, plan.field)).join("|");
        if (plan.mode === "append") fields.push(plan.value);
        else fields[Math.min(plan.field, fields.length - 1)] = plan.value;
        return cutToBytes(fields.join("|"), 64) || "x";
      }
    }
  }
}

/** One update and the calls the bot made while handling it. */
interface Handled {
  readonly update: Update;
  readonly calls: readonly RecordedCall[];
}

/** What went wrong while handling these updates, as readable lines (empty if all is well). */
function problemsOf(handled: readonly Handled[]): string[] {
  const found: string[] = [];
  for (const { update, calls } of handled) {
    for (const call of calls) {
      if (call.error !== null) found.push(`${call.method} refused: ${call.error.description}`);
      for (const b of allButtons(call.payload.reply_markup)) {
        if ("callback_data" in b && parseCallbackData(b.callback_data).kind !== "action")
          found.push(`${call.method}: button ${b.text} carries unreadable data`);
      }
    }
    const query = update.callback_query;
    if (query) {
      const answers = calls.filter((c) => c.method === "answerCallbackQuery");
      if (answers.length !== 1)
        found.push(`press ${JSON.stringify(query.data)} answered ${answers.length} times`);
    }
    // A person's message in a private chat (not our own answer posted through inline mode).
    const message = update.message;
    const content = message?.text?.trim() || message?.caption !== undefined || message?.sticker;
    if (message?.chat.type === "private" && content && message.via_bot === undefined) {
      const replies = calls.filter(
        (c) =>
          c.method === "sendMessage" &&
          c.payload.chat_id === message.chat.id &&
          (c.payload.reply_parameters as { message_id?: number } | undefined)?.message_id ===
            message.message_id,
      );
      if (replies.length !== 1 || calls.length !== 1) {
        const what = JSON.stringify(message.text ?? message.caption ?? "a sticker");
        found.push(`private message ${what}: ${calls.length} calls, ${replies.length} replies`);
      }
    }
  }
  return found;
}

/** Sets the scene: the bot's messages that presses and replies can point at. */
async function withMessages(h: BotHarness): Promise<void> {
  for (const user of USERS.slice(0, 2)) {
    for (const text of [
      TOKYO,
      "/clusters",
      "/events",
      "/start",
      "/lang",
      "/sources",
      "italain ambassodor",
    ])
      await h.text(text, { from: user });
  }
  await h.text(`/ask@${BOT_INFO.username} ${TOKYO}`, { chat: SUPERGROUP });
  await h.text(`/ask@${BOT_INFO.username} ${TOKYO}`, { chat: GROUP });
  expect(h.problems()).toEqual([]);
}

describe("hostile and odd updates (property-based, in-process)", () => {
  it("never throw, never make a call Telegram refuses, answer every press, reply once in private", async () => {
    const h = new BotHarness();
    await withMessages(h);
    const builder = new UpdateBuilder(h);
    await fc.assert(
      fc.asyncProperty(fc.array(plan, { minLength: 1, maxLength: 4 }), async (plans) => {
        const logStart = h.logLines.length;
        const handled: Handled[] = [];
        for (const p of plans) {
          const update = builder.build(p);
          // Telegram sends nothing from a group the bot was removed from (a generated membership
          // change may have done that), nor from a user who blocked it.
          if (!update || !h.sim.deliverable(update)) continue;
          // Resolves: whatever a handler does, nothing escapes the error boundary.
          handled.push({ update, calls: await h.send(update) });
        }
        const errors = h.logLines
          .slice(logStart)
          .filter((l) => Number(l.level) >= 50)
          .map((l) => JSON.stringify(l));
        expect([...problemsOf(handled), ...errors]).toEqual([]);
      }),
      { numRuns: 150, seed: SEED },
    );
    // …and it still answers a normal question.
    const calls = await h.text(TOKYO);
    expect(calls.map((c) => c.method)).toEqual(["sendMessage"]);
    expect(parseTelegramHtml(String(calls[0]?.payload.text)).text).toContain("Tokyo");
    expect(h.invalidCalls()).toEqual([]);
  }, 60_000);
});

describe("odd questions", () => {
  const cases: [string, string][] = [
    ["a question of 4096 characters", `${TOKYO} `.repeat(100).slice(0, 4096)],
    ["4096 characters without a space", "Tokyo".repeat(820).slice(0, 4096)],
    ["only English stop words", "the of and to in is it that"],
    ["only Russian stop words", "и в на что это как"],
    ["a single character", "x"],
    ["a single Cyrillic letter", "я"],
    ["a number", "2019"],
    ["punctuation only", "?!…"],
  ];
  it.each(cases)("%s: one reply to it, valid and within Telegram's limits", async (_name, text) => {
    expect(text.length).toBeLessThanOrEqual(4096);
    const h = new BotHarness();
    const calls = await h.text(text);
    expect(calls.map((c) => c.method)).toEqual(["sendMessage"]);
    const reply = calls[0] as RecordedCall;
    expect(reply.error).toBeNull();
    // The question is the first message of the chat.
    expect(reply.payload.reply_parameters).toMatchObject({ message_id: 1 });
    const shown = parseTelegramHtml(String(reply.payload.text)).text;
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThanOrEqual(4096);
    expect(h.problems()).toEqual([]);
  });
});
