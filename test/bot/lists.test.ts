/** /clusters, /events and /sources: lists → cards → back, paging, documents. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BotHarness,
  buttonLabels,
  type RecordedCall,
  RUSSIAN_USER,
  textOf,
} from "../support/bot-harness.js";
import { parseTelegramHtml } from "../support/telegram-rules.js";

let h: BotHarness;
beforeEach(() => {
  h = new BotHarness();
});
afterEach(() => {
  expect(h.problems()).toEqual([]);
});

const edited = (calls: RecordedCall[]) => {
  expect(calls.map((c) => c.method)).toEqual(["editMessageText", "answerCallbackQuery"]);
  return calls[0] as RecordedCall;
};

describe("/clusters", () => {
  it("lists the clusters as buttons → a card with citations → back to the list, in one message", async () => {
    const [list] = await h.text("/clusters");
    expect(textOf(list)).toMatch(/^🏭 Innovation territorial clusters\nThe texts name 7 clusters/u);
    const names = buttonLabels(list?.payload.reply_markup).flat();
    expect(names).toEqual(h.search.knowledge.clusters.map((c) => `🏭 ${c.name.en}`));
    const message = h.lastSent();

    const card = edited(await h.press(message, "🏭 Cluster of medical equipment and IT"));
    const text = textOf(card);
    expect(text).toMatch(
      /^🏭 Cluster of medical equipment and IT\n\nOne of the innovation territorial clusters/u,
    );
    expect(text).toContain("What the texts say");
    expect(text).toContain(
      "the sectors of nanotechnology, biotechnology and IT industry are of particular importance",
    );
    expect(text).toContain("📄 Italian Ambassador");
    const buttons = buttonLabels(card.payload.reply_markup);
    expect(buttons.at(-1)).toEqual(["↩ All clusters"]);
    expect(buttons).toHaveLength(4); // three source documents and "back"

    const doc = edited(await h.press(message, /^📄 Italian Ambassador/u));
    expect(textOf(doc)).toMatch(/^📄 Italian Ambassador/u);
    expect(buttonLabels(doc.payload.reply_markup).at(-1)).toEqual(["↩ Back to the cluster"]);
    await h.press(message, "↩ Back to the cluster");
    expect(h.current(message).text).toBe(parseTelegramHtml(String(card.payload.text)).text);

    edited(await h.press(message, "↩ All clusters"));
    expect(h.current(message).text).toBe(textOf(list));
    expect(h.sentMessages()).toHaveLength(1);
  });

  it("speaks Russian to a Russian speaker, quotes staying in English", async () => {
    const [list] = await h.text("/clusters", { from: RUSSIAN_USER });
    expect(textOf(list)).toMatch(
      /^🏭 Инновационные территориальные кластеры\nВ текстах названо 7 кластеров/u,
    );
    const card = edited(await h.press(h.lastSent(), "🏭 Лесопромышленный кластер"));
    expect(textOf(card)).toContain("Что говорят тексты");
    expect(textOf(card)).toContain("timber and pharmaceutical clusters");
    expect(buttonLabels(card.payload.reply_markup).at(-1)).toEqual(["↩ Все кластеры"]);
  });
});

describe("/events", () => {
  it("lists events in date order, undated last, paged, → card → back to the right page", async () => {
    const ordered = h.search.eventsInDateOrder();
    expect(ordered.length).toBeGreaterThan(8);
    const [list] = await h.text("/events");
    const rows = buttonLabels(list?.payload.reply_markup);
    expect(rows).toHaveLength(9);
    expect(rows[0]?.[0]?.startsWith(`📅 ${ordered[0]?.when} · `)).toBe(true);
    expect(rows.at(-1)).toEqual(["1/2", "▶"]);
    const dated = ordered.filter((e) => e.when !== undefined).length;
    expect(ordered.slice(dated).every((e) => e.when === undefined)).toBe(true);

    const message = h.lastSent();
    const page2 = edited(await h.press(message, "▶"));
    expect(buttonLabels(page2.payload.reply_markup).at(-1)).toEqual(["◀", "2/2"]);
    const last = ordered[8];
    const card = edited(await h.press(message, `📅 ${last?.title.en}`));
    const text = textOf(card);
    expect(text).toMatch(new RegExp(`^📅 ${last?.title.en}\\n`, "u"));
    expect(text).toContain(last?.when ? `When: ${last.when}` : "When: the text gives no date");
    expect(text).toContain(`Who: ${last?.who.join(", ")}`);
    expect(text).toContain("In the source");
    expect(text).toContain(last?.citations[0]?.quote);
    const back = edited(await h.press(message, "↩ All events"));
    expect(buttonLabels(back.payload.reply_markup).at(-1)).toEqual(["◀", "2/2"]);
    expect(h.sentMessages()).toHaveLength(1);
  });

  it("shows what, when, where, who and the supporting quote for a dated event, with its source", async () => {
    await h.text("/events");
    const message = h.lastSent();
    const card = textOf(edited(await h.press(message, /Tomsk delegation's official missio/u)));
    expect(card).toContain("Mission");
    expect(card).toContain("When: June 8-10 this year");
    expect(card).toContain("Where: Tokyo, Japan");
    expect(card).toContain("Who: Sergey Zhvachkin, Seiji Kosugi, Japanese businessmen");
    expect(card).toContain(
      "The delegation of Tomsk region visited to Tokyo with an official mission on June 8-10 this year.",
    );
    expect(card).toContain("source: Press-Service of the Tomsk Region Administration");
    const doc = edited(await h.press(message, /^📄 Sergey Zhvachkin/u));
    expect(buttonLabels(doc.payload.reply_markup).at(-1)).toEqual(["↩ Back to the event"]);
    edited(await h.press(message, "↩ Back to the event"));
    expect(h.current(message).text).toBe(card);
  });
});

describe("/sources", () => {
  it("lists the documents → opens one in pages → back to the list", async () => {
    h = new BotHarness({ settings: { documentPageLength: 1000 } });
    const [list] = await h.text("/sources");
    expect(textOf(list)).toMatch(/^📚 Source texts\n6 texts/u);
    const titles = buttonLabels(list?.payload.reply_markup).flat();
    expect(titles).toHaveLength(h.search.knowledge.documents.length);
    const message = h.lastSent();
    const first = edited(await h.press(message, /^📄 Russian regions are studying/u));
    const rows = buttonLabels(first.payload.reply_markup);
    const pages = Number(rows[0]?.[0]?.split("/")[1]);
    expect(pages).toBeGreaterThan(2);
    expect(rows[0]).toEqual([`1/${pages}`, "▶"]);
    expect(rows.at(-1)).toEqual(["↩ All sources"]);
    let seen = textOf(first);
    for (let page = 2; page <= pages; page++) {
      const next = edited(await h.press(message, "▶"));
      expect(textOf(next).length).toBeLessThanOrEqual(1000);
      expect(textOf(next)).toMatch(/^📄 Russian regions are studying/u);
      seen += textOf(next);
    }
    expect(buttonLabels(h.current(message).reply_markup)[0]).toEqual(["◀", `${pages}/${pages}`]);
    const doc = h.search.document("china-clusters-technoparks");
    for (const paragraph of doc?.paragraphs ?? [])
      expect(seen.replace(/\s+/gu, " ")).toContain(paragraph.slice(0, 60));
    edited(await h.press(message, "↩ All sources"));
    expect(h.current(message).text).toBe(textOf(list));
  });
});
