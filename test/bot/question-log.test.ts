/**
 * The question log as the bot writes it: what is kept of each question, what
 * is not (people, and with LOG_QUESTIONS=false the texts), retention, and a
 * failing store that never costs an answer.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { expect, it } from "vitest";
import { openStore, type Store } from "../../src/store/index.js";
import { captureLog, describeStore } from "../store/dialects.js";
import { BotHarness, ENGLISH_USER, RUSSIAN_USER } from "../support/bot-harness.js";
import { fixtureSearch } from "../support/knowledge.js";

const DAY = 24 * 60 * 60 * 1000;
const ANSWERED = "When did the Tomsk delegation visit Tokyo?";
const DECLINED = "what is the population of tomsk";

/** Every question of the log, oldest first (the reports' view of it aside). */
async function questions(store: Store) {
  const summary = await store.questions.summary({});
  return summary.questions;
}

describeStore("the question log", (harness) => {
  it("keeps each answered, hedged or declined question with how it was answered", async () => {
    const store = await harness().open();
    const h = new BotHarness({ store });
    await h.text(ANSWERED);
    await h.text("how many clusters", { from: RUSSIAN_USER });
    await h.text(DECLINED);
    const summary = await store.questions.summary({});
    expect(summary.byTier).toEqual({ confident: 1, hedged: 1, declined: 1 });
    expect(summary.byLanguage.map((l) => [l.language, l.questions])).toEqual([
      ["en", 2],
      ["ru", 1],
    ]);

    const [top] = await store.questions.topQuestions({}, 1);
    expect(top?.normalized).toBe(fixtureSearch().normalize(ANSWERED));
    const gaps = await store.questions.gaps({}, { limit: 10, offset: 0 });
    expect(gaps.gaps.map((g) => g.text)).toEqual([DECLINED]);
    expect(h.problems()).toEqual([]);
  });

  it("records the fields of the issue: chat type, language, kind, tier, answer, suggestions, latency, version", async () => {
    const store = await harness().open();
    const recorded: unknown[] = [];
    const spy: Store = {
      ...store,
      questions: {
        ...store.questions,
        record: (q) => {
          recorded.push(q);
          return store.questions.record(q);
        },
      },
    };
    const h = new BotHarness({ store: spy });
    await h.text(ANSWERED);
    await h.text(`/ask@test_coop_bot ${DECLINED}`, { chat: h.updates.supergroup() });
    const [answered, declined] = await Promise.all(
      (recorded as { id: string }[]).map((q) => store.questions.get(q.id)),
    );
    const search = fixtureSearch();
    expect(answered).toMatchObject({
      chatType: "private",
      language: "en",
      text: ANSWERED,
      normalized: search.normalize(ANSWERED),
      userHash: store.hashUserId(ENGLISH_USER.id),
      kind: "passage",
      tier: "confident",
      answerKey: search.ask(ANSWERED).answers[0]?.passageKey,
      knowledgeVersion: search.knowledge.version,
    });
    expect(answered?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(answered?.suggestions.some((s) => s.startsWith("followUp:"))).toBe(true);
    expect(declined).toMatchObject({
      chatType: "supergroup",
      kind: "none",
      tier: "declined",
      answerKey: null,
    });
    expect(declined?.suggestions).toContain("example:en:0");
  });

  it("leaves out small talk, commands, menus, paging and 'tell me more'", async () => {
    const store = await harness().open();
    const h = new BotHarness({ store });
    await h.text(ANSWERED);
    for (const text of ["hello", "thanks", "/start", "/help", "/clusters", "tell me more"]) {
      await h.text(text);
    }
    await h.press(h.sentMessages()[0] as never, "▶");
    expect(await questions(store)).toBe(1);
  });

  it("keeps no texts with LOG_QUESTIONS=false, only how each question went", async () => {
    const store = await harness().open();
    const h = new BotHarness({ store, logQuestions: false });
    await h.text(ANSWERED);
    await h.text("italain visa"); // declined, with a "did you mean" guess made from the words
    const summary = await store.questions.summary({});
    expect(summary.questions).toBe(2);
    expect(await store.questions.topQuestions({}, 5)).toEqual([]);
    expect((await store.questions.gaps({}, { limit: 5, offset: 0 })).total).toBe(0);
  });

  it("prunes questions and votes past QUESTION_LOG_DAYS as it records", async () => {
    const { clock, open } = harness();
    const store = await open();
    const old = new BotHarness({ store, questionLogDays: 30 });
    await old.text(ANSWERED);
    await old.press(old.lastSent(), "👍");
    clock.advance(31 * DAY);
    // A new process (the pruning is once an hour per process, the first record included).
    const later = new BotHarness({ store, questionLogDays: 30 });
    await later.text(DECLINED);
    const summary = await store.questions.summary({});
    expect(summary.questions).toBe(1);
    expect(summary.byTier.declined).toBe(1);
    expect(summary.votes).toEqual({ up: 0, down: 0 });
  });

  it("keeps what is within QUESTION_LOG_DAYS", async () => {
    const { clock, open } = harness();
    const store = await open();
    await new BotHarness({ store, questionLogDays: 30 }).text(ANSWERED);
    clock.advance(29 * DAY);
    await new BotHarness({ store, questionLogDays: 30 }).text(DECLINED);
    expect(await questions(store)).toBe(2);
  });
});

it("stores no names, usernames or user ids; with LOG_QUESTIONS=false no question words either", async () => {
  for (const logQuestions of [true, false]) {
    const dataDir = mkdtempSync(join(tmpdir(), "log-privacy-"));
    const store = await openStore({ dataDir, logger: pino({ level: "silent" }) });
    const h = new BotHarness({ store, logQuestions });
    await h.text("Какое население Томска?", { from: RUSSIAN_USER });
    await h.text(ANSWERED);
    await h.press(h.lastSent(), "👎");
    await h.press(h.lastSent(), "Wrong passage");
    await store.close();
    const files = [store.location, `${store.location}-wal`].filter(existsSync);
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    for (const user of [ENGLISH_USER, RUSSIAN_USER]) {
      for (const secret of [String(user.id), user.first_name, user.username ?? ""]) {
        expect(bytes.includes(Buffer.from(secret)), `${secret} stored`).toBe(false);
      }
    }
    const words = ["Tokyo", "население", "delegation"];
    for (const word of words) {
      expect(bytes.includes(Buffer.from(word)), `${word}, logQuestions=${logQuestions}`).toBe(
        logQuestions,
      );
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
});

it("answers even when the store fails, and logs the failure", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "log-failing-"));
  const store = await openStore({ dataDir, logger: pino({ level: "silent" }) });
  const failing: Store = {
    ...store,
    questions: {
      ...store.questions,
      record: () => Promise.reject(new Error("disk full")),
      get: () => Promise.reject(new Error("disk full")),
    },
  };
  const h = new BotHarness({ store: failing });
  await h.text(ANSWERED);
  expect(h.lastSent().text).toMatch(/^The delegation of the Tomsk region visited Tokyo/u);
  expect(h.logLines.some((l) => l.msg === "question log: recording a question failed")).toBe(true);
  // A vote on it cannot be saved: the voter is told, the press answered once.
  const press = await h.press(h.lastSent(), "👍");
  expect(press.find((c) => c.method === "answerCallbackQuery")?.payload.text).toMatch(
    /could not save your vote/u,
  );
  expect(h.problems()).toEqual([]);
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it("does not wait for a store that hangs: the write is given up after its timeout", async () => {
  const { createQuestionRecorder } = await import("../../src/ops/recorder.js");
  const dataDir = mkdtempSync(join(tmpdir(), "log-hanging-"));
  const store = await openStore({ dataDir, logger: pino({ level: "silent" }) });
  const hanging: Store = {
    ...store,
    questions: { ...store.questions, record: () => new Promise(() => {}) },
  };
  const { logger, records } = captureLog();
  const recorder = createQuestionRecorder({
    store: hanging,
    logTexts: true,
    retentionDays: 90,
    writeTimeoutMs: 20,
  });
  const result = fixtureSearch().ask(ANSWERED);
  await recorder.record(
    {
      id: recorder.newId(),
      question: ANSWERED,
      normalized: "x",
      result,
      keyboard: { inline_keyboard: [] },
      chatType: "private",
      language: "en",
      userId: 1,
      latencyMs: 1,
      knowledgeVersion: "v",
    },
    logger,
  );
  expect(records().map((r) => r.msg)).toContain(
    "question log: recording a question is slow; not waiting for it",
  );
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});
