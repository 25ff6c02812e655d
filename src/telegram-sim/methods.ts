/**
 * The Bot API methods the simulator answers. Each handler gets the call's (already validated)
 * parameters and the simulator's memory, and returns the `result` or throws a BotApiException.
 * To support another method, add a handler here or pass one to `registerMethod`.
 *
 * This is the one place where Telegram's stateful rules live: replies to messages that exist,
 * edits only of the bot's own messages and never an edit that changes nothing ("message is not
 * modified"), queries answered once and in time, blocked users and left groups.
 */
import type {
  BotCommand,
  InlineKeyboardMarkup,
  InlineQueryResult,
  Message,
  MessageEntity,
} from "grammy/types";
import { storedInlineKeyboard } from "./keyboard-rules.js";
import type { UpdateQueue } from "./queue.js";
import {
  asBoolean,
  asInteger,
  asString,
  type FormattedText,
  isRecord,
  type Payload,
  prepareMessageText,
  readJson,
} from "./rule-kit.js";
import { BotApiException, badRequest, type ChatStore } from "./store.js";
import type { SimulatorEvent } from "./types.js";

/** What a handler sees. */
export interface MethodContext {
  /** The call's parameters; objects sent as JSON strings are already decoded. */
  payload: Payload;
  store: ChatStore;
  queue: UpdateQueue;
  /** Aborted when the client goes away or the simulator closes. */
  signal: AbortSignal;
  strict: boolean;
  /** Unix seconds. */
  now: () => number;
  /** Tells the simulator's listeners what the call did (a message shown, a notice…). */
  emit: (event: SimulatorEvent) => void;
}

/** A method's implementation: returns the `result` of `{ ok: true, result }`. */
export type MethodHandler = (context: MethodContext) => unknown;

function formatted({ payload, strict }: MethodContext, field: string): FormattedText {
  const prepared = prepareMessageText(payload, field, { strict, allowInsecureWebhook: true });
  // Validation already refused bad text; this only recomputes the parsed result.
  if (!prepared.ok) throw new BotApiException(400, prepared.refusal.description);
  return prepared.value;
}

function sendMessage(context: MethodContext): Message {
  const { payload, store, now, emit } = context;
  const chat = store.chatFor(payload.chat_id);
  store.assertCanWrite(chat);
  const { text, entities } = formatted(context, "text");
  const replyTo = repliedMessage(context, chat.id);
  const markup = storedInlineKeyboard(payload.reply_markup);
  const message = {
    message_id: store.nextMessageId(chat.id),
    from: store.botUser,
    chat,
    date: now(),
    text,
    ...(entities.length > 0 ? { entities } : {}),
    ...(replyTo ? { reply_to_message: replyTo } : {}),
    ...(markup ? { reply_markup: markup } : {}),
  } as Message;
  store.storeMessage(message);
  emit({ kind: "message", message, edited: false });
  return message;
}

/** The message a sendMessage replies to, embedded one level deep as Telegram does. */
function repliedMessage({ payload, store }: MethodContext, chatId: number): Message | undefined {
  const parameters = readJson(payload.reply_parameters);
  const reply =
    parameters && "value" in parameters && isRecord(parameters.value)
      ? parameters.value
      : undefined;
  const messageId = asInteger(reply?.message_id ?? payload.reply_to_message_id);
  if (messageId === undefined || messageId === 0) return undefined;
  const inChat = reply?.chat_id === undefined ? chatId : store.chatFor(reply.chat_id).id;
  const found = store.message(inChat, messageId);
  if (!found) {
    if (asBoolean(reply?.allow_sending_without_reply ?? payload.allow_sending_without_reply))
      return undefined;
    throw badRequest("message to be replied not found");
  }
  const { reply_to_message: _nested, ...embedded } = found;
  return embedded as Message;
}

/** The stored message an edit addresses, checked the way Telegram checks it. */
function messageToEdit({ payload, store }: MethodContext): Message {
  const chat = store.chatFor(payload.chat_id);
  const message = store.message(chat.id, asInteger(payload.message_id) ?? 0);
  if (!message) throw badRequest("message to edit not found");
  if (message.from?.id !== store.bot.id) throw badRequest("message can't be edited");
  return message;
}

/** The only place Telegram's "not modified" refusal is produced. */
const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";

const sameEntities = (a: readonly MessageEntity[] = [], b: readonly MessageEntity[] = []) =>
  JSON.stringify(a) === JSON.stringify(b);
const sameMarkup = (a?: InlineKeyboardMarkup, b?: InlineKeyboardMarkup) =>
  JSON.stringify(a) === JSON.stringify(b);

function editMessageText(context: MethodContext): Message | true {
  const { payload } = context;
  const next = formatted(context, "text");
  // Without reply_markup an edit removes the keyboard, as in Telegram.
  const markup = storedInlineKeyboard(payload.reply_markup);
  const inlineId = asString(payload.inline_message_id) ?? "";
  const message = inlineId !== "" ? inlineMessageToEdit(context, inlineId) : messageToEdit(context);
  if (message.text === undefined) throw badRequest("there is no text in the message to edit");
  if (
    message.text === next.text &&
    sameEntities(message.entities, next.entities) &&
    sameMarkup(message.reply_markup, markup)
  ) {
    throw badRequest(NOT_MODIFIED);
  }
  const { entities: _entities, reply_markup: _markup, ...rest } = message;
  return storeEdit(context, inlineId, {
    ...rest,
    text: next.text,
    ...(next.entities.length > 0 ? { entities: next.entities } : {}),
    ...(markup ? { reply_markup: markup } : {}),
  } as Message);
}

function editMessageReplyMarkup(context: MethodContext): Message | true {
  const { payload } = context;
  const markup = storedInlineKeyboard(payload.reply_markup);
  const inlineId = asString(payload.inline_message_id) ?? "";
  const message = inlineId !== "" ? inlineMessageToEdit(context, inlineId) : messageToEdit(context);
  if (sameMarkup(message.reply_markup, markup)) throw badRequest(NOT_MODIFIED);
  const { reply_markup: _markup, ...rest } = message;
  return storeEdit(context, inlineId, {
    ...rest,
    ...(markup ? { reply_markup: markup } : {}),
  } as Message);
}

/** A message sent through inline mode, which edits address by inline_message_id. */
function inlineMessageToEdit({ store }: MethodContext, id: string): Message {
  const message = store.inlineMessage(id);
  if (!message) throw badRequest("message to edit not found");
  return message;
}

/** Stores an edited message; Telegram answers an inline message's edit with just `true`. */
function storeEdit(
  { store, now, emit }: MethodContext,
  inlineId: string,
  next: Message,
): Message | true {
  const edited = { ...next, edit_date: now() } as Message;
  if (inlineId !== "") {
    store.storeInlineMessage(inlineId, edited);
    emit({ kind: "message", message: edited, edited: true, inlineMessageId: inlineId });
    return true;
  }
  store.storeMessage(edited);
  emit({ kind: "message", message: edited, edited: true });
  return edited;
}

function deleteMessage({ payload, store, emit }: MethodContext): true {
  const chat = store.chatFor(payload.chat_id);
  const messageId = asInteger(payload.message_id) ?? 0;
  if (!store.deleteMessage(chat.id, messageId)) throw badRequest("message to delete not found");
  emit({ kind: "deleted", chatId: chat.id, messageId });
  return true;
}

/** Where setMyCommands keeps a list: per scope and language, as Telegram does. */
function commandsKey(payload: Payload): string {
  const scope = readJson(payload.scope);
  const value =
    scope && "value" in scope && isRecord(scope.value) ? scope.value : { type: "default" };
  return JSON.stringify([
    value.type,
    String(value.chat_id ?? ""),
    String(value.user_id ?? ""),
    asString(payload.language_code) ?? "",
  ]);
}

function setMyCommands({ payload, store, emit }: MethodContext): true {
  const json = readJson(payload.commands);
  const list =
    json && "value" in json && Array.isArray(json.value) ? (json.value as BotCommand[]) : [];
  // Stored as TDLib normalizes them: trimmed, without a leading slash.
  const commands = list.map(({ command, description }) => ({
    command: command.trim().replace(/^\//, ""),
    description: description.trim(),
  }));
  if (commands.length === 0) store.commands.delete(commandsKey(payload));
  else store.commands.set(commandsKey(payload), commands);
  emit({ kind: "commands", commands });
  return true;
}

/** set/get pairs for the bot's name, description and short description. */
function botText(field: "name" | "description" | "short_description") {
  const key = (payload: Payload) => `${field}:${asString(payload.language_code) ?? ""}`;
  return {
    set: ({ payload, store }: MethodContext): true => {
      store.texts.set(key(payload), asString(payload[field]) ?? "");
      return true;
    },
    get: ({ payload, store }: MethodContext) => ({ [field]: store.texts.get(key(payload)) ?? "" }),
  };
}

const name = botText("name");
const description = botText("description");
const shortDescription = botText("short_description");

/** The methods the simulator answers; keys are lower case (method names are case-insensitive). */
export const DEFAULT_METHODS: Readonly<Record<string, MethodHandler>> = {
  getme: ({ store }) => store.bot,
  logout: () => true,
  close: () => true,
  getupdates: ({ queue, payload, signal }) => queue.getUpdates(payload, signal),
  setwebhook: ({ queue, payload }) => queue.setWebhook(payload),
  deletewebhook: ({ queue, payload }) => queue.deleteWebhook(payload),
  getwebhookinfo: ({ queue }) => queue.webhookInfo(),
  setmycommands: setMyCommands,
  getmycommands: ({ store, payload }) => store.commands.get(commandsKey(payload)) ?? [],
  deletemycommands: ({ store, payload }) => store.commands.delete(commandsKey(payload)) || true,
  setmyname: name.set,
  getmyname: name.get,
  setmydescription: description.set,
  getmydescription: description.get,
  setmyshortdescription: shortDescription.set,
  getmyshortdescription: shortDescription.get,
  sendmessage: sendMessage,
  editmessagetext: editMessageText,
  editmessagereplymarkup: editMessageReplyMarkup,
  deletemessage: deleteMessage,
  answercallbackquery: ({ store, payload, emit }) => {
    store.answerQuery("callback_query", payload.callback_query_id);
    const text = asString(payload.text) ?? "";
    emit({
      kind: "callback-answer",
      queryId: String(payload.callback_query_id),
      text,
      alert: asBoolean(payload.show_alert),
    });
    return true;
  },
  answerinlinequery: ({ store, payload, emit }) => {
    store.answerQuery("inline_query", payload.inline_query_id);
    const json = readJson(payload.results);
    const results =
      json && "value" in json && Array.isArray(json.value)
        ? (json.value as InlineQueryResult[])
        : [];
    emit({ kind: "inline-answer", queryId: String(payload.inline_query_id), results });
    return true;
  },
  sendchataction: ({ store, payload, emit }) => {
    store.assertCanWrite(store.chatFor(payload.chat_id));
    emit({ kind: "chat-action", action: asString(payload.action) ?? "" });
    return true;
  },
  getchat: ({ store, payload }) => {
    const chat = store.knownChat(payload.chat_id);
    if (!chat) throw badRequest("chat not found");
    const gifts = [
      "unlimited_gifts",
      "limited_gifts",
      "unique_gifts",
      "premium_subscription",
      "gifts_from_channels",
    ];
    const accepted_gift_types = Object.fromEntries(gifts.map((kind) => [kind, false]));
    return { ...chat, accent_color_id: 0, max_reaction_count: 11, accepted_gift_types };
  },
  leavechat: ({ store, payload }) => {
    const chat = store.chatFor(payload.chat_id);
    store.assertCanWrite(chat);
    store.leave(chat.id);
    return true;
  },
};
