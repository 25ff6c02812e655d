import { describe, expect, it } from "vitest";
import {
  renderClusterCard,
  renderDocumentPages,
  renderEventCard,
  renderTopicCard,
} from "../../src/render/cards.js";
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
      // Every quote stays in the English original, whatever the reader's language.
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
        if (event.when) expect(text).toContain(event.when[lang]);
        for (const c of event.citations) expect(text).toContain(c.quote);
        expect(text.length).toBeLessThanOrEqual(4096);
      }
      for (const topic of search.knowledge.topics) {
        const text = parseTelegramHtml(renderTopicCard(topic, lang, documentOf, t)).text;
        expect(text).toContain(topic.names[lang][0]);
        expect(text).toContain(topic.summary[lang]);
        if (topic.unknown) expect(text).toContain(topic.unknown[lang]);
        expect(text).toContain(topic.citations[0]?.quote);
        expect(text.length).toBeLessThanOrEqual(4096);
      }
    }
  });

  it("show a Russian reader the translated sentence of each quote, the English quotes folded under them", () => {
    const cluster = search.cluster("petrochemical");
    if (!cluster) throw new Error("no petrochemical cluster");
    const parsed = parseTelegramHtml(renderClusterCard(cluster, "ru", documentOf, tRu));
    expect(parsed.text).toContain(
      "Проект «ИНО Томск» основан на 6 инновационных территориальных кластерах",
    );
    const folded = parsed.entities.filter((e) => e.type === "expandable_blockquote");
    expect(folded.map((e) => parsed.text.slice(e.offset, e.offset + e.length))).toContain(
      "INO Tomsk project is based on 6 innovation territorial clusters",
    );
  });

  it("gives a topic card the evidence that answers the question, when one was asked", () => {
    const topic = search.topic("tomsk-industrial-park");
    const evidence = search.ask("when was the tomsk industrial park completed").answers[0];
    if (!topic || !evidence) throw new Error("fixture missing");
    const text = parseTelegramHtml(renderTopicCard(topic, "en", documentOf, tEn, evidence)).text;
    expect(text).toContain("Tomsk Industrial Park, which construction completed in 2016");
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
  it("reads in Russian for a Russian reader, marked as a translation", () => {
    const doc = search.document("tokyo-mission-japan");
    if (!doc) throw new Error("no document");
    const [page = ""] = renderDocumentPages(doc, "ru", tRu);
    const text = parseTelegramHtml(page).text;
    expect(text.startsWith("📄 Сергей Жвачкин представил Томскую область японскому бизнесу")).toBe(
      true,
    );
    expect(text).toContain("Перевод с английского; ответы цитируют оригинал.");
    expect(text).toContain(doc.sentences[0]?.ru);
    expect(text).not.toContain(doc.sentences[0]?.text);
  });

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
    const pages = renderDocumentPages(longDoc, "en", tEn);
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
    const first = renderDocumentPages(longDoc, "en", tEn);
    // The next view of the same document gets the pages already rendered, not a new rendering.
    expect(renderDocumentPages(longDoc, "en", tEn)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    // Another language or page length is another rendering, kept as well.
    const russian = renderDocumentPages(longDoc, "ru", tRu);
    expect(russian).not.toBe(first);
    expect(russian[0]).toMatch(/дата в тексте/u);
    expect(renderDocumentPages(longDoc, "ru", tRu)).toBe(russian);
    expect(renderDocumentPages(longDoc, "en", tEn, 1000)).not.toBe(first);
    // A new knowledge version brings new document objects: rendered from them, not remembered.
    const edited = { ...longDoc, paragraphs: ["Only this paragraph now."] };
    expect(renderDocumentPages(edited, "en", tEn)).toHaveLength(1);
    expect(renderDocumentPages(edited, "en", tEn)[0]).toContain("Only this paragraph now.");
  });

  it("keeps each real document of knowledge/ whole when it fits, and pages it at a smaller size", () => {
    for (const doc of search.knowledge.documents) {
      expect(renderDocumentPages(doc, "ru", tRu)).toHaveLength(1);
      const pages = renderDocumentPages(doc, "en", tEn, 700);
      expect(pages.length).toBeGreaterThan(1);
      for (const page of pages)
        expect(parseTelegramHtml(page).text.length).toBeLessThanOrEqual(700);
    }
  });
});
