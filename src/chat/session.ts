/**
 * Wires the local chat: the real bot (createBot, with all its middleware and
 * handlers) with the Telegram simulator's in-process front end installed as its
 * transport, so that nothing ever reaches the network and no token is needed.
 */
import type { User, UserFromGetMe } from "grammy/types";
import { registerBotCommands } from "../bot/commands.js";
import type { BotContext } from "../bot/context.js";
import { createBot } from "../bot/create-bot.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Lang, SearchEngine } from "../search/types.js";
import { memoryState } from "../store/memory.js";
import { TelegramSimulator } from "../telegram-sim/index.js";
import { DEFAULT_CHAT_USER, LocalChat } from "./local-chat.js";
import { dim } from "./render.js";

/** Who the bot is in the local chat (no getMe is ever called). */
export const LOCAL_BOT_INFO: UserFromGetMe = {
  id: 100_000,
  is_bot: true,
  first_name: "Tomsk Cooperation Bot",
  username: "local_chat_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
} as UserFromGetMe;

export interface LocalChatSessionOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly search: SearchEngine;
  readonly write: (text: string) => void;
  /** Colours and bold (stdout is a TTY). */
  readonly ansi?: boolean;
  /** Show what the user typed (stdin is not a TTY). */
  readonly echo?: boolean;
  /** The user's Telegram language_code: the bot speaks Russian for ru. */
  readonly lang?: Lang;
}

export type LocalChatSession = ReturnType<typeof createLocalChatSession>;

/** Creates the bot and the chat; `start` registers the commands as `npm start` does. */
export function createLocalChatSession(options: LocalChatSessionOptions) {
  const { config, logger, search, write, ansi = false, echo = false, lang = "en" } = options;
  const sim = new TelegramSimulator({ botInfo: LOCAL_BOT_INFO });
  const bot = createBot({
    config,
    logger,
    search,
    botInfo: LOCAL_BOT_INFO,
    // One person, one run: sessions and rate limits live as long as the chat.
    store: memoryState(),
    transformers: [sim.transformer],
    // Nothing goes to Telegram, so there is no rate to keep under.
    throttle: false,
  });
  const user: User = { ...DEFAULT_CHAT_USER, language_code: lang };
  const chat = new LocalChat<BotContext>({ bot, sim, write, ansi, echo, user });
  return {
    sim,
    bot,
    chat,
    /** Registers the command menu (through the local API) and returns the help lines to show first. */
    async start(): Promise<string> {
      await registerBotCommands(bot.api, logger);
      const menu = sim.commands("all_private_chats", lang === "en" ? "" : lang);
      return [
        dim(ansi, "Local chat with the bot: no token, no network. Type a question or a /command;"),
        dim(
          ansi,
          "a number presses a button; @bot <question> tries inline mode; /quit or Ctrl-D leaves.",
        ),
        dim(ansi, `Commands: ${menu.map((c) => `/${c.command}`).join(" ")}`),
      ].join("\n");
    },
  };
}
