/**
 * The operators' commands: /stats, /gaps (paged with buttons) and /reload.
 * They exist only for the Telegram user ids in ADMIN_IDS, in their private
 * chat with the bot. For anyone else, and anywhere else, the update passes on
 * untouched and meets the usual unknown-command handling, so nothing shows
 * that the commands exist; a forged /gaps button reads as out of date.
 *
 * Admins' menus list the commands, scoped to their own chats: Telegram takes
 * a chat-scoped menu only for a chat the bot can reach, so it is set when an
 * admin first writes to the bot (once per admin and process), not at start.
 */
import { Composer } from "grammy";
import { closedNow, formatGapsPage, gatherGaps } from "../../ops/gaps.js";
import { formatReload, reloadKnowledge } from "../../ops/reload.js";
import { formatStats, gatherStats } from "../../ops/stats.js";
import type { SearchHolder } from "../../search/holder.js";
import type { QuestionLogStore } from "../../store/types.js";
import { answerStale, onButton, showPressedView } from "../buttons.js";
import { adminCommandMenus } from "../commands.js";
import type { BotContext } from "../context.js";
import { keyboard, pagerRow } from "../keyboards.js";
import { replyView } from "../reply.js";
import type { View } from "../views.js";

export interface AdminOptions {
  /** ADMIN_IDS. */
  readonly admins: readonly number[];
  readonly store: QuestionLogStore | undefined;
  /** The engine in use, which /reload replaces. */
  readonly search: SearchHolder;
  /** KNOWLEDGE_DIR; without it /reload says it cannot. */
  readonly knowledgeDir: string | undefined;
  /** QUESTION_LOG_DAYS: the reports' "all time". */
  readonly retentionDays: number;
  /** LOG_QUESTIONS. */
  readonly logTexts: boolean;
  readonly now?: () => number;
}

/** A page of /gaps with its pager. */
async function gapsView(
  ctx: BotContext,
  store: QuestionLogStore,
  options: AdminOptions,
  page: number,
) {
  const now = (options.now ?? Date.now)();
  const found = await gatherGaps(store.questions, { now, days: options.retentionDays, page });
  const { search } = ctx.services;
  const answeredNow = found.gaps.map((gap) =>
    closedNow(gap, (question) => search.ask(question, { suggest: false }).tier === "answer"),
  );
  return {
    html: formatGapsPage({ ...found, answeredNow }, ctx.t, options.logTexts),
    keyboard: keyboard([
      pagerRow(found.page, found.pages, (p) => ({ kind: "gaps", page: p }), ctx.t),
    ]),
  } satisfies View;
}

const plain = (html: string): View => ({ html, keyboard: { inline_keyboard: [] } });

export function adminFeature(options: AdminOptions): Composer<BotContext> {
  const { admins, store } = options;
  const composer = new Composer<BotContext>();
  if (admins.length === 0) return composer;
  const isAdmin = (ctx: BotContext) =>
    ctx.chat?.type === "private" && ctx.from !== undefined && admins.includes(ctx.from.id);
  const admin = composer.filter(isAdmin);

  const menusSet = new Set<number>();
  admin.on("message", async (ctx, next) => {
    const chatId = ctx.chat.id;
    if (!menusSet.has(chatId)) {
      menusSet.add(chatId);
      for (const menu of adminCommandMenus(chatId)) {
        await ctx.api
          .setMyCommands(menu.commands, {
            scope: menu.scope,
            ...(menu.language_code !== undefined && { language_code: menu.language_code }),
          })
          .catch((error: unknown) => {
            ctx.services.logger.warn(
              { err: error },
              "admin: could not set the admin's command menu",
            );
          });
      }
    }
    await next();
  });

  admin.command("stats", async (ctx) => {
    if (store === undefined) return replyView(ctx, plain(ctx.t("stats-no-store")));
    const report = await gatherStats(store.questions, {
      now: (options.now ?? Date.now)(),
      retentionDays: options.retentionDays,
    });
    return replyView(ctx, plain(formatStats(report, ctx.t, options.logTexts)));
  });

  admin.command("gaps", async (ctx) => {
    if (store === undefined) return replyView(ctx, plain(ctx.t("stats-no-store")));
    return replyView(ctx, await gapsView(ctx, store, options, 0));
  });

  admin.command("reload", async (ctx) => {
    const dir = options.knowledgeDir;
    if (dir === undefined) {
      await replyView(ctx, plain(ctx.t("reload-unavailable")));
      return;
    }
    const outcome = reloadKnowledge(options.search, dir);
    const log = ctx.services.logger;
    if (outcome.ok) {
      log.info(
        {
          version: outcome.current.version,
          previous: outcome.previous.version,
          changed: outcome.changed,
        },
        "knowledge reloaded",
      );
    } else {
      log.warn(
        { problems: outcome.problems.length, version: outcome.kept.version },
        "knowledge not reloaded",
      );
    }
    for (const html of formatReload(outcome, ctx.t)) await replyView(ctx, plain(html));
  });

  onButton(composer, "gaps", async (ctx, action) => {
    if (!isAdmin(ctx) || store === undefined) return answerStale(ctx);
    return showPressedView(ctx, await gapsView(ctx, store, options, action.page), false);
  });
  return composer;
}
