/**
 * The few primitives every renderer builds on: escaping, measuring and
 * trimming text the way Telegram's HTML parse mode sees it.
 *
 * Rule of the render layer: every piece of text that is not a literal tag we
 * wrote goes through {@link escapeHtml} (or {@link escapeAttribute} inside an
 * attribute) exactly once, at the moment it is placed into HTML.
 */

import { storedHtmlText } from "../telegram-sim/rule-kit.js";

/** Escapes text for Telegram HTML: `&`, `<` and `>` are the characters its parser reacts to. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/gu, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/** Escapes text for a double-quoted attribute value (`<a href="…">`). */
export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/gu, "&quot;");
}

/**
 * C0/C1 control characters other than tab and newline. Telegram drops or rejects
 * some of them, and none of them means anything in a question or a label.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu;

/**
 * Cleans text a user typed before it is echoed or searched: control characters
 * removed, every run of white space (including no-break and line separators)
 * collapsed to one space, trimmed. Zero-width and bidirectional marks are kept:
 * they are harmless once escaped and removing them could change a word.
 */
export function cleanUserText(text: string): string {
  return text.replace(CONTROL, " ").replace(/\s+/gu, " ").trim();
}

/**
 * Shortens text to at most `max` UTF-16 code units, ending in "…" when cut.
 * Never splits a surrogate pair (an emoji cut in half is an invalid string).
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return "…".slice(0, Math.max(0, max));
  let end = max - 1;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}

/** True for the first half of a surrogate pair. */
export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
};

/** Decodes the entities this module produces (and numeric ones) back to characters. */
export function decodeEntity(entity: string): string | undefined {
  const body = entity.slice(1, -1);
  if (body.startsWith("#x") || body.startsWith("#X"))
    return fromCodePoint(Number.parseInt(body.slice(2), 16));
  if (body.startsWith("#")) return fromCodePoint(Number.parseInt(body.slice(1), 10));
  return NAMED_ENTITIES[body];
}

function fromCodePoint(code: number): string | undefined {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff
    ? String.fromCodePoint(code)
    : undefined;
}

/**
 * The plain text Telegram makes of HTML this project renders: tags dropped,
 * entities decoded, surrounding white space trimmed (Telegram trims messages).
 * Read by the one Telegram HTML parser (the simulator's port of Telegram's own).
 * @throws TelegramHtmlError for HTML Telegram would refuse (a bug of the renderer).
 */
export function htmlToPlainText(html: string): string {
  return storedHtmlText(html).text;
}

/** Length after entity parsing, in UTF-16 code units (what Telegram's 4096 limit is checked against). */
export function visibleLength(html: string): number {
  return htmlToPlainText(html).length;
}
