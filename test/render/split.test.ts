import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeHtml, htmlToPlainText } from "../../src/render/html.js";
import { MAX_MESSAGE_LENGTH, splitHtml } from "../../src/render/split.js";
import { parseTelegramHtml } from "../../src/telegram-sim/index.js";

/** Valid Telegram HTML made of escaped text in nested tags, with paragraphs and emoji. */
const richHtml = fc
  .array(
    fc.record({
      text: fc.oneof(
        fc.string({ unit: "grapheme", maxLength: 80 }),
        fc.constantFrom("\n\n", "\n", " ", "a & b < c > d", "😀🇷🇺", "word "),
      ),
      tags: fc.array(
        fc.constantFrom("b", "i", "u", "s", "code", "blockquote", 'a href="https://t.me/x"'),
        {
          maxLength: 2,
        },
      ),
    }),
    { maxLength: 60 },
  )
  .map((parts) =>
    parts
      .map(({ text, tags }) => {
        const open = tags.map((t) => `<${t}>`).join("");
        const close = [...tags]
          .reverse()
          .map((t) => `</${t.split(" ")[0]}>`)
          .join("");
        return `${open}${escapeHtml(text)}${close}`;
      })
      .join(""),
  );

const squash = (text: string) => text.replace(/\s+/gu, "");

describe("splitHtml", () => {
  it("returns short HTML as one page, unchanged", () => {
    expect(splitHtml("<b>hello</b> world")).toEqual(["<b>hello</b> world"]);
  });

  it("cuts at paragraph breaks first", () => {
    const html = `${"a".repeat(60)}\n\n${"b".repeat(30)} ${"c".repeat(30)}`;
    const pages = splitHtml(html, 80);
    expect(pages).toEqual(["a".repeat(60), `${"b".repeat(30)} ${"c".repeat(30)}`]);
  });

  it("closes and reopens tags around a cut", () => {
    const pages = splitHtml(`<b>${"word ".repeat(30)}</b>`, 50);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(page.startsWith("<b>")).toBe(true);
      expect(page.endsWith("</b>")).toBe(true);
    }
  });

  it("never cuts an entity", () => {
    const pages = splitHtml("&amp;".repeat(100), 7);
    for (const page of pages) expect(page).toMatch(/^(?:&amp;)+$/u);
    expect(pages.join("")).toBe("&amp;".repeat(100));
  });

  it("gives pages that parse, fit and together hold the whole text", () => {
    fc.assert(
      fc.property(richHtml, fc.integer({ min: 8, max: 300 }), (html, max) => {
        const pages = splitHtml(html, max);
        for (const page of pages) {
          const parsed = parseTelegramHtml(page);
          expect(parsed.text.trim().length).toBeGreaterThan(0);
          expect(parsed.text.length).toBeLessThanOrEqual(max);
        }
        expect(squash(pages.map(htmlToPlainText).join(""))).toBe(squash(htmlToPlainText(html)));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps a long document under Telegram's limit", () => {
    const html = Array.from(
      { length: 40 },
      (_, i) => `<b>Paragraph ${i}</b> ${"text & more ".repeat(40)}`,
    ).join("\n\n");
    const pages = splitHtml(html);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages)
      expect(parseTelegramHtml(page).text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  });
});
