/**
 * The one module that owns callback data: what every inline button carries.
 *
 * All navigation state lives in the data itself, so a button works after a
 * restart and on any instance; nothing is remembered server-side. The format is
 * a version digit, a one-letter kind and `|`-separated fields; one table (KINDS,
 * below) gives each kind's letter and field codecs, and drives both encoding and
 * decoding:
 *
 * | data                          | meaning                                              |
 * | ----------------------------- | ---------------------------------------------------- |
 * | `1a\|<kv>\|<i>\|<k0>,<k1>…`   | answer `i` of the passages `k…` (knowledge version `kv`) |
 * | `1A\|<kv>\|<i>\|<p>\|<k…>`    | page `p` of the document answer `i` quotes, with "back to the answer" |
 * | `1h\|…`, `1H\|…`              | the same for the closest passages of a hedged reply ("not sure") |
 * | `1f\|<kv>\|<lang>\|<i>\|<k>`   | ask stored question `i` of passage `k` (a suggested next question) |
 * | `1t\|<id>`                    | a topic card (a person, organisation, place…)        |
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
 * | `1v\|<qid>\|<u\|d>`           | 👍 or 👎 on the answer to logged question `qid`       |
 * | `1r\|<qid>\|<w\|n\|o\|x>`      | why 👎: wrong passage, not answered, outdated, other  |
 * | `1g\|<p>`                     | page `p` of /gaps (admins only)                      |
 *
 * A trailing `|+` on a view (C c E e S d) means "open as a new message" rather
 * than editing the message the button sits under. Answer paging carries the
 * knowledge version: passage keys are only meaningful for the knowledge that
 * made them, so after knowledge changes those buttons read as stale.
 *
 * Votes carry the question's id in the log, not the answer: what was asked,
 * answered and voted is in the store, so the buttons work after a restart
 * and on any replica, and say "out of date" once the knowledge changed.
 *
 * Data is at most 64 UTF-8 bytes (asserted when encoding). Parsing never throws:
 * unknown versions, kinds, malformed fields and oversized data all come back as
 * `{ kind: "stale" }`, which the bot answers with "this button is out of date".
 */
import type { Lang } from "../search/types.js";
import type { VoteReason, VoteValue } from "../store/types.js";

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
  | ({ readonly kind: "hedge" } & AnswerState)
  | ({ readonly kind: "hedgeDocument"; readonly page: number } & AnswerState)
  | {
      readonly kind: "followUp";
      readonly version: string;
      readonly lang: Lang;
      readonly index: number;
      readonly key: string;
    }
  | { readonly kind: "topic"; readonly id: string }
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
  | { readonly kind: "noop" }
  | { readonly kind: "vote"; readonly question: string; readonly vote: VoteValue }
  | { readonly kind: "voteReason"; readonly question: string; readonly reason: VoteReason }
  | { readonly kind: "gaps"; readonly page: number };

/** Why data was rejected; for logs only, the user sees one notice for all. */
export type StaleReason = "empty" | "too-long" | "version" | "kind" | "malformed";

/** The result of parsing: an action, or stale data. */
export type ParsedCallbackData =
  | { readonly kind: "action"; readonly action: CallbackAction; readonly newMessage: boolean }
  | { readonly kind: "stale"; readonly reason: StaleReason };

const SEP = "|";
const NEW_MESSAGE = "+";
const KEY_SEP = ",";

const VERSION_RE = /^[0-9a-z]{1,16}$/u;
const NUMBER_RE = /^(?:0|[1-9]\d{0,2})$/u;
const KEY_RE = /^[0-9A-Za-z._+~:-]{1,32}$/u;
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

/** Thrown by {@link encodeCallbackData} for an action that cannot be encoded: a bug, not user input. */
export class CallbackDataError extends Error {
  override readonly name = "CallbackDataError";
}

/**
 * How one field travels. `read` is the exact inverse of `write` on valid values,
 * and gives undefined for any text `write` cannot produce; `write` gives
 * undefined for a value that cannot travel (which encoding reports as a bug).
 */
interface FieldCodec<T> {
  readonly write: (value: T) => string | undefined;
  readonly read: (text: string) => T | undefined;
}

const number: FieldCodec<number> = {
  write: (n) => (Number.isInteger(n) && n >= 0 && n <= 999 ? String(n) : undefined),
  read: (text) => (NUMBER_RE.test(text) ? Number(text) : undefined),
};

const id: FieldCodec<string> = {
  write: (value) => (isCallbackId(value) ? value : undefined),
  read: (text) => (isCallbackId(text) ? text : undefined),
};

const version: FieldCodec<string> = {
  write: (value) => (VERSION_RE.test(value) ? value : undefined),
  read: (text) => (VERSION_RE.test(text) ? text : undefined),
};

const lang: FieldCodec<Lang> = {
  write: (value) => value,
  read: (text) => (text === "en" || text === "ru" ? text : undefined),
};

const keys: FieldCodec<readonly string[]> = {
  write: (list) =>
    list.length > 0 && list.length <= MAX_ANSWER_KEYS && list.every(isCallbackKey)
      ? list.join(KEY_SEP)
      : undefined,
  read: (text) => {
    const list = text.split(KEY_SEP);
    return list.length <= MAX_ANSWER_KEYS && list.every(isCallbackKey) ? list : undefined;
  },
};

const key: FieldCodec<string> = {
  write: (value) => (isCallbackKey(value) ? value : undefined),
  read: (text) => (isCallbackKey(text) ? text : undefined),
};

/** A question: free text, so it must be the last field (it may contain the separator). */
const question: FieldCodec<string> = {
  write: (text) => (text.trim() !== "" && !hasControlCharacter(text) ? text : undefined),
  read: (text) => (text.trim() !== "" && !hasControlCharacter(text) ? text : undefined),
};

/** A logged question's id (newQuestionId: 12 base64url characters; up to 22 allowed). */
const QUESTION_ID_RE = /^[A-Za-z0-9_-]{8,22}$/u;

const questionId: FieldCodec<string> = {
  write: (value) => (QUESTION_ID_RE.test(value) ? value : undefined),
  read: (text) => (QUESTION_ID_RE.test(text) ? text : undefined),
};

/** A field with a fixed set of values, each travelling as one letter. */
function letters<T extends string>(codes: Readonly<Record<T, string>>): FieldCodec<T> {
  const byLetter = new Map(Object.entries(codes).map(([value, code]) => [code, value as T]));
  return {
    write: (value) => codes[value],
    read: (text) => byLetter.get(text),
  };
}

const voteValue = letters<VoteValue>({ up: "u", down: "d" });
const voteReason = letters<VoteReason>({
  wrong_passage: "w",
  not_answered: "n",
  outdated: "o",
  other: "x",
});

/** Where "back" goes from a document: `` (sources), `c<id>` (a cluster), `e<id>` (an event). */
const back: FieldCodec<BackTarget> = {
  write: (target) => {
    if (target.kind === "sources") return "";
    if (!isCallbackId(target.id)) return undefined;
    return `${target.kind === "cluster" ? "c" : "e"}${target.id}`;
  },
  read: (text) => {
    if (text === "") return { kind: "sources" };
    const target = text.slice(1);
    if (!isCallbackId(target)) return undefined;
    if (text[0] === "c") return { kind: "cluster", id: target };
    if (text[0] === "e") return { kind: "event", id: target };
    return undefined;
  },
};

type Kind = CallbackAction["kind"];
type ActionOf<K extends Kind> = Extract<CallbackAction, { kind: K }>;
type FieldName<K extends Kind> = Exclude<keyof ActionOf<K>, "kind">;

/** One field of a kind: its name in the action and its codec, in wire order. */
type Field<K extends Kind> = {
  readonly [P in FieldName<K>]: readonly [P, FieldCodec<ActionOf<K>[P]>];
}[FieldName<K>];

/** How a kind of action travels. */
interface KindSpec<K extends Kind> {
  /** The one letter after the version digit; unique across kinds. */
  readonly letter: string;
  readonly fields: readonly Field<K>[];
  /**
   * Whether the view opens in a new message: "optional" for views that may edit
   * the pressed message or open a new one (a trailing `|+`), "always" for kinds
   * that always answer with a new message.
   */
  readonly newMessage?: "optional" | "always";
  /** Checks that relate fields to one another, after each field was read. */
  readonly valid?: (action: ActionOf<K>) => boolean;
}

/** Answer state is consistent: the index points at one of the keys. */
const answerIndexValid = (state: AnswerState) => state.index < state.keys.length;

/**
 * The wire format of every button, in one table: encoding and decoding both
 * read it, so they cannot drift apart (the round-trip property test guards it).
 * Letters and field orders are those of format version 1: buttons already in
 * chats keep working.
 */
const KINDS: { readonly [K in Kind]: KindSpec<K> } = {
  answer: {
    letter: "a",
    fields: [
      ["version", version],
      ["index", number],
      ["keys", keys],
    ],
    valid: answerIndexValid,
  },
  answerDocument: {
    letter: "A",
    fields: [
      ["version", version],
      ["index", number],
      ["page", number],
      ["keys", keys],
    ],
    valid: answerIndexValid,
  },
  hedge: {
    letter: "h",
    fields: [
      ["version", version],
      ["index", number],
      ["keys", keys],
    ],
    valid: answerIndexValid,
  },
  hedgeDocument: {
    letter: "H",
    fields: [
      ["version", version],
      ["index", number],
      ["page", number],
      ["keys", keys],
    ],
    valid: answerIndexValid,
  },
  followUp: {
    letter: "f",
    fields: [
      ["version", version],
      ["lang", lang],
      ["index", number],
      ["key", key],
    ],
    newMessage: "always",
  },
  topic: { letter: "t", fields: [["id", id]], newMessage: "optional" },
  ask: { letter: "q", fields: [["text", question]], newMessage: "always" },
  example: {
    letter: "x",
    fields: [
      ["lang", lang],
      ["index", number],
    ],
  },
  clusters: { letter: "C", fields: [], newMessage: "optional" },
  cluster: { letter: "c", fields: [["id", id]], newMessage: "optional" },
  events: { letter: "E", fields: [["page", number]], newMessage: "optional" },
  event: { letter: "e", fields: [["id", id]], newMessage: "optional" },
  sources: { letter: "S", fields: [["page", number]], newMessage: "optional" },
  document: {
    letter: "d",
    fields: [
      ["id", id],
      ["page", number],
      ["back", back],
    ],
    newMessage: "optional",
  },
  language: { letter: "l", fields: [["lang", lang]] },
  noop: { letter: "n", fields: [] },
  vote: {
    letter: "v",
    fields: [
      ["question", questionId],
      ["vote", voteValue],
    ],
  },
  voteReason: {
    letter: "r",
    fields: [
      ["question", questionId],
      ["reason", voteReason],
    ],
  },
  gaps: { letter: "g", fields: [["page", number]] },
};

const KIND_OF_LETTER = new Map(
  (Object.keys(KINDS) as Kind[]).map((kind) => [KINDS[kind].letter, kind] as const),
);

/** A table entry with its kind forgotten, so that any kind's fields can be walked. */
interface AnySpec {
  readonly letter: string;
  readonly fields: readonly (readonly [string, FieldCodec<unknown>])[];
  readonly newMessage?: "optional" | "always";
  readonly valid?: (action: CallbackAction) => boolean;
}

function specOf(kind: Kind): AnySpec {
  return KINDS[kind] as unknown as AnySpec;
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
  const spec = specOf(action.kind);
  const parts = [`${CALLBACK_DATA_VERSION}${spec.letter}`];
  for (const [name, codec] of spec.fields) {
    const text = codec.write((action as unknown as Record<string, unknown>)[name]);
    if (text === undefined)
      throw new CallbackDataError(`cannot encode ${action.kind}: bad ${name}`);
    parts.push(text);
  }
  if (spec.valid && !spec.valid(action))
    throw new CallbackDataError(`cannot encode ${action.kind}: inconsistent fields`);
  if (options.newMessage && spec.newMessage === "optional") parts.push(NEW_MESSAGE);
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
  const kind = KIND_OF_LETTER.get(data[1] ?? "");
  if (kind === undefined) return stale("kind");
  const spec = specOf(kind);
  const rest = data.slice(2);
  if (rest !== "" && !rest.startsWith(SEP)) return stale("malformed");

  let parts = rest === "" ? [] : rest.slice(1).split(SEP);
  let newMessage = spec.newMessage === "always";
  if (spec.newMessage === "optional" && parts.at(-1) === NEW_MESSAGE) {
    newMessage = true;
    parts = parts.slice(0, -1);
  }
  // Free text (a question) is the last field and may itself contain the separator.
  const last = spec.fields.at(-1);
  if (last?.[1] === (question as FieldCodec<unknown>) && parts.length > spec.fields.length) {
    parts = [
      ...parts.slice(0, spec.fields.length - 1),
      parts.slice(spec.fields.length - 1).join(SEP),
    ];
  }
  if (parts.length !== spec.fields.length) return stale("malformed");

  const action: Record<string, unknown> = { kind };
  for (const [i, [name, codec]] of spec.fields.entries()) {
    const value = codec.read(parts[i] as string);
    if (value === undefined) return stale("malformed");
    action[name] = value;
  }
  const parsed = action as CallbackAction;
  if (spec.valid && !spec.valid(parsed)) return stale("malformed");
  return { kind: "action", action: parsed, newMessage };
}
