/**
 * The command menu Telegram shows: registered at start-up with setMyCommands,
 * English by default and Russian for `ru`, for private chats and for groups.
 */
import type { Api } from "grammy";
import type { BotCommand, BotCommandScope } from "grammy/types";
import type { Logger } from "../logger.js";
import type { Lang } from "../search/types.js";
import { createI18n } from "./i18n.js";

/** Commands in menu order; each has a `cmd-<name>` description in the .ftl files. */
export const PRIVATE_COMMANDS = [
  "start",
  "help",
  "ask",
  "clusters",
  "events",
  "sources",
  "lang",
] as const;
/** In groups /start says little; /ask comes first because it is how groups ask. */
export const GROUP_COMMANDS = ["ask", "help", "clusters", "events", "sources", "lang"] as const;

/** One setMyCommands call. */
export interface CommandMenu {
  readonly scope: BotCommandScope;
  /** Undefined for the default menu (English). */
  readonly language_code?: Lang;
  readonly commands: BotCommand[];
}

/** The four menus: {private chats, groups} × {default English, Russian}. */
export function commandMenus(): CommandMenu[] {
  const i18n = createI18n();
  const menus: CommandMenu[] = [];
  for (const [scope, names] of [
    [{ type: "all_private_chats" }, PRIVATE_COMMANDS],
    [{ type: "all_group_chats" }, GROUP_COMMANDS],
  ] as const) {
    for (const lang of [undefined, "ru"] as const) {
      const commands = names.map((command) => ({
        command,
        description: i18n.t(lang ?? "en", `cmd-${command}`),
      }));
      menus.push(
        lang === undefined ? { scope, commands } : { scope, language_code: lang, commands },
      );
    }
  }
  return menus;
}

/** The operators' commands, shown only in admins' own chats (see adminCommandMenus). */
export const ADMIN_COMMANDS = ["stats", "gaps", "reload"] as const;

/**
 * An admin's menu, scoped to their private chat with the bot (chat id = user
 * id): the private menu plus the operators' commands, in English and Russian.
 * A chat-scoped menu replaces the all-private-chats one there, so it repeats it.
 */
export function adminCommandMenus(chatId: number): CommandMenu[] {
  const i18n = createI18n();
  const scope: BotCommandScope = { type: "chat", chat_id: chatId };
  return ([undefined, "ru"] as const).map((lang) => {
    const commands = [...PRIVATE_COMMANDS, ...ADMIN_COMMANDS].map((command) => ({
      command,
      description: i18n.t(lang ?? "en", `cmd-${command}`),
    }));
    return lang === undefined ? { scope, commands } : { scope, language_code: lang, commands };
  });
}

/**
 * Registers the command menus. Called once at start-up by the runtime; a failed
 * call is logged and swallowed, since a bot without a menu still works. The calls
 * run together and are given up after `timeoutMs` (the retries would otherwise
 * keep retrying a failing server for minutes and hold up the start).
 * @returns how many of the calls succeeded.
 */
export async function registerBotCommands(
  api: Api,
  logger: Logger,
  { timeoutMs = 10_000 }: { timeoutMs?: number } = {},
): Promise<{ ok: number; failed: number }> {
  // grammY types its signal with the abort-controller polyfill; the native one works the same.
  const signal = AbortSignal.timeout(timeoutMs) as unknown as Parameters<Api["setMyCommands"]>[2];
  const menus = commandMenus();
  const results = await Promise.allSettled(
    menus.map((menu) =>
      api.setMyCommands(
        menu.commands,
        {
          scope: menu.scope,
          ...(menu.language_code !== undefined && { language_code: menu.language_code }),
        },
        signal,
      ),
    ),
  );
  results.forEach((result, i) => {
    const menu = menus[i];
    if (result.status === "rejected" && menu) {
      logger.warn(
        {
          err: result.reason,
          scope: menu.scope.type,
          language_code: menu.language_code ?? "default",
        },
        "setMyCommands failed; the bot works without its command menu",
      );
    }
  });
  const ok = results.filter((r) => r.status === "fulfilled").length;
  return { ok, failed: results.length - ok };
}
