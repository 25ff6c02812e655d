/**
 * The parser behind telegram-html.ts: TDLib's `parse_html` (td/telegram/MessageEntity.cpp) ported
 * to TypeScript, byte for byte, with TDLib's error texts.
 */
import type { MessageEntity } from "grammy/types";
import {
  AMP,
  APOSTROPHE,
  appendCodePoint,
  asciiLower,
  byteAt,
  type DecodedEntity,
  decodeHtmlEntity,
  EQUALS,
  GT,
  isAlnum,
  isAlpha,
  isSpace,
  LT,
  QUOTE,
  SEMICOLON,
  SLASH,
  UTF8,
} from "./html-bytes.js";
import { checkLink } from "./links.js";

/** Plain text and entities, as Telegram stores a message sent with `parse_mode: "HTML"`. */
export interface ParsedHtml {
  text: string;
  entities: MessageEntity[];
}

/** Thrown by `parseTelegramHtml`; `description` is what the Bot API would answer. */
export class TelegramHtmlError extends Error {
  /** TDLib's reason, e.g. `Unsupported start tag "foo" at byte offset 12`. */
  readonly reason: string;
  /** The Bot API's description: `Bad Request: can't parse entities: <reason>`. */
  readonly description: string;
  /** True when only strict mode made this text fail. */
  readonly strict: boolean;

  constructor(reason: string, strict = false) {
    const description = `Bad Request: can't parse entities: ${reason}${strict ? " [strict]" : ""}`;
    super(description);
    this.name = "TelegramHtmlError";
    this.reason = reason;
    this.description = description;
    this.strict = strict;
  }
}

const SUPPORTED_TAGS: ReadonlySet<string> = new Set(
  "a b strong i em s strike del u ins tg-spoiler tg-emoji tg-time span pre code blockquote".split(
    " ",
  ),
);

/** Bytes that end an attribute name besides spaces: `=`, `>`, `/` and quotes. */
const NAME_ENDS: ReadonlySet<number> = new Set([EQUALS, GT, SLASH, QUOTE, APOSTROPHE]);

interface OpenTag {
  tag: string;
  /** href, language, spoiler class, emoji id, or "1" for an expandable blockquote. */
  argument: string;
  /** tg-time's attributes. */
  unix?: string;
  format?: string;
  utf16Offset: number;
  /** Where the tag's content starts in the output bytes (an `<a>` without href links to it). */
  resultStart: number;
}

/** One parse of one text; see telegram-html.ts for the behaviour. */
export class HtmlParser {
  private readonly bytes: Uint8Array;
  private readonly out: number[] = [];
  private readonly entities: MessageEntity[] = [];
  private readonly open: OpenTag[] = [];
  private utf16Offset = 0;
  private decodedSurrogate = false;
  private readonly codeLanguages = new WeakMap<MessageEntity, string>();

  constructor(
    html: string,
    private readonly strict: boolean,
  ) {
    this.bytes = new TextEncoder().encode(html);
  }

  private at(i: number): number {
    return byteAt(this.bytes, i);
  }

  parse(): ParsedHtml {
    const { bytes } = this;
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i] as number;
      if (c === AMP) {
        const decoded = this.decodeEntity(i);
        if (decoded) {
          appendCodePoint(this.out, decoded.codePoint);
          this.utf16Offset += decoded.codePoint > 0xffff ? 2 : 1;
          i = decoded.end - 1;
          continue;
        }
        this.rejectLiteralAmpersand(i);
      }
      if (c !== LT) {
        // A UTF-8 lead byte starts a character; 4-byte ones are surrogate pairs in UTF-16.
        if ((c & 0xc0) !== 0x80) this.utf16Offset += c >= 0xf0 ? 2 : 1;
        this.out.push(c);
        continue;
      }
      i = this.at(i + 1) === SLASH ? this.endTag(i) : this.startTag(i);
    }
    const unclosed = this.open.at(-1);
    if (unclosed) {
      throw new TelegramHtmlError(
        `Can't find end tag corresponding to start tag "${unclosed.tag}"`,
      );
    }
    if (this.decodedSurrogate) {
      throw new TelegramHtmlError(
        "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units",
      );
    }
    return {
      text: UTF8.decode(new Uint8Array(this.out)),
      entities: sortEntities(this.entities),
    };
  }

  /** Reads `<tag attr=value …>` starting at `begin`; returns the index of its `>`. */
  private startTag(begin: number): number {
    let i = begin + 1;
    while (!isSpace(this.at(i)) && this.at(i) !== GT) i++;
    if (this.at(i) === 0) throw new TelegramHtmlError(`Unclosed start tag at byte offset ${begin}`);

    const tag = this.lower(begin + 1, i);
    if (!SUPPORTED_TAGS.has(tag)) {
      throw new TelegramHtmlError(`Unsupported start tag "${tag}" at byte offset ${begin}`);
    }
    const opened: OpenTag = {
      tag,
      argument: "",
      utf16Offset: this.utf16Offset,
      resultStart: this.out.length,
    };

    while (this.at(i) !== GT) {
      while (this.at(i) !== 0 && isSpace(this.at(i))) i++;
      if (this.at(i) === GT) break;
      const nameStart = i;
      while (!isSpace(this.at(i)) && !NAME_ENDS.has(this.at(i))) i++;
      const name = this.lower(nameStart, i);
      if (name === "") {
        throw new TelegramHtmlError(
          `Empty attribute name in the tag "${tag}" at byte offset ${begin}`,
        );
      }
      while (this.at(i) !== 0 && isSpace(this.at(i))) i++;
      if (this.at(i) === 0) {
        throw new TelegramHtmlError(`Unclosed start tag "${tag}" at byte offset ${begin}`);
      }
      if (this.at(i) !== EQUALS) {
        // An attribute without a value, as `<blockquote expandable>`; any other one is ignored.
        if (tag === "blockquote" && name === "expandable") opened.argument = "1";
        continue;
      }
      i++;
      while (this.at(i) !== 0 && isSpace(this.at(i))) i++;
      if (this.at(i) === 0) {
        throw new TelegramHtmlError(`Unclosed start tag "${tag}" at byte offset ${begin}`);
      }
      const { value, end } = this.attributeValue(i);
      i = end;
      if (this.at(i) === 0)
        throw new TelegramHtmlError(`Unclosed start tag at byte offset ${begin}`);
      this.applyAttribute(opened, name, value);
    }

    if (tag === "span" && opened.argument !== "spoiler") {
      throw new TelegramHtmlError(
        `Tag "span" must have class "tg-spoiler" at byte offset ${begin}`,
      );
    }
    this.open.push(opened);
    return i;
  }

  private applyAttribute(opened: OpenTag, name: string, value: string): void {
    const { tag } = opened;
    if ((tag === "a" && name === "href") || (tag === "tg-emoji" && name === "emoji-id")) {
      opened.argument = value;
    } else if (tag === "code" && name === "class" && value.startsWith("language-")) {
      opened.argument = value.slice("language-".length);
    } else if (tag === "span" && name === "class" && value.startsWith("tg-")) {
      opened.argument = value.slice("tg-".length);
    } else if (tag === "blockquote" && name === "expandable") {
      opened.argument = "1";
    } else if (tag === "tg-time" && name === "unix") {
      opened.unix = value;
    } else if (tag === "tg-time" && name === "format") {
      opened.format = value;
    }
    // Telegram ignores every other attribute.
  }

  /** An unquoted name token (lowercased, as HTML says) or a quoted string with entities decoded. */
  private attributeValue(start: number): { value: string; end: number } {
    let i = start;
    const quote = this.at(i);
    if (quote !== QUOTE && quote !== APOSTROPHE) {
      while (isAlnum(this.at(i)) || this.at(i) === 0x2e || this.at(i) === 0x2d) i++;
      if (!isSpace(this.at(i)) && this.at(i) !== GT) {
        throw new TelegramHtmlError(`Unexpected end of name token at byte offset ${start}`);
      }
      return { value: this.lower(start, i), end: i };
    }
    i++;
    const value: number[] = [];
    while (this.at(i) !== quote && this.at(i) !== 0) {
      if (this.at(i) === AMP) {
        const decoded = this.decodeEntity(i);
        if (decoded) {
          appendCodePoint(value, decoded.codePoint);
          i = decoded.end;
          continue;
        }
        this.rejectLiteralAmpersand(i);
      }
      value.push(this.at(i));
      i++;
    }
    if (this.at(i) === quote) i++;
    return { value: UTF8.decode(new Uint8Array(value)), end: i };
  }

  /** Reads `</tag>` starting at `begin`, closes the innermost open tag; returns its `>`. */
  private endTag(begin: number): number {
    const opened = this.open.at(-1);
    if (!opened) throw new TelegramHtmlError(`Unexpected end tag at byte offset ${begin}`);
    let i = begin + 2;
    while (!isSpace(this.at(i)) && this.at(i) !== GT) i++;
    const name = this.lower(begin + 2, i);
    while (isSpace(this.at(i)) && this.at(i) !== 0) i++;
    if (this.at(i) !== GT) throw new TelegramHtmlError(`Unclosed end tag at byte offset ${begin}`);
    // `</>` closes whatever is open, as in Telegram.
    if (name !== "" && name !== opened.tag) {
      throw new TelegramHtmlError(
        `Unmatched end tag at byte offset ${begin}, expected "</${opened.tag}>", found "</${name}>"`,
      );
    }
    if (this.utf16Offset > opened.utf16Offset) this.addEntity(opened);
    this.open.pop();
    return i;
  }

  private addEntity(opened: OpenTag): void {
    const offset = opened.utf16Offset;
    const length = this.utf16Offset - offset;
    const last = this.entities.at(-1);
    const sameSpan = last !== undefined && last.offset === offset && last.length === length;
    switch (opened.tag) {
      case "b":
      case "strong":
        this.entities.push({ type: "bold", offset, length });
        return;
      case "i":
      case "em":
        this.entities.push({ type: "italic", offset, length });
        return;
      case "u":
      case "ins":
        this.entities.push({ type: "underline", offset, length });
        return;
      case "s":
      case "strike":
      case "del":
        this.entities.push({ type: "strikethrough", offset, length });
        return;
      case "tg-spoiler":
      case "span":
        this.entities.push({ type: "spoiler", offset, length });
        return;
      case "blockquote":
        this.entities.push({
          type: opened.argument === "" ? "blockquote" : "expandable_blockquote",
          offset,
          length,
        });
        return;
      case "tg-emoji": {
        const id = opened.argument;
        if (!/^[0-9]{1,19}$/.test(id) || BigInt(id) === 0n || BigInt(id) >= 2n ** 63n) {
          throw new TelegramHtmlError("Invalid custom emoji identifier specified");
        }
        this.entities.push({ type: "custom_emoji", offset, length, custom_emoji_id: id });
        return;
      }
      case "tg-time":
        this.addDateTime(opened, offset, length);
        return;
      case "a":
        this.addLink(opened, offset, length);
        return;
      case "pre": {
        // <code class="language-x"><pre>…</pre></code> also makes a pre with a language.
        const language = last && sameSpan ? this.codeLanguages.get(last) : undefined;
        if (last?.type === "code" && language) {
          this.entities[this.entities.length - 1] = { type: "pre", offset, length, language };
        } else {
          this.entities.push({ type: "pre", offset, length });
        }
        return;
      }
      case "code":
        if (last?.type === "pre" && sameSpan && opened.argument !== "") {
          this.entities[this.entities.length - 1] = {
            type: "pre",
            offset,
            length,
            language: opened.argument,
          };
        } else {
          const code: MessageEntity = { type: "code", offset, length };
          // Remembered in case an enclosing <pre> takes the language; a lone <code> loses it.
          if (opened.argument !== "") this.codeLanguages.set(code, opened.argument);
          this.entities.push(code);
        }
        return;
      default:
        throw new Error(`unreachable: tag ${opened.tag}`);
    }
  }

  private addLink(opened: OpenTag, offset: number, length: number): void {
    // An <a> without href links to its own text, as in Telegram.
    const url =
      opened.argument !== ""
        ? opened.argument
        : UTF8.decode(new Uint8Array(this.out.slice(opened.resultStart)));
    const mention = /^tg:(?:\/\/)?user\?id=([0-9]{1,15})$/i.exec(url);
    if (mention) {
      const id = Number(mention[1]);
      this.entities.push({
        type: "text_mention",
        offset,
        length,
        user: { id, is_bot: false, first_name: "" },
      });
      return;
    }
    const checked = checkLink(url);
    // Telegram drops a link it can't use without failing the message.
    if (checked.ok) this.entities.push({ type: "text_link", offset, length, url: checked.url });
  }

  private addDateTime(opened: OpenTag, offset: number, length: number): void {
    const unix = opened.unix ?? "";
    const format = opened.format ?? "";
    if (!/^[0-9]{1,12}$/.test(unix) || !/^(?:r|w?[dD]?[tT]?)$/.test(format)) return;
    this.entities.push({
      type: "date_time",
      offset,
      length,
      unix_time: Number(unix),
      date_time_format: format as "r",
    });
  }

  /** Decodes the entity at `pos`, noting a decoded surrogate for the final check. */
  private decodeEntity(pos: number): DecodedEntity | undefined {
    const decoded = decodeHtmlEntity(this.bytes, pos);
    if (decoded && decoded.codePoint >= 0xd800 && decoded.codePoint <= 0xdfff) {
      this.decodedSurrogate = true;
    }
    return decoded;
  }

  /** Telegram keeps an undecodable `&` as text; strict mode calls it the escaping bug it is. */
  private rejectLiteralAmpersand(pos: number): void {
    if (!this.strict) return;
    let end = pos + 1;
    while (isAlpha(this.at(end))) end++;
    if (end > pos + 1 && this.at(end) === SEMICOLON) {
      const name = UTF8.decode(this.bytes.subarray(pos, end + 1));
      throw new TelegramHtmlError(`Unsupported entity "${name}" at byte offset ${pos}`, true);
    }
    throw new TelegramHtmlError(`Character entity expected at byte offset ${pos}`, true);
  }

  /** ASCII-lowercased text of a byte range (tag and attribute names). */
  private lower(start: number, end: number): string {
    return asciiLower(this.bytes, start, end);
  }
}

/** Telegram's order: by offset, then the longer (outer) entity first. */
function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities
    .map((entity, index) => ({ entity, index }))
    .sort(
      (a, b) =>
        a.entity.offset - b.entity.offset || b.entity.length - a.entity.length || b.index - a.index,
    )
    .map(({ entity }) => entity);
}
