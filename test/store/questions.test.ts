import { expect, it } from "vitest";
import { type NewQuestion, newQuestionId, type Store } from "../../src/store/index.js";
import { describeStore } from "./dialects.js";

const DAY = 24 * 60 * 60 * 1000;

let serial = 0;
function question(overrides: Partial<NewQuestion> = {}): NewQuestion {
  serial += 1;
  return {
    id: `q${serial}`,
    chatType: "private",
    language: "ru",
    text: "Какие кластеры есть в Томске?",
    normalized: "кластер томск",
    userHash: "u1",
    kind: "passage",
    tier: "confident",
    answerKey: "doc:clusters#2",
    suggestions: [],
    latencyMs: 12,
    knowledgeVersion: "v1",
    ...overrides,
  };
}

/** Records questions at the current clock time, returning their ids. */
async function ask(store: Store, ...questions: Partial<NewQuestion>[]): Promise<string[]> {
  const made = questions.map((q) => question(q));
  for (const q of made) await store.questions.record(q);
  return made.map((q) => q.id);
}

describeStore("question log", (harness) => {
  it("records a question as given, and a retried record keeps the first", async () => {
    const { clock, open } = harness();
    const store = await open();
    const q = question({
      text: null,
      normalized: null,
      suggestions: ["q:1", "card:italy"],
      latencyMs: 3.6,
    });
    await store.questions.record(q);
    await store.questions.record({ ...q, tier: "declined" });
    expect(await store.questions.get(q.id)).toEqual({ ...q, askedAt: clock.now(), latencyMs: 4 });
    expect(await store.questions.get("missing")).toBeUndefined();
  });

  it("stores any text a user can type, dropping only NUL characters", async () => {
    const store = await harness().open();
    const text = "a\u0000b <b>&amp; 'x'; drop table questions; -- \u{1F44D} \uD800 ё";
    const [id = ""] = await ask(store, { text, normalized: "a\u0000b" });
    const stored = await store.questions.get(id);
    // Both drivers write UTF-8, so a lone surrogate comes back as U+FFFD.
    expect(stored?.text).toBe(text.replace("\u0000", "").replace("\uD800", "\uFFFD"));
    expect(stored?.normalized).toBe("ab");
  });

  it("keeps one vote per user per answer; a new vote replaces the old, and 👍 clears a reason", async () => {
    const { clock, open } = harness();
    const store = await open();
    const [id = ""] = await ask(store, {});
    await store.questions.vote({ questionId: id, userHash: "alice", vote: "up" });
    clock.advance(1000);
    await store.questions.vote({
      questionId: id,
      userHash: "alice",
      vote: "down",
      reason: "outdated",
    });
    await store.questions.vote({ questionId: id, userHash: "bob", vote: "up", reason: "other" });
    expect(await store.questions.voteOf(id, "alice")).toEqual({
      vote: "down",
      reason: "outdated",
      votedAt: clock.now(),
    });
    expect(await store.questions.voteOf(id, "bob")).toEqual({
      vote: "up",
      reason: null,
      votedAt: clock.now(),
    });
    await store.questions.vote({ questionId: id, userHash: "alice", vote: "up" });
    expect((await store.questions.summary({})).votes).toEqual({ up: 2, down: 0 });
    expect(await store.questions.voteOf(id, "carol")).toBeUndefined();
  });

  it("summarises a period by tier, language and votes", async () => {
    const { clock, open } = harness();
    const store = await open();
    const [old = ""] = await ask(store, { tier: "declined", language: "en" });
    await store.questions.vote({ questionId: old, userHash: "a", vote: "down", reason: "other" });
    clock.advance(10 * DAY);
    const since = clock.now();
    const [q1 = "", q2 = ""] = await ask(
      store,
      { tier: "confident", language: "ru" },
      { tier: "hedged", language: "ru" },
      { tier: "declined", language: "ru" },
      { tier: "confident", language: "en" },
      { tier: "confident", language: "ru" },
    );
    await store.questions.vote({ questionId: q1, userHash: "a", vote: "up" });
    await store.questions.vote({
      questionId: q2,
      userHash: "a",
      vote: "down",
      reason: "wrong_passage",
    });
    await store.questions.vote({
      questionId: q2,
      userHash: "b",
      vote: "down",
      reason: "wrong_passage",
    });
    await store.questions.vote({ questionId: q1, userHash: "c", vote: "down" });

    const week = await store.questions.summary({ since });
    expect(week).toEqual({
      questions: 5,
      byTier: { confident: 3, hedged: 1, declined: 1 },
      byLanguage: [
        { language: "ru", questions: 4, confident: 2, hedged: 1, declined: 1 },
        { language: "en", questions: 1, confident: 1, hedged: 0, declined: 0 },
      ],
      votes: { up: 1, down: 3 },
      downReasons: { wrong_passage: 2, not_answered: 0, outdated: 0, other: 0 },
    });
    const allTime = await store.questions.summary({});
    expect(allTime.questions).toBe(6);
    expect(allTime.byTier.declined).toBe(2);
    expect(allTime.votes).toEqual({ up: 1, down: 4 });
    expect((await store.questions.summary({ until: since })).questions).toBe(1);
  });

  it("ranks the most asked questions by normalized text, with the latest wording", async () => {
    const { clock, open } = harness();
    const store = await open();
    await ask(store, { text: "Что такое ИНО Томск?", normalized: "ино томск" });
    clock.advance(1000);
    await ask(
      store,
      { text: "кластеры?", normalized: "кластер" },
      { text: null, normalized: null },
      { text: null, normalized: null },
      { text: null, normalized: null },
    );
    clock.advance(1000);
    await ask(
      store,
      { text: "Какие есть кластеры", normalized: "кластер" },
      { text: "ИНО Томск", normalized: "ино томск" },
    );
    clock.advance(1000);
    await ask(
      store,
      { text: "Italy visit", normalized: "italy visit" },
      { text: "Кластеры", normalized: "кластер" },
    );
    const top = await store.questions.topQuestions({}, 2);
    expect(top).toEqual([
      { normalized: "кластер", text: "Кластеры", asked: 3, lastAskedAt: clock.now() },
      { normalized: "ино томск", text: "ИНО Томск", asked: 2, lastAskedAt: clock.now() - 1000 },
    ]);
  });

  it("counts questions per day, days without questions included, in the asked UTC offset", async () => {
    const { clock, open } = harness();
    const store = await open();
    // The clock starts at 2026-01-15 12:00 UTC.
    const since = clock.now() - 12 * 60 * 60 * 1000;
    await ask(store, {}, {});
    clock.advance(2 * DAY + 11 * 60 * 60 * 1000); // 01-17 23:00 UTC, 01-18 06:00 in Tomsk (UTC+7)
    await ask(store, {});
    const until = since + 4 * DAY;
    expect(await store.questions.perDay({ since, until })).toEqual([
      { day: "2026-01-15", questions: 2 },
      { day: "2026-01-16", questions: 0 },
      { day: "2026-01-17", questions: 1 },
      { day: "2026-01-18", questions: 0 },
    ]);
    const tomsk = await store.questions.perDay({ since, until }, 7 * 60);
    expect(tomsk.map((d) => [d.day, d.questions])).toEqual([
      ["2026-01-15", 2],
      ["2026-01-16", 0],
      ["2026-01-17", 0],
      ["2026-01-18", 1],
      ["2026-01-19", 0],
    ]);
  });

  it("lists declined and 👎 questions grouped, most frequent first, with counts and last asked", async () => {
    const { clock, open } = harness();
    const store = await open();
    const [answered = ""] = await ask(
      store,
      { tier: "confident", normalized: "кластер", text: "кластеры" },
      { tier: "declined", normalized: "погода", text: "погода в томске" },
    );
    clock.advance(1000);
    await ask(store, { tier: "declined", normalized: "погода", text: "Погода?" });
    const [hedged = ""] = await ask(store, {
      tier: "hedged",
      normalized: "япония",
      text: "Япония",
    });
    await store.questions.vote({
      questionId: hedged,
      userHash: "a",
      vote: "down",
      reason: "not_answered",
    });
    await store.questions.vote({ questionId: hedged, userHash: "b", vote: "down" });
    await store.questions.vote({ questionId: answered, userHash: "a", vote: "up" });
    clock.advance(1000);
    const [declinedAndDown = ""] = await ask(store, {
      tier: "declined",
      normalized: "япония",
      text: "японские партнёры",
    });
    await store.questions.vote({ questionId: declinedAndDown, userHash: "a", vote: "down" });
    await ask(store, { tier: "declined", normalized: null, text: null });

    const page1 = await store.questions.gaps({}, { limit: 1, offset: 0 });
    const page2 = await store.questions.gaps({}, { limit: 1, offset: 1 });
    expect(page1.total).toBe(2);
    expect([...page1.gaps, ...page2.gaps]).toEqual([
      {
        normalized: "япония",
        text: "японские партнёры",
        asked: 2,
        declined: 1,
        downVoted: 2,
        lastAskedAt: clock.now(),
      },
      {
        normalized: "погода",
        text: "Погода?",
        asked: 2,
        declined: 2,
        downVoted: 0,
        lastAskedAt: clock.now() - 1000,
      },
    ]);
    // An upvote changed to a downvote makes a confident answer a gap.
    await store.questions.vote({ questionId: answered, userHash: "a", vote: "down" });
    expect((await store.questions.gaps({}, { limit: 10, offset: 0 })).total).toBe(3);
    expect(
      (await store.questions.gaps({ since: clock.now() }, { limit: 10, offset: 0 })).gaps,
    ).toMatchObject([{ normalized: "япония", asked: 1 }]);
  });

  it("prunes questions and votes past the retention, with the votes of pruned questions", async () => {
    const { clock, open } = harness();
    const store = await open();
    const [old = ""] = await ask(store, {});
    await store.questions.vote({ questionId: old, userHash: "a", vote: "up" });
    clock.advance(80 * DAY);
    // A late vote on the old question goes with it; a vote on a kept question stays.
    await store.questions.vote({ questionId: old, userHash: "b", vote: "down" });
    const [kept = ""] = await ask(store, {});
    await store.questions.vote({ questionId: kept, userHash: "a", vote: "up" });
    clock.advance(11 * DAY);
    await expect(store.questions.prune(0)).rejects.toThrow(RangeError);
    expect(await store.questions.prune(90)).toEqual({ questions: 1, votes: 2 });
    expect(await store.questions.get(old)).toBeUndefined();
    expect(await store.questions.get(kept)).toBeDefined();
    expect((await store.questions.summary({})).votes).toEqual({ up: 1, down: 0 });
  });
});

it("question ids are short, URL-safe and distinct", () => {
  const made = new Set(Array.from({ length: 1000 }, () => newQuestionId()));
  expect(made.size).toBe(1000);
  for (const id of made) expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/u);
});
