/**
 * 👍 / 👎 under answers: which replies carry them, one vote per person per
 * answer (changeable), the reasons after 👎, group members apart, buttons
 * that work after a restart and say "out of date" after a knowledge change.
 * Runs on SQLite and PostgreSQL (the votes live in the store).
 */
import type { Message, User } from "grammy/types";
import { expect, it } from "vitest";
import { parseCallbackData } from "../../src/bot/callback-data.js";
import { createSearchHolder } from "../../src/search/holder.js";
import { openSearch } from "../../src/search/open.js";
import type { Store } from "../../src/store/types.js";
import { describeStore } from "../store/dialects.js";
import {
  allButtons,
  BotHarness,
  buttonLabels,
  ENGLISH_USER,
  type RecordedCall,
  RUSSIAN_USER,
} from "../support/bot-harness.js";
import { FIXTURE_KNOWLEDGE_DIR } from "../support/knowledge.js";
import { knowledgeCopy } from "../support/knowledge-dir.js";

const ANSWERED = "When did the Tomsk delegation visit Tokyo?";
const HEDGED = "how many clusters";
const DECLINED = "what is the population of tomsk";
const CARD = "tell me about the italy visit";

/** The question id the vote buttons of a message carry. */
function questionIdOf(message: Message): string {
  for (const b of allButtons(message.reply_markup)) {
    if (!("callback_data" in b)) continue;
    const parsed = parseCallbackData(b.callback_data);
    if (parsed.kind === "action" && parsed.action.kind === "vote") return parsed.action.question;
  }
  throw new Error("no vote buttons");
}

const voteRow = (message: Message) => buttonLabels(message.reply_markup).at(-1);
const toastOf = (calls: readonly RecordedCall[]) =>
  calls.find((c) => c.method === "answerCallbackQuery")?.payload.text;

async function voteOf(store: Store, message: Message, user: User) {
  return store.questions.voteOf(questionIdOf(message), store.hashUserId(user.id));
}

describeStore("votes under answers", (harness) => {
  it("go under answers, hedges and cards reached by a question; not under declines, small talk or menus", async () => {
    const store = await harness().open();
    const h = new BotHarness({ store });
    for (const question of [ANSWERED, HEDGED, CARD]) {
      await h.text(question);
      expect(voteRow(h.lastSent()), question).toEqual(["👍", "👎"]);
    }
    for (const other of [DECLINED, "hello", "/start", "/clusters", "/help", "/lang"]) {
      await h.text(other);
      const labels = buttonLabels(h.lastSent().reply_markup).flat();
      expect(labels, other).not.toContain("👍");
    }
    expect(h.problems()).toEqual([]);
  });

  it("take one vote per person, changeable, the pressed one marked; reasons after 👎", async () => {
    const store = await harness().open();
    const h = new BotHarness({ store });
    await h.text(ANSWERED);
    const answer = h.lastSent();

    const up = await h.press(answer, "👍");
    expect(toastOf(up)).toMatch(/Thank you/u);
    expect(voteRow(h.current(answer))).toEqual(["✅ 👍", "👎"]);
    expect(await voteOf(store, answer, ENGLISH_USER)).toMatchObject({ vote: "up", reason: null });

    const again = await h.press(answer, "✅ 👍");
    expect(toastOf(again)).toMatch(/already voted 👍/u);
    expect(again.filter((c) => c.method === "editMessageReplyMarkup")).toEqual([]);

    await h.press(answer, "👎");
    const rows = buttonLabels(h.current(answer).reply_markup);
    expect(rows.slice(-3)).toEqual([
      ["👍", "✅ 👎"],
      ["Wrong passage", "Doesn't answer my question"],
      ["Outdated", "Something else"],
    ]);
    expect(await voteOf(store, answer, ENGLISH_USER)).toMatchObject({ vote: "down", reason: null });

    const reason = await h.press(answer, "Outdated");
    expect(toastOf(reason)).toBe("Thank you: “Outdated” noted.");
    expect(buttonLabels(h.current(answer).reply_markup).at(-1)).toEqual([
      "✅ Outdated",
      "Something else",
    ]);
    expect(await voteOf(store, answer, ENGLISH_USER)).toMatchObject({
      vote: "down",
      reason: "outdated",
    });
    // 👎 again keeps the reason; 👍 clears it and folds the reasons away.
    await h.press(answer, "✅ 👎");
    expect(await voteOf(store, answer, ENGLISH_USER)).toMatchObject({ reason: "outdated" });
    await h.press(answer, "👍");
    expect(await voteOf(store, answer, ENGLISH_USER)).toMatchObject({ vote: "up", reason: null });
    expect(buttonLabels(h.current(answer).reply_markup).slice(-2)).not.toContainEqual([
      "Outdated",
      "Something else",
    ]);
    const summary = await store.questions.summary({});
    expect(summary.votes).toEqual({ up: 1, down: 0 });
    expect(h.problems()).toEqual([]);
  });

  it("speak the voter's language", async () => {
    const store = await harness().open();
    const h = new BotHarness({ store });
    await h.text("Когда томская делегация посетила Токио?", { from: RUSSIAN_USER });
    const answer = h.lastSent();
    const down = await h.press(answer, "👎");
    expect(toastOf(down)).toMatch(/Спасибо! Ваш голос учтён/u);
    expect(buttonLabels(h.current(answer).reply_markup).slice(-2)).toEqual([
      ["Не тот отрывок", "Не отвечает на мой вопрос"],
      ["Устарело", "Другое"],
    ]);
  });

  it("stay with the answer while it pages through passages and the whole document", async () => {
    const store = await harness().open();
    const h = new BotHarness({ store });
    await h.text(ANSWERED);
    const answer = h.lastSent();
    const id = questionIdOf(answer);
    await h.press(answer, "▶");
    expect(questionIdOf(h.current(answer))).toBe(id);
    await h.press(answer, /Whole document/u);
    expect(questionIdOf(h.current(answer))).toBe(id);
    await h.press(answer, "👎");
    await h.press(answer, /Back to the answer/u);
    expect(buttonLabels(h.current(answer).reply_markup).slice(-3)[0]).toEqual(["👍", "✅ 👎"]);
    expect(h.problems()).toEqual([]);
  });

  it("in a group: each member votes for themself, told privately; the shared keyboard marks no one's vote", async () => {
    const store = await harness().open();
    const h = new BotHarness({ store });
    const group = h.updates.supergroup();
    const carol: User = { id: 4_000_004, is_bot: false, first_name: "Carol", language_code: "en" };
    await h.text(`/ask@test_coop_bot ${ANSWERED}`, { chat: group, from: ENGLISH_USER });
    const answer = h.lastSent();

    const bobUp = await h.press(answer, "👍", ENGLISH_USER);
    expect(toastOf(bobUp)).toMatch(/Thank you/u);
    expect(bobUp.filter((c) => c.method.startsWith("edit"))).toEqual([]);
    await h.press(answer, "👎", carol);
    await h.press(answer, "Wrong passage", RUSSIAN_USER);
    await h.press(answer, "👎", ENGLISH_USER);
    await h.press(answer, "👍", ENGLISH_USER);

    expect(await voteOf(store, answer, ENGLISH_USER)).toMatchObject({ vote: "up" });
    expect(await voteOf(store, answer, carol)).toMatchObject({ vote: "down", reason: null });
    expect(await voteOf(store, answer, RUSSIAN_USER)).toMatchObject({
      vote: "down",
      reason: "wrong_passage",
    });
    const rows = buttonLabels(h.current(answer).reply_markup);
    expect(rows.flat().some((l) => l.startsWith("✅"))).toBe(false);
    expect(rows.slice(-3)[0]).toEqual(["👍", "👎"]);
    // The reasons were added once, at the first 👎.
    expect(h.calls.filter((c) => c.method === "editMessageReplyMarkup")).toHaveLength(1);
    expect(h.problems()).toEqual([]);
  });

  it("keep working after a restart: the vote is in the store, the question id in the button", async () => {
    const { open } = harness();
    const first = new BotHarness({ store: await open() });
    await first.text(ANSWERED);
    const answer = first.lastSent();
    await first.press(answer, "👍");

    // Another process, a new store connection, the same Telegram.
    const store = await open();
    const restarted = new BotHarness({ store, sim: first.sim });
    const again = await restarted.press(answer, "✅ 👍");
    expect(toastOf(again)).toMatch(/already voted 👍/u);
    await restarted.press(answer, "👎");
    expect(await voteOf(store, answer, ENGLISH_USER)).toMatchObject({ vote: "down" });
    expect(restarted.problems()).toEqual([]);
  });

  it("say the answer is out of date after the knowledge changed, and keep nothing", async () => {
    const store = await harness().open();
    const copy = knowledgeCopy();
    const holder = createSearchHolder(openSearch(copy.dir));
    const h = new BotHarness({ store, search: holder });
    await h.text(ANSWERED);
    const answer = h.lastSent();
    copy.write("extra.md", "---\nid: extra\ntitle: Extra\nlanguage: en\n---\n\nA new text.\n");
    holder.replace(openSearch(copy.dir));
    const press = await h.press(answer, "👍");
    expect(toastOf(press)).toMatch(/out of date/u);
    expect(await voteOf(store, answer, ENGLISH_USER)).toBeUndefined();
    copy.remove();
  });
});

it("without a store: no vote buttons, and an old one reads as out of date", async () => {
  const h = new BotHarness({ search: openSearch(FIXTURE_KNOWLEDGE_DIR) });
  await h.text(ANSWERED);
  expect(buttonLabels(h.lastSent().reply_markup).flat()).not.toContain("👍");
  const calls = await h.pressData(h.lastSent(), "1v|AAAAAAAAAAAA|u");
  expect(toastOf(calls)).toMatch(/out of date/u);
  expect(h.problems()).toEqual([]);
});
