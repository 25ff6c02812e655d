/**
 * Telegram's HTML parse mode, for the local chat: turns the HTML the bot sends
 * into plain text and entities the way Telegram stores a message, refusing what
 * Telegram refuses (unknown tags, unbalanced tags) with Telegram's wording, and
 * renders text with entities for a terminal.
 */
import type { MessageEntity } from "grammy/types";

export interface ParsedHtml {
  readonly text: string;
  readonly entities: MessageEntity[];
}

/** Thrown for HTML Telegram would refuse; `description` is what the Bot API answers. */
export class HtmlParseError extends Error {
  readonly description: string;
  constructor(reason: string) {
    super(reason);
    this.name = "HtmlParseError";
    this.description = `Bad Request: can't parse entities: ${reason}`;
  }
}

const SIMPLE_TAGS: Readonly<Record<string, MessageEntity["type"]>> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  "tg-spoiler": "spoiler",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
};
const OTHER_TAGS = new Set(["a", "span", "tg-emoji"]);

const NAMED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/** Decodes the entity starting at `text[i] === "&"`: [characters, length], or undefined. */
function decodeEntity(text: string, i: number): [string, number] | undefined {
  const match = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,4}));/u.exec(
    text.slice(i, i + 12),
  );
  if (!match) return undefined;
  const [all, dec, hex, name] = match;
  if (name !== undefined) {
    const char = NAMED[name];
    return char === undefined ? undefined : [char, all.length];
  }
  const code = dec !== undefined ? Number(dec) : Number.parseInt(hex ?? "", 16);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || code === 0) return undefined;
  return [String.fromCodePoint(code), all.length];
}

function byteOffset(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index), "utf8");
}

interface Open {
  readonly tag: string;
  readonly entity: Omit<MessageEntity, "offset" | "length"> | undefined;
  readonly start: number;
}

/** Parses Telegram HTML; throws HtmlParseError where Telegram answers 400. */
export function parseTelegramHtml(html: string): ParsedHtml {
  let text = "";
  const entities: MessageEntity[] = [];
  const stack: Open[] = [];
  let i = 0;
  while (i < html.length) {
    const ch = html[i] as string;
    if (ch === "&") {
      const decoded = decodeEntity(html, i);
      if (decoded) {
        text += decoded[0];
        i += decoded[1];
      } else {
        text += ch;
        i += 1;
      }
      continue;
    }
    if (ch !== "<") {
      text += ch;
      i += 1;
      continue;
    }
    const end = html.indexOf(">", i);
    if (end < 0)
      throw new HtmlParseError(`Unclosed start tag at byte offset ${byteOffset(html, i)}`);
    const inner = html.slice(i + 1, end);
    if (inner.startsWith("/")) {
      const name = inner.slice(1).trim().toLowerCase();
      const open = stack.pop();
      if (open === undefined) {
        throw new HtmlParseError(`Unexpected end tag at byte offset ${byteOffset(html, i)}`);
      }
      if (name !== "" && name !== open.tag) {
        throw new HtmlParseError(
          `Unmatched end tag at byte offset ${byteOffset(html, i)}, expected "</${open.tag}>", found "</${name}>"`,
        );
      }
      if (open.entity && text.length > open.start) {
        entities.push({
          ...open.entity,
          offset: open.start,
          length: text.length - open.start,
        } as MessageEntity);
      }
      i = end + 1;
      continue;
    }
    const nameMatch = /^([a-zA-Z][a-zA-Z0-9-]*)\s*([\s\S]*)$/u.exec(inner);
    if (!nameMatch) {
      throw new HtmlParseError(`Empty tag name at byte offset ${byteOffset(html, i)}`);
    }
    const name = (nameMatch[1] as string).toLowerCase();
    const attributes = parseAttributes(nameMatch[2] ?? "");
    let entity: Open["entity"];
    if (SIMPLE_TAGS[name] !== undefined) {
      const type = SIMPLE_TAGS[name];
      entity =
        name === "blockquote" && attributes.has("expandable")
          ? { type: "expandable_blockquote" }
          : name === "pre" || (name === "code" && stack.at(-1)?.tag === "pre")
            ? undefined
            : { type };
      if (name === "pre") entity = { type: "pre" };
    } else if (OTHER_TAGS.has(name)) {
      if (name === "a") {
        const href = attributes.get("href") ?? "";
        entity = href === "" ? undefined : ({ type: "text_link", url: href } as Open["entity"]);
      } else if (name === "span") {
        if (attributes.get("class") !== "tg-spoiler") {
          throw new HtmlParseError(
            `Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(html, i)}`,
          );
        }
        entity = { type: "spoiler" };
      } else {
        entity = {
          type: "custom_emoji",
          custom_emoji_id: attributes.get("emoji-id") ?? "",
        } as Open["entity"];
      }
    } else {
      throw new HtmlParseError(
        `Unsupported start tag "${name}" at byte offset ${byteOffset(html, i)}`,
      );
    }
    stack.push({ tag: name, entity, start: text.length });
    i = end + 1;
  }
  const unclosed = stack.pop();
  if (unclosed) {
    throw new HtmlParseError(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  }
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+)))?/gu;
  for (const match of source.matchAll(pattern)) {
    const raw = match[2] ?? match[3] ?? match[4] ?? "";
    attributes.set((match[1] as string).toLowerCase(), decodeAll(raw));
  }
  return attributes;
}

function decodeAll(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; ) {
    const decoded = text[i] === "&" ? decodeEntity(text, i) : undefined;
    if (decoded) {
      out += decoded[0];
      i += decoded[1];
    } else {
      out += text[i];
      i += 1;
    }
  }
  return out;
}

/** Telegram's length of a text: UTF-16 code units, as the 4096 limit counts them. */
export function telegramLength(text: string): number {
  return text.length;
}

const ANSI: Partial<Record<MessageEntity["type"], readonly [string, string]>> = {
  bold: ["\u001b[1m", "\u001b[22m"],
  italic: ["\u001b[3m", "\u001b[23m"],
  underline: ["\u001b[4m", "\u001b[24m"],
  strikethrough: ["\u001b[9m", "\u001b[29m"],
  spoiler: ["\u001b[2m", "\u001b[22m"],
  code: ["\u001b[36m", "\u001b[39m"],
  pre: ["\u001b[36m", "\u001b[39m"],
  text_link: ["\u001b[4m", "\u001b[24m"],
};

/**
 * Renders text with entities for a terminal: bold, italic… as ANSI styles when
 * `ansi`, plain otherwise; links followed by their address; quotes marked "│ ".
 */
export function renderEntities(
  text: string,
  entities: readonly MessageEntity[],
  ansi: boolean,
): string {
  const before = new Map<number, string[]>();
  const after = new Map<number, string[]>();
  const add = (map: Map<number, string[]>, at: number, piece: string, first = false) => {
    const list = map.get(at) ?? [];
    if (first) list.unshift(piece);
    else list.push(piece);
    map.set(at, list);
  };
  const quoteStarts = new Set<number>();
  for (const entity of entities) {
    const start = entity.offset;
    const end = entity.offset + entity.length;
    if (entity.type === "blockquote" || entity.type === "expandable_blockquote") {
      quoteStarts.add(start);
      for (let k = start; k < end - 1; k++) if (text[k] === "\n") quoteStarts.add(k + 1);
      continue;
    }
    const style = ansi ? ANSI[entity.type] : undefined;
    if (style) {
      add(before, start, style[0]);
      add(after, end, style[1], true);
    }
    if (entity.type === "text_link") {
      const label = text.slice(start, end);
      if (label !== entity.url)
        add(after, end, ansi ? `\u001b[2m (${entity.url})\u001b[22m` : ` (${entity.url})`);
    }
  }
  const bar = ansi ? "\u001b[2m│\u001b[22m " : "│ ";
  let out = "";
  for (let k = 0; k <= text.length; k++) {
    out += (after.get(k) ?? []).join("");
    if (quoteStarts.has(k)) out += bar;
    out += (before.get(k) ?? []).join("");
    if (k < text.length) out += text[k];
  }
  return out;
}
