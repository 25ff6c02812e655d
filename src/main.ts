/**
 * `npm start`: the bot as a service. The only module with side effects: it reads
 * the environment (and .env), loads the knowledge, starts long polling or the
 * webhook server, and stops gracefully on SIGINT and SIGTERM.
 *
 * Exit codes: 0 after a clean stop; 1 for a configuration or knowledge problem
 * (one line per problem on stderr), a failed start, a fatal error while running,
 * or a shutdown that had to give up on updates.
 */
import { config as loadDotenv } from "dotenv";
import { ALLOWED_UPDATES, createBot, registerBotCommands } from "./bot/create-bot.js";
import { formatConfigProblems, parseConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { startPolling } from "./runtime/polling.js";
import { describeError, type UpdateService } from "./runtime/service.js";
import { createShutdown, flush } from "./runtime/shutdown.js";
import { startWebhook } from "./runtime/webhook.js";
import { explainKnowledgeFailure, loadKnowledge } from "./search/corpus.js";
import { createSearchEngine } from "./search/engine.js";

loadDotenv({ quiet: true });

const parsed = parseConfig(process.env, { requireToken: true });
if (!parsed.ok) {
  process.stderr.write(`${formatConfigProblems(parsed.problems)}\n`);
  process.exit(1);
}
const config = parsed.config;
const logger = createLogger({
  level: config.logLevel,
  secrets: [config.botToken, config.webhook?.secret],
});
const shutdown = createShutdown({ logger });
shutdown.install();

let knowledge: ReturnType<typeof loadKnowledge>;
try {
  knowledge = loadKnowledge(config.knowledgeDir);
} catch (error) {
  process.stderr.write(`${explainKnowledgeFailure(error, config.knowledgeDir)}\n`);
  process.exit(1);
}

const search = createSearchEngine(knowledge);
const bot = createBot({ config, logger, search });
logger.info(
  {
    mode: config.mode,
    documents: knowledge.documents.length,
    knowledgeVersion: knowledge.version,
    apiRoot: config.botApiRoot,
  },
  "starting",
);

const starting = (async (): Promise<UpdateService> => {
  // getMe is retried for as long as the network fails: say so rather than stay silent.
  const waiting = setInterval(
    () =>
      logger.warn({ apiRoot: config.botApiRoot }, "still waiting for the Bot API to answer getMe"),
    10_000,
  );
  try {
    await bot.init();
  } finally {
    clearInterval(waiting);
  }
  logger.info({ username: bot.botInfo.username }, "connected to the Bot API");
  await registerBotCommands(bot.api, logger);
  if (config.mode === "webhook" && config.webhook) {
    return startWebhook(bot, {
      logger,
      url: config.webhook.url,
      secret: config.webhook.secret,
      host: config.host,
      port: config.port,
      allowedUpdates: ALLOWED_UPDATES,
    });
  }
  return startPolling(bot, { logger, allowedUpdates: ALLOWED_UPDATES });
})();
shutdown.manage(starting);

try {
  const service = await starting;
  // (After a signal during start-up, the shutdown under way stops the service.)
  service.done.catch(async (error: unknown) => {
    logger.fatal({ error: describeError(error) }, "the bot cannot go on");
    await shutdown.shutdown("fatal", 1);
  });
} catch (error) {
  if (!shutdown.started) {
    logger.fatal(
      { error: describeError(error) },
      "could not start: check BOT_TOKEN, BOT_API_ROOT and the network",
    );
    await flush(logger);
    process.exit(1);
  }
}
