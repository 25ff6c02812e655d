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
import type { Store } from "../store/types.js";
import { groupGate } from "./addressing.js";
import { readButtons, unclaimedButtons } from "./buttons.js";
import type { BotContext, BotSettings, SessionData } from "./context.js";
import { conversationMemory, MEMORY_MS, type Remembered } from "./conversation.js";
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
import { DEFAULT_RATE_LIMITS, type RateLimits, rateLimiters } from "./rate-limit.js";
import { type RetryOptions, retryTransformer } from "./retry.js";
import { fileSessionStorage, resilientStorage, userSession } from "./session.js";

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

/** The token used when none is configured but botInfo is given (the local chat needs no real one). */
export const PLACEHOLDER_TOKEN = "0:local-chat";

export interface CreateBotOptions {
  /**
   * botToken (optional only together with botInfo), botApiRoot, dataDir; and,
   * when given, knowledgeDir (what /reload reads), adminIds, logQuestions and
   * questionLogDays (defaults: no /reload, no admins, texts logged, 90 days).
   */
  readonly config: Pick<Config, "botToken" | "botApiRoot" | "dataDir"> &
    Partial<Pick<Config, "knowledgeDir" | "adminIds" | "logQuestions" | "questionLogDays">>;
  readonly logger: Logger;
  /** The engine, or a holder of it when the caller wants to see /reload's swaps too. */
  readonly search: SearchEngine | SearchHolder;
  /**
   * Where votes and the question log are kept. Without a store, nothing is
   * logged and no vote buttons are shown; everything else works.
   */
  readonly store?: Store;
  /** Telegram user ids with /stats, /gaps and /reload; default config.adminIds. */
  readonly admins?: readonly number[];
  /** Known bot info: skips getMe (tests and the local chat). */
  readonly botInfo?: UserFromGetMe;
  /** Session store; default: JSON files under `<dataDir>/sessions`. */
  readonly sessionStorage?: StorageAdapter<SessionData>;
  /** Where each chat's last answer is kept for follow-ups; default: memory. */
  readonly conversationStorage?: StorageAdapter<Remembered>;
  /**
   * Transformers installed first, i.e. closest to the network (the Telegram
   * simulator's in-process front end in tests and the local chat). The throttler
   * and the retries wrap them.
   */
  readonly transformers?: readonly Transformer[];
  /**
   * Throttle outgoing calls to Telegram's rates: true (the default) for the plugin's
   * limits, its options for other timings (tests), false for none (unit tests).
   */
  readonly throttle?: boolean | APIThrottlerOptions;
  readonly rateLimits?: Partial<RateLimits>;
  readonly settings?: Partial<BotSettings>;
  /** How failed calls are retried (tests shorten the waits); see retry.ts. */
  readonly retry?: Partial<RetryOptions>;
}

/**
 * Creates the bot. Middleware order matters:
 * 1. per-update set-up and the one log line per update (outermost, so it times everything);
 * 2. an error boundary around everything else (log, apologise, never rethrow);
 * 3. the group gate: silence on what is not addressed to the bot, before any work;
 * 4. sessions (per user), then the language (session choice, else language_code), then i18n;
 * 5. flood control (after i18n, since its notices are localized);
 * 6. button presses read once (stale ones answered there), then the features —
 *    each with its commands and the handlers of its own buttons — commands
 *    before free text, presses no feature claimed, and the catch-all last; the
 *    admins' commands come first (they pass everyone else's updates on untouched).
 */
export function createBot(options: CreateBotOptions): Bot<BotContext> {
  const { config, logger, botInfo, store } = options;
  const search = holderOf(options.search);
  const recorder =
    store &&
    createQuestionRecorder({
      store,
      logTexts: config.logQuestions ?? true,
      retentionDays: config.questionLogDays ?? 90,
    });
  const token = config.botToken ?? (botInfo ? PLACEHOLDER_TOKEN : undefined);
  if (token === undefined)
    throw new Error("createBot needs config.botToken (or botInfo for a local bot)");
  const settings: BotSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const limits: RateLimits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };

  const bot = new Bot<BotContext>(token, {
    ...(botInfo && { botInfo }),
    client: { apiRoot: config.botApiRoot },
  });

  // Innermost first: the given transport, then the throttler, then the retries,
  // so a retried call waits its turn in the throttler again.
  if (options.transformers && options.transformers.length > 0)
    bot.api.config.use(...options.transformers);
  const throttle = options.throttle ?? true;
  if (throttle !== false) bot.api.config.use(apiThrottler(throttle === true ? {} : throttle));
  // getUpdates is left to the polling loop, which retries it with logging and
  // a capped backoff; retried silently here, an outage would go unseen for minutes.
  bot.api.config.use(retryTransformer(options.retry, new Set(["getUpdates"])));

  const i18n = createI18n<BotContext>((ctx) => ctx.lang);
  const onError = errorHandler(i18n, logger);
  const storage = resilientStorage(
    options.sessionStorage ?? fileSessionStorage(config.dataDir),
    logger,
  );

  const memory = conversationMemory(
    options.conversationStorage ?? new MemorySessionStorage<Remembered>(MEMORY_MS),
    logger,
  );
  bot.use(setupAndLogUpdates(logger, search, settings, memory, recorder));
  const guarded = bot.errorBoundary(onError);
  guarded.use(groupGate());
  guarded.use(userSession(storage));
  guarded.use(async (ctx, next) => {
    // Only updates with a user have a session (channel posts have none).
    if (ctx.from !== undefined) ctx.lang = ctx.session.lang ?? languageFor(ctx.from.language_code);
    await next();
  });
  guarded.use(i18n);
  guarded.use(...rateLimiters(limits));
  guarded.use(
    readButtons(),
    // First: an admin's first message sets their command menu, whatever it says.
    adminFeature({
      admins: options.admins ?? config.adminIds ?? [],
      store,
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
    feedbackFeature(store),
    questionFeature(),
    unclaimedButtons(),
    unsupportedFeature(),
  );
  // Errors outside the boundary (the set-up middleware itself) end up here.
  bot.catch(onError);
  return bot;
}
