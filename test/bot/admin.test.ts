/**
 * The operators' commands: only for ADMIN_IDS, only in their private chat;
 * /stats and /gaps in both languages; /reload swapping knowledge in, or
 * refusing a broken directory while the old knowledge keeps answering.
 */
import type { Message, User } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { ADMIN_COMMANDS, commandMenus, PRIVATE_COMMANDS } from "../../src/bot/commands.js";
import { createSearchHolder } from "../../src/search/holder.js";
import { openSearch } from "../../src/search/open.js";
import type { Store } from "../../src/store/types.js";
import { describeStore } from "../store/dialects.js";
import {
  BotHarness,
  buttonLabels,
  ENGLISH_USER,
  type HarnessOptions,
  RUSSIAN_USER,
  textOf,
} from "../support/bot-harness.js";
import { type KnowledgeCopy, knowledgeCopy } from "../support/knowledge-dir.js";
import { BROKEN_CLUSTER, NEW_DOCUMENT, NEW_DOCUMENT_QUESTION } from "../support/operators.js";

const ADMIN = ENGLISH_USER;
const STRANGER: User = { id: 5_000_005, is_bot: false, first_name: "Eve", language_code: "en" };
const ANSWERED = "When did the Tomsk delegation visit Tokyo?";

const copies: KnowledgeCopy[] = [];
afterEach(() => {
  for (const copy of copies.splice(0)) copy.remove();
});

function bot(options: HarnessOptions = {}) {
  return new BotHarness({ admins: [ADMIN.id, RUSSIAN_USER.id], ...options });
}

/** The text of the last message the bot sent. */
const lastText = (h: BotHarness) => textOf({ payload: { text: h.lastSent().text } } as never);

describe("the admin gate", () => {
  it("non-admins get the usual unknown-command reply and no admin data, in private and in groups", async () => {
    const h = bot();
    await h.text("/nonsense", { from: STRANGER });
    const unknown = h.lastSent().text;
    for (const command of ["/stats", "/gaps", "/reload", "/stats@test_coop_bot"]) {
      const calls = await h.text(command, { from: STRANGER });
      expect(
        calls.map((c) => c.method),
        command,
      ).toEqual(["sendMessage"]);
      expect(h.lastSent().text, command).toBe(unknown);
    }
    // Admins too, outside their private chat: a group sees nothing of it.
    const group = h.updates.supergroup();
    expect(await h.text("/stats", { from: ADMIN, chat: group })).toEqual([]);
    await h.text("/gaps@test_coop_bot", { from: ADMIN, chat: group });
    expect(h.lastSent().text).toBe(unknown);
    expect(h.calls.filter((c) => c.method === "setMyCommands")).toEqual([]);
    expect(h.problems()).toEqual([]);
  });

  it("a /gaps button pressed by a non-admin is out of date", async () => {
    const h = bot();
    await h.text("hello", { from: STRANGER });
    const calls = await h.pressData(h.lastSent(), "1g|1", STRANGER);
    expect(calls.map((c) => [c.method, c.payload.text])).toEqual([
      ["answerCallbackQuery", "This button is out of date — ask again."],
    ]);
  });

  it("keeps the commands out of the public menus; admins get them in menus scoped to their chat", async () => {
    for (const menu of commandMenus()) {
      for (const command of ADMIN_COMMANDS) {
        expect(menu.commands.map((c) => c.command)).not.toContain(command);
      }
    }
    const h = bot();
    await h.text("/start", { from: ADMIN });
    await h.text("/help", { from: ADMIN });
    const menus = h.calls.filter((c) => c.method === "setMyCommands");
    const json = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);
    expect(menus.map((c) => [json(c.payload.scope), c.payload.language_code])).toEqual([
      [{ type: "chat", chat_id: ADMIN.id }, undefined],
      [{ type: "chat", chat_id: ADMIN.id }, "ru"],
    ]);
    const commands = json(menus[1]?.payload.commands) as {
      command: string;
      description: string;
    }[];
    expect(commands.map((c) => c.command)).toEqual([...PRIVATE_COMMANDS, ...ADMIN_COMMANDS]);
    expect(commands.find((c) => c.command === "gaps")?.description).toMatch(/администраторов/u);
    expect(h.problems()).toEqual([]);
  });
});

describeStore("/stats and /gaps", (harness) => {
  // The reports read the real clock; so does this store.
  const open = () => harness().open({ now: Date.now });
  /** Three questions (answered, hedged, declined twice alike), a 👍 and a 👎 with a reason. */
  async function traffic(store: Store) {
    const h = bot({ store });
    await h.text(ANSWERED, { from: STRANGER });
    await h.press(h.lastSent(), "👍", STRANGER);
    await h.text("how many clusters", { from: RUSSIAN_USER });
    await h.press(h.lastSent(), "👎", RUSSIAN_USER);
    await h.press(h.lastSent(), "Устарело", RUSSIAN_USER);
    await h.text("what is the population of tomsk", { from: STRANGER });
    await h.text("Population of Tomsk?", { from: STRANGER });
    return h;
  }

  it("/stats reports the counts, shares, votes, languages, most asked and a per-day line, in English", async () => {
    const store = await open();
    const h = await traffic(store);
    await h.text("/stats", { from: ADMIN });
    const text = lastText(h);
    expect(text).toMatch(/^📊 Questions and answers/u);
    expect(text).toContain("Last 7 days");
    expect(text).toContain("All time (the log keeps 90 days)");
    expect(text).toContain(
      "Questions: 4 — answered 1 (25%), not sure 1 (25%), not answered 2 (50%)",
    );
    expect(text).toContain("Votes: 👍 1 · 👎 1");
    expect(text).toContain("Why 👎: Outdated 1");
    expect(text).toContain("By language: en 3 · ru 1");
    expect(text).toContain("2 × Population of Tomsk?");
    expect(text).toMatch(
      /Questions per day, \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d \(UTC; at most 4 a day\):\n▁+█$/u,
    );
    expect(h.problems()).toEqual([]);
  });

  it("/stats in Russian for an admin who speaks it", async () => {
    const store = await open();
    const h = await traffic(store);
    await h.text("/stats", { from: RUSSIAN_USER });
    const text = lastText(h);
    expect(text).toMatch(/^📊 Вопросы и ответы/u);
    expect(text).toContain("Вопросов: 4 — ответ 1 (25%), не уверен 1 (25%), без ответа 2 (50%)");
    expect(text).toContain("Оценки: 👍 1 · 👎 1");
    expect(text).toContain("Почему 👎: Устарело 1");
    expect(text).toContain("Чаще всего спрашивали:");
  });

  it("/gaps lists declined and 👎 questions, similar ones grouped, most frequent first", async () => {
    const store = await open();
    const h = await traffic(store);
    await h.text("/gaps", { from: ADMIN });
    const text = lastText(h);
    expect(text).toMatch(/^🕳 Gaps: questions not answered or voted 👎 in the last 90 days/u);
    const items = text.split("\n").filter((l) => /^\d+\. /u.test(l));
    expect(items).toHaveLength(2);
    expect(items[0]).toMatch(
      /^1\. Population of Tomsk\? — asked 2 ×: not answered 2, 👎 0; last \d{4}/u,
    );
    expect(items[1]).toMatch(/^2\. how many clusters — asked 1 ×: not answered 0, 👎 1/u);
    expect(buttonLabels(h.lastSent().reply_markup)).toEqual([]);

    await h.text("/gaps", { from: RUSSIAN_USER });
    expect(lastText(h)).toMatch(/^🕳 Пробелы/u);
    expect(lastText(h)).toContain("1. Population of Tomsk? — задан 2 ×: без ответа 2, 👎 0");
  });

  it("/gaps pages with buttons", async () => {
    const store = await open();
    const h = bot({ store });
    const places = [
      "zanzibar",
      "madagascar",
      "peru",
      "chile",
      "norway",
      "iceland",
      "kenya",
      "nepal",
      "fiji",
      "malta",
    ];
    for (const place of places) await h.text(`what is the capital of ${place}`, { from: STRANGER });
    await h.text("/gaps", { from: ADMIN });
    const gaps: Message = h.lastSent();
    expect(lastText(h)).toContain("(10 in all)");
    expect(buttonLabels(gaps.reply_markup)).toEqual([["1/2", "▶"]]);
    await h.press(gaps, "▶", ADMIN);
    const page2 = h.current(gaps);
    expect(
      page2.text
        ?.split("\n")
        .filter((l) => /^\d+\. /u.test(l))
        .map((l) => l.split(".")[0]),
    ).toEqual(["9", "10"]);
    expect(buttonLabels(page2.reply_markup)).toEqual([["◀", "2/2"]]);
    expect(h.problems()).toEqual([]);
  });

  it("says so when LOG_QUESTIONS=false leaves nothing to list", async () => {
    const store = await open();
    const h = bot({ store, logQuestions: false });
    await h.text("what is the population of tomsk", { from: STRANGER });
    await h.text("/gaps", { from: ADMIN });
    expect(lastText(h)).toMatch(/LOG_QUESTIONS=false/u);
    await h.text("/stats", { from: ADMIN });
    expect(lastText(h)).toContain(
      "Questions: 1 — answered 0 (0%), not sure 0 (0%), not answered 1 (100%)",
    );
    expect(lastText(h)).toContain("Question texts are not logged (LOG_QUESTIONS=false)");
  });
});

describe("/reload", () => {
  function reloadable() {
    const copy = knowledgeCopy();
    copies.push(copy);
    const holder = createSearchHolder(openSearch(copy.dir));
    return { copy, holder, h: bot({ search: holder, knowledgeDir: copy.dir }) };
  }

  it("makes a new document answerable without a restart, and reports the new counts", async () => {
    const { copy, holder, h } = reloadable();
    const before = holder.current.knowledge;
    await h.text(NEW_DOCUMENT_QUESTION, { from: STRANGER });
    expect(lastText(h)).toMatch(/^🤷/u);

    copy.write(NEW_DOCUMENT.name, NEW_DOCUMENT.content);
    await h.text("/reload", { from: ADMIN });
    const after = holder.current.knowledge;
    expect(after.version).not.toBe(before.version);
    const cards = after.clusters.length + after.events.length + after.topics.length;
    const stored = after.passages.reduce(
      (n, p) => n + p.questions.en.length + p.questions.ru.length,
      0,
    );
    expect(stored).toBeGreaterThan(0);
    expect(lastText(h)).toBe(
      `✅ Knowledge reloaded: version ${after.version} (was ${before.version}).\n` +
        `${before.documents.length + 1} documents, ${cards} cards (${after.clusters.length} clusters, ` +
        `${after.events.length} events, ${after.topics.length} topics), ${stored} stored questions.`,
    );
    await h.text(NEW_DOCUMENT_QUESTION, { from: STRANGER });
    expect(lastText(h)).toMatch(/^On 14 March the Tomsk region and the Novosibirsk region signed/u);

    await h.text("/reload", { from: RUSSIAN_USER });
    expect(lastText(h)).toMatch(
      new RegExp(`^✅ База знаний не изменилась: версия ${after.version}`, "u"),
    );
    expect(h.problems()).toEqual([]);
  });

  it("forgets the chat's last answer across a reload: 'tell me more' does not continue a passage of the old knowledge", async () => {
    const { copy, h } = reloadable();
    await h.text(ANSWERED, { from: STRANGER });
    await h.text("tell me more", { from: STRANGER });
    expect(lastText(h)).toMatch(/^➡️ Further in the same text/u);
    // A document whose name sorts first: every passage key after it moves.
    copy.write(
      `a-${NEW_DOCUMENT.name}`,
      NEW_DOCUMENT.content.replace("id: novosibirsk-forum", "id: a-novosibirsk-forum"),
    );
    await h.text("/reload", { from: ADMIN });
    await h.text("tell me more", { from: STRANGER });
    expect(lastText(h)).toMatch(/^🤔 There is nothing to continue yet/u);
  });

  it("refuses a broken directory by file and field, and keeps answering from the old knowledge", async () => {
    const { copy, holder, h } = reloadable();
    const before = holder.current;
    copy.write(NEW_DOCUMENT.name, NEW_DOCUMENT.content);
    copy.append("clusters.yaml", BROKEN_CLUSTER);
    copy.write("topics.yaml", "- id: [not, a, slug]\n");
    await h.text("/reload", { from: ADMIN });
    const text = lastText(h);
    expect(text).toMatch(
      new RegExp(
        `^❌ Knowledge not reloaded\\. I keep answering from version ${before.knowledge.version}\\.`,
        "u",
      ),
    );
    expect(text).toMatch(/^• clusters\.yaml: \[\d+\]\.citations\[0\]\.quote: /mu);
    expect(text).toMatch(/^• topics\.yaml: \[0\]\.id/mu);
    expect(holder.current).toBe(before);

    await h.text(ANSWERED, { from: STRANGER });
    expect(lastText(h)).toMatch(/^The delegation of the Tomsk region visited Tokyo/u);
    await h.text(NEW_DOCUMENT_QUESTION, { from: STRANGER });
    expect(lastText(h)).toMatch(/^🤷/u);
    expect(h.problems()).toEqual([]);
  });

  it("says it cannot when the bot was started without a knowledge directory", async () => {
    const h = bot();
    await h.text("/reload", { from: ADMIN });
    expect(lastText(h)).toMatch(/cannot reload/u);
  });
});

it("/stats without a store says there is no log", async () => {
  const h = bot();
  await h.text("/stats", { from: ADMIN });
  expect(lastText(h)).toMatch(/no question log/u);
});
