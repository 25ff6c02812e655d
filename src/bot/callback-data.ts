/**
 * The one module that owns callback data: what every inline button carries.
 *
 * All navigation state lives in the data itself, so a button works after a
 * restart and on any instance; nothing is remembered server-side. The format is
 * a version digit, a one-letter kind and `|`-separated fields:
 *
 * | data                          | meaning                                              |
 * | ----------------------------- | ---------------------------------------------------- |
 * | `1a\|<kv>\|<i>\|<k0>,<k1>…`   | answer `i` of the passages `k…` (knowledge version `kv`) |
 * | `1A\|<kv>\|<i>\|<p>\|<k…>`    | page `p` of the document answer `i` quotes, with "back to the answer" |
 * | `1q\|<text>`                  | ask `text` (a "did you mean" suggestion)             |
 * | `1x\|<lang>\|<n>`             | ask example question `n` of `lang`                   |
 * | `1C`                          | the list of clusters                                 |
 * | `1c\|<id>`                    | a cluster card                                       |
 * | `1E\|<p>`                     | page `p` of the list of events                       |
 * | `1e\|<id>`                    | an event card                                        |
 * | `1S\|<p>`                     | page `p` of the list of source documents             |
 * | `1d\|<id>\|<p>\|<back>`       | page `p` of a document; back: `` (sources), `c<id>`, `e<id>` |
 * | `1l\|<lang>`                  | switch the interface language                        |
 * | `1n`                          | nothing (a page counter)                             |
 *
 * A trailing `|+` on a view (C c E e S d) means "open as a new message" rather
 * than editing the message the button sits under. Answer paging carries the
 * knowledge version: passage keys are only meaningful for the knowledge that
 * made them, so after knowledge changes those buttons read as stale.
 *
 * Data is at most 64 UTF-8 bytes (asserted when encoding). Parsing never throws:
 * unknown versions, kinds, malformed fields and oversized data all come back as
 * `{ kind: "stale" }`, which the bot answers with "this button is out of date".
 */
import type { Lang } from "../search/types.js";

/** Bumped whenever the format changes; data of another version is stale. */
export const CALLBACK_DATA_VERSION = "1";
/** Telegram's limit on callback_data, in UTF-8 bytes. */
export const MAX_CALLBACK_DATA_BYTES = 64;
/** At most this many answers are paged through (more would not fit in 64 bytes anyway). */
export const MAX_ANSWER_KEYS = 10;

/** Where "back" goes from a document. */
export type BackTarget =
  | { readonly kind: "sources" }
  | { readonly kind: "cluster"; readonly id: string }
  | { readonly kind: "event"; readonly id: string };

export interface AnswerState {
  /** `search.knowledge.version` when the answer was given. */
  readonly version: string;
  /** Which answer is shown. */
  readonly index: number;
  /** Passage keys of the answers, best first. */
  readonly keys: readonly string[];
}

/** What a button asks the bot to do. */
export type CallbackAction =
  | ({ readonly kind: "answer" } & AnswerState)
  | ({ readonly kind: "answerDocument"; readonly page: number } & AnswerState)
  | { readonly kind: "ask"; readonly text: string }
  | { readonly kind: "example"; readonly lang: Lang; readonly index: number }
  | { readonly kind: "clusters" }
  | { readonly kind: "cluster"; readonly id: string }
  | { readonly kind: "events"; readonly page: number }
  | { readonly kind: "event"; readonly id: string }
  | { readonly kind: "sources"; readonly page: number }
  | {
      readonly kind: "document";
      readonly id: string;
      readonly page: number;
      readonly back: BackTarget;
    }
  | { readonly kind: "language"; readonly lang: Lang }
  | { readonly kind: "noop" };

/** Why data was rejected; for logs only, the user sees one notice for all. */
export type StaleReason = "empty" | "too-long" | "version" | "kind" | "malformed";

/** The result of parsing: an action, or stale data. */
export type ParsedCallbackData =
  | { readonly kind: "action"; readonly action: CallbackAction; readonly newMessage: boolean }
  | { readonly kind: "stale"; readonly reason: StaleReason };

/** Views that can either edit the current message or open a new one. */
const VIEW_KINDS = new Set<CallbackAction["kind"]>([
  "clusters",
  "cluster",
  "events",
  "event",
  "sources",
  "document",
]);

const LETTER: Readonly<Record<CallbackAction["kind"], string>> = {
  answer: "a",
  answerDocument: "A",
  ask: "q",
  example: "x",
  clusters: "C",
  cluster: "c",
  events: "E",
  event: "e",
  sources: "S",
  document: "d",
  language: "l",
  noop: "n",
};

const SEP = "|";
const NEW_MESSAGE = "+";
const KEY_SEP = ",";

const VERSION_RE = /^[0-9a-z]{1,16}$/u;
const NUMBER_RE = /^(?:0|[1-9]\d{0,2})$/u;
const KEY_RE = /^[0-9A-Za-z._+~-]{1,32}$/u;
const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/u;
const MAX_ID = 60;

/** UTF-8 length of a string: what Telegram's 64-byte limit counts. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** True for a passage key that can travel in callback data. */
export function isCallbackKey(key: string): boolean {
  return KEY_RE.test(key);
}

/** True for a cluster, event or document id that can travel in callback data. */
export function isCallbackId(id: string): boolean {
  return id.length <= MAX_ID && ID_RE.test(id);
}

/** Control characters have no business in a question carried by a button. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

const isNumber = (n: number) => Number.isInteger(n) && n >= 0 && n <= 999;

/** Thrown by {@link encodeCallbackData} for an action that cannot be encoded: a bug, not user input. */
export class CallbackDataError extends Error {
  override readonly name = "CallbackDataError";
}

function fields(action: CallbackAction): string[] {
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new CallbackDataError(`cannot encode ${action.kind}: bad ${what}`);
  };
  const answerFields = (state: AnswerState) => {
    check(VERSION_RE.test(state.version), "knowledge version");
    check(state.keys.length > 0 && state.keys.length <= MAX_ANSWER_KEYS, "number of keys");
    check(state.keys.every(isCallbackKey), "passage key");
    check(isNumber(state.index) && state.index < state.keys.length, "index");
  };
  switch (action.kind) {
    case "answer":
      answerFields(action);
      return [action.version, String(action.index), action.keys.join(KEY_SEP)];
    case "answerDocument":
      answerFields(action);
      check(isNumber(action.page), "page");
      return [action.version, String(action.index), String(action.page), action.keys.join(KEY_SEP)];
    case "ask":
      check(action.text.trim() !== "" && !hasControlCharacter(action.text), "text");
      return [action.text];
    case "example":
      check(isNumber(action.index), "index");
      return [action.lang, String(action.index)];
    case "clusters":
    case "noop":
      return [];
    case "cluster":
    case "event":
      check(isCallbackId(action.id), "id");
      return [action.id];
    case "events":
    case "sources":
      check(isNumber(action.page), "page");
      return [String(action.page)];
    case "document": {
      check(isCallbackId(action.id), "id");
      check(isNumber(action.page), "page");
      const back = action.back;
      if (back.kind !== "sources") check(isCallbackId(back.id), "back id");
      const backField =
        back.kind === "sources" ? "" : `${back.kind === "cluster" ? "c" : "e"}${back.id}`;
      return [action.id, String(action.page), backField];
    }
    case "language":
      return [action.lang];
  }
}

/**
 * Encodes an action, or returns undefined when it does not fit in 64 bytes (a
 * long suggestion text, a document with a long "back" target): callers then
 * leave the button out or offer a shorter action.
 * @throws CallbackDataError when a field is invalid (a programming error).
 */
export function tryEncodeCallbackData(
  action: CallbackAction,
  options: { newMessage?: boolean } = {},
): string | undefined {
  const parts = [`${CALLBACK_DATA_VERSION}${LETTER[action.kind]}`, ...fields(action)];
  if (options.newMessage && VIEW_KINDS.has(action.kind)) parts.push(NEW_MESSAGE);
  const data = parts.join(SEP);
  return byteLength(data) <= MAX_CALLBACK_DATA_BYTES ? data : undefined;
}

/**
 * Encodes an action that must fit.
 * @throws CallbackDataError when it does not fit in 64 bytes or a field is invalid.
 */
export function encodeCallbackData(
  action: CallbackAction,
  options: { newMessage?: boolean } = {},
): string {
  const data = tryEncodeCallbackData(action, options);
  if (data === undefined) {
    throw new CallbackDataError(
      `callback data for ${action.kind} exceeds ${MAX_CALLBACK_DATA_BYTES} bytes`,
    );
  }
  return data;
}

/**
 * The longest prefix of `keys` (at most {@link MAX_ANSWER_KEYS}, only valid keys)
 * for which every answer button fits, including the document view's with a
 * three-digit page. Answers whose keys don't fit are simply not paged to.
 */
export function fitAnswerKeys(version: string, keys: readonly string[]): string[] {
  const usable = keys.filter(isCallbackKey).slice(0, MAX_ANSWER_KEYS);
  for (let n = usable.length; n > 0; n--) {
    const candidate = usable.slice(0, n);
    const widest: CallbackAction = {
      kind: "answerDocument",
      version,
      index: n - 1,
      page: 999,
      keys: candidate,
    };
    if (VERSION_RE.test(version) && tryEncodeCallbackData(widest) !== undefined) return candidate;
  }
  return [];
}

const stale = (reason: StaleReason): ParsedCallbackData => ({ kind: "stale", reason });

/** Parses callback data defensively: anything unexpected is stale, nothing throws. */
export function parseCallbackData(data: unknown): ParsedCallbackData {
  try {
    return parse(data);
  } catch {
    return stale("malformed");
  }
}

function parse(data: unknown): ParsedCallbackData {
  if (typeof data !== "string" || data === "") return stale("empty");
  if (byteLength(data) > MAX_CALLBACK_DATA_BYTES) return stale("too-long");
  if (data[0] !== CALLBACK_DATA_VERSION) return stale("version");
  const letter = data[1];
  const kind = (Object.keys(LETTER) as CallbackAction["kind"][]).find((k) => LETTER[k] === letter);
  if (kind === undefined) return stale("kind");
  const rest = data.slice(2);
  if (rest !== "" && !rest.startsWith(SEP)) return stale("malformed");

  // The question of "ask" is free text and may itself contain the separator.
  if (kind === "ask") {
    const text = rest.slice(1);
    if (text.trim() === "" || hasControlCharacter(text)) return stale("malformed");
    return { kind: "action", action: { kind, text }, newMessage: true };
  }

  let parts = rest === "" ? [] : rest.slice(1).split(SEP);
  let newMessage = false;
  if (VIEW_KINDS.has(kind) && parts[parts.length - 1] === NEW_MESSAGE) {
    newMessage = true;
    parts = parts.slice(0, -1);
  }
  const action = parseFields(kind, parts);
  return action ? { kind: "action", action, newMessage } : stale("malformed");
}

function parseFields(
  kind: CallbackAction["kind"],
  parts: readonly string[],
): CallbackAction | undefined {
  const number = (text: string | undefined) =>
    text !== undefined && NUMBER_RE.test(text) ? Number(text) : undefined;
  const id = (text: string | undefined) =>
    text !== undefined && isCallbackId(text) ? text : undefined;
  const lang = (text: string | undefined): Lang | undefined =>
    text === "en" || text === "ru" ? text : undefined;
  const answerState = (
    version?: string,
    index?: string,
    keyList?: string,
  ): AnswerState | undefined => {
    const i = number(index);
    const keys = keyList?.split(KEY_SEP) ?? [];
    if (version === undefined || !VERSION_RE.test(version) || i === undefined) return undefined;
    if (
      keys.length === 0 ||
      keys.length > MAX_ANSWER_KEYS ||
      !keys.every(isCallbackKey) ||
      i >= keys.length
    ) {
      return undefined;
    }
    return { version, index: i, keys };
  };
  const arity = (n: number) => parts.length === n;

  switch (kind) {
    case "answer": {
      const state = arity(3) ? answerState(parts[0], parts[1], parts[2]) : undefined;
      return state && { kind, ...state };
    }
    case "answerDocument": {
      const state = arity(4) ? answerState(parts[0], parts[1], parts[3]) : undefined;
      const page = number(parts[2]);
      return state && page !== undefined ? { kind, ...state, page } : undefined;
    }
    case "example": {
      const l = lang(parts[0]);
      const index = number(parts[1]);
      return arity(2) && l && index !== undefined ? { kind, lang: l, index } : undefined;
    }
    case "clusters":
    case "noop":
      return arity(0) ? { kind } : undefined;
    case "cluster":
    case "event": {
      const value = id(parts[0]);
      return arity(1) && value ? { kind, id: value } : undefined;
    }
    case "events":
    case "sources": {
      const page = number(parts[0]);
      return arity(1) && page !== undefined ? { kind, page } : undefined;
    }
    case "document": {
      const docId = id(parts[0]);
      const page = number(parts[1]);
      const back = parseBack(parts[2]);
      return arity(3) && docId && page !== undefined && back
        ? { kind, id: docId, page, back }
        : undefined;
    }
    case "language": {
      const l = lang(parts[0]);
      return arity(1) && l ? { kind, lang: l } : undefined;
    }
    case "ask":
      return undefined;
  }
}

function parseBack(field: string | undefined): BackTarget | undefined {
  if (field === undefined) return undefined;
  if (field === "") return { kind: "sources" };
  const target = field.slice(1);
  if (!isCallbackId(target)) return undefined;
  if (field[0] === "c") return { kind: "cluster", id: target };
  if (field[0] === "e") return { kind: "event", id: target };
  return undefined;
}
