import { describe, expect, it } from "vitest";
import { HtmlParseError, parseTelegramHtml, renderEntities } from "../../src/chat/html.js";
import {
  parseTelegramHtml as referenceParse,
  tryParseTelegramHtml,
} from "../support/telegram-html.js";

const VALID = [
  "plain text",
  "<b>bold</b> and <i>italic</i>, <u>under</u> <s>struck</s>",
  "<strong>strong</strong> <em>em</em> <ins>ins</ins> <del>del</del> <strike>strike</strike>",
  "&lt;tag&gt; &amp; &quot;quoted&quot; &#169; &#x1F600;",
  '<a href="https://example.org/a?b=1&amp;c=2">a link</a>',
  "<b>nested <i>styles</i> here</b>",
  "<blockquote>a quote\nover two lines</blockquote>after",
  "<blockquote expandable>hidden</blockquote>",
  "<code>x = 1</code> and <pre>block</pre>",
  '<tg-spoiler>secret</tg-spoiler> <span class="tg-spoiler">also</span>',
  "emoji 🇷🇺 and <b>кириллица 😀</b> with UTF-16 offsets",
  "a bare & ampersand and a > sign",
];

describe("parseTelegramHtml (local chat)", () => {
  it.each(VALID)("gives the text and entities Telegram would store: %s", (html) => {
    const ours = parseTelegramHtml(html);
    const reference = referenceParse(html);
    expect(ours.text).toBe(reference.text);
    const shape = (entities: readonly { type: string; offset: number; length: number }[]) =>
      entities
        .map(({ type, offset, length }) => ({ type, offset, length }))
        .sort((a, b) => a.offset - b.offset || a.type.localeCompare(b.type));
    expect(shape(ours.entities)).toEqual(shape(reference.entities));
  });

  it.each([
    "<x>unknown tag</x>",
    "<b>never closed",
    "closed </b> never opened",
    "<b><i>crossed</b></i>",
    "a < b",
    "<span>no class</span>",
  ])("refuses what Telegram refuses: %s", (html) => {
    expect(tryParseTelegramHtml(html).ok).toBe(false);
    expect(() => parseTelegramHtml(html)).toThrow(HtmlParseError);
    try {
      parseTelegramHtml(html);
    } catch (error) {
      expect((error as HtmlParseError).description).toMatch(/^Bad Request: can't parse entities: /);
    }
  });
});

describe("renderEntities", () => {
  const parsed = parseTelegramHtml(
    '<b>bold</b> <a href="https://example.org">site</a>\n<blockquote>quoted</blockquote>',
  );

  it("strips tags and keeps link addresses when not a TTY", () => {
    const plain = renderEntities(parsed.text, parsed.entities, false);
    expect(plain).toBe("bold site (https://example.org)\n│ quoted");
    expect(plain).not.toContain("\u001b[");
  });

  it("shows bold with ANSI codes on a TTY", () => {
    const styled = renderEntities(parsed.text, parsed.entities, true);
    expect(styled).toContain("\u001b[1mbold\u001b[22m");
  });
});
