/**
 * Telegram's HTML parse mode, parsed the way Telegram parses it.
 *
 * This is a port of TDLib's `parse_html` (td/telegram/MessageEntity.cpp), which the Bot API server
 * runs on every `parse_mode: "HTML"` text: it walks the UTF-8 bytes, so error offsets are byte
 * offsets, and entity offsets are counted in UTF-16 code units. The error texts are TDLib's, so a
 * failing test shows the same words a production log would.
 *
 * Telegram is more lenient than its documentation: a bare `&` or an unknown entity such as
 * `&nbsp;` is kept as literal text, and a bare `>` is fine. `strict` mode (see
 * {@link HtmlParseOptions}) also rejects the first two, because they usually mean an escaping
 * function was skipped — and the same text with a `<` in it would crash the call.
 */
import { HtmlParser, type ParsedHtml, TelegramHtmlError } from "./html-parser.js";

export { type ParsedHtml, TelegramHtmlError } from "./html-parser.js";

/** Options for {@link parseTelegramHtml}. */
export interface HtmlParseOptions {
  /**
   * Also reject what Telegram accepts but its documentation forbids: an `&` that starts no
   * entity, and named entities other than `&lt;` `&gt;` `&amp;` `&quot;`. Errors raised only
   * because of this option end in ` [strict]`. Default: false.
   */
  strict?: boolean;
}

/**
 * Parses Telegram HTML. Returns the plain text (entities decoded) and the entities with UTF-16
 * offsets; throws {@link TelegramHtmlError} where Telegram would answer
 * `400 Bad Request: can't parse entities: …`.
 */
export function parseTelegramHtml(html: string, options: HtmlParseOptions = {}): ParsedHtml {
  return new HtmlParser(html, options.strict ?? false).parse();
}

/** Like {@link parseTelegramHtml}, but returns the error instead of throwing it. */
export function tryParseTelegramHtml(
  html: string,
  options: HtmlParseOptions = {},
): { ok: true; value: ParsedHtml } | { ok: false; error: TelegramHtmlError } {
  try {
    return { ok: true, value: parseTelegramHtml(html, options) };
  } catch (error) {
    if (error instanceof TelegramHtmlError) return { ok: false, error };
    throw error;
  }
}
