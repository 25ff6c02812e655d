/**
 * End to end, private chats and inline mode: the bot runs as `npm start` runs it (launchBot,
 * long polling) against the Telegram simulator over real HTTP, and users talk to it the way
 * Telegram delivers their messages and button presses. Buttons are pressed from what the bot
 * actually sent (the simulator's copy of each message, edits applied). The knowledge is the
 * fixture corpus, its 4 events listed 2 to a page.
 *
 * After every test: the server refused no call, no call failed, and every callback and inline
 * query was answered exactly once (Conversations.problems).
 *
 * One bot serves the whole file; each test talks as its own users in their own chats
 * (own rate-limit budget, own session), so the tests run concurrently.
 */
import type { Message, User } from "grammy/types";
import { beforeAll, describe, expect, it } from "vitest";
import type { TelegramSimulator } from "../../src/telegram-sim/index.js";
import {
  buttonLabels,
  type Conversations,
  type Exchange,
  freshUser,
  shownText,
  textOf,
} from "../support/conversation.js";
import { E2E_TIMEOUT, useRunningBot } from "../support/running-bot.js";

const TOKYO = "When did the Tomsk delegation visit Tokyo?";

const running = useRunningBot({ bot: () => ({ settings: { eventsPerPage: 2 } }) });
let api: TelegramSimulator;
let talk: Conversations;
beforeAll(() => {
  ({ api, talk } = running());
});

/** The one message the bot sent for an exchange, checked to be a reply to the user's message. */
function replyTo(exchange: Exchange): Message {
  expect(exchange.sent, "messages sent").toHaveLength(1);
  const reply = exchange.sent[0] as Message;
  const asked = exchange.update.message;
  if (asked) expect(reply.reply_to_message?.message_id).toBe(asked.message_id);
  return reply;
}

/** The one message an exchange edited (the pressed button's), with the press answered once. */
function editOf(exchange: Exchange, message: Message): Message {
  expect(exchange.sent, "no new message").toHaveLength(0);
  expect(exchange.edited, "one edit").toHaveLength(1);
  expect(exchange.callbackAnswers, "one answer to the press").toHaveLength(1);
  const edited = exchange.edited[0] as Message;
  expect(edited.message_id).toBe(message.message_id);
  return edited;
}

const botMessagesIn = (user: User) =>
  api.messagesIn(user.id).filter((m) => m.from?.id === api.botInfo.id);

describe.concurrent("a private chat, end to end", { timeout: E2E_TIMEOUT }, () => {
  it("answers a question with a cited passage, and ◀ ▶ 📄 ↩ all edit that one message", async () => {
    const user = freshUser();
    const asked = await talk.say(user, TOKYO);
    expect(asked.outcome).toBe("answered");
    const answer = replyTo(asked);
    const first = textOf(answer);
    expect(first).toContain("Tokyo");
    const rows = buttonLabels(answer.reply_markup);
    const pages = Number(rows[0]?.[0]?.split("/")[1]);
    expect(pages).toBeGreaterThan(1);
    expect(rows[0]).toEqual([`1/${pages}`, "▶"]);
    expect(rows[1]).toEqual(["📄 Whole document"]);

    const second = editOf(await talk.press(user, answer, "▶"), answer);
    expect(textOf(second)).not.toBe(first);
    expect(buttonLabels(second.reply_markup)[0]).toContain(`2/${pages}`);

    editOf(await talk.press(user, answer, "◀"), answer);
    expect(textOf(talk.current(answer))).toBe(first);

    const document = editOf(await talk.press(user, answer, "📄 Whole document"), answer);
    expect(textOf(document)).toMatch(/^📄 /u);
    // Back to the answer, then the answer's 👍/👎 row, kept through the document.
    expect(buttonLabels(document.reply_markup).slice(-2)).toEqual([
      ["↩ Back to the answer"],
      ["👍", "👎"],
    ]);

    editOf(await talk.press(user, answer, "↩ Back to the answer"), answer);
    expect(textOf(talk.current(answer))).toBe(first);
    // Paging never posted a message of its own.
    expect(botMessagesIn(user)).toHaveLength(1);
  });

  it("/clusters → a cluster card → back to the list, in one message", async () => {
    const user = freshUser();
    const list = replyTo(await talk.say(user, "/clusters"));
    const listText = textOf(list);
    expect(listText).toMatch(/^🏭 Innovation territorial clusters/u);
    const names = buttonLabels(list.reply_markup).flat();
    expect(names.length).toBeGreaterThan(1);
    const name = names[0] as string;

    const card = editOf(await talk.press(user, list, name), list);
    expect(textOf(card)).toContain(name.replace(/^🏭 /u, ""));
    expect(textOf(card)).toContain("What the texts say");
    expect(buttonLabels(card.reply_markup).at(-1)).toEqual(["↩ All clusters"]);

    editOf(await talk.press(user, list, "↩ All clusters"), list);
    expect(textOf(talk.current(list))).toBe(listText);
    expect(botMessagesIn(user)).toHaveLength(1);
  });

  it("/events → an event card → its source document → back to the card → back to the list", async () => {
    const user = freshUser();
    const list = replyTo(await talk.say(user, "/events"));
    const listText = textOf(list);
    expect(listText).toMatch(/^📅 Visits, forums and sessions/u);
    const rows = buttonLabels(list.reply_markup);
    expect(rows.at(-1)).toEqual(["1/2", "▶"]);
    const event = rows[0]?.[0] as string;

    const card = editOf(await talk.press(user, list, event), list);
    const cardText = textOf(card);
    expect(cardText).toMatch(/^📅 /u);
    expect(cardText).toContain("When:");
    expect(cardText).toContain("In the source");
    expect(buttonLabels(card.reply_markup).at(-1)).toEqual(["↩ All events"]);

    const document = editOf(await talk.press(user, list, /^📄 /u), list);
    expect(buttonLabels(document.reply_markup).at(-1)).toEqual(["↩ Back to the event"]);
    editOf(await talk.press(user, list, "↩ Back to the event"), list);
    expect(textOf(talk.current(list))).toBe(cardText);

    editOf(await talk.press(user, list, "↩ All events"), list);
    expect(textOf(talk.current(list))).toBe(listText);
    expect(botMessagesIn(user)).toHaveLength(1);
  });

  it("/start's example button asks the question as a new message; 'nothing found' offers 🔎", async () => {
    const user = freshUser();
    const welcome = replyTo(await talk.say(user, "/start"));
    expect(textOf(welcome)).toMatch(/^👋 Hello!/u);
    const example = await talk.press(user, welcome, /^💬 When did/u);
    // The press is answered before the answer is searched and sent.
    expect(example.calls.map((c) => c.method)).toEqual(["answerCallbackQuery", "sendMessage"]);
    const answer = example.sent[0] as Message;
    expect(answer.reply_to_message?.message_id).toBe(welcome.message_id);
    expect(textOf(answer).split("\n")[0]).toBe(`❓ ${TOKYO}`);

    // Two edits from "tokyo": too far to correct on its own, near enough to offer.
    const nothing = await talk.say(user, "tokkiyo");
    expect(nothing.outcome).toBe("no_answer");
    const reply = replyTo(nothing);
    expect(textOf(reply)).toContain("I found nothing about “tokkiyo”");
    const suggested = await talk.press(user, reply, /^🔎 /u);
    expect(suggested.sent).toHaveLength(1);
    expect(textOf(suggested.sent[0]).split("\n")[0]).toMatch(/^❓ /u);
  });

  it("answers odd messages once each, as replies, with text Telegram accepts", async () => {
    const user = freshUser();
    const other = freshUser();
    const longQuestion = "When did the Tomsk delegation visit Tokyo and Japan? "
      .repeat(80)
      .slice(0, 4096);
    expect(longQuestion).toHaveLength(4096);
    const long = await talk.say(user, longQuestion);
    expect(long.outcome).toBe("answered");
    expect(textOf(replyTo(long))).toContain("Tokyo");

    // Nothing in the knowledge matches it, so the reply quotes it back ("I found nothing about …").
    const injected = "<b>zanzibar</b> &amp; </a> <script>alert(1)</script> **quux** [x](y) &";
    const odd = ["the of and to", "я", "42", injected];
    const exchanges: Exchange[] = [];
    for (const text of odd) exchanges.push(await talk.say(other, text));
    for (const exchange of exchanges) replyTo(exchange);
    // What the user typed is shown as typed, never interpreted as markup.
    expect(exchanges[3]?.outcome).toBe("no_answer");
    const echoed = shownText(exchanges[3]?.calls.find((c) => c.method === "sendMessage"));
    expect(echoed).toContain(injected);

    const sticker = await talk.deliver(
      api.updates.sticker({ from: user, chat: api.updates.privateChat(user) }),
    );
    expect(textOf(replyTo(sticker))).toMatch(/^🙂 I understand text only/u);
    const edited = await talk.deliver(
      api.updates.editedMessage(long.update.message as Message, "Tokyo?"),
    );
    expect(textOf(edited.sent[0])).toMatch(/^✏️ /u);
    expect(edited.sent).toHaveLength(1);
  });
});

interface ArticleResult {
  id: string;
  title: string;
  input_message_content: { message_text: string };
}

/** The results of the one answerInlineQuery of an exchange. */
function resultsOf(exchange: Exchange): ArticleResult[] {
  expect(exchange.inlineAnswers).toHaveLength(1);
  const results = exchange.inlineAnswers[0]?.payload.results;
  expect(Array.isArray(results)).toBe(true);
  return results as ArticleResult[];
}

describe.concurrent("inline mode, end to end", { timeout: E2E_TIMEOUT }, () => {
  it("offers up to 10 cited answers for a question, clusters and events for an empty query", async () => {
    const user = freshUser();
    const asked = await talk.deliver(api.updates.inlineQuery("Tokyo delegation", { from: user }));
    const results = resultsOf(asked);
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(10);
    expect(new Set(results.map((r) => r.id)).size).toBe(results.length);
    expect(results[0]?.input_message_content.message_text).toContain("Tokyo");
    expect(asked.inlineAnswers[0]?.payload).toMatchObject({ cache_time: 300, is_personal: true });

    const browse = await talk.deliver(api.updates.inlineQuery("", { from: user }));
    const titles = resultsOf(browse).map((r) => r.title);
    expect(titles.some((t) => t.startsWith("🏭 "))).toBe(true);
    expect(titles.some((t) => t.startsWith("📅 "))).toBe(true);
  });

  it("stays silent on its own answer, sent into a chat through inline mode", async () => {
    const user = freshUser();
    const sent = api.updates.textMessage("📄 an answer the user picked", {
      from: user,
      chat: api.updates.privateChat(user),
    });
    const message = sent.message as Message & { via_bot?: User };
    message.via_bot = {
      id: api.botInfo.id,
      is_bot: true,
      first_name: api.botInfo.first_name,
      username: api.botInfo.username,
    };
    const exchange = await talk.deliver(sent);
    expect(exchange.outcome).toBe("ignored");
    expect(exchange.calls).toEqual([]);
  });
});
