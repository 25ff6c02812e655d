import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  citationOf,
  echo,
  renderAnswer,
  renderCitation,
  renderHighlighted,
  renderNoAnswer,
} from "../../src/render/answer.js";
import type { Answer } from "../../src/search/types.js";
import { parseTelegramHtml } from "../../src/telegram-sim/index.js";
import { tEn, tRu } from "./translate.js";

const TEXT =
  "The delegation of Tomsk region visited to Tokyo with an official mission on June 8-10 this year.";
const RU = "Делегация Томской области посетила Токио с официальной миссией 8–10 июня этого года.";
const answer: Answer = {
  passageKey: "5.0",
  kind: "passage",
  docId: "tokyo-mission-japan",
  title: "Sergey Zhvachkin presented the Tomsk region for Japanese business",
  titleRu: "Сергей Жвачкин представил Томскую область японскому бизнесу",
  date: "8–10 June",
  dateRu: "8–10 июня",
  source: "Press-Service of the Tomsk Region Administration",
  sourceRu: "Пресс-служба администрации Томской области",
  text: TEXT,
  ru: RU,
  quotes: [
    {
      index: 0,
      text: TEXT,
      ru: RU,
      highlights: [
        { start: 4, end: 14 },
        { start: 42, end: 47 },
      ],
      highlightsRu: [{ start: 0, end: 9 }],
    },
  ],
  context: [],
  highlights: [
    { start: 4, end: 14 },
    { start: 42, end: 47 },
  ],
  matchedTerms: ["delegation", "tokyo"],
  score: 1,
  coverage: 1,
  related: { clusters: [], events: ["tokyo-mission"], topics: [] },
  more: [],
};
const bold = (html: string) => {
  const parsed = parseTelegramHtml(html);
  return parsed.entities
    .filter((e) => e.type === "bold")
    .map((e) => parsed.text.slice(e.offset, e.offset + e.length));
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
  });

  it("reads in Russian for a Russian reader where the translation gives title, date and source", () => {
    expect(renderCitation(citationOf(answer, "ru"), tRu)).toBe(
      "📄 <b>Сергей Жвачкин представил Томскую область японскому бизнесу</b>\n<i>дата в тексте: 8–10 июня · источник: Пресс-служба администрации Томской области</i>",
    );
    const untranslated = { ...answer, titleRu: undefined, dateRu: undefined, sourceRu: undefined };
    expect(renderCitation(citationOf(untranslated, "ru"), tRu)).toContain(
      "дата в тексте: 8–10 June",
    );
  });

  it("leaves out what the text does not state", () => {
    expect(renderCitation({ title: "T & T" }, tEn)).toBe("📄 <b>T &amp; T</b>");
    expect(renderCitation({ title: "T", source: "S" }, tEn)).toBe("📄 <b>T</b>\n<i>source: S</i>");
  });
});

describe("renderAnswer", () => {
  it("quotes the passage with bold highlights, then the citation (English)", () => {
    const html = renderAnswer(answer, "en", tEn);
    const parsed = parseTelegramHtml(html);
    expect(parsed.text.startsWith(TEXT)).toBe(true);
    expect(bold(html)).toEqual(["delegation", "Tokyo", answer.title]);
    expect(parsed.entities.map((e) => e.type)).toContain("blockquote");
    expect(parsed.text).not.toContain(RU);
  });

  it("gives a Russian reader the translation, then the English original folded under it", () => {
    const html = renderAnswer(answer, "ru", tRu);
    const parsed = parseTelegramHtml(html);
    expect(parsed.text.startsWith(RU)).toBe(true);
    const folded = parsed.entities.find((e) => e.type === "expandable_blockquote");
    expect(folded && parsed.text.slice(folded.offset, folded.offset + folded.length)).toBe(TEXT);
    expect(parsed.text).toContain("🇬🇧 Оригинал на английском:");
    // The matched words are bold in both.
    expect(bold(html).slice(0, 3)).toEqual(["Делегация", "delegation", "Tokyo"]);
    expect(parsed.text).toContain("📄 Сергей Жвачкин представил Томскую область японскому бизнесу");
  });

  it("gives a Russian reader the English text alone when a sentence has no translation", () => {
    const english = { ...answer, ru: undefined, quotes: answer.quotes.map(({ ru: _, ...q }) => q) };
    const parsed = parseTelegramHtml(renderAnswer(english, "ru", tRu));
    expect(parsed.text.startsWith(TEXT)).toBe(true);
    expect(parsed.entities.some((e) => e.type === "expandable_blockquote")).toBe(false);
  });

  it("shows the sentences a passage leans on in italics, and each item of a list on its own line", () => {
    const quote = (index: number, text: string) => ({
      index,
      text,
      highlights: [],
      highlightsRu: [],
    });
    const list: Answer = {
      ...answer,
      ru: undefined,
      context: [quote(3, "There are three main conclusions.")],
      quotes: [quote(4, "First, products."), quote(5, "Secondly, cooperation.")],
    };
    const parsed = parseTelegramHtml(renderAnswer(list, "en", tEn));
    expect(parsed.text.split("\n").slice(0, 3)).toEqual([
      "There are three main conclusions.",
      "First, products.",
      "Secondly, cooperation.",
    ]);
    const italic = parsed.entities.find((e) => e.type === "italic");
    expect(italic && parsed.text.slice(italic.offset, italic.offset + italic.length)).toBe(
      "There are three main conclusions.",
    );
  });

  it("says first that it is not sure, for a hedge", () => {
    const text = parseTelegramHtml(renderAnswer(answer, "en", tEn, { hedge: true })).text;
    expect(text.split("\n")[0]).toBe(
      "🤔 Not sure. The texts may not answer this; these passages come closest.",
    );
    expect(parseTelegramHtml(renderAnswer(answer, "ru", tRu, { hedge: true })).text).toMatch(
      /^🤔 Не уверен\./u,
    );
  });

  it("shows the question above the quote when asked for, escaped", () => {
    const html = renderAnswer(answer, "en", tEn, { question: "<script>when?</script>" });
    expect(parseTelegramHtml(html).text.split("\n")[0]).toBe("❓ <script>when?</script>");
  });

  it("fits one message even for an absurdly long passage", () => {
    const text = "word & ".repeat(2000);
    const long = {
      ...answer,
      ru: undefined,
      quotes: [{ index: 0, text, highlights: [{ start: 0, end: 4 }], highlightsRu: [] }],
    };
    expect(parseTelegramHtml(renderAnswer(long, "en", tEn)).text.length).toBeLessThanOrEqual(4096);
  });
});

describe("renderNoAnswer", () => {
  it("echoes the question in quotation marks, safely, cut short at a word", () => {
    for (const t of [tEn, tRu]) {
      const html = renderNoAnswer(`</i><b>${"word ".repeat(100)}`, t);
      const text = parseTelegramHtml(html).text;
      expect(text).toMatch(/[“«]<\/i><b>word word/u);
      expect(text).toMatch(/word…[”»]/u);
      expect(text.length).toBeLessThan(500);
    }
  });
});

describe("echo", () => {
  it("keeps short text whole and cuts long text at the last word that fits", () => {
    expect(echo("  when   did it\nhappen ")).toBe("when did it happen");
    expect(echo("alpha beta gamma delta", 15)).toBe("alpha beta…");
  });
});
