/**
 * /clusters, /events and /sources: lists → cards → back, paging, documents. The bot browses
 * the invented fixture corpus (test/fixtures/knowledge): 3 clusters, 4 events, 3 texts; lists
 * are paged 2 to a page here, so that paging shows with so few items.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BotHarness,
  buttonLabels,
  type RecordedCall,
  RUSSIAN_USER,
  textOf,
} from "../support/bot-harness.js";

let h: BotHarness;
beforeEach(() => {
  h = new BotHarness({ settings: { eventsPerPage: 2, sourcesPerPage: 2 } });
});
afterEach(() => {
  expect(h.problems()).toEqual([]);
});

const edited = (calls: RecordedCall[]) => {
  expect(calls.map((c) => c.method)).toEqual(["answerCallbackQuery", "editMessageText"]);
  return calls[1] as RecordedCall;
};

describe("/clusters", () => {
  it("lists the clusters as buttons → a card with citations → back to the list, in one message", async () => {
    const [list] = await h.text("/clusters");
    expect(textOf(list)).toMatch(/^🏭 Innovation territorial clusters\nThe texts name 3 clusters/u);
    const names = buttonLabels(list?.payload.reply_markup).flat();
    expect(names).toEqual(["🏭 Timber cluster", "🏭 Pharmaceutical cluster", "🏭 IT cluster"]);
    const message = h.lastSent();

    const card = edited(await h.press(message, "🏭 IT cluster"));
    const text = textOf(card);
    expect(text).toMatch(/^🏭 IT cluster\n\nOne of the three clusters the project is based on/u);
    expect(text).toContain("What the texts say");
    expect(text).toContain(
      "Italy is interested in nanotechnology, biotechnology and the IT industry.",
    );
    expect(text).toContain("📄 The Italian Ambassador visits Tomsk");
    const buttons = buttonLabels(card.payload.reply_markup);
    // Its two source documents, then "back".
    expect(buttons).toEqual([
      ["📄 INO Tomsk in four facts"],
      ["📄 The Italian Ambassador visits Tomsk"],
      ["↩ All clusters"],
    ]);

    const doc = edited(await h.press(message, "📄 The Italian Ambassador visits Tomsk"));
    expect(textOf(doc)).toMatch(/^📄 The Italian Ambassador visits Tomsk/u);
    expect(buttonLabels(doc.payload.reply_markup).at(-1)).toEqual(["↩ Back to the cluster"]);
    await h.press(message, "↩ Back to the cluster");
    expect(h.current(message).text).toBe(textOf(card));

    edited(await h.press(message, "↩ All clusters"));
    expect(h.current(message).text).toBe(textOf(list));
    expect(h.sentMessages()).toHaveLength(1);
  });

  it("speaks Russian to a Russian speaker, quotes staying in English", async () => {
    const [list] = await h.text("/clusters", { from: RUSSIAN_USER });
    expect(textOf(list)).toMatch(
      /^🏭 Инновационные территориальные кластеры\nВ текстах названы 3 кластера/u,
    );
    const card = edited(await h.press(h.lastSent(), "🏭 Лесопромышленный кластер"));
    expect(textOf(card)).toContain("Что говорят тексты");
    expect(textOf(card)).toContain("The timber cluster works with wood processing companies");
    expect(buttonLabels(card.payload.reply_markup).at(-1)).toEqual(["↩ Все кластеры"]);
  });
});

describe("/events", () => {
  it("lists events in the engine's date order, paged, → card → back to the right page", async () => {
    const ordered = h.search.eventsInDateOrder();
    const [list] = await h.text("/events");
    const rows = buttonLabels(list?.payload.reply_markup);
    // Two events, then the pager.
    expect(rows).toHaveLength(3);
    expect(rows[0]?.[0]).toBe(`📅 8–10 June · ${ordered[0]?.title.en}`);
    expect(rows.at(-1)).toEqual(["1/2", "▶"]);

    const message = h.lastSent();
    const page2 = edited(await h.press(message, "▶"));
    const page2Rows = buttonLabels(page2.payload.reply_markup);
    expect(page2Rows.at(-1)).toEqual(["◀", "2/2"]);
    // The second page holds the last two events: the fixture's undated ones, labelled by title.
    const last = ordered[3];
    expect(page2Rows[1]).toEqual([`📅 ${last?.title.en}`]);
    const card = edited(await h.press(message, `📅 ${last?.title.en}`));
    const text = textOf(card);
    expect(text).toMatch(new RegExp(`^📅 ${last?.title.en}\\n`, "u"));
    expect(text).toContain("When: the text gives no date");
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
    const card = textOf(edited(await h.press(message, /The Tomsk delegation's mission to Tokyo/u)));
    expect(card).toContain("Mission");
    expect(card).toContain("When: June 8-10");
    expect(card).toContain("Where: Tokyo, Japan");
    expect(card).toContain("Who: the governor, Japanese businessmen");
    expect(card).toContain(
      "The delegation of the Tomsk region visited Tokyo with an official mission on June 8-10.",
    );
    expect(card).toContain("source: Press office of the region");
    const doc = edited(await h.press(message, /^📄 A Tomsk delegation on a mission/u));
    expect(buttonLabels(doc.payload.reply_markup).at(-1)).toEqual(["↩ Back to the event"]);
    edited(await h.press(message, "↩ Back to the event"));
    expect(h.current(message).text).toBe(card);
  });
});

describe("/sources", () => {
  it("lists the documents, paged → opens one in pages → back to the list", async () => {
    h = new BotHarness({ settings: { documentPageLength: 300, sourcesPerPage: 2 } });
    const [list] = await h.text("/sources");
    expect(textOf(list)).toMatch(/^📚 Source texts\n3 texts/u);
    const rows = buttonLabels(list?.payload.reply_markup);
    expect(rows).toEqual([
      ["📄 INO Tomsk in four facts"],
      ["📄 The Italian Ambassador visits Tomsk"],
      ["1/2", "▶"],
    ]);
    const message = h.lastSent();
    edited(await h.press(message, "▶"));
    const first = edited(await h.press(message, /^📄 A Tomsk delegation on a mission/u));
    const pagerRow = buttonLabels(first.payload.reply_markup)[0] ?? [];
    const pages = Number(pagerRow[0]?.split("/")[1]);
    expect(pages).toBeGreaterThan(1);
    expect(pagerRow).toEqual([`1/${pages}`, "▶"]);
    expect(buttonLabels(first.payload.reply_markup).at(-1)).toEqual(["↩ All sources"]);
    let seen = textOf(first);
    for (let page = 2; page <= pages; page++) {
      const next = edited(await h.press(message, "▶"));
      expect(textOf(next).length).toBeLessThanOrEqual(300);
      expect(textOf(next)).toMatch(/^📄 A Tomsk delegation on a mission to Tokyo/u);
      seen += textOf(next);
    }
    expect(buttonLabels(h.current(message).reply_markup)[0]).toEqual(["◀", `${pages}/${pages}`]);
    // Every paragraph of the text was shown.
    for (const paragraph of [
      "The delegation of the Tomsk region visited Tokyo",
      "A Tokyo official said that the Tomsk region",
      "The governor invited Japanese partners",
      "Tomsk companies make equipment for the oil and gas industry",
    ])
      expect(seen.replace(/\s+/gu, " ")).toContain(paragraph);
    // "Back" returns to the page of the list that holds the text.
    const back = edited(await h.press(message, "↩ All sources"));
    expect(buttonLabels(back.payload.reply_markup)).toEqual([
      ["📄 A Tomsk delegation on a mission to Tokyo"],
      ["◀", "2/2"],
    ]);
  });
});
