/**
 * What the simulated Telegram remembers between calls: chats, the messages in them (so edits,
 * replies and callback queries see real content), which callback and inline queries it
 * delivered and how often they were answered, and the bot's commands and descriptions.
 */
import type { BotCommand, Chat, Message, Update, User, UserFromGetMe } from "grammy/types";

/** An error the Bot API answers; method handlers throw it, the front ends send it. */
export class BotApiException extends Error {
  constructor(
    readonly error_code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
    this.name = "BotApiException";
  }
}

/** A 400 with Telegram's wording. */
export const badRequest = (description: string) =>
  new BotApiException(400, `Bad Request: ${description}`);

/** The kinds of query a bot must answer. */
export type QueryKind = "callback_query" | "inline_query";

interface DeliveredQuery {
  kind: QueryKind;
  deliveredAt: number;
  /** Accepted answers: 0 or 1, as Telegram refuses a second one. */
  answered: number;
}

/** The simulator's memory of chats, messages, delivered queries, commands and bot texts. */
export class ChatStore {
  private readonly chats = new Map<number, Chat>();
  private readonly messages = new Map<number, Map<number, Message>>();
  private readonly lastMessageId = new Map<number, number>();
  private readonly queries = new Map<string, DeliveredQuery>();
  /** Chats the bot is not in (it left, or was removed). */
  private readonly absent = new Set<number>();
  /** Users who blocked the bot. */
  readonly blockedBy = new Set<number>();
  /** Bot commands by scope and language, as setMyCommands stored them. */
  readonly commands = new Map<string, BotCommand[]>();
  /** setMyName / setMyDescription / setMyShortDescription values by field and language. */
  readonly texts = new Map<string, string>();
  /** Messages sent through inline mode ("via @bot"), by inline_message_id: edits address them so. */
  private readonly inlineMessages = new Map<string, Message>();

  constructor(
    readonly bot: UserFromGetMe,
    /** How long a callback or inline query stays answerable, in ms. */
    private readonly queryTimeoutMs: number,
    /** Milliseconds since the epoch (the simulator's clock). */
    private readonly clock: () => number,
  ) {}

  /** The bot as the `from` of its messages. */
  get botUser(): User {
    return {
      id: this.bot.id,
      is_bot: true,
      first_name: this.bot.first_name,
      username: this.bot.username,
    };
  }

  /** The next message_id in a chat; users' and the bot's messages share the sequence. */
  nextMessageId(chatId: number): number {
    const next = (this.lastMessageId.get(chatId) ?? 0) + 1;
    this.lastMessageId.set(chatId, next);
    return next;
  }

  /** A chat by id or @username, if the simulator has seen it. */
  knownChat(chatId: unknown): Chat | undefined {
    const key = String(chatId).trim();
    if (key.startsWith("@")) {
      const name = key.slice(1).toLowerCase();
      return [...this.chats.values()].find(
        (chat) => "username" in chat && chat.username?.toLowerCase() === name,
      );
    }
    return this.chats.get(Number(key));
  }

  /**
   * The chat a message goes to. Chats not seen yet are made up from the id (positive: a user,
   * -100…: a supergroup, other negative: a group), so tests need not announce every chat.
   */
  chatFor(chatId: unknown): Chat {
    const known = this.knownChat(chatId);
    if (known) return known;
    const id = Number(String(chatId).trim());
    if (!Number.isSafeInteger(id) || id === 0) throw badRequest("chat not found");
    const chat: Chat =
      id > 0
        ? { id, type: "private", first_name: `User ${id}` }
        : String(id).startsWith("-100")
          ? { id, type: "supergroup", title: `Supergroup ${id}` }
          : { id, type: "group", title: `Group ${id}` };
    this.chats.set(id, chat);
    return chat;
  }

  /** Throws the 403 Telegram answers when the bot can't write to the chat. */
  assertCanWrite(chat: Chat): void {
    if (chat.type === "private" && this.blockedBy.has(chat.id)) {
      throw new BotApiException(403, "Forbidden: bot was blocked by the user");
    }
    if (chat.type !== "private" && this.absent.has(chat.id)) {
      const kind =
        chat.type === "group" ? "group" : chat.type === "supergroup" ? "supergroup" : "channel";
      throw new BotApiException(403, `Forbidden: bot is not a member of the ${kind} chat`);
    }
  }

  /**
   * Whether Telegram would hand this update to the bot at all: nothing comes from a group the
   * bot is no longer in, nor from a user who blocked it (membership changes always do).
   */
  delivers(update: Update): boolean {
    if (update.my_chat_member) return true;
    const chat =
      update.message?.chat ??
      update.edited_message?.chat ??
      update.callback_query?.message?.chat ??
      update.channel_post?.chat;
    if (chat === undefined) return true;
    return chat.type === "private" ? !this.blockedBy.has(chat.id) : !this.absent.has(chat.id);
  }

  /** Forgets every chat, message and query (not the commands): a long benchmark's history. */
  forget(): void {
    this.chats.clear();
    this.messages.clear();
    this.queries.clear();
    this.inlineMessages.clear();
  }

  /** Notes that the bot left (or was removed from) a chat. */
  leave(chatId: number): void {
    this.absent.add(chatId);
  }

  /** Stores a message (new or edited) and the chat it is in. */
  storeMessage(message: Message): void {
    this.learnChat(message.chat);
    let inChat = this.messages.get(message.chat.id);
    if (!inChat) {
      inChat = new Map();
      this.messages.set(message.chat.id, inChat);
    }
    inChat.set(message.message_id, message);
    // Keep the sequence ahead of ids that came in from outside (e.g. a factory of the test's own).
    if ((this.lastMessageId.get(message.chat.id) ?? 0) < message.message_id) {
      this.lastMessageId.set(message.chat.id, message.message_id);
    }
  }

  /** The current version of a message. */
  message(chatId: number, messageId: number): Message | undefined {
    return this.messages.get(chatId)?.get(messageId);
  }

  /** All stored messages of a chat, oldest first. */
  messagesIn(chatId: number): Message[] {
    return [...(this.messages.get(chatId)?.values() ?? [])].sort(
      (a, b) => a.message_id - b.message_id,
    );
  }

  deleteMessage(chatId: number, messageId: number): boolean {
    return this.messages.get(chatId)?.delete(messageId) ?? false;
  }

  learnChat(chat: Chat): void {
    this.chats.set(chat.id, { ...this.chats.get(chat.id), ...chat } as Chat);
  }

  /** A message sent through inline mode, in its current version. */
  inlineMessage(id: string): Message | undefined {
    return this.inlineMessages.get(id);
  }

  /** Stores (or replaces) a message sent through inline mode. */
  storeInlineMessage(id: string, message: Message): void {
    this.inlineMessages.set(id, message);
  }

  /** Marks the query of an update handed to the bot as one it must answer. */
  registerQueriesOf(update: Update): void {
    if (update.callback_query) this.registerQuery("callback_query", update.callback_query.id);
    if (update.inline_query) this.registerQuery("inline_query", update.inline_query.id);
  }

  /** Marks a query as one the bot must answer (called when the update is delivered). */
  registerQuery(kind: QueryKind, id: string): void {
    this.queries.set(id, { kind, deliveredAt: this.clock(), answered: 0 });
  }

  /** How many accepted answers a query got; undefined for a query never delivered. */
  answersTo(id: string): number | undefined {
    return this.queries.get(id)?.answered;
  }

  /** Every query delivered, with how many accepted answers it got. */
  deliveredQueries(): { id: string; kind: QueryKind; answered: number }[] {
    return [...this.queries].map(([id, q]) => ({ id, kind: q.kind, answered: q.answered }));
  }

  /**
   * Answers a query once. Throws Telegram's error if it was never delivered, was answered
   * already, or is older than the answer window.
   */
  answerQuery(kind: QueryKind, id: unknown): void {
    const query = this.queries.get(String(id ?? ""));
    const tooOld = query !== undefined && this.clock() - query.deliveredAt > this.queryTimeoutMs;
    if (!query || query.kind !== kind || query.answered > 0 || tooOld) {
      throw badRequest("query is too old and response timeout expired or query ID is invalid");
    }
    query.answered = 1;
  }

  /** Learns what an incoming update tells: its chat, its message, the queries in it. */
  learnFromUpdate(update: Update): void {
    const message =
      update.message ?? update.edited_message ?? update.channel_post ?? update.edited_channel_post;
    if (message) this.storeMessage(message as Message);
    const member = update.my_chat_member;
    if (member) {
      this.learnChat(member.chat);
      const status = member.new_chat_member.status;
      if (status === "left" || status === "kicked") {
        if (member.chat.type === "private") this.blockedBy.add(member.chat.id);
        else this.absent.add(member.chat.id);
      } else {
        this.blockedBy.delete(member.chat.id);
        this.absent.delete(member.chat.id);
      }
    }
  }
}

/** Update types Telegram sends only when a bot asks for them in allowed_updates. */
export const OPT_IN_UPDATE_TYPES: readonly string[] = [
  "chat_member",
  "message_reaction",
  "message_reaction_count",
];

const SERVICE_FIELDS = [
  "new_chat_members",
  "left_chat_member",
  "new_chat_title",
  "new_chat_photo",
  "delete_chat_photo",
  "group_chat_created",
  "supergroup_chat_created",
  "migrate_to_chat_id",
  "migrate_from_chat_id",
  "pinned_message",
];

/**
 * Whether privacy mode keeps a group message from the bot. With privacy mode on (the default
 * for bots that are not admins) a bot in a group gets only commands meant for it, replies to
 * its own messages, messages sent via it and service messages.
 */
export function hiddenByPrivacyMode(update: Update, bot: UserFromGetMe): boolean {
  const message = update.message ?? update.edited_message;
  if (!message || (message.chat.type !== "group" && message.chat.type !== "supergroup"))
    return false;
  if (message.reply_to_message?.from?.id === bot.id || message.via_bot?.id === bot.id) return false;
  if (SERVICE_FIELDS.some((field) => field in message)) return false;
  const text = message.text ?? message.caption ?? "";
  const entities = message.entities ?? message.caption_entities ?? [];
  return !entities.some((entity) => {
    if (entity.type !== "bot_command") return false;
    const command = text.slice(entity.offset, entity.offset + entity.length);
    const addressee = command.split("@")[1];
    return addressee === undefined || addressee.toLowerCase() === bot.username.toLowerCase();
  });
}
