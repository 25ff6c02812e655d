/**
 * Validates outgoing Bot API calls the way Telegram does, with Telegram's wording.
 *
 * Sources: telegram-bot-api's Client.cpp (how parameters are read, and how TDLib's errors become
 * `Bad Request: …`), TDLib (HTML parsing, keyboards, bot commands) and Telegram's server error
 * names (BUTTON_DATA_INVALID, RESULTS_TOO_MUCH, …). Checks that need state — "message to edit not
 * found", "query is too old" — live in methods.ts, which knows what was sent.
 *
 * Strict checks (on by default, `{ strict: false }` turns them off) refuse what Telegram accepts
 * but quietly changes or what its documentation forbids; their descriptions end in ` [strict]`:
 * - HTML: a bare `&` or an unknown named entity (Telegram shows it literally);
 * - inline buttons: empty text (dropped), several actions (only the first kept), more than 8 per
 *   row or 100 in all;
 * - answerCallbackQuery / answerInlineQuery: negative cache_time;
 * - setWebhook / getUpdates: unknown names in allowed_updates (Telegram ignores them).
 */
import type { Update } from "grammy/types";
import { checkReplyMarkup } from "./keyboard-rules.js";
import {
  asInteger,
  asString,
  bad,
  byteLength,
  codePointLength,
  firstRefusal,
  isRecord,
  type Payload,
  prepareMessageText,
  type Refusal,
  type Rule,
  type RuleContext,
  readJson,
  strictBad,
} from "./rule-kit.js";

export { parseTelegramHtml, TelegramHtmlError, tryParseTelegramHtml } from "./html.js";
export type { Payload, Refusal, Rule, RuleContext } from "./rule-kit.js";

/** A Bot API error answer, as in `{ ok: false, error_code, description, parameters? }`. */
export interface BotApiError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
  /** Set when only a strict check refused the call; Telegram itself would accept it. */
  strict?: boolean;
}

/** Options for {@link validateBotApiCall}. */
export interface ValidationOptions {
  /** Apply the strict checks listed at the top of this module. Default: true. */
  strict?: boolean;
  /** Accept http:// webhook URLs on any port, for webhooks on 127.0.0.1. Default: false. */
  allowInsecureWebhook?: boolean;
}

/** The update types, as in grammY's `Update` (kept in step by the type check below). */
export const UPDATE_TYPES = [
  "message",
  "edited_message",
  "channel_post",
  "edited_channel_post",
  "business_connection",
  "business_message",
  "edited_business_message",
  "deleted_business_messages",
  "guest_message",
  "stopped_message_generation",
  "message_reaction",
  "message_reaction_count",
  "inline_query",
  "chosen_inline_result",
  "callback_query",
  "shipping_query",
  "pre_checkout_query",
  "purchased_paid_media",
  "poll",
  "poll_answer",
  "my_chat_member",
  "chat_member",
  "chat_join_request",
  "chat_boost",
  "removed_chat_boost",
  "managed_bot",
  "subscription",
] as const satisfies readonly UpdateType[];

/** An update type name (a field of Update besides update_id). */
export type UpdateType = Exclude<keyof Update, "update_id">;

// Fails to compile when grammY's Update gains a type this list lacks: add it above.
const everyUpdateType: Exclude<UpdateType, (typeof UPDATE_TYPES)[number]> extends never
  ? true
  : never = true;
void everyUpdateType;

/** sendChatAction's actions (record_audio/upload_audio and find_location are old aliases). */
export const CHAT_ACTIONS: readonly string[] = [
  "typing",
  "cancel",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "record_audio",
  "upload_audio",
  "upload_document",
  "choose_sticker",
  "find_location",
  "pick_up_location",
  "record_video_note",
  "upload_video_note",
];

const INLINE_RESULT_TYPES = new Set([
  ...["article", "audio", "contact", "document", "game", "gif", "location", "mpeg4_gif"],
  ...["photo", "sticker", "venue", "video", "voice"],
]);

// ---- rules shared by several methods ----

const chatId: Rule = (p) => {
  const value = asString(p.chat_id)?.trim() ?? "";
  if (value === "") return bad("Bad Request: chat_id is empty");
  // A chat is a number or an @username; anything else names no chat.
  return /^-?[0-9]+$/.test(value) || /^@[A-Za-z0-9_]{1,32}$/.test(value)
    ? null
    : bad("Bad Request: chat not found");
};

const messageId: Rule = (p) =>
  (asInteger(p.message_id) ?? 0) > 0
    ? null
    : bad("Bad Request: message identifier is not specified");

/** editMessage*: either inline_message_id, or chat_id with message_id. */
const editTarget: Rule = (p, context) => {
  if ((asString(p.inline_message_id) ?? "") !== "") return null;
  if ((asString(p.chat_id) ?? "") === "" && (asInteger(p.message_id) ?? 0) === 0) {
    return bad("Bad Request: message identifier is not specified");
  }
  return chatId(p, context) ?? messageId(p, context);
};

const text =
  (field: string): Rule =>
  (p, context) => {
    const prepared = prepareMessageText(p, field, context);
    return prepared.ok ? null : prepared.refusal;
  };

const replyMarkup =
  (inlineOnly: boolean): Rule =>
  (p, context) =>
    checkReplyMarkup(p.reply_markup, context, inlineOnly);

const replyParameters: Rule = (p) => {
  const json = readJson(p.reply_parameters);
  if (json === undefined) return null;
  if ("error" in json) return bad("Bad Request: can't parse reply parameters JSON object");
  const value = json.value;
  if (!isRecord(value)) return bad("Bad Request: object expected as reply parameters");
  if (value.message_id === undefined)
    return bad("Bad Request: can't parse ReplyParameters: Can't find field \"message_id\"");
  if (asInteger(value.message_id) === undefined) {
    return bad(
      'Bad Request: can\'t parse ReplyParameters: Field "message_id" must be a valid Number',
    );
  }
  return null;
};

const languageCode: Rule = (p) => {
  const code = asString(p.language_code) ?? "";
  return code === "" || /^[a-z]{2}$/.test(code)
    ? null
    : bad("Bad Request: invalid language code specified");
};

const nonNegative =
  (field: string): Rule =>
  (p, { strict }) => {
    const value = asInteger(p[field]);
    return strict && value !== undefined && value < 0
      ? strictBad(`Bad Request: ${field} must be non-negative`)
      : null;
  };

const allowedUpdates: Rule = (p, { strict }) => {
  const json = readJson(p.allowed_updates);
  if (json === undefined) return null;
  if ("error" in json || !Array.isArray(json.value))
    return bad("Bad Request: can't parse allowed_updates JSON object");
  const known: readonly unknown[] = UPDATE_TYPES;
  const unknown = json.value.filter((name) => !known.includes(name));
  return strict && unknown.length > 0
    ? strictBad(
        `Bad Request: unknown update types in allowed_updates: ${unknown.join(", ")} (Telegram ignores them)`,
      )
    : null;
};

// ---- rules of single methods ----

const chatAction: Rule = (p) =>
  CHAT_ACTIONS.includes(asString(p.action) ?? "")
    ? null
    : bad("Bad Request: wrong parameter action in request");

const callbackAnswerText: Rule = (p) =>
  codePointLength(asString(p.text) ?? "") > 200 ? bad("Bad Request: MESSAGE_TOO_LONG") : null;

const inlineResults: Rule = (p, context) => {
  const json = readJson(p.results);
  if (json === undefined) return bad("Bad Request: can't parse JSON encoded inline query results");
  if ("error" in json) return bad("Bad Request: can't parse JSON encoded inline query results");
  if (!Array.isArray(json.value))
    return bad("Bad Request: expected an Array of inline query results");
  const results: unknown[] = json.value;
  const resultError = (reason: string) =>
    bad(`Bad Request: can't parse inline query result: ${reason}`);
  for (const result of results) {
    if (!isRecord(result)) return resultError("InlineQueryResult must be an Object");
    if (typeof result.type !== "string") return resultError('Can\'t find field "type"');
    if (typeof result.id !== "string") return resultError('Can\'t find field "id"');
    if (!INLINE_RESULT_TYPES.has(result.type.toLowerCase())) {
      return resultError(`type "${result.type}" is unsupported for the inline query result`);
    }
    if (result.type === "article") {
      if (typeof result.title !== "string") return resultError('Can\'t find field "title"');
      if (!isRecord(result.input_message_content))
        return resultError('Can\'t find field "input_message_content"');
    }
    const content = result.input_message_content;
    if (isRecord(content) && content.message_text !== undefined) {
      const refusal = text("message_text")(content, context);
      if (refusal) return refusal;
    }
    const markup = checkReplyMarkup(result.reply_markup, context, true);
    if (markup) return markup;
  }
  if (results.length > 50) return bad("Bad Request: RESULTS_TOO_MUCH");
  const ids = new Set<string>();
  for (const { id } of results as { id: string }[]) {
    if (id === "") return bad("Bad Request: RESULT_ID_EMPTY");
    if (byteLength(id) > 64) return bad("Bad Request: RESULT_ID_INVALID");
    if (ids.has(id)) return bad("Bad Request: RESULT_ID_DUPLICATE");
    ids.add(id);
  }
  return null;
};

const nextOffset: Rule = (p) =>
  byteLength(asString(p.next_offset) ?? "") > 64 ? bad("Bad Request: NEXT_OFFSET_INVALID") : null;

const commandScope: Rule = (p) => {
  const json = readJson(p.scope);
  if (json === undefined) return null;
  const scopeError = (reason: string) => bad(`Bad Request: can't parse BotCommandScope: ${reason}`);
  if ("error" in json) return bad("Bad Request: can't parse BotCommandScope JSON object");
  const scope = json.value;
  if (!isRecord(scope)) return scopeError("BotCommandScope must be an Object");
  if (typeof scope.type !== "string") return scopeError('Can\'t find field "type"');
  if (
    ["default", "all_private_chats", "all_group_chats", "all_chat_administrators"].includes(
      scope.type,
    )
  )
    return null;
  if (!["chat", "chat_administrators", "chat_member"].includes(scope.type))
    return scopeError("Unsupported type specified");
  if ((asString(scope.chat_id) ?? "") === "") return scopeError('Can\'t find field "chat_id"');
  if (scope.type === "chat_member" && (asInteger(scope.user_id) ?? 0) <= 0)
    return scopeError("Invalid user_id specified");
  return null;
};

const commands: Rule = (p) => {
  const json = readJson(p.commands);
  if (json === undefined) return null; // no commands: Telegram clears the list
  if ("error" in json) return bad("Bad Request: can't parse commands JSON object");
  if (!Array.isArray(json.value)) return bad("Bad Request: expected an Array of BotCommand");
  const list: unknown[] = json.value;
  for (const command of list) {
    if (!isRecord(command)) return bad("Bad Request: can't parse BotCommand: expected an Object");
    for (const field of ["command", "description"]) {
      if (command[field] === undefined)
        return bad(`Bad Request: can't parse BotCommand: Can't find field "${field}"`);
      if (typeof command[field] !== "string") {
        return bad(`Bad Request: can't parse BotCommand: Field "${field}" must be of type String`);
      }
    }
  }
  // TDLib trims both fields and drops one leading slash, checks every command, and only then
  // does Telegram's server check the count and the names.
  const names: string[] = [];
  for (const { command, description } of list as { command: string; description: string }[]) {
    const name = command.trim().replace(/^\//, "");
    if (name === "") return bad("Bad Request: command must be non-empty");
    if (codePointLength(name) > 32) return bad("Bad Request: command length must not exceed 32");
    if (description.trim() === "") return bad("Bad Request: command description must be non-empty");
    if (codePointLength(description.trim()) > 256) {
      return bad("Bad Request: command description length must not exceed 256");
    }
    names.push(name);
  }
  if (names.length > 100) return bad("Bad Request: BOT_COMMANDS_TOO_MUCH");
  if (names.some((name) => !/^[a-z0-9_]+$/.test(name)))
    return bad("Bad Request: BOT_COMMAND_INVALID");
  return null;
};

const webhookUrl: Rule = (p, { allowInsecureWebhook }) => {
  const url = asString(p.url)?.trim() ?? "";
  if (url === "") return null; // an empty url removes the webhook
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return bad("Bad Request: invalid webhook URL specified");
  }
  if (allowInsecureWebhook) return null;
  if (parsed.protocol !== "https:")
    return bad("Bad Request: bad webhook: An HTTPS URL must be provided for webhook");
  if (!["", "443", "80", "88", "8443"].includes(parsed.port)) {
    return bad("Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443");
  }
  return null;
};

const secretToken: Rule = (p) => {
  const token = asString(p.secret_token) ?? "";
  if (token.length > 256) return bad("Bad Request: secret token is too long");
  return /^[A-Za-z0-9_-]*$/.test(token)
    ? null
    : bad("Bad Request: secret token contains unallowed characters");
};

/**
 * The checks of each method, in the order Telegram makes them (parameters the Bot API reads come
 * before what TDLib and the server check). Keys are lower case: method names are
 * case-insensitive. Methods not listed are accepted as they are.
 */
export const BOT_API_RULES: Readonly<Record<string, readonly Rule[]>> = {
  sendmessage: [chatId, replyParameters, text("text"), replyMarkup(false)],
  editmessagetext: [editTarget, text("text"), replyMarkup(true)],
  editmessagereplymarkup: [editTarget, replyMarkup(true)],
  deletemessage: [chatId, messageId],
  answercallbackquery: [callbackAnswerText, nonNegative("cache_time")],
  answerinlinequery: [inlineResults, nonNegative("cache_time"), nextOffset],
  setmycommands: [commandScope, languageCode, commands],
  getmycommands: [commandScope, languageCode],
  deletemycommands: [commandScope, languageCode],
  setmydescription: [languageCode],
  setmyshortdescription: [languageCode],
  sendchataction: [chatId, chatAction],
  setwebhook: [webhookUrl, secretToken, allowedUpdates],
  getupdates: [allowedUpdates],
  getchat: [chatId],
  leavechat: [chatId],
};

/**
 * Returns null when Telegram would accept the call, otherwise the error Telegram would answer
 * (`{ error_code: 400, description: "Bad Request: …" }`). `payload` may come from a JSON body or
 * from form fields (objects as JSON strings).
 */
export function validateBotApiCall(
  method: string,
  payload: Payload,
  options: ValidationOptions = {},
): BotApiError | null {
  const context: RuleContext = {
    strict: options.strict ?? true,
    allowInsecureWebhook: options.allowInsecureWebhook ?? false,
  };
  const refusal: Refusal | null = firstRefusal(
    BOT_API_RULES[method.toLowerCase()] ?? [],
    payload,
    context,
  );
  if (!refusal) return null;
  return refusal.strict
    ? { error_code: 400, description: refusal.description, strict: true }
    : { error_code: 400, description: refusal.description };
}
