/**
 * Scoring the whole bot, not only the search: every question of a set is sent
 * to the real bot (createBot, its middleware and views) in a private chat, by
 * a user whose Telegram language is the question's, over the Telegram
 * simulator's in-process front end; the reply is judged as a person reads it.
 *
 * - Right at the first reply: the reply is an answer (it does not open with
 *   🤷 "nothing found" or 🤔 "not sure") and contains one of `answer_any`.
 * - Declined: it opens with 🤷 or 🤔 — what a question the texts cannot
 *   answer should get.
 * - Shown in Russian: for a Russian speaker's answer, the reply carries the
 *   English original folded under a translation (an expandable quote).
 * - Latency: from handing the update to the bot to its reply being sent.
 */
import type { Message } from "grammy/types";
import { createBot } from "../bot/create-bot.js";
import { LOCAL_BOT_INFO } from "../chat/session.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { type EvalItem, UNANSWERABLE_KINDS } from "../search/evaluate.js";
import type { SearchEngine } from "../search/types.js";
import { memoryState } from "../store/index.js";
import { TelegramSimulator, UpdateFactory } from "../telegram-sim/index.js";

/** How one question fared through the bot. */
export interface BotOutcome {
  readonly item: EvalItem;
  readonly reply: string;
  readonly declined: boolean;
  readonly right: boolean;
  /** For an answer to a Russian speaker: whether it showed the passage in Russian. */
  readonly russian?: boolean;
  readonly latencyMs: number;
}

/** What a whole run measured. */
export interface BotReport {
  readonly outcomes: readonly BotOutcome[];
  /** Share of answerable questions answered right at the first reply, overall and by group. */
  readonly rightShare: (filter?: (o: BotOutcome) => boolean) => number;
  /** Share of unanswerable questions declined or hedged. */
  readonly declinedShare: number;
  /** Share of answers to Russian speakers that showed the passage in Russian. */
  readonly russianShare: number;
  readonly latency: { readonly p50: number; readonly p95: number; readonly max: number };
}

const DECLINE_MARKS = ["🤷", "🤔"];

/** Sends every question to the bot, one user per question, and judges the replies. */
export async function evaluateThroughBot(
  items: readonly EvalItem[],
  deps: { search: SearchEngine; logger: Logger; config: Pick<Config, "botApiRoot"> },
): Promise<BotReport> {
  const sim = new TelegramSimulator({ botInfo: LOCAL_BOT_INFO });
  const bot = createBot({
    config: deps.config,
    logger: deps.logger,
    search: deps.search,
    botInfo: LOCAL_BOT_INFO,
    store: memoryState(),
    transformers: [sim.transformer],
    // Each question comes from a user of its own, so no flood limit is reached.
    throttle: false,
  });
  const updates = new UpdateFactory({ bot: LOCAL_BOT_INFO });
  const fold = (s: string) => s.toLowerCase().replace(/\s+/gu, " ");
  const outcomes: BotOutcome[] = [];
  let userId = 5_000_000;
  for (const item of items) {
    const user = updates.user({ id: ++userId, language_code: item.lang === "ru" ? "ru" : "en" });
    const update = updates.textMessage(item.question, {
      from: user,
      chat: updates.privateChat(user),
    });
    const started = performance.now();
    await bot.handleUpdate(update);
    const latencyMs = performance.now() - started;
    const reply: Message | undefined = sim
      .messagesIn(user.id)
      .filter((m) => m.from?.id === LOCAL_BOT_INFO.id)
      .at(-1);
    const text = reply?.text ?? "";
    const declined = DECLINE_MARKS.some((mark) => text.startsWith(mark));
    const right =
      !declined &&
      !UNANSWERABLE_KINDS.has(item.kind) &&
      item.answer_any.some((fragment) => fold(text).includes(fold(fragment)));
    const russian =
      item.lang === "ru" && !declined
        ? (reply?.entities ?? []).some((e) => e.type === "expandable_blockquote")
        : undefined;
    outcomes.push({
      item,
      reply: text,
      declined,
      right,
      latencyMs,
      ...(russian !== undefined && { russian }),
    });
  }
  const answerable = outcomes.filter((o) => !UNANSWERABLE_KINDS.has(o.item.kind));
  const unanswerable = outcomes.filter((o) => UNANSWERABLE_KINDS.has(o.item.kind));
  const russianAnswers = outcomes.filter((o) => o.russian !== undefined);
  const share = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
  const times = outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))] ?? 0;
  return {
    outcomes,
    rightShare: (filter = () => true) => {
      const group = answerable.filter(filter);
      return share(group.filter((o) => o.right).length, group.length);
    },
    declinedShare: share(unanswerable.filter((o) => o.declined).length, unanswerable.length),
    russianShare: share(russianAnswers.filter((o) => o.russian).length, russianAnswers.length),
    latency: { p50: at(0.5), p95: at(0.95), max: times.at(-1) ?? 0 },
  };
}
