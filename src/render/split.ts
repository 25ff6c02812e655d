/**
 * Splitting Telegram HTML into messages that each fit the 4096-character limit.
 *
 * The limit applies after entity parsing, so length is measured on visible text
 * (tags count nothing, `&amp;` counts one). A page never ends inside a tag or an
 * entity: the HTML is cut only between tokens, every tag still open at the cut is
 * closed at the end of the page and opened again at the start of the next, so
 * each page is valid HTML on its own.
 */
import { decodeEntity } from "./html.js";

/** Telegram's limit for a message text, after entity parsing. */
export const MAX_MESSAGE_LENGTH = 4096;

interface Token {
  readonly raw: string;
  /** What the token shows: a character, a decoded entity, or "" for a tag. */
  readonly visible: string;
  /** For a tag: its name and whether it closes. */
  readonly tag?: { readonly name: string; readonly closing: boolean };
}

interface OpenTag {
  readonly name: string;
  readonly raw: string;
}

interface Break {
  readonly index: number;
  readonly visible: number;
  readonly stack: readonly OpenTag[];
}

const TOKEN = /<[^>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z]+);|[\s\S]/giu;

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  for (const [raw] of html.matchAll(TOKEN)) {
    if (raw.startsWith("<")) {
      const match = /^<(\/?)\s*([a-z][a-z0-9-]*)/iu.exec(raw);
      if (match) {
        tokens.push({
          raw,
          visible: "",
          tag: { name: (match[2] ?? "").toLowerCase(), closing: match[1] === "/" },
        });
        continue;
      }
    }
    if (raw.startsWith("&") && raw.length > 1) {
      tokens.push({ raw, visible: decodeEntity(raw) ?? raw });
      continue;
    }
    tokens.push({ raw, visible: raw });
  }
  return tokens;
}

const isSpace = (token: Token) => token.tag === undefined && /^\s+$/u.test(token.visible);

/**
 * Splits valid Telegram HTML into pages of at most `maxLength` visible characters
 * (UTF-16 code units, which is never less than what Telegram counts). Prefers to
 * cut at a paragraph break, then at a line break, then between words; cuts inside
 * a word only when a page would otherwise be less than a third full.
 */
export function splitHtml(html: string, maxLength: number = MAX_MESSAGE_LENGTH): string[] {
  if (!Number.isInteger(maxLength) || maxLength < 2)
    throw new RangeError("maxLength must be an integer ≥ 2");
  const tokens = tokenize(html);
  const pages: string[] = [];
  let start = 0;
  let startStack: readonly OpenTag[] = [];

  while (start < tokens.length) {
    // White space at the start of a page would be trimmed by Telegram anyway.
    while (start < tokens.length && isSpace(tokens[start] as Token)) start++;
    if (start >= tokens.length) break;

    const stack: OpenTag[] = [...startStack];
    let visible = 0;
    let paragraph: Break | undefined;
    let line: Break | undefined;
    let space: Break | undefined;
    let index = start;
    let overflow = false;
    for (; index < tokens.length; index++) {
      const token = tokens[index] as Token;
      if (token.tag) {
        if (token.tag.closing) {
          const at = stack.map((t) => t.name).lastIndexOf(token.tag.name);
          if (at >= 0) stack.splice(at, 1);
        } else {
          stack.push({ name: token.tag.name, raw: token.raw });
        }
        continue;
      }
      if (visible + token.visible.length > maxLength) {
        overflow = true;
        break;
      }
      visible += token.visible.length;
      const here: Break = { index: index + 1, visible, stack: [...stack] };
      if (token.visible === "\n") {
        const previous = tokens[index - 1];
        if (previous?.visible === "\n") paragraph = here;
        else line = here;
      } else if (isSpace(token)) {
        space = here;
      }
    }

    let cut: Break = { index, visible, stack };
    if (overflow) {
      const chosen = [paragraph, line, space].find(
        (b, rank) => b !== undefined && b.visible >= maxLength * (rank < 2 ? 0.5 : 1 / 3),
      );
      if (chosen) cut = chosen;
      // A single token longer than a page (only a literal unknown entity could be)
      // still has to go somewhere: it gets a page of its own rather than a loop.
      else if (visible === 0) cut = { index: index + 1, visible, stack };
    }

    // White space before the cut would be trimmed by Telegram too; drop it so pages are tidy.
    let end = cut.index;
    while (end > start && isSpace(tokens[end - 1] as Token)) end--;
    const body = tokens
      .slice(start, end)
      .map((t) => t.raw)
      .join("");
    const opening = startStack.map((t) => t.raw).join("");
    const closing = [...cut.stack]
      .reverse()
      .map((t) => `</${t.name}>`)
      .join("");
    const page = `${opening}${body}${closing}`;
    if (tokens.slice(start, cut.index).some((t) => t.visible.trim() !== "")) pages.push(page);
    start = cut.index;
    startStack = cut.stack;
  }
  return pages;
}
