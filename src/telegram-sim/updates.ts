/**
 * Builders of realistic Telegram updates, the users' side of the simulator: messages with the
 * entities Telegram computes (bot commands, mentions, hashtags, URLs with UTF-16 offsets),
 * callback queries on the bot's own messages, inline queries, my_chat_member, edits, stickers,
 * photos and channel posts.
 *
 * A factory numbers its updates (update_id) and messages (message_id per chat) itself; the
 * simulator gives its factory its own counters so that user messages and bot messages share one
 * sequence per chat, as in Telegram.
 */
import type { Chat, Message, MessageEntity, Update, User, UserFromGetMe } from "grammy/types";

/** Where a factory takes its numbers and the bot's identity from. */
export interface UpdateFactoryOptions {
  /** The bot the updates are for (my_chat_member, addressed commands). */
  bot?: Pick<UserFromGetMe, "id" | "first_name" | "username">;
  /** Unix time in seconds. Default: the system clock. */
  now?: () => number;
  /** update_id of the next update. Default: a counter from 1. */
  nextUpdateId?: () => number;
  /** message_id of the next message in a chat. Default: a counter per chat from 1. */
  nextMessageId?: (chatId: number) => number;
  /** The current version of a message (after edits), for callback queries on it. */
  resolveMessage?: (chatId: number, messageId: number) => Message | undefined;
}

/** Options shared by the message builders. */
export interface MessageOptions {
  /** Default: a private chat with `from`. */
  chat?: Chat;
  /** Default: {@link DEFAULT_USER}. */
  from?: User;
  /** The message this one replies to (Telegram embeds it without its own reply). */
  replyTo?: Message;
  /** Default: the next id in the chat. */
  messageId?: number;
}

/** The user updates come from unless a test says otherwise. */
export const DEFAULT_USER: User = {
  id: 1_000_001,
  is_bot: false,
  first_name: "Alice",
  last_name: "Tester",
  username: "alice_tester",
  language_code: "ru",
};

/** The bot the factory assumes when none is given. */
export const DEFAULT_BOT: UserFromGetMe = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: "Test Bot",
  username: "test_coop_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

/** A message as it arrives in `update.message`. */
type IncomingMessage = NonNullable<Update["message"]>;

/** An update without its update_id, as the builders make it before numbering. */
export type UpdateBody = Omit<Update, "update_id">;

/**
 * Entities Telegram detects in a user's text: bot_command, mention, hashtag and url, with
 * offsets and lengths in UTF-16 code units (JavaScript string indices).
 */
export function detectEntities(text: string): MessageEntity[] {
  const patterns: [MessageEntity["type"], RegExp][] = [
    // A command starts the text or follows a non-word character, e.g. "/start" or "/help@bot".
    [
      "bot_command",
      /(?<![\p{L}\p{N}_/])\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\p{L}\p{N}_])/gu,
    ],
    ["mention", /(?<![\p{L}\p{N}_@])@[A-Za-z0-9_]{4,32}(?![\p{L}\p{N}_])/gu],
    ["hashtag", /(?<![\p{L}\p{N}_#])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu],
    ["url", /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/giu],
  ];
  const found: MessageEntity[] = [];
  for (const [type, pattern] of patterns) {
    for (const match of text.matchAll(pattern)) {
      found.push({ type, offset: match.index, length: match[0].length } as MessageEntity);
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/** Makes updates; see the module comment. */
export class UpdateFactory {
  readonly bot: Pick<UserFromGetMe, "id" | "first_name" | "username">;
  private readonly now: () => number;
  private readonly nextUpdateId: () => number;
  private readonly nextMessageId: (chatId: number) => number;
  private readonly resolveMessage: UpdateFactoryOptions["resolveMessage"];
  private queryCounter = 0;

  constructor(options: UpdateFactoryOptions = {}) {
    this.bot = options.bot ?? DEFAULT_BOT;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
    let updateId = 0;
    this.nextUpdateId = options.nextUpdateId ?? (() => ++updateId);
    const messageIds = new Map<number, number>();
    this.nextMessageId =
      options.nextMessageId ??
      ((chatId) => {
        const next = (messageIds.get(chatId) ?? 0) + 1;
        messageIds.set(chatId, next);
        return next;
      });
    this.resolveMessage = options.resolveMessage;
  }

  /** A user; `DEFAULT_USER` with the given fields changed. */
  user(fields: Partial<User> = {}): User {
    return { ...DEFAULT_USER, ...fields };
  }

  /** The private chat with a user. */
  privateChat(user: User = DEFAULT_USER): Chat.PrivateChat {
    const chat: Chat.PrivateChat = { id: user.id, type: "private", first_name: user.first_name };
    if (user.last_name !== undefined) chat.last_name = user.last_name;
    if (user.username !== undefined) chat.username = user.username;
    return chat;
  }

  /** A supergroup (Telegram turns almost every group into one); ids look like -100…. */
  supergroup(fields: Partial<Chat.SupergroupChat> = {}): Chat.SupergroupChat {
    return { id: -1_001_234_567_890, type: "supergroup", title: "Test group", ...fields };
  }

  /** A basic group (small negative id). */
  group(fields: Partial<Chat.GroupChat> = {}): Chat.GroupChat {
    return { id: -4_000_000_001, type: "group", title: "Small group", ...fields };
  }

  /** A channel. */
  channel(fields: Partial<Chat.ChannelChat> = {}): Chat.ChannelChat {
    return { id: -1_009_876_543_210, type: "channel", title: "Test channel", ...fields };
  }

  /** Numbers an update built elsewhere. */
  numbered(body: UpdateBody): Update {
    return { update_id: this.nextUpdateId(), ...body } as Update;
  }

  /** A text message, with the entities Telegram would detect in it. */
  textMessage(text: string, options: MessageOptions = {}): Update {
    const entities = detectEntities(text);
    const fields: Partial<Message> = { text };
    if (entities.length > 0) fields.entities = entities;
    return this.numbered({ message: this.message(fields, options) as IncomingMessage });
  }

  /** `/command args` as a user sends it (in a group, add `@botname` through `addressed`). */
  command(
    command: string,
    args = "",
    options: MessageOptions & { addressed?: boolean } = {},
  ): Update {
    const name = command.replace(/^\//, "");
    const mention = options.addressed ? `@${this.bot.username}` : "";
    return this.textMessage(`/${name}${mention}${args === "" ? "" : ` ${args}`}`, options);
  }

  /** A user's message edited to a new text (same message_id, edit_date set). */
  editedMessage(original: Message, text: string): Update {
    const { entities: _old, ...rest } = original;
    const entities = detectEntities(text);
    const edited = { ...rest, text, edit_date: this.now() } as NonNullable<
      Update["edited_message"]
    >;
    if (entities.length > 0) edited.entities = entities;
    return this.numbered({ edited_message: edited });
  }

  /**
   * A press of an inline button on `message` (normally one the bot sent). The message is
   * taken in its current version from the simulator when the factory can resolve it.
   */
  callbackQuery(
    message: Message,
    data: string,
    options: { from?: User; id?: string } = {},
  ): Update {
    const current = this.resolveMessage?.(message.chat.id, message.message_id) ?? message;
    const from =
      options.from ??
      (current.chat.type === "private" ? this.userOfChat(current.chat) : DEFAULT_USER);
    return this.numbered({
      callback_query: {
        id: options.id ?? this.nextQueryId(),
        from,
        message: current,
        chat_instance: String(4_000_000_000 + Math.abs(current.chat.id % 1_000_000_000)),
        data,
      },
    });
  }

  /** An inline query (`@bot query` typed in any chat). */
  inlineQuery(
    query: string,
    options: {
      from?: User;
      offset?: string;
      chatType?: "sender" | "private" | "group" | "supergroup" | "channel";
      id?: string;
    } = {},
  ): Update {
    return this.numbered({
      inline_query: {
        id: options.id ?? this.nextQueryId(),
        from: options.from ?? DEFAULT_USER,
        query,
        offset: options.offset ?? "",
        chat_type: options.chatType ?? "private",
      },
    });
  }

  /** my_chat_member for the bot being added to a group (as member, or as administrator). */
  addedToGroup(options: { chat?: Chat; by?: User; asAdmin?: boolean } = {}): Update {
    const chat = options.chat ?? this.supergroup();
    const bot = {
      id: this.bot.id,
      is_bot: true,
      first_name: this.bot.first_name,
      username: this.bot.username,
    };
    const newMember = options.asAdmin
      ? ({
          status: "administrator",
          user: bot,
          can_be_edited: false,
          is_anonymous: false,
          can_manage_chat: true,
          can_delete_messages: true,
          can_manage_video_chats: false,
          can_restrict_members: false,
          can_promote_members: false,
          can_change_info: false,
          can_invite_users: true,
          can_post_stories: false,
          can_edit_stories: false,
          can_delete_stories: false,
        } as const)
      : ({ status: "member", user: bot } as const);
    return this.numbered({
      my_chat_member: {
        chat,
        from: options.by ?? DEFAULT_USER,
        date: this.now(),
        old_chat_member: { status: "left", user: bot },
        new_chat_member: newMember,
      },
    } as UpdateBody);
  }

  /** A sticker message. */
  sticker(options: MessageOptions & { emoji?: string } = {}): Update {
    const sticker = {
      file_id: "CAACAgIAAxkBAAEFakeStickerFileId",
      file_unique_id: "AgADFakeSticker",
      type: "regular" as const,
      width: 512,
      height: 512,
      is_animated: false,
      is_video: false,
      emoji: options.emoji ?? "👍",
    };
    return this.numbered({ message: this.message({ sticker }, options) as IncomingMessage });
  }

  /** A photo message in three sizes, optionally with a caption (entities detected). */
  photo(options: MessageOptions & { caption?: string } = {}): Update {
    const photo = [90, 320, 800].map((side, index) => ({
      file_id: `AgACAgIAAxkBAAEFakePhoto${index}`,
      file_unique_id: `AQADFakePhoto${index}`,
      width: side,
      height: Math.round((side * 3) / 4),
      file_size: side * 100,
    }));
    const fields: Partial<Message> = { photo };
    if (options.caption !== undefined) {
      fields.caption = options.caption;
      const entities = detectEntities(options.caption);
      if (entities.length > 0) fields.caption_entities = entities;
    }
    return this.numbered({ message: this.message(fields, options) as IncomingMessage });
  }

  /** A post in a channel (no `from`; `sender_chat` is the channel). */
  channelPost(text: string, options: { chat?: Chat.ChannelChat } = {}): Update {
    const chat = options.chat ?? this.channel();
    const entities = detectEntities(text);
    const post = {
      message_id: this.nextMessageId(chat.id),
      date: this.now(),
      chat,
      sender_chat: chat,
      text,
      ...(entities.length > 0 ? { entities } : {}),
    } as NonNullable<Update["channel_post"]>;
    return this.numbered({ channel_post: post });
  }

  /** The common part of a user's message in a chat. */
  private message(fields: Partial<Message>, options: MessageOptions): Partial<Message> {
    const from = options.from ?? DEFAULT_USER;
    const chat = options.chat ?? this.privateChat(from);
    const message: Partial<Message> = {
      message_id: options.messageId ?? this.nextMessageId(chat.id),
      from,
      chat,
      date: this.now(),
      ...fields,
    };
    if (options.replyTo) {
      // Telegram embeds the replied message one level deep only.
      const { reply_to_message: _nested, ...replied } = options.replyTo;
      message.reply_to_message = replied as NonNullable<Message["reply_to_message"]>;
    }
    return message;
  }

  private userOfChat(chat: Chat): User {
    if (chat.type !== "private") return DEFAULT_USER;
    const user: User = { id: chat.id, is_bot: false, first_name: chat.first_name };
    if (chat.last_name !== undefined) user.last_name = chat.last_name;
    if (chat.username !== undefined) user.username = chat.username;
    return chat.id === DEFAULT_USER.id ? DEFAULT_USER : user;
  }

  private nextQueryId(): string {
    this.queryCounter += 1;
    return String(4_242_000_000_000_000_000n + BigInt(this.queryCounter));
  }
}
