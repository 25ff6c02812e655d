import { describe, expect, it } from "vitest";
import { renderClusterCard, renderDocumentPages, renderEventCard } from "../../src/render/cards.js";
import type { KnowledgeDocument } from "../../src/search/types.js";
import { parseTelegramHtml } from "../../src/telegram-sim/index.js";
import { realSearch } from "../support/knowledge.js";
import { tEn, tRu } from "./translate.js";

const search = realSearch();
const documentOf = (id: string) => search.document(id);

describe("cluster and event cards", () => {
  it("render every cluster and event of knowledge/ as valid HTML within the limit, in both languages", () => {
    for (const [lang, t] of [
      ["en", tEn],
      ["ru", tRu],
    ] as const) {
      for (const cluster of search.knowledge.clusters) {
        const text = parseTelegramHtml(renderClusterCard(cluster, lang, documentOf, t)).text;
        expect(text).toContain(cluster.name[lang]);
        for (const c of cluster.citations) expect(text).toContain(c.quote);
        expect(text.length).toBeLessThanOrEqual(4096);
      }
      for (const event of search.knowledge.events) {
        const text = parseTelegramHtml(renderEventCard(event, lang, documentOf, t)).text;
        expect(text).toContain(event.title[lang]);
        expect(text).toContain(event.summary[lang]);
        if (event.when) expect(text).toContain(event.when);
        for (const c of event.citations) expect(text).toContain(c.quote);
        expect(text.length).toBeLessThanOrEqual(4096);
      }
    }
  });

  it("says when the text gives no date", () => {
    const undated = search.knowledge.events.find((e) => e.when === undefined);
    expect(undated).toBeDefined();
    if (!undated) return;
    expect(parseTelegramHtml(renderEventCard(undated, "en", documentOf, tEn)).text).toContain(
      "When: the text gives no date",
    );
    expect(parseTelegramHtml(renderEventCard(undated, "ru", documentOf, tRu)).text).toContain(
      "Когда: в тексте дата не указана",
    );
  });
});

describe("renderDocumentPages", () => {
  const longDoc: KnowledgeDocument = {
    id: "long",
    title: "A <long> & winding text",
    date: "1 May",
    source: "Somewhere",
    language: "en",
    tags: [],
    file: "long.md",
    sentences: [],
    paragraphs: Array.from(
      { length: 60 },
      (_, i) => `Paragraph ${i}: ${"Tomsk & <partners> cooperate. ".repeat(12)}`,
    ),
  };

  it("splits a long document into pages that each fit, repeat the header and hold the whole body", () => {
    const pages = renderDocumentPages(longDoc, tEn);
    expect(pages.length).toBeGreaterThan(3);
    const bodies = pages.map((page) => {
      const text = parseTelegramHtml(page).text;
      expect(text.length).toBeLessThanOrEqual(4096);
      expect(
        text.startsWith("📄 A <long> & winding text\ndate as stated: 1 May · source: Somewhere"),
      ).toBe(true);
      return text.split("\n\n").slice(1).join("\n\n");
    });
    expect(bodies.join("\n\n").replace(/\s+/gu, " ")).toBe(
      longDoc.paragraphs.join(" ").replace(/\s+/gu, " ").trim(),
    );
  });

  it("renders a document's pages once per language and page length, and anew for a new knowledge version", () => {
    const first = renderDocumentPages(longDoc, tEn);
    // The next view of the same document gets the pages already rendered, not a new rendering.
    expect(renderDocumentPages(longDoc, tEn)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    // Another language or page length is another rendering, kept as well.
    const russian = renderDocumentPages(longDoc, tRu);
    expect(russian).not.toBe(first);
    expect(russian[0]).toMatch(/дата в тексте/u);
    expect(renderDocumentPages(longDoc, tRu)).toBe(russian);
    expect(renderDocumentPages(longDoc, tEn, 1000)).not.toBe(first);
    // A new knowledge version brings new document objects: rendered from them, not remembered.
    const edited = { ...longDoc, paragraphs: ["Only this paragraph now."] };
    expect(renderDocumentPages(edited, tEn)).toHaveLength(1);
    expect(renderDocumentPages(edited, tEn)[0]).toContain("Only this paragraph now.");
  });

  it("keeps each real document of knowledge/ whole when it fits, and pages it at a smaller size", () => {
    for (const doc of search.knowledge.documents) {
      expect(renderDocumentPages(doc, tRu)).toHaveLength(1);
      const pages = renderDocumentPages(doc, tEn, 700);
      expect(pages.length).toBeGreaterThan(1);
      for (const page of pages)
        expect(parseTelegramHtml(page).text.length).toBeLessThanOrEqual(700);
    }
  });
});
