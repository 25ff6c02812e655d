/**
 * `npm run chat`: talk to the bot in the terminal, with no token and no network.
 * Reads lines from stdin (typed or piped), renders the bot's messages, edits and
 * buttons on stdout; logs (warnings only, unless LOG_LEVEL is set) go to stderr.
 *
 * Options: --lang ru|en (default from $LANG) picks the Telegram language of the user.
 */
import { createInterface } from "node:readline";
import { config as loadDotenv } from "dotenv";
import pino from "pino";
import { createLocalChatSession } from "../chat/session.js";
import { formatConfigProblems, parseConfig } from "../config.js";
import { explainKnowledgeFailure } from "../knowledge/load.js";
import { createLogger } from "../logger.js";
import { openSearch } from "../search/open.js";
import type { Lang, SearchEngine } from "../search/types.js";

loadDotenv({ quiet: true });
const parsed = parseConfig(process.env, { requireToken: false });
if (!parsed.ok) {
  process.stderr.write(`${formatConfigProblems(parsed.problems)}\n`);
  process.exit(1);
}
const config = parsed.config;
const logger = createLogger({
  level: process.env.LOG_LEVEL?.trim() ? config.logLevel : "warn",
  secrets: [config.botToken],
  destination: pino.destination({ dest: 2, sync: true }),
});

let search: SearchEngine;
try {
  search = openSearch(config.knowledgeDir);
} catch (error) {
  process.stderr.write(`${explainKnowledgeFailure(error, config.knowledgeDir)}\n`);
  process.exit(1);
}

const interactive = process.stdin.isTTY === true;
const session = createLocalChatSession({
  config,
  logger,
  search,
  write: (text) => process.stdout.write(`${text}\n`),
  ansi: process.stdout.isTTY === true,
  echo: !interactive,
  lang: languageOption(process.argv.slice(2), process.env.LANG),
});

const intro = await session.start();
if (interactive) process.stdout.write(`${intro}\n`);

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
if (interactive) process.stdout.write("\n");
process.exit(0);

function languageOption(args: readonly string[], localeVariable: string | undefined): Lang {
  const index = args.findIndex((a) => a === "--lang" || a.startsWith("--lang="));
  const value = index < 0 ? undefined : (args[index]?.split("=")[1] ?? args[index + 1]);
  if (value !== undefined) {
    if (value === "ru" || value === "en") return value;
    process.stderr.write(`--lang must be ru or en, not "${value}"\n`);
    process.exit(1);
  }
  return localeVariable?.toLowerCase().startsWith("ru") ? "ru" : "en";
}
