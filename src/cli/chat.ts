/**
 * `npm run chat`: talk to the bot in the terminal, with no token and no network.
 * Reads lines from stdin (typed or piped), renders the bot's messages, edits and
 * buttons on stdout; logs (warnings only, unless LOG_LEVEL says otherwise) go to stderr.
 */
import { createInterface } from "node:readline";
import pino from "pino";
import { createLocalChatSession } from "../chat/session.js";
import { type CommandSpec, langOption } from "../commands/command.js";
import { openCommandSearch } from "../commands/knowledge.js";
import { runAsProcess } from "../commands/process.js";
import { createLogger } from "../logger.js";
import type { Lang } from "../search/types.js";

const options = {
  lang: langOption("your Telegram language (default: ru when $LANG starts with ru, else en)"),
} as const;

const chatCommand: CommandSpec<typeof options> = {
  name: "npm run chat",
  usage: "[-- options]",
  summary:
    "Talk to the bot in the terminal: the same bot, against the Telegram simulator, with no\ntoken and no network. Type a question or a /command; a number presses a button; piped\ninput is read one message per line.",
  options,
  settings: ["KNOWLEDGE_DIR", "LOG_LEVEL"],
  // Its stderr is the person's terminal: warnings only, unless asked.
  defaults: { LOG_LEVEL: "warn" },
  async run({ config, options, io }) {
    const logger = createLogger({
      level: config.logLevel,
      destination: pino.destination({ dest: 2, sync: true }),
    });
    const search = openCommandSearch(config);
    const interactive = process.stdin.isTTY === true;
    const lang: Lang =
      (options.lang as Lang | undefined) ??
      (process.env.LANG?.toLowerCase().startsWith("ru") ? "ru" : "en");
    const session = createLocalChatSession({
      config,
      logger,
      search,
      write: (text) => io.out(`${text}\n`),
      ansi: process.stdout.isTTY === true,
      echo: !interactive,
      lang,
    });
    const intro = await session.start();
    if (interactive) io.out(`${intro}\n`);
    const lines = createInterface({
      input: process.stdin,
      output: process.stdout,
      terminal: interactive,
      prompt: "you › ",
    });
    if (interactive) lines.prompt();
    for await (const line of lines) {
      if (!(await session.chat.input(line))) break;
      if (interactive) lines.prompt();
    }
    lines.close();
    if (interactive) io.out("\n");
    // The bot keeps timers (flood control, memory pruning): the chat is over, so is the process.
    process.exit(0);
  },
};

await runAsProcess(chatCommand);
