/**
 * The question log as the bot writes it: every question answered, hedged or
 * declined is recorded after its reply went out, and questions past the
 * retention are pruned now and then as a side effect of recording. Nothing
 * here can delay a reply (it is already sent) or break one (failures are
 * logged, never thrown), and a slow store is waited for a bounded time only.
 */
import type { Logger } from "../logger.js";
import { newQuestionId } from "../store/index.js";
import type { QuestionLogStore } from "../store/types.js";
import { type AskedQuestion, questionRecord } from "./question-record.js";
import { settle } from "./settle.js";

/** How long a log write is waited for before the update is let go. */
const WRITE_TIMEOUT_MS = 2_000;
/** Pruning runs at most this often per process (every replica prunes; it is idempotent). */
export const PRUNE_EVERY_MS = 60 * 60 * 1000;

export interface RecorderOptions {
  readonly store: QuestionLogStore;
  /** LOG_QUESTIONS: false keeps the texts (and what is derived from them) out. */
  readonly logTexts: boolean;
  /** QUESTION_LOG_DAYS. */
  readonly retentionDays: number;
  readonly now?: () => number;
  /** How long a write is waited for; 2 s by default. */
  readonly writeTimeoutMs?: number;
}

export interface QuestionRecorder {
  readonly store: QuestionLogStore;
  /** A new question id, for the reply's vote buttons. */
  newId(): string;
  /** Records one asked question (the user hashed here); resolves when done or given up, never rejects. */
  record(
    asked: Omit<AskedQuestion, "userHash"> & { userId: number },
    logger: Logger,
  ): Promise<void>;
}

/** Creates the recorder; the first record also prunes. */
export function createQuestionRecorder(options: RecorderOptions): QuestionRecorder {
  const { store, logTexts, retentionDays } = options;
  const now = options.now ?? Date.now;
  const timeoutMs = options.writeTimeoutMs ?? WRITE_TIMEOUT_MS;
  let lastPrune = Number.NEGATIVE_INFINITY;
  return {
    store,
    newId: newQuestionId,
    async record({ userId, ...asked }, logger) {
      const entry = questionRecord({ ...asked, userHash: store.hashUserId(userId) }, logTexts);
      await settle(() => store.questions.record(entry), {
        timeoutMs,
        logger,
        what: "question log: recording a question",
      });
      if (now() - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = now();
        await pruneQuestionLog(store, retentionDays, logger, timeoutMs);
      }
    },
  };
}

/**
 * Deletes questions and votes older than `days` days; logs what it removed,
 * or why it could not. For the runtime's timer as well as the recorder.
 */
export async function pruneQuestionLog(
  store: QuestionLogStore,
  days: number,
  logger: Logger,
  timeoutMs = 30_000,
): Promise<{ questions: number; votes: number } | undefined> {
  const pruned = await settle(() => store.questions.prune(days), {
    timeoutMs,
    logger,
    what: "question log: pruning",
  });
  if (pruned && (pruned.questions > 0 || pruned.votes > 0)) {
    logger.info({ ...pruned, retention_days: days }, "question log: pruned");
  }
  return pruned;
}
