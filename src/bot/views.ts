/**
 * Views: what one message shows (HTML and keyboard) for one navigation state.
 * Commands send them, buttons edit messages into them; both go through here so
 * a view looks the same however it was reached. Pure functions of the search
 * engine, the language and the state; undefined means the state is stale.
 */
import type { InlineKeyboardMarkup } from "grammy/types";
import {
  citationOf,
  renderAnswer,
  renderCitation,
  renderNoAnswer,
  renderQuestionHeader,
  renderQuoteBlock,
} from "../render/answer.js";
import {
  renderClusterCard,
  renderDocumentPages,
  renderEventCard,
  renderListHeader,
  renderTopicCard,
} from "../render/cards.js";
import { escapeHtml } from "../render/html.js";
import type { Translate } from "../render/labels.js";
import { fitMessage } from "../render/limits.js";
import type { Answer, Lang, SearchEngine, SearchResult } from "../search/types.js";
import { type AnswerState, type BackTarget, fitAnswerKeys } from "./callback-data.js";
import type { BotSettings } from "./context.js";
import { EXAMPLE_QUESTIONS } from "./examples.js";
import {
  answerDocumentKeyboard,
  answerKeyboard,
  button,
  clusterCardKeyboard,
  clusterListKeyboard,
  documentKeyboard,
  eventCardKeyboard,
  eventListKeyboard,
  keyboard,
  languageKeyboard,
  noAnswerKeyboard,
  sourceListKeyboard,
  topicKeyboard,
  welcomeKeyboard,
} from "./keyboards.js";
import type { SmallTalk } from "./smalltalk.js";

/** One message's content. */
export interface View {
  readonly html: string;
  readonly keyboard: InlineKeyboardMarkup;
}

/** What every view needs to know. */
export interface ViewContext {
  readonly search: SearchEngine;
  readonly lang: Lang;
  readonly t: Translate;
  readonly settings: BotSettings;
  /** The bot's @username without "@", for help texts. */
  readonly botUsername: string;
}

const noKeyboard = (): InlineKeyboardMarkup => keyboard([]);
const clampPage = (page: number, pages: number) =>
  Math.min(Math.max(0, page), Math.max(0, pages - 1));
const pageCount = (items: number, perPage: number) => Math.max(1, Math.ceil(items / perPage));

/** How an answer is shown: under the question typed, or with it as a header; as an answer or a hedge. */
export interface AnswerShown {
  /** Repeat the question above the answer: it is not visible in the chat (asked by a button). */
  readonly question?: string | undefined;
  /** "Not sure": the closest passages of a question the texts may not answer. */
  readonly hedge?: boolean;
}

/** An answer with its buttons. */
export function answerView(
  vc: ViewContext,
  state: AnswerState,
  answer: Answer,
  shown: AnswerShown = {},
): View {
  return {
    html: renderAnswer(answer, vc.lang, vc.t, shown),
    keyboard: answerKeyboard(state, answer, vc.search, vc.lang, vc.t, shown),
  };
}

/** Another answer of the same question, rebuilt from its passage key; stale after knowledge changed. */
export function answerPageView(
  vc: ViewContext,
  state: AnswerState,
  question: { text?: string; showHeader: boolean },
  hedge = false,
): View | undefined {
  if (state.version !== vc.search.knowledge.version) return undefined;
  const key = state.keys[state.index];
  const answer = key === undefined ? undefined : vc.search.answerByKey(key, question.text);
  return (
    answer &&
    answerView(vc, state, answer, {
      hedge,
      ...(question.showHeader && { question: question.text }),
    })
  );
}

/** A page of the document an answer quotes, with "back to the answer". */
export function answerDocumentView(
  vc: ViewContext,
  state: AnswerState,
  page: number,
  hedge = false,
): View | undefined {
  if (state.version !== vc.search.knowledge.version) return undefined;
  const key = state.keys[state.index];
  const answer = key === undefined ? undefined : vc.search.answerByKey(key);
  const doc = answer && vc.search.document(answer.docId);
  if (!doc) return undefined;
  const pages = renderDocumentPages(doc, vc.lang, vc.t, vc.settings.documentPageLength);
  const shown = clampPage(page, pages.length);
  return {
    html: pages[shown] ?? "",
    keyboard: answerDocumentKeyboard(state, shown, pages.length, vc.t, { hedge }),
  };
}

/**
 * The reply to a question: the best answer with its buttons; a card when the
 * question names one ("who is …", a bare name); the closest passages, saying
 * plainly that the texts may not answer, for a hedge; or "nothing found".
 * `question` repeats the question above the answer (asked by a button). When
 * the passage keys cannot travel in callback data, the answer goes without
 * the buttons that would need them.
 */
export function resultView(vc: ViewContext, result: SearchResult, question?: string): View {
  const best = result.answers[0];
  if (result.tier === "decline" || best === undefined) return noAnswerView(vc, result);
  if (result.tier === "answer" && best.kind === "card") {
    const card = cardAnswerView(vc, best);
    if (card) return question ? { ...card, html: withHeader(question, card.html, vc) } : card;
  }
  const version = vc.search.knowledge.version;
  const keys = fitAnswerKeys(
    version,
    result.answers.map((a) => a.passageKey),
  );
  const state = { version, index: 0, keys: keys.length > 0 ? keys : [best.passageKey] };
  const view = answerView(vc, state, best, { question, hedge: result.tier === "hedge" });
  return keys[0] === best.passageKey ? view : { ...view, keyboard: noKeyboard() };
}

function withHeader(question: string, html: string, vc: ViewContext): string {
  return fitMessage(`${renderQuestionHeader(question, vc.t)}\n\n${html}`);
}

/**
 * The card a question named, with the quote that answers it as evidence: a
 * topic's own card, or the cluster, event or source document card. Undefined
 * when the card is gone (knowledge changed).
 */
export function cardAnswerView(vc: ViewContext, answer: Answer): View | undefined {
  const card = answer.card;
  if (!card) return undefined;
  switch (card.kind) {
    case "topic":
      return topicCardView(vc, card.id, answer);
    case "cluster":
      return clusterCardView(vc, card.id);
    case "event":
      return eventCardView(vc, card.id);
    case "document":
      return documentView(vc, card.id, 0, { kind: "sources" });
    default:
      return undefined;
  }
}

/** A topic card: what the texts say of it and buttons to the passages; stale for an unknown id. */
export function topicCardView(vc: ViewContext, id: string, evidence?: Answer): View | undefined {
  const topic = vc.search.topic(id);
  if (!topic) return undefined;
  const documentOf = (docId: string) => vc.search.document(docId);
  return {
    html: renderTopicCard(topic, vc.lang, documentOf, vc.t, evidence),
    keyboard: topicKeyboard(topic, vc.search, vc.lang, vc.t),
  };
}

/** "Nothing found" with suggestions, examples and the lists. */
export function noAnswerView(vc: ViewContext, result: SearchResult): View {
  return {
    html: renderNoAnswer(result.question, vc.t),
    keyboard: noAnswerKeyboard(result.suggestions, vc.search, vc.lang, vc.t),
  };
}

/**
 * A friendly word for small talk: what the bot knows and how to ask, with the
 * entry points (examples and the lists) for a greeting or "what can you do".
 * Thanks right after an answer gets a plain "you're welcome".
 */
export function smallTalkView(vc: ViewContext, kind: SmallTalk, afterAnswer: boolean): View {
  const key = kind === "thanks" && !afterAnswer ? "smalltalk-thanks-alone" : `smalltalk-${kind}`;
  const entry = kind === "greeting" || kind === "about";
  return {
    html: fitMessage(vc.t(key, { bot: escapeHtml(vc.botUsername) })),
    keyboard: entry ? welcomeKeyboard(vc.lang, vc.t) : noKeyboard(),
  };
}

/** "Tell me more" with nothing before it to continue: how to ask first. */
export function nothingToContinueView(vc: ViewContext): View {
  const example = EXAMPLE_QUESTIONS[vc.lang][0] ?? "";
  return {
    html: fitMessage(vc.t("more-nothing-before", { example: escapeHtml(example) })),
    keyboard: welcomeKeyboard(vc.lang, vc.t),
  };
}

/**
 * The passage after the one shown last, as "tell me more" continues it; or,
 * at the end of the text, saying so, with the whole document to read.
 */
export function moreView(vc: ViewContext, after: string): View | undefined {
  const next = vc.search.nextAnswer(after);
  const version = vc.search.knowledge.version;
  if (next) {
    const state = { version, index: 0, keys: [next.passageKey] };
    const view = answerView(vc, state, next);
    return { ...view, html: fitMessage(`${vc.t("more-header")}\n\n${view.html}`) };
  }
  const last = vc.search.answerByKey(after);
  if (!last) return undefined;
  const state = { version, index: 0, keys: [after] };
  return {
    html: fitMessage(vc.t("more-end")),
    keyboard: keyboard([
      [button(vc.t("button-document"), { ...state, kind: "answerDocument", page: 0 })],
    ]),
  };
}

/** /start in a private chat. */
export function welcomeView(vc: ViewContext): View {
  return { html: fitMessage(vc.t("welcome")), keyboard: welcomeKeyboard(vc.lang, vc.t) };
}

/** /start in a group, and the hello when added to one. */
export function groupHelloView(vc: ViewContext, key: "welcome-group" | "group-hello"): View {
  return {
    html: fitMessage(vc.t(key, { bot: escapeHtml(vc.botUsername) })),
    keyboard: noKeyboard(),
  };
}

/** /help: what the bot knows and how to ask, in private chats, groups and inline. */
export function helpView(vc: ViewContext): View {
  const { documents, clusters, events } = vc.search.knowledge;
  return {
    html: fitMessage(
      vc.t("help", {
        documents: documents.length,
        clusters: clusters.length,
        events: events.length,
        bot: escapeHtml(vc.botUsername),
      }),
    ),
    keyboard: noKeyboard(),
  };
}

/** How to use /ask, with an example. */
export function askHintView(
  vc: ViewContext,
  key: "ask-hint" | "empty-question" | "unsupported",
): View {
  const example = EXAMPLE_QUESTIONS[vc.lang][0] ?? "";
  return { html: fitMessage(vc.t(key, { example: escapeHtml(example) })), keyboard: noKeyboard() };
}

/** A plain localized notice with no buttons. */
export function noticeView(vc: ViewContext, key: string): View {
  return { html: fitMessage(vc.t(key)), keyboard: noKeyboard() };
}

/**
 * /clusters: one button per cluster, under what the texts say of them — the
 * sentence most clusters cite ("INO Tomsk project is based on 6 innovation
 * territorial clusters: …"), quoted, so the list never contradicts the text.
 */
export function clusterListView(vc: ViewContext): View {
  const { clusters } = vc.search.knowledge;
  const counts = new Map<string, number>();
  for (const cluster of clusters) {
    const [first] = vc.search.citedPassages({ kind: "cluster", id: cluster.id });
    if (first !== undefined) counts.set(first, (counts.get(first) ?? 0) + 1);
  }
  const [listing] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
  const quoted = listing === undefined ? undefined : vc.search.answerByKey(listing);
  const header = renderListHeader("clusters-title", clusters.length, vc.t);
  return {
    html: quoted
      ? fitMessage(
          `${header}\n\n${renderQuoteBlock(quoted, vc.lang, vc.t)}\n${renderCitation(citationOf(quoted, vc.lang), vc.t)}`,
        )
      : header,
    keyboard: clusterListKeyboard(clusters, vc.lang, vc.t),
  };
}

/** A cluster card with its source documents and "back to the list"; stale for an unknown id. */
export function clusterCardView(vc: ViewContext, id: string): View | undefined {
  const cluster = vc.search.cluster(id);
  if (!cluster) return undefined;
  const documentOf = (docId: string) => vc.search.document(docId);
  return {
    html: renderClusterCard(cluster, vc.lang, documentOf, vc.t),
    keyboard: clusterCardKeyboard(cluster, documentOf, vc.lang, vc.t),
  };
}

/** A page of /events, in date order with undated events last; out-of-range pages show the nearest. */
export function eventListView(vc: ViewContext, page: number): View {
  const events = vc.search.eventsInDateOrder();
  const perPage = vc.settings.eventsPerPage;
  const shown = clampPage(page, pageCount(events.length, perPage));
  return {
    html: renderListHeader("events-title", events.length, vc.t),
    keyboard: eventListKeyboard(events, shown, perPage, vc.lang, vc.t),
  };
}

/** An event card; "back" returns to the list page that holds the event. Stale for an unknown id. */
export function eventCardView(vc: ViewContext, id: string): View | undefined {
  const event = vc.search.event(id);
  if (!event) return undefined;
  const position = vc.search.eventsInDateOrder().findIndex((e) => e.id === id);
  const listPage = Math.max(0, Math.floor(position / vc.settings.eventsPerPage));
  const documentOf = (docId: string) => vc.search.document(docId);
  return {
    html: renderEventCard(event, vc.lang, documentOf, vc.t),
    keyboard: eventCardKeyboard(event, listPage, documentOf, vc.lang, vc.t),
  };
}

/** A page of /sources. */
export function sourceListView(vc: ViewContext, page: number): View {
  const { documents } = vc.search.knowledge;
  const perPage = vc.settings.sourcesPerPage;
  const shown = clampPage(page, pageCount(documents.length, perPage));
  return {
    html: renderListHeader("sources-title", documents.length, vc.t),
    keyboard: sourceListKeyboard(documents, shown, perPage, vc.lang, vc.t),
  };
}

/** A page of a document opened from /sources, a card or a deep link. */
export function documentView(
  vc: ViewContext,
  id: string,
  page: number,
  back: BackTarget,
): View | undefined {
  const doc = vc.search.document(id);
  if (!doc) return undefined;
  const pages = renderDocumentPages(doc, vc.lang, vc.t, vc.settings.documentPageLength);
  const shown = clampPage(page, pages.length);
  const position = vc.search.knowledge.documents.findIndex((d) => d.id === id);
  const sourcesPage = Math.max(0, Math.floor(position / vc.settings.sourcesPerPage));
  return {
    html: pages[shown] ?? "",
    keyboard: documentKeyboard(doc, shown, pages.length, back, sourcesPage, vc.t),
  };
}

/** /lang: the choice, current language ticked. */
export function languageView(vc: ViewContext, key: "lang-choose" | "lang-set"): View {
  return { html: fitMessage(vc.t(key)), keyboard: languageKeyboard(vc.lang, vc.t) };
}
