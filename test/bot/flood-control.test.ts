/**
 * Flood control that counts floods, not people (src/bot/rate-limit.ts), with the production
 * budgets: browsing the bot's own cards at two taps a second is never refused, questions have
 * a budget of their own, a flood gets a handful of answers and one notice, a group gets less
 * than Telegram allows; a refused tap is answered with a toast and its message stays usable.
 * And who is counted (identity.ts): an anonymous admin or a channel by the chat it writes as.
 *
 * Time is the harness's clock, moved by the tests: nothing waits.
 */
import type { Message, Update, User } from "grammy/types";
import { describe, expect, it } from "vitest";
import { DEFAULT_RATE_LIMITS } from "../../src/bot/rate-limit.js";
import {
  BotHarness,
  ENGLISH_USER,
  findButton,
  type RecordedCall,
  RUSSIAN_USER,
  textOf,
} from "../support/bot-harness.js";

const SLOW_DOWN = {
  en: "Too many taps — wait a few seconds.",
  ru: "Слишком часто — подождите несколько секунд.",
};
const NOTICE = { en: /^✋ Too many requests/u, ru: /^✋ Слишком много запросов/u };
const USERS = { en: ENGLISH_USER, ru: RUSSIAN_USER } as const;
const LANGS = ["en", "ru"] as const;

/** The bot with the production budgets. */
const production = () => new BotHarness({ rateLimits: DEFAULT_RATE_LIMITS });

const sends = (calls: readonly RecordedCall[]) => calls.filter((c) => c.method === "sendMessage");
const toasts = (calls: readonly RecordedCall[]) =>
  calls.filter((c) => c.method === "answerCallbackQuery").map((c) => c.payload.text);

/** Presses the first button of `message` whose label matches. */
function press(h: BotHarness, message: Message, label: RegExp, from: User) {
  return h.press(h.current(message), label, from);
}

describe.each(LANGS)("flood control [%s]", (lang) => {
  const user = USERS[lang];

  it("browsing cards and back at two taps a second for a minute is never refused", async () => {
    const h = production();
    const [list] = await h.text("/clusters", { from: user });
    const message = h.lastSent();
    expect(list).toBeDefined();
    const refused: unknown[] = [];
    let edits = 0;
    for (let tap = 0; tap < 120; tap++) {
      h.advance(500);
      const onCard = findButton(h.current(message), /^🏭/u) === undefined;
      const calls = await press(h, message, onCard ? /^↩/u : /^🏭/u, user);
      refused.push(...toasts(calls).filter((text) => text === SLOW_DOWN[lang]));
      edits += calls.filter((c) => c.method === "editMessageText" && c.ok).length;
    }
    expect(refused).toEqual([]);
    expect(edits).toBe(120);
    expect(h.problems()).toEqual([]);
  });

  it("a refused tap gets a toast and leaves its message as it was, ready for the next tap", async () => {
    const h = production();
    await h.text("/clusters", { from: user });
    const message = h.lastSent();
    const results: RecordedCall[][] = [];
    // Twenty taps in the same instant: a burst beyond any person's.
    for (let tap = 0; tap < 20; tap++) {
      const onCard = findButton(h.current(message), /^🏭/u) === undefined;
      results.push(await press(h, message, onCard ? /^↩/u : /^🏭/u, user));
    }
    const refusedTaps = results.filter((calls) => toasts(calls).includes(SLOW_DOWN[lang]));
    expect(refusedTaps.length).toBe(20 - DEFAULT_RATE_LIMITS.taps.limit);
    for (const calls of refusedTaps)
      expect(calls.map((c) => c.method)).toEqual(["answerCallbackQuery"]);
    const before = textOf(h.calls.filter((c) => c.method === "editMessageText").at(-1));
    // A second later the same message takes taps again.
    h.advance(1000);
    const onCard = findButton(h.current(message), /^🏭/u) === undefined;
    const after = await press(h, message, onCard ? /^↩/u : /^🏭/u, user);
    expect(after.find((c) => c.method === "editMessageText")?.ok).toBe(true);
    expect(textOf(after.find((c) => c.method === "editMessageText"))).not.toBe(before);
    expect(h.problems()).toEqual([]);
  });

  it("30 messages in a second get a handful of answers and one notice; taps still work", async () => {
    const h = production();
    const calls: RecordedCall[] = [];
    for (let i = 0; i < 30; i++) {
      h.advance(33);
      calls.push(...(await h.text(`Which sectors is Italy interested in? ${i}`, { from: user })));
    }
    const sent = sends(calls);
    const notices = sent.filter((c) => NOTICE[lang].test(textOf(c)));
    expect(notices).toHaveLength(1);
    expect(sent.length).toBeLessThanOrEqual(12);
    expect(sent.length - notices.length).toBe(DEFAULT_RATE_LIMITS.questions.limit);
    // Questions and taps have budgets of their own: the flood used up only the questions'.
    const answer = h.sentMessages().find((m) => !NOTICE[lang].test(m.text ?? "")) as Message;
    const tap = await h.press(answer, /^🏭|^📄|^▶/u, user);
    expect(toasts(tap)).not.toContain(SLOW_DOWN[lang]);
    expect(tap.some((c) => c.method === "editMessageText" || c.method === "sendMessage")).toBe(
      true,
    );
    expect(h.problems()).toEqual([]);
  });

  it("a busy group gets no more answers than Telegram allows in a minute, and no notices", async () => {
    const h = production();
    const group = h.updates.supergroup();
    let sent = 0;
    // 60 members asking a question each, one a second.
    for (let i = 0; i < 60; i++) {
      h.advance(1000);
      const member: User = { ...user, id: 500_000 + i };
      const calls = await h.text("/ask@test_coop_bot When did the Tomsk delegation visit Tokyo?", {
        from: member,
        chat: group,
      });
      sent += sends(calls).length;
      for (const call of sends(calls)) expect(textOf(call)).not.toMatch(NOTICE[lang]);
    }
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(20);
    expect(h.problems()).toEqual([]);
  });
});

/** An anonymous admin's message: from @GroupAnonymousBot, written as the group itself. */
function anonymous(h: BotHarness, chat: Message["chat"], text: string): Update {
  const update = h.updates.textMessage(text, {
    chat,
    from: { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" },
  });
  return { ...update, message: { ...update.message, sender_chat: chat } } as Update;
}

const twoGroups = (h: BotHarness) =>
  [
    h.updates.supergroup({ id: -1_001_000_000_001 }),
    h.updates.supergroup({ id: -1_001_000_000_002 }),
  ] as const;

describe("identities", () => {
  it("an anonymous admin's /lang sets the language of that group's anonymous admin only", async () => {
    const h = new BotHarness();
    const [a, b] = twoGroups(h);
    await h.send(anonymous(h, a, "/lang@test_coop_bot"));
    // The admin presses the button under their real name.
    const chosen = await h.press(h.lastSent(), "Русский", ENGLISH_USER);
    expect(toasts(chosen)).toEqual(["Язык: русский"]);
    const [inA] = await h.send(anonymous(h, a, "/help@test_coop_bot"));
    const [inB] = await h.send(anonymous(h, b, "/help@test_coop_bot"));
    const [member] = await h.text("/help@test_coop_bot", { chat: a, from: ENGLISH_USER });
    expect(textOf(inA)).toMatch(/^ℹ️ Что я знаю/u);
    expect(textOf(inB)).toMatch(/^ℹ️ What I know/u);
    expect(textOf(member)).toMatch(/^ℹ️ What I know/u);
    expect(h.problems()).toEqual([]);
  });

  it("one group's anonymous admin or channel uses up only its own rate limit", async () => {
    const h = new BotHarness({ rateLimits: { questions: { limit: 2, windowMs: 60_000 } } });
    const [a, b] = twoGroups(h);
    const ask = (chat: Message["chat"]) =>
      h.send(anonymous(h, chat, "/ask@test_coop_bot When did the Tomsk delegation visit Tokyo?"));
    const inA = [];
    for (let i = 0; i < 3; i++) inA.push(sends(await ask(a)).length);
    expect(inA).toEqual([1, 1, 0]);
    expect(sends(await ask(b))).toHaveLength(1);
    // A channel writing in group b (through @Channel_Bot) is someone else again.
    const channel = h.updates.channel({ id: -1_002_000_000_003 });
    const viaChannel = h.updates.textMessage(
      "/ask@test_coop_bot When did the Tomsk delegation visit Tokyo?",
      {
        chat: b,
        from: { id: 136817688, is_bot: true, first_name: "Channel", username: "Channel_Bot" },
      },
    );
    const update = {
      ...viaChannel,
      message: { ...viaChannel.message, sender_chat: channel },
    } as Update;
    expect(sends(await h.send(update))).toHaveLength(1);
    expect(h.problems()).toEqual([]);
  });
});
