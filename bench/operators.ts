/**
 * The operators' features, measured (`npx tsx bench/operators.ts`; not part
 * of `npm run bench`, whose pipeline runs without a store):
 *
 * 1. what logging a question costs an update: the same questions through
 *    createBot and the Telegram simulator's in-process front end, without a
 *    store and with the SQLite store (a file in a temporary DATA_DIR);
 * 2. how long /stats and /gaps take to read a large log: 100,000 questions
 *    over 90 days with 10,000 votes, on SQLite, and on PostgreSQL when
 *    DATABASE_URL is set (it works in a schema of its own, dropped after);
 * 3. how long /reload takes on knowledge/: the loader's snapshot cache
 *    missed (an edited directory) and hit (nothing changed).
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Update } from "grammy/types";
import pg from "pg";
import pino from "pino";
import { createBot } from "../src/bot/create-bot.js";
import { gatherGaps } from "../src/ops/gaps.js";
import { gatherStats } from "../src/ops/stats.js";
import { openSearch } from "../src/search/open.js";
import {
  memoryState,
  type NewQuestion,
  newQuestionId,
  openStore,
  type Store,
} from "../src/store/index.js";
import { DEFAULT_BOT, TelegramSimulator } from "../src/telegram-sim/index.js";
import { KNOWLEDGE_DIR } from "./corpus.js";
import { summarize } from "./stats.js";

const QUESTIONS = [
  "When did the Tomsk delegation visit Tokyo?",
  "How many innovation clusters is INO Tomsk based on?",
  "Which sectors is Italy interested in?",
  "What is the population of Tomsk?",
  "Когда томская делегация посетила Токио?",
];
const DAY = 24 * 60 * 60 * 1000;
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

async function updateLatencies(store: Store | undefined, n: number): Promise<number[]> {
  const search = openSearch(KNOWLEDGE_DIR);
  const sim = new TelegramSimulator({ botInfo: DEFAULT_BOT });
  const bot = createBot({
    config: { botToken: sim.token, botApiRoot: "http://127.0.0.1:9" },
    logger: pino({ level: "silent" }),
    search,
    botInfo: DEFAULT_BOT,
    transformers: [sim.transformer],
    throttle: false,
    rateLimits: {
      questions: { limit: 1_000_000, windowMs: 1000 },
      group: { limit: 1_000_000, windowMs: 1000 },
    },
    // Without a store, sessions and rate limits in memory and nothing logged.
    store: store ?? memoryState(),
  });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const from = { id: 10_000 + i, is_bot: false, first_name: "U", language_code: "en" };
    const update: Update = sim.receive(
      sim.updates.textMessage(QUESTIONS[i % QUESTIONS.length] as string, {
        from,
        chat: sim.updates.privateChat(from),
      }),
    );
    const started = performance.now();
    await bot.handleUpdate(update);
    times.push(performance.now() - started);
  }
  return times.slice(Math.floor(n / 10)); // the first tenth warms up
}

async function fill(store: Store, now: number, questions: number, votes: number) {
  const tiers = ["confident", "confident", "hedged", "declined"] as const;
  const ids: string[] = [];
  for (let i = 0; i < questions; i++) {
    const id = newQuestionId();
    ids.push(id);
    const text = `question ${i % 700} about topic ${i % 53}`;
    const q: NewQuestion = {
      id,
      askedAt: now - Math.floor((i / questions) * 90 * DAY),
      chatType: i % 5 === 0 ? "supergroup" : "private",
      language: i % 3 === 0 ? "ru" : "en",
      text,
      normalized: text,
      userHash: `u${i % 5000}`,
      kind: "passage",
      tier: tiers[i % tiers.length] as (typeof tiers)[number],
      answerKey: "1.0",
      suggestions: [],
      latencyMs: 3,
      knowledgeVersion: "v",
    };
    await store.questions.record(q);
  }
  for (let i = 0; i < votes; i++) {
    await store.questions.vote({
      questionId: ids[(i * 7) % ids.length] as string,
      userHash: `v${i}`,
      vote: i % 3 === 0 ? "down" : "up",
      reason: i % 3 === 0 ? "wrong_passage" : null,
    });
  }
}

async function reports(label: string, store: Store) {
  const now = Date.now();
  const started = performance.now();
  await fill(store, now, 100_000, 10_000);
  console.log(
    `${label}: 100,000 questions and 10,000 votes written in ${fmt(performance.now() - started)}`,
  );
  for (const [name, run] of [
    ["/stats", () => gatherStats(store.questions, { now, retentionDays: 90 })],
    ["/gaps page 1", () => gatherGaps(store.questions, { now, days: 90, page: 0 })],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    const s = summarize(times);
    console.log(
      `${label}: ${name} over 100,000 questions: median ${fmt(s.p50)}, max ${fmt(s.max)}`,
    );
  }
}

const n = 1000;
const without = summarize(await updateLatencies(undefined, n));
const sqliteDir = mkdtempSync(join(tmpdir(), "bench-ops-store-"));
const sqlite = await openStore({ dataDir: sqliteDir, logger: pino({ level: "silent" }) });
const withLog = summarize(await updateLatencies(sqlite, n));
console.log(
  `a question answered, no store:      p50 ${fmt(without.p50)}, p99 ${fmt(without.p99)}, mean ${fmt(without.mean)}`,
);
console.log(
  `a question answered and logged:     p50 ${fmt(withLog.p50)}, p99 ${fmt(withLog.p99)}, mean ${fmt(withLog.mean)} (SQLite)`,
);
await reports("SQLite", sqlite);
await sqlite.close();
rmSync(sqliteDir, { recursive: true, force: true });

const url = process.env.DATABASE_URL;
if (url) {
  const schema = `bench_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const scoped = new URL(url);
  scoped.searchParams.set("options", `-c search_path=${schema}`);
  const postgres = await openStore({
    databaseUrl: scoped.toString(),
    logger: pino({ level: "silent" }),
  });
  try {
    await reports("PostgreSQL", postgres);
  } finally {
    await postgres.close();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

// A copy of knowledge/ with one file touched: the loader's snapshot misses, the lexicon (built
// once per install) is read from the cache as in production.
const changed = mkdtempSync(join(tmpdir(), "bench-ops-knowledge-"));
cpSync(KNOWLEDGE_DIR, changed, { recursive: true });
appendFileSync(join(changed, "glossary.yaml"), `\n# touched ${Date.now()}\n`);
openSearch(KNOWLEDGE_DIR); // the lexicon and knowledge/'s snapshot in the cache
let t = performance.now();
const engine = openSearch(changed);
const miss = performance.now() - t;
t = performance.now();
openSearch(changed);
const hit = performance.now() - t;
console.log(
  `/reload of knowledge/ (${engine.knowledge.documents.length} documents): ${fmt(miss)} when changed, ${fmt(hit)} when unchanged`,
);
rmSync(changed, { recursive: true, force: true });
