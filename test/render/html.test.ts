import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cleanUserText,
  escapeAttribute,
  escapeHtml,
  htmlToPlainText,
  truncate,
  visibleLength,
} from "../../src/render/html.js";
import { parseTelegramHtml } from "../../src/telegram-sim/index.js";

describe("escapeHtml", () => {
  it("escapes the three characters Telegram's parser reacts to", () => {
    expect(escapeHtml(`a < b && c > "d"`)).toBe(`a &lt; b &amp;&amp; c &gt; "d"`);
    expect(escapeAttribute(`x"y<z`)).toBe("x&quot;y&lt;z");
  });

  it("turns any text into HTML that Telegram shows as that very text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const html = `<b>${escapeHtml(text)}</b>`;
        expect(parseTelegramHtml(html).text).toBe(text);
        expect(htmlToPlainText(html)).toBe(text.replace(/^[ \t\r\n\v\f]+|[ \t\r\n\v\f]+$/gu, ""));
      }),
    );
  });
});

describe("cleanUserText", () => {
  it("drops control characters and collapses white space", () => {
    expect(cleanUserText("  what\u0000 is\n\n\tthis\u200b?  ")).toBe("what is this\u200b?");
    expect(cleanUserText("\u0007\u001b")).toBe("");
  });
});

describe("truncate", () => {
  it("keeps short text and cuts long text with an ellipsis", () => {
    expect(truncate("short", 10)).toBe("short");
    expect(truncate("a long sentence here", 10)).toBe("a long se…");
  });

  it("never splits a surrogate pair and never exceeds the limit", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.integer({ min: 1, max: 50 }), (text, max) => {
        const cut = truncate(text, max);
        expect(cut.length).toBeLessThanOrEqual(Math.max(max, 1));
        if (wellFormed(text)) expect(wellFormed(cut)).toBe(true);
      }),
    );
  });
});

/** No lone surrogate halves. */
function wellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u.test(text);
}

describe("visibleLength", () => {
  it("counts characters after entity parsing", () => {
    expect(visibleLength("<b>a&amp;b</b> &lt;c&gt;")).toBe(7);
  });
});
