/**
 * Building blocks shared by the Bot API rules: the refusal type, payload readers that accept both
 * JSON bodies and form fields (where objects arrive as JSON strings), and the message-text rule
 * that sendMessage, editMessageText and inline results share.
 */
import type { MessageEntity } from "grammy/types";
import { parseTelegramHtml, tryParseTelegramHtml } from "./html.js";

/** A Bot API call's parameters, as decoded from JSON, a query string or form fields. */
export type Payload = Record<string, unknown>;

/** Why Telegram (or a strict check) refuses a call: always a 400 Bad Request. */
export interface Refusal {
  description: string;
  /** Only a strict check refused this; Telegram itself would accept the call. */
  strict?: boolean;
}

/** Settings every rule sees. */
export interface RuleContext {
  /** Apply the strict checks too: documented rules Telegram does not enforce (listed in rules.ts). */
  strict: boolean;
  /** Accept plain-http webhooks on any port (the simulator delivers to 127.0.0.1). */
  allowInsecureWebhook: boolean;
}

/** One check of a call; returns why Telegram refuses it, or null. */
export type Rule = (payload: Payload, context: RuleContext) => Refusal | null;

/** A refusal with Telegram's wording. */
export const bad = (description: string): Refusal => ({ description });

/** A refusal only strict mode makes; marked so nobody mistakes it for Telegram's own. */
export const strictBad = (description: string): Refusal => ({
  description: `${description} [strict]`,
  strict: true,
});

/** Runs rules in order and returns the first refusal. */
export function firstRefusal(
  rules: readonly Rule[],
  payload: Payload,
  context: RuleContext,
): Refusal | null {
  for (const rule of rules) {
    const refusal = rule(payload, context);
    if (refusal) return refusal;
  }
  return null;
}

/** Parameters the Bot API reads as JSON; form bodies carry them as strings. */
export const JSON_FIELDS: ReadonlySet<string> = new Set([
  "reply_markup",
  "reply_parameters",
  "entities",
  "caption_entities",
  "link_preview_options",
  "results",
  "button",
  "commands",
  "scope",
  "allowed_updates",
  "media",
  "menu_button",
  "rights",
  "reaction",
  "message_ids",
]);

/**
 * Decodes JSON-string values of {@link JSON_FIELDS} (as form bodies send them) so handlers can
 * read objects; a value that isn't valid JSON is left as the string for the rules to refuse.
 */
export function normalizePayload(payload: Payload): Payload {
  const result: Payload = {};
  for (const [key, value] of Object.entries(payload)) {
    if (typeof value === "string" && JSON_FIELDS.has(key)) {
      try {
        result[key] = JSON.parse(value);
      } catch {
        result[key] = value;
      }
    } else {
      result[key] = value;
    }
  }
  return result;
}

/** Reads a JSON parameter: `undefined` if absent, `{ error }` if a string that isn't JSON. */
export function readJson(value: unknown): { value: unknown } | { error: true } | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") return { value };
  try {
    return { value: JSON.parse(value) };
  } catch {
    return { error: true };
  }
}

/** An integer given as a number or a decimal string, as the Bot API accepts; else undefined. */
export function asInteger(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) ? value : undefined;
  if (typeof value === "string" && /^-?[0-9]+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** A string parameter (numbers are accepted as their decimal text, as over HTTP). */
export function asString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  return undefined;
}

/** A boolean parameter: true, "true" or "1", as the Bot API reads form fields. */
export function asBoolean(value: unknown): boolean {
  return value === true || value === "true" || value === "1" || value === 1;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** UTF-8 length, which is what Telegram counts for callback_data, result ids and offsets. */
export const byteLength = (text: string): number => Buffer.byteLength(text, "utf8");

/** Characters as Telegram counts them for the 200- and 256-character limits (code points). */
export const codePointLength = (text: string): number => [...text].length;

/** The maximum message length; Telegram counts it after entity parsing. */
export const MAX_MESSAGE_LENGTH = 4096;

/** A message text as Telegram would store it. */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

/**
 * The text and entities Telegram makes of a text parameter and its `parse_mode`/`entities`, or
 * the refusal. Shared by sendMessage, editMessageText and inline results' message content.
 *
 * Markdown and MarkdownV2 are accepted but not parsed: the text is kept as sent, without entities.
 */
export function prepareMessageText(
  payload: Payload,
  textField: string,
  context: RuleContext,
): PreparedText {
  // The rules check a call's text and its handler then stores it: parsed once, not twice.
  const key = `${textField}\0${context.strict}`;
  let cached = preparedTexts.get(payload);
  const hit = cached?.get(key);
  if (hit) return hit;
  const prepared = prepare(payload, textField, context);
  if (!cached) {
    cached = new Map();
    preparedTexts.set(payload, cached);
  }
  cached.set(key, prepared);
  return prepared;
}

type PreparedText = { ok: true; value: FormattedText } | { ok: false; refusal: Refusal };

/** Prepared texts by payload object (a call's payload is not changed once it arrived). */
const preparedTexts = new WeakMap<Payload, Map<string, PreparedText>>();

function prepare(payload: Payload, textField: string, context: RuleContext): PreparedText {
  const raw = asString(payload[textField]);
  if (raw === undefined || raw === "")
    return { ok: false, refusal: bad("Bad Request: message text is empty") };

  const parseMode = (asString(payload.parse_mode) ?? "").toLowerCase();
  let formatted: FormattedText;
  if (parseMode === "html") {
    const parsed = tryParseTelegramHtml(raw, { strict: context.strict });
    if (!parsed.ok) {
      const { description, strict } = parsed.error;
      return { ok: false, refusal: strict ? { description, strict } : { description } };
    }
    formatted = parsed.value;
  } else if (parseMode === "" || parseMode === "markdown" || parseMode === "markdownv2") {
    const entities = readJson(payload.entities);
    formatted = {
      text: raw,
      entities:
        entities && "value" in entities && Array.isArray(entities.value)
          ? (entities.value as MessageEntity[])
          : [],
    };
  } else {
    return { ok: false, refusal: bad("Bad Request: unsupported parse_mode") };
  }

  const trimmed = trimFormattedText(formatted);
  if (trimmed.text === "") return { ok: false, refusal: bad("Bad Request: message text is empty") };
  // Counted in UTF-16 code units, the unit of entity offsets; for text without emoji that is
  // the same as characters.
  if (trimmed.text.length > MAX_MESSAGE_LENGTH) {
    return { ok: false, refusal: bad("Bad Request: message is too long") };
  }
  return { ok: true, value: trimmed };
}

/** Telegram trims whitespace around a message and cuts the entities to what remains. */
export function trimFormattedText({ text, entities }: FormattedText): FormattedText {
  const start = text.length - text.replace(/^[ \t\r\n\v\f]+/, "").length;
  const end = text.replace(/[ \t\r\n\v\f]+$/, "").length;
  if (start >= end) return { text: "", entities: [] };
  const kept: MessageEntity[] = [];
  for (const entity of entities) {
    const from = Math.max(entity.offset, start);
    const to = Math.min(entity.offset + entity.length, end);
    if (to > from) kept.push({ ...entity, offset: from - start, length: to - from });
  }
  return { text: text.slice(start, end), entities: kept };
}

/**
 * What Telegram stores for a message sent with `parse_mode: "HTML"`: the text and entities,
 * trimmed. Throws TelegramHtmlError where Telegram would refuse the HTML.
 */
export function storedHtmlText(html: string): FormattedText {
  return trimFormattedText(parseTelegramHtml(html));
}
