/**
 * Inline mode: "@thisbot question" in any chat offers up to 10 cited answers;
 * an empty query offers the clusters and events. Chosen results carry only a URL
 * button (a deep link into the bot): callback buttons under inline messages
 * would need inline_message_id edits, which this bot does not do.
 */
import { Composer } from "grammy";
import type { InlineKeyboardMarkup, InlineQueryResultArticle } from "grammy/types";
import { renderAnswer } from "../../render/answer.js";
import { renderClusterCard, renderEventCard } from "../../render/cards.js";
import { cleanUserText, truncate } from "../../render/html.js";
import type { Answer } from "../../search/types.js";
import { byteLength } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { type DeepLinkTarget, deepLink } from "../deep-link.js";

/** Telegram's caps: 50 results, ids of 1–64 bytes. */
const MAX_RESULTS = 50;
/** How many answers a question offers. */
export const INLINE_ANSWERS = 10;
/**
 * Seconds Telegram may cache results. Results are localized, so they are cached
 * per user (is_personal): shared caching would show one user's language to another.
 */
export const INLINE_CACHE_SECONDS = 300;

export function inlineFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("inline_query", async (ctx) => {
    const query = cleanUserText(ctx.inlineQuery.query);
    const results = query === "" ? browseResults(ctx) : questionResults(ctx, query);
    if (query !== "" && results.length === 0) ctx.outcome = "no_answer";
    await ctx.answerInlineQuery(results.slice(0, MAX_RESULTS), {
      cache_time: INLINE_CACHE_SECONDS,
      is_personal: true,
      ...(results.length === 0 && {
        button: { text: ctx.t("inline-nothing-found"), start_parameter: "help" },
      }),
    });
  });
  return composer;
}

function openInBot(
  ctx: BotContext,
  target: DeepLinkTarget,
): { reply_markup?: InlineKeyboardMarkup } {
  const url = deepLink(ctx.me.username, target);
  return url
    ? { reply_markup: { inline_keyboard: [[{ text: ctx.t("button-open-in-bot"), url }]] } }
    : {};
}

/** A result id: unique within the answer, at most 64 bytes. */
function resultId(prefix: string, index: number, key: string): string {
  const id = `${prefix}${index}:${key}`;
  return byteLength(id) <= 64 ? id : `${prefix}${index}`;
}

/**
 * Answers, or a hedge's closest passages, each saying so ("not sure") in the
 * message it sends; nothing for a decline.
 */
function questionResults(ctx: BotContext, query: string): InlineQueryResultArticle[] {
  const result = ctx.services.search.ask(query, { limit: INLINE_ANSWERS });
  if (result.tier === "decline") return [];
  const hedge = result.tier === "hedge";
  const ru = ctx.lang === "ru";
  return result.answers.slice(0, INLINE_ANSWERS).map((answer: Answer, index) => ({
    type: "article",
    id: resultId("a", index, answer.passageKey),
    title: truncate(
      `${hedge ? "🤔 " : ""}${ru ? (answer.titleRu ?? answer.title) : answer.title}`,
      100,
    ),
    description: truncate((ru ? answer.ru : undefined) ?? answer.text, 200),
    input_message_content: {
      message_text: renderAnswer(answer, ctx.lang, ctx.t, { question: query, hedge }),
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
    },
    ...openInBot(ctx, { kind: "doc", id: answer.docId }),
  }));
}

function browseResults(ctx: BotContext): InlineQueryResultArticle[] {
  const { search } = ctx.services;
  const documentOf = (id: string) => search.document(id);
  const clusters = search.knowledge.clusters.map(
    (cluster, index): InlineQueryResultArticle => ({
      type: "article",
      id: resultId("c", index, cluster.id),
      title: `🏭 ${truncate(cluster.name[ctx.lang], 100)}`,
      description: truncate(cluster.description[ctx.lang], 200),
      input_message_content: {
        message_text: renderClusterCard(cluster, ctx.lang, documentOf, ctx.t),
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
      },
      ...openInBot(ctx, { kind: "cluster", id: cluster.id }),
    }),
  );
  const events = search.eventsInDateOrder().map(
    (event, index): InlineQueryResultArticle => ({
      type: "article",
      id: resultId("e", index, event.id),
      title: `📅 ${truncate(event.title[ctx.lang], 100)}`,
      description: truncate(
        [event.when?.[ctx.lang], event.summary[ctx.lang]].filter(Boolean).join(" · "),
        200,
      ),
      input_message_content: {
        message_text: renderEventCard(event, ctx.lang, documentOf, ctx.t),
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
      },
      ...openInBot(ctx, { kind: "event", id: event.id }),
    }),
  );
  return [...clusters, ...events];
}
