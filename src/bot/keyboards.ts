/**
 * Inline keyboards, as pure functions of what they show. Every button's data
 * comes from callback-data.ts; a button whose data would not fit is left out
 * rather than sent broken.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import { topicLabel } from "../render/cards.js";
import type { Translate } from "../render/labels.js";
import { dateLabel } from "../search/dates.js";
import type {
  Answer,
  Cluster,
  KnowledgeDocument,
  KnowledgeEvent,
  Lang,
  SearchEngine,
  Suggestion,
  Topic,
} from "../search/types.js";
import {
  type AnswerState,
  type BackTarget,
  type CallbackAction,
  tryEncodeCallbackData,
} from "./callback-data.js";
import { EXAMPLE_QUESTIONS } from "./examples.js";

/** Button labels are cut here: clients show about this much on a phone anyway. */
export const MAX_BUTTON_TEXT = 60;
/** Telegram rejects keyboards of more than 100 buttons; we stay well below. */
export const MAX_BUTTONS = 100;

/** At most this many related cluster and event buttons under an answer. */
const MAX_RELATED = 8;

type Row = InlineKeyboardButton[];

/** A callback button, or undefined when its data cannot fit in 64 bytes. Its label is cut at a word. */
export function button(
  text: string,
  action: CallbackAction,
  options: { newMessage?: boolean } = {},
): InlineKeyboardButton.CallbackButton | undefined {
  const data = tryEncodeCallbackData(action, options);
  return data === undefined
    ? undefined
    : { text: wordsFrom(text, MAX_BUTTON_TEXT), callback_data: data };
}

/** Drops missing buttons and empty rows; caps the total at {@link MAX_BUTTONS}. */
export function keyboard(
  rows: readonly (readonly (InlineKeyboardButton | undefined)[])[],
): InlineKeyboardMarkup {
  let left = MAX_BUTTONS;
  const inline_keyboard: Row[] = [];
  for (const row of rows) {
    const kept = row
      .filter((b): b is InlineKeyboardButton => b !== undefined)
      .slice(0, Math.max(0, left));
    left -= kept.length;
    if (kept.length > 0) inline_keyboard.push(kept);
  }
  return { inline_keyboard };
}

/**
 * ◀ page/pages ▶ for paging through `pages` pages. ◀ is left out on the first
 * page and ▶ on the last, so no button ever leads to the page already shown;
 * the counter does nothing. No row at all for a single page.
 */
export function pagerRow(
  page: number,
  pages: number,
  actionFor: (page: number) => CallbackAction,
  t: Translate,
): Row {
  if (pages <= 1) return [];
  return [
    page > 0 ? button(t("button-prev"), actionFor(page - 1)) : undefined,
    button(t("button-page", { page: page + 1, pages }), { kind: "noop" }),
    page < pages - 1 ? button(t("button-next"), actionFor(page + 1)) : undefined,
  ].filter((b): b is InlineKeyboardButton.CallbackButton => b !== undefined);
}

/** The row of list buttons offered where a user may not know what to ask. */
function browseRow(t: Translate): Row {
  return [
    button(t("button-clusters"), { kind: "clusters" }, { newMessage: true }),
    button(t("button-events"), { kind: "events", page: 0 }, { newMessage: true }),
    button(t("button-sources"), { kind: "sources", page: 0 }, { newMessage: true }),
  ].filter((b): b is InlineKeyboardButton.CallbackButton => b !== undefined);
}

/** Buttons that ask example questions of the user's language. */
export function exampleRows(lang: Lang, t: Translate, limit = 3): Row[] {
  return EXAMPLE_QUESTIONS[lang].slice(0, limit).map((question, index) => {
    const b = button(t("button-example", { question }), { kind: "example", lang, index });
    return b ? [b] : [];
  });
}

function clusterButton(cluster: Cluster, lang: Lang, t: Translate, newMessage: boolean) {
  return button(
    t("button-cluster", { name: cluster.name[lang] }),
    { kind: "cluster", id: cluster.id },
    { newMessage },
  );
}

/**
 * An event's button: its date where the text states a day ("12 November · …";
 * a weekday or "this year" is no date), its title cut at a word.
 */
function eventButton(event: KnowledgeEvent, lang: Lang, t: Translate, newMessage: boolean) {
  const when = event.when && dateLabel(event.when.en, lang);
  const title = event.title[lang];
  const text = when
    ? t("button-event-dated", { when, title: wordsFrom(title, MAX_BUTTON_TEXT - when.length - 5) })
    : t("button-event", { title: wordsFrom(title, MAX_BUTTON_TEXT - 3) });
  return button(text, { kind: "event", id: event.id }, { newMessage });
}

/** A button opening a document; drops the "back" target when the data would not fit with it. */
export function documentButton(
  doc: KnowledgeDocument,
  back: BackTarget,
  lang: Lang,
  t: Translate,
  options: { newMessage?: boolean } = {},
): InlineKeyboardButton.CallbackButton | undefined {
  const title = lang === "ru" ? (doc.ru?.title ?? doc.title) : doc.title;
  const text = t("button-source", { title });
  return (
    button(text, { kind: "document", id: doc.id, page: 0, back }, options) ??
    button(text, { kind: "document", id: doc.id, page: 0, back: { kind: "sources" } }, options)
  );
}

/** Buttons for the clusters, events and topics a passage speaks of (opened as new messages). */
function relatedButtons(
  related: Answer["related"],
  search: SearchEngine,
  lang: Lang,
  t: Translate,
): (InlineKeyboardButton | undefined)[] {
  return [
    ...related.clusters.flatMap((id) => {
      const cluster = search.cluster(id);
      return cluster ? [clusterButton(cluster, lang, t, true)] : [];
    }),
    ...related.events.flatMap((id) => {
      const event = search.event(id);
      return event ? [eventButton(event, lang, t, true)] : [];
    }),
    ...related.topics.flatMap((id) => {
      const topic = search.topic(id);
      return topic ? [topicButton(topic, lang, true)] : [];
    }),
  ].slice(0, MAX_RELATED);
}

/** Two buttons to a row: a passage naming all seven clusters still leaves room to read the answer. */
function inPairs(buttons: readonly (InlineKeyboardButton | undefined)[]): Row[] {
  const kept = buttons.filter((b): b is InlineKeyboardButton => b !== undefined);
  return Array.from({ length: Math.ceil(kept.length / 2) }, (_, i) => kept.slice(2 * i, 2 * i + 2));
}

/** A topic card's button. */
export function topicButton(
  topic: Topic,
  lang: Lang,
  newMessage: boolean,
): InlineKeyboardButton.CallbackButton | undefined {
  return button(topicLabel(topic, lang), { kind: "topic", id: topic.id }, { newMessage });
}

/**
 * Under an answer: ◀ i/n ▶ through the other answers (a hedge: the closest
 * passages), 📄 the whole document, up to two questions the passages around it
 * answer, and the clusters, events and topics it speaks of — all opened as new
 * messages, so the answer stays where it is.
 */
export function answerKeyboard(
  current: AnswerState,
  answer: Answer,
  search: SearchEngine,
  lang: Lang,
  t: Translate,
  options: { hedge?: boolean } = {},
): InlineKeyboardMarkup {
  // Only the answer state travels: the caller may pass a whole parsed action.
  const state: AnswerState = { version: current.version, index: current.index, keys: current.keys };
  const page = options.hedge ? "hedge" : "answer";
  const documentPage = options.hedge ? "hedgeDocument" : "answerDocument";
  const followUps = options.hedge
    ? []
    : search.followUps(answer.passageKey, lang).map((f) =>
        button(t("button-follow-up", { question: f.text }), {
          kind: "followUp",
          version: state.version,
          lang,
          index: f.index,
          key: f.key,
        }),
      );
  return keyboard([
    pagerRow(state.index, state.keys.length, (index) => ({ ...state, kind: page, index }), t),
    [button(t("button-document"), { ...state, kind: documentPage, page: 0 })],
    ...followUps.map((b) => [b]),
    ...inPairs(relatedButtons(answer.related, search, lang, t)),
  ]);
}

/** Under a document opened from an answer: its pages and the way back to the answer. */
export function answerDocumentKeyboard(
  current: AnswerState,
  page: number,
  pages: number,
  t: Translate,
  options: { hedge?: boolean } = {},
): InlineKeyboardMarkup {
  const state: AnswerState = { version: current.version, index: current.index, keys: current.keys };
  const documentPage = options.hedge ? "hedgeDocument" : "answerDocument";
  return keyboard([
    pagerRow(page, pages, (p) => ({ ...state, kind: documentPage, page: p }), t),
    [button(t("button-back-to-answer"), { ...state, kind: options.hedge ? "hedge" : "answer" })],
  ]);
}

/** How much of a passage labels its button. */
const PASSAGE_LABEL = 40;

/** The start of a text, cut at a word boundary with "…". */
export function wordsFrom(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–-]+$/u, "")}…`;
}

/** How many passages a topic card links to. */
const TOPIC_PASSAGES = 3;

/**
 * Under a topic card: the passages it cites, each opening as an answer in a
 * new message (so the card stays), the whole document of its first one, and
 * the topic's related cards.
 */
export function topicKeyboard(
  topic: Topic,
  search: SearchEngine,
  lang: Lang,
  t: Translate,
): InlineKeyboardMarkup {
  const version = search.knowledge.version;
  const passages = search
    .citedPassages({ kind: "topic", id: topic.id })
    .slice(0, TOPIC_PASSAGES)
    .map((key) => {
      const answer = search.answerByKey(key);
      if (!answer) return undefined;
      // Labelled by how the passage begins: two passages of one text must differ.
      const text = (lang === "ru" ? answer.ru : undefined) ?? answer.text;
      return button(
        t("button-passage", { start: wordsFrom(text, PASSAGE_LABEL) }),
        { kind: "answer", version, index: 0, keys: [key] },
        { newMessage: true },
      );
    });
  const doc = search.document(topic.citations[0]?.doc ?? "");
  return keyboard([
    ...passages.map((b) => [b]),
    [doc && documentButton(doc, { kind: "sources" }, lang, t, { newMessage: true })],
  ]);
}

/** Under a document opened from /sources, a card or a deep link: its pages and "back". */
export function documentKeyboard(
  doc: KnowledgeDocument,
  page: number,
  pages: number,
  back: BackTarget,
  sourcesPage: number,
  t: Translate,
): InlineKeyboardMarkup {
  const backButton =
    back.kind === "cluster"
      ? button(t("button-back-to-cluster"), { kind: "cluster", id: back.id })
      : back.kind === "event"
        ? button(t("button-back-to-event"), { kind: "event", id: back.id })
        : button(t("button-all-sources"), { kind: "sources", page: sourcesPage });
  return keyboard([
    pagerRow(page, pages, (p) => ({ kind: "document", id: doc.id, page: p, back }), t),
    [backButton],
  ]);
}

/** One button per cluster. */
export function clusterListKeyboard(
  clusters: readonly Cluster[],
  lang: Lang,
  t: Translate,
): InlineKeyboardMarkup {
  return keyboard(clusters.map((c) => [clusterButton(c, lang, t, false)]));
}

/** Under a cluster card: its source documents, and back to the list. */
export function clusterCardKeyboard(
  cluster: Cluster,
  documentOf: (id: string) => KnowledgeDocument | undefined,
  lang: Lang,
  t: Translate,
): InlineKeyboardMarkup {
  const docs = uniqueDocuments(
    cluster.citations.map((c) => c.doc),
    documentOf,
  );
  return keyboard([
    ...docs.map((doc) => [documentButton(doc, { kind: "cluster", id: cluster.id }, lang, t)]),
    [button(t("button-all-clusters"), { kind: "clusters" })],
  ]);
}

/** One page of a list, a button a row, with ◀ ▶ when there is more than one page. */
function pagedKeyboard<T>(
  items: readonly T[],
  page: number,
  perPage: number,
  toButton: (item: T) => InlineKeyboardButton | undefined,
  list: "events" | "sources",
  t: Translate,
): InlineKeyboardMarkup {
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const shown = items.slice(page * perPage, (page + 1) * perPage);
  return keyboard([
    ...shown.map((item) => [toButton(item)]),
    pagerRow(page, pages, (p) => ({ kind: list, page: p }), t),
  ]);
}

/** One page of event buttons, in the order given, with ◀ ▶ when there is more than one page. */
export function eventListKeyboard(
  events: readonly KnowledgeEvent[],
  page: number,
  perPage: number,
  lang: Lang,
  t: Translate,
): InlineKeyboardMarkup {
  return pagedKeyboard(events, page, perPage, (e) => eventButton(e, lang, t, false), "events", t);
}

/** Under an event card: the source document(s), and back to the list page holding the event. */
export function eventCardKeyboard(
  event: KnowledgeEvent,
  listPage: number,
  documentOf: (id: string) => KnowledgeDocument | undefined,
  lang: Lang,
  t: Translate,
): InlineKeyboardMarkup {
  const docs = uniqueDocuments([event.doc, ...event.citations.map((c) => c.doc)], documentOf);
  return keyboard([
    ...docs.map((doc) => [documentButton(doc, { kind: "event", id: event.id }, lang, t)]),
    [button(t("button-all-events"), { kind: "events", page: listPage })],
  ]);
}

/** One page of document buttons. */
export function sourceListKeyboard(
  docs: readonly KnowledgeDocument[],
  page: number,
  perPage: number,
  lang: Lang,
  t: Translate,
): InlineKeyboardMarkup {
  return pagedKeyboard(
    docs,
    page,
    perPage,
    (doc) => documentButton(doc, { kind: "sources" }, lang, t),
    "sources",
    t,
  );
}

/** Under /start: example questions, then the lists. */
export function welcomeKeyboard(lang: Lang, t: Translate): InlineKeyboardMarkup {
  return keyboard([...exampleRows(lang, t), browseRow(t)]);
}

/**
 * Under "nothing found": "did you mean" questions, the clusters, events and
 * documents the engine suggests, example questions, and the lists.
 */
export function noAnswerKeyboard(
  suggestions: readonly Suggestion[],
  search: SearchEngine,
  lang: Lang,
  t: Translate,
): InlineKeyboardMarkup {
  const suggested = suggestions.slice(0, 6).map((s) => {
    switch (s.kind) {
      case "didYouMean":
        return button(t("button-did-you-mean", { text: s.text }), { kind: "ask", text: s.text });
      case "cluster": {
        const cluster = search.cluster(s.id);
        return cluster && clusterButton(cluster, lang, t, true);
      }
      case "event": {
        const event = search.event(s.id);
        return event && eventButton(event, lang, t, true);
      }
      case "document": {
        const doc = search.document(s.id);
        return doc && documentButton(doc, { kind: "sources" }, lang, t, { newMessage: true });
      }
      case "topic": {
        const topic = search.topic(s.id);
        return topic && topicButton(topic, lang, true);
      }
      default:
        return undefined;
    }
  });
  return keyboard([...suggested.map((b) => [b]), ...exampleRows(lang, t), browseRow(t)]);
}

/** English / Русский, the current one ticked. */
export function languageKeyboard(current: Lang, t: Translate): InlineKeyboardMarkup {
  const names: Record<Lang, string> = { en: "English", ru: "Русский" };
  return keyboard([
    (["en", "ru"] as const).map((lang) =>
      button(lang === current ? t("button-lang-current", { name: names[lang] }) : names[lang], {
        kind: "language",
        lang,
      }),
    ),
  ]);
}

function uniqueDocuments(
  ids: readonly string[],
  documentOf: (id: string) => KnowledgeDocument | undefined,
): KnowledgeDocument[] {
  return [...new Set(ids)].flatMap((id) => {
    const doc = documentOf(id);
    return doc ? [doc] : [];
  });
}
