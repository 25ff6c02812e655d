import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  renderAnswer,
  renderCitation,
  renderHighlighted,
  renderNoAnswer,
} from "../../src/render/answer.js";
import type { Answer } from "../../src/search/types.js";
import { parseTelegramHtml } from "../../src/telegram-sim/index.js";
import { tEn, tRu } from "./translate.js";

const answer: Answer = {
  passageKey: "5.0",
  docId: "tokyo-mission-japan",
  title: "Sergey Zhvachkin presented the Tomsk region for Japanese business",
  date: "8–10 June",
  source: "Press-Service of the Tomsk Region Administration",
  text: "The delegation of Tomsk region visited to Tokyo with an official mission on June 8-10 this year.",
  highlights: [
    { start: 4, end: 14 },
    { start: 42, end: 47 },
  ],
  matchedTerms: ["delegation", "tokyo"],
  score: 1,
  related: { clusters: [], events: ["tokyo-mission"], topics: [] },
  kind: "passage",
  quotes: [],
  context: [],
  coverage: 1,
};

describe("renderHighlighted", () => {
  it("bolds the ranges and escapes the rest", () => {
    expect(renderHighlighted("a <b> & c", [{ start: 0, end: 1 }])).toBe(
      "<b>a</b> &lt;b&gt; &amp; c",
    );
  });

  it("merges overlapping ranges and clamps out-of-range ones", () => {
    const html = renderHighlighted("abcdef", [
      { start: 3, end: 99 },
      { start: 0, end: 2 },
      { start: 1, end: 3 },
      { start: -5, end: -1 },
    ]);
    expect(html).toBe("<b>abcdef</b>");
  });

  it("never cuts an emoji in half", () => {
    const html = renderHighlighted("x😀y", [{ start: 2, end: 3 }]);
    expect(parseTelegramHtml(html).text).toBe("x😀y");
  });

  it("always yields valid HTML showing exactly the text", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme" }),
        fc.array(
          fc.record({
            start: fc.integer({ min: -3, max: 60 }),
            end: fc.integer({ min: -3, max: 60 }),
          }),
        ),
        (text, highlights) => {
          const parsed = parseTelegramHtml(renderHighlighted(text, highlights));
          expect(parsed.text).toBe(text);
          for (const e of parsed.entities) expect(e.type).toBe("bold");
        },
      ),
    );
  });
});

describe("renderCitation", () => {
  it("names title, date as stated and source, localized", () => {
    expect(renderCitation(answer, tEn)).toBe(
      "📄 <b>Sergey Zhvachkin presented the Tomsk region for Japanese business</b>\n<i>date as stated: 8–10 June · source: Press-Service of the Tomsk Region Administration</i>",
    );
    expect(renderCitation(answer, tRu)).toContain(
      "дата в тексте: 8–10 June · источник: Press-Service",
    );
  });

  it("leaves out what the text does not state", () => {
    expect(renderCitation({ title: "T & T" }, tEn)).toBe("📄 <b>T &amp; T</b>");
    expect(renderCitation({ title: "T", source: "S" }, tEn)).toBe("📄 <b>T</b>\n<i>source: S</i>");
  });
});

describe("renderAnswer", () => {
  it("quotes the passage with bold highlights, then the citation", () => {
    const html = renderAnswer(answer, tEn);
    const parsed = parseTelegramHtml(html);
    expect(parsed.text.startsWith(answer.text)).toBe(true);
    expect(
      parsed.entities
        .filter((e) => e.type === "bold")
        .map((e) => parsed.text.slice(e.offset, e.offset + e.length)),
    ).toEqual(["delegation", "Tokyo", answer.title]);
    expect(parsed.entities.some((e) => e.type === "blockquote")).toBe(true);
  });

  it("shows the question above the quote when asked for, escaped", () => {
    const html = renderAnswer(answer, tEn, { question: "<script>when?</script>" });
    expect(parseTelegramHtml(html).text.split("\n")[0]).toBe("❓ <script>when?</script>");
  });

  it("fits one message even for an absurdly long passage", () => {
    const long = { ...answer, text: "word & ".repeat(2000), highlights: [{ start: 0, end: 4 }] };
    expect(parseTelegramHtml(renderAnswer(long, tEn)).text.length).toBeLessThanOrEqual(4096);
  });
});

describe("renderNoAnswer", () => {
  it("echoes the question safely, cut short", () => {
    for (const t of [tEn, tRu]) {
      const html = renderNoAnswer(`</i><b>${"x".repeat(500)}`, t);
      const text = parseTelegramHtml(html).text;
      expect(text).toContain("</i><b>xxx");
      expect(text.length).toBeLessThan(600);
    }
  });
});
