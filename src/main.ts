/**
 * `npm start`: the bot as a service. Like the other entry files (src/cli), it
 * has side effects; no module it imports does. It reads its settings, loads
 * the knowledge, opens the store (SQLite in
 * DATA_DIR, or PostgreSQL at DATABASE_URL), starts long polling or the webhook
 * server, and stops gracefully on SIGINT and SIGTERM.
 *
 * Exit codes: 0 after a clean stop; 1 for a configuration or knowledge problem
 * (one line per problem on stderr), a failed start, a fatal error while running,
 * or a shutdown that had to give up on updates; 2 for a flag it does not know.
 * Settings are read as every entry point reads them (src/commands/command.ts).
 */
import { sessionKey } from "./bot/session.js";
import { type CommandSpec, EXIT, InputError } from "./commands/command.js";
import { openCommandSearch } from "./commands/knowledge.js";
import { runAsProcess } from "./commands/process.js";
import { VARIABLES } from "./config.js";
import { createLogger } from "./logger.js";
import { instanceOf, launchBot } from "./runtime/launch.js";
import { createShutdown, flush } from "./runtime/shutdown.js";
import { importFileSessions } from "./store/import-sessions.js";
import { openStore, type Store } from "./store/index.js";

const startCommand: CommandSpec = {
  name: "npm start",
  usage: "[-- options]",
  summary:
    "Runs the bot on Telegram: long polling, or a webhook server with BOT_MODE=webhook.\nStops gracefully on SIGINT and SIGTERM.",
  options: {},
  settings: VARIABLES,
  requireToken: true,
  async run({ config }) {
    const logger = createLogger({
      level: config.logLevel,
      secrets: [config.botToken, config.webhook?.secret],
    });
    const shutdown = createShutdown({ logger });
    shutdown.install();

    const search = openCommandSearch(config);

    let store: Store;
    try {
      store = await openStore({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        logger,
        pollingLockName: instanceOf(config).lockName,
      });
    } catch (error) {
      const variable = config.databaseUrl === undefined ? "DATA_DIR" : "DATABASE_URL";
      const reason = error instanceof Error ? error.message : String(error);
      await flush(logger);
      throw new InputError(`${variable} cannot be used: ${reason}`);
    }
    shutdown.onClose(() => store.close());

    // An earlier version kept /lang choices as files in DATA_DIR: moved into the store once.
    try {
      await importFileSessions(
        config.dataDir,
        store.sessions,
        (id) => sessionKey(`user:${id}`, (identity) => store.hashUserId(identity)),
        logger,
      );
    } catch (error) {
      logger.warn(
        { err: error },
        "could not import the sessions of an earlier version; they stay where they are",
      );
    }

    try {
      await launchBot({ config, logger, search, store, shutdown });
    } catch {
      // launchBot logged why; a shutdown already under way (a signal during start) exits by itself.
      if (!shutdown.started) {
        await store.close().catch(() => {});
        await flush(logger);
        process.exit(EXIT.input);
      }
    }
    return EXIT.ok;
  },
};

await runAsProcess(startCommand);
