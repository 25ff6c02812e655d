/**
 * Builds the bot: API transformers, middleware and features, in the order they
 * must run. No side effects at import; nothing touches the network until the
 * runtime starts the bot (see src/main.ts) or a test calls handleUpdate.
 */
import { type APIThrottlerOptions, apiThrottler } from "@grammyjs/transformer-throttler";
import { Bot, MemorySessionStorage, type StorageAdapter, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import { createQuestionRecorder } from "../ops/recorder.js";
import { holderOf, type SearchHolder } from "../search/holder.js";
import type { SearchEngine } from "../search/types.js";
import { sessionAdapter } from "../store/sessions.js";
import type { QuestionLog, RateLimits, SessionStore } from "../store/types.js";
import { groupGate } from "./addressing.js";
import { readButtons, unclaimedButtons } from "./buttons.js";
import type { BotContext, BotSettings } from "./context.js";
import {
  CONVERSATION_PREFIX,
  conversationMemory,
  MEMORY_MS,
  type Remembered,
} from "./conversation.js";
import { errorHandler } from "./errors.js";
import { adminFeature } from "./features/admin.js";
import { askFeature } from "./features/ask.js";
import { clustersFeature } from "./features/clusters.js";
import { eventsFeature } from "./features/events.js";
import { feedbackFeature } from "./features/feedback.js";
import { groupsFeature } from "./features/groups.js";
import { helpFeature } from "./features/help.js";
import { inlineFeature } from "./features/inline.js";
import { langFeature } from "./features/lang.js";
import { questionFeature } from "./features/question.js";
import { sourcesFeature } from "./features/sources.js";
import { startFeature } from "./features/start.js";
import { topicsFeature } from "./features/topics.js";
import { unsupportedFeature } from "./features/unsupported.js";
import { createI18n, languageFor } from "./i18n.js";
import { setupAndLogUpdates } from "./logging.js";
import { DEFAULT_RATE_LIMITS, floodControl, type RateLimitRules } from "./rate-limit.js";
import { type RetryOptions, retryTransformer } from "./retry.js";
import { storedSessions } from "./session.js";

export { registerBotCommands } from "./commands.js";
export type { BotContext } from "./context.js";

/** The updates this bot handles; pass them as allowed_updates to getUpdates or setWebhook. */
export const ALLOWED_UPDATES = [
  "message",
  "edited_message",
  "callback_query",
  "inline_query",
  "my_chat_member",
] as const;

export const DEFAULT_SETTINGS: BotSettings = {
  documentPageLength: 4096,
  eventsPerPage: 8,
  sourcesPerPage: 8,
  answersPerQuestion: 5,
};

/**
 * Telegram's rates as the throttler keeps them: the plugin's defaults (30
 * calls a second overall, one a second per private chat, 20 a minute per
 * group), with calls overall also spaced 34 ms apart. The plugin refills its
 * 30 on a fixed clock, which alone lets up to 60 through in a second that
 * straddles two refills.
 */
export const TELEGRAM_RATES: APIThrottlerOptions = {
  global: {
    reservoir: 30,
    reservoirRefreshAmount: 30,
    reservoirRefreshInterval: 1000,
    minTime: 34,
  },
};

/** The token used when none is configured but botInfo is given (the local chat needs no real one). */
export const PLACEHOLDER_TOKEN = "0:local-chat";

/**
 * The part of the store the bot itself uses: sessions and the rate-limit
 * counters, kept under hashed identities (a Store from src/store, or
 * memoryState() where there is no database).
 */
export interface BotStore {
  readonly sessions: SessionStore;
  readonly rateLimits: RateLimits;
  /** Votes and asked questions: a Store has one, memoryState() has none. */
  readonly questions?: QuestionLog;
  hashUserId(userId: number | string): string;
}

export interface CreateBotOptions {
  /**
   * botToken (optional only together with botInfo), botApiRoot; and, when
   * given, knowledgeDir (what /reload reads), adminIds, logQuestions and
   * questionLogDays (defaults: no /reload, no admins, texts logged, 90 days).
   */
  readonly config: Pick<Config, "botToken" | "botApiRoot"> &
    Partial<Pick<Config, "knowledgeDir" | "adminIds" | "logQuestions" | "questionLogDays">>;
  readonly logger: Logger;
  /** The engine, or a holder of it when the caller wants to see /reload's swaps too. */
  readonly search: SearchEngine | SearchHolder;
  /**
   * Where sessions, rate-limit counters and, when it has a question log,
   * votes and asked questions are kept. Without a question log nothing is
   * logged and no vote buttons are shown; everything else works.
   */
  readonly store: BotStore;
  /** Telegram user ids with /stats, /gaps and /reload; default config.adminIds. */
  readonly admins?: readonly number[];
  /** Known bot info: skips getMe (tests and the local chat). */
  readonly botInfo?: UserFromGetMe;
  /** Where each chat's last answer is kept for follow-ups; default: the store's sessions. */
  readonly conversationStorage?: StorageAdapter<Remembered>;
  /**
   * Transformers installed first, i.e. closest to the network (the Telegram
   * simulator's in-process front end in tests and the local chat). The throttler
   * and the retries wrap them.
   */
  readonly transformers?: readonly Transformer[];
  /**
   * Throttle outgoing calls to Telegram's rates: true (the default) for
   * TELEGRAM_RATES, the plugin's options for other timings (tests), false for none.
   */
  readonly throttle?: boolean | APIThrottlerOptions;
  /** Flood control budgets; tests relax or tighten them. */
  readonly rateLimits?: Partial<RateLimitRules>;
  readonly settings?: Partial<BotSettings>;
  /** How failed calls are retried (tests shorten the waits); see retry.ts. */
  readonly retry?: Partial<RetryOptions>;
}

/**
 * Creates the bot. Middleware order matters:
 * 1. per-update set-up and the one log line per update (outermost, so it times everything);
 * 2. an error boundary around everything else (log, apologise, never rethrow);
 * 3. the group gate: silence on what is not addressed to the bot, before any work;
 * 4. sessions (per person: identity.ts), then the language (session choice, else
 *    language_code), then i18n;
 * 5. flood control (after i18n, since its notices are localized);
 * 6. button presses read once (stale ones answered there), then the features —
 *    each with its commands and the handlers of its own buttons — commands
 *    before free text, presses no feature claimed, and the catch-all last; the
 *    admins' commands come first (they pass everyone else's updates on untouched).
 */
export function createBot(options: CreateBotOptions): Bot<BotContext> {
  const { config, logger, botInfo, store } = options;
  const search = holderOf(options.search);
  const questionLog = store.questions && {
    questions: store.questions,
    hashUserId: store.hashUserId,
  };
  const recorder =
    questionLog &&
    createQuestionRecorder({
      store: questionLog,
      logTexts: config.logQuestions ?? true,
      retentionDays: config.questionLogDays ?? 90,
    });
  const token = config.botToken ?? (botInfo ? PLACEHOLDER_TOKEN : undefined);
  if (token === undefined)
    throw new Error("createBot needs config.botToken (or botInfo for a local bot)");
  const settings: BotSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const limits: RateLimitRules = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };

  const bot = new Bot<BotContext>(token, {
    ...(botInfo && { botInfo }),
    client: { apiRoot: config.botApiRoot },
  });

  // Innermost first: the given transport, then the throttler, then the retries,
  // so a retried call waits its turn in the throttler again.
  if (options.transformers && options.transformers.length > 0)
    bot.api.config.use(...options.transformers);
  const throttle = options.throttle ?? true;
  if (throttle !== false)
    bot.api.config.use(apiThrottler(throttle === true ? TELEGRAM_RATES : throttle));
  // getUpdates is left to the polling loop, which retries it with logging and
  // a capped backoff; retried silently here, an outage would go unseen for minutes.
  bot.api.config.use(retryTransformer({ logger, ...options.retry }, new Set(["getUpdates"])));

  const i18n = createI18n<BotContext>((ctx) => ctx.lang);
  const onError = errorHandler(i18n, logger);

  // Each chat's last answer lives in the store with the sessions, so a
  // follow-up works after a restart and on whichever replica gets it; it holds
  // the question as typed, so with LOG_QUESTIONS=false it stays in this
  // process's memory and nothing anyone typed is written to the store.
  const memory = conversationMemory(
    options.conversationStorage ??
      (config.logQuestions === false
        ? new MemorySessionStorage<Remembered>(MEMORY_MS)
        : sessionAdapter<Remembered>(store.sessions)),
    logger,
    MEMORY_MS,
    (chatId) => `${CONVERSATION_PREFIX}${store.hashUserId(chatId)}`,
  );
  bot.use(setupAndLogUpdates(logger, search, settings, memory, recorder));
  const guarded = bot.errorBoundary(onError);
  guarded.use(groupGate());
  const hash = (id: string) => options.store.hashUserId(id);
  guarded.use(storedSessions(options.store.sessions, hash));
  guarded.use(async (ctx, next) => {
    // Only updates with a user have a session (channel posts have none).
    if (ctx.from !== undefined) ctx.lang = ctx.session.lang ?? languageFor(ctx.from.language_code);
    await next();
  });
  guarded.use(i18n);
  guarded.use(floodControl(options.store.rateLimits, limits, logger, hash));
  guarded.use(
    readButtons(),
    // First: an admin's first message sets their command menu, whatever it says.
    adminFeature({
      admins: options.admins ?? config.adminIds ?? [],
      store: questionLog,
      search,
      knowledgeDir: config.knowledgeDir,
      retentionDays: config.questionLogDays ?? 90,
      logTexts: config.logQuestions ?? true,
    }),
    startFeature(),
    helpFeature(),
    askFeature(),
    clustersFeature(),
    eventsFeature(),
    topicsFeature(),
    sourcesFeature(),
    langFeature(),
    inlineFeature(),
    groupsFeature(),
    feedbackFeature(questionLog),
    questionFeature(),
    unclaimedButtons(),
    unsupportedFeature(),
  );
  // Errors outside the boundary (the set-up middleware itself) end up here.
  bot.catch(onError);
  return bot;
}
