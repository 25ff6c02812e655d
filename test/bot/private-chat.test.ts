/**
 * Flows in a private chat: questions and cited answers, paging, the whole
 * document, "nothing found", /start with deep links, /help, /ask, other input.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BotHarness,
  buttonLabels,
  ENGLISH_USER,
  findButton,
  type RecordedCall,
  RUSSIAN_USER,
  textOf,
} from "../support/bot-harness.js";
import { parseTelegramHtml } from "../support/telegram-rules.js";

const TOKYO = "When did the Tomsk delegation visit Tokyo?";
let h: BotHarness;
beforeEach(() => {
  h = new BotHarness();
});
afterEach(() => {
  expect(h.problems()).toEqual([]);
});

const boldOf = (call: RecordedCall | undefined) => {
  const parsed = parseTelegramHtml(String(call?.payload.text));
  return parsed.entities
    .filter((e) => e.type === "bold")
    .map((e) => parsed.text.slice(e.offset, e.offset + e.length));
};
const answersTo = (question: string) => h.search.ask(question).answers.length;
const only = (calls: RecordedCall[], method: string) => {
  const found = calls.filter((c) => c.method === method);
  expect(found, method).toHaveLength(1);
  return found[0] as RecordedCall;
};

describe("a question in a private chat", () => {
  it("gets the best passage quoted with matched words in bold, the citation and the buttons, as a reply (English)", async () => {
    const calls = await h.text("When did the Tomsk delegation visit Tokyo?");
    expect(calls.map((c) => c.method)).toEqual(["sendMessage"]);
    const reply = only(calls, "sendMessage");
    const question = h.message(ENGLISH_USER.id, 1);
    expect(reply.payload.chat_id).toBe(ENGLISH_USER.id);
    expect(reply.payload.reply_parameters).toEqual({
      message_id: question.message_id,
      allow_sending_without_reply: true,
    });
    expect(reply.payload.parse_mode).toBe("HTML");
    const text = textOf(reply);
    expect(text).toMatch(
      /^The delegation of Tomsk region visited to Tokyo with an official mission on June 8-10 this year\./u,
    );
    expect(boldOf(reply)).toEqual(expect.arrayContaining(["delegation", "Tokyo"]));
    expect(text).toContain("📄 Sergey Zhvachkin presented the Tomsk region for Japanese business");
    expect(text).toContain(
      "date as stated: 8–10 June · source: Press-Service of the Tomsk Region Administration",
    );
    const rows = buttonLabels(reply.payload.reply_markup);
    expect(rows[0]).toEqual([`1/${answersTo(TOKYO)}`, "▶"]);
    expect(rows[1]).toEqual(["📄 Whole document"]);
    expect(
      rows
        .slice(2)
        .flat()
        .some((l) => l.includes("Tomsk delegation's official missio")),
    ).toBe(true);
    expect(h.updateLogs().at(-1)).toMatchObject({
      outcome: "answered",
      update_type: "message",
      chat_type: "private",
      lang: "en",
    });
  });

  it("gets Russian labels and the English quote for a Russian speaker", async () => {
    const calls = await h.text("Когда томская делегация была в Токио?", { from: RUSSIAN_USER });
    const text = textOf(only(calls, "sendMessage"));
    expect(text).toMatch(/^The delegation of Tomsk region visited to Tokyo/u);
    expect(text).toContain("дата в тексте: 8–10 June · источник: Press-Service");
    const rows = buttonLabels(only(calls, "sendMessage").payload.reply_markup);
    expect(rows[1]).toEqual(["📄 Весь документ"]);
    expect(
      rows
        .slice(2)
        .flat()
        .some((l) => l.includes("Официальная миссия")),
    ).toBe(true);
  });

  it("pages with ◀ ▶ by editing the same message, and comes back to the same first answer", async () => {
    await h.text("When did the Tomsk delegation visit Tokyo?");
    const answer = h.lastSent();
    const first = answer.text;
    const next = await h.press(answer, "▶");
    expect(next.map((c) => c.method)).toEqual(["editMessageText", "answerCallbackQuery"]);
    const edit = only(next, "editMessageText");
    expect(edit.payload).toMatchObject({ chat_id: answer.chat.id, message_id: answer.message_id });
    expect(textOf(edit)).not.toBe(first);
    expect(boldOf(edit).length).toBeGreaterThan(1); // the question was recovered for highlighting
    const n = answersTo(TOKYO);
    expect(buttonLabels(edit.payload.reply_markup)[0]).toEqual(
      n > 2 ? ["◀", `2/${n}`, "▶"] : ["◀", `2/${n}`],
    );
    const back = await h.press(answer, "◀");
    expect(h.current(answer).text).toBe(first);
    expect(buttonLabels(only(back, "editMessageText").payload.reply_markup)[0]).toEqual([
      `1/${n}`,
      "▶",
    ]);
    expect(h.sentMessages()).toHaveLength(1);
  });

  it("does not edit when a button would change nothing (the page counter, a repeated tap)", async () => {
    await h.text(TOKYO);
    const answer = h.lastSent();
    expect((await h.press(answer, `1/${answersTo(TOKYO)}`)).map((c) => c.method)).toEqual([
      "answerCallbackQuery",
    ]);
    const next = findButton(answer, "▶");
    if (!next || !("callback_data" in next)) throw new Error("no ▶");
    await h.pressData(answer, next.callback_data);
    // A second tap on the old ▶ arrives after the message already shows page 2.
    const again = await h.pressData(answer, next.callback_data);
    expect(again.map((c) => c.method)).toEqual(["answerCallbackQuery"]);
  });

  it("opens the whole document in the same message, pages through it, and goes back to the answer", async () => {
    h = new BotHarness({ settings: { documentPageLength: 900 } });
    await h.text("When did the Tomsk delegation visit Tokyo?");
    const answer = h.lastSent();
    const first = answer.text;
    const open = only(await h.press(answer, "📄 Whole document"), "editMessageText");
    expect(textOf(open)).toMatch(
      /^📄 Sergey Zhvachkin presented the Tomsk region for Japanese business\n/u,
    );
    const pager = buttonLabels(open.payload.reply_markup)[0] ?? [];
    expect(pager[0]).toMatch(/^1\/\d$/u);
    expect(buttonLabels(open.payload.reply_markup).at(-1)).toEqual(["↩ Back to the answer"]);
    const page2 = only(await h.press(answer, "▶"), "editMessageText");
    expect(textOf(page2)).not.toBe(textOf(open));
    expect(textOf(page2).length).toBeLessThanOrEqual(900);
    await h.press(answer, "↩ Back to the answer");
    expect(h.current(answer).text).toBe(first);
    expect(h.sentMessages()).toHaveLength(1);
  });

  it("says plainly when nothing answers, and offers suggestions, examples and the lists", async () => {
    const calls = await h.text("italain ambassodor");
    const reply = only(calls, "sendMessage");
    expect(textOf(reply)).toContain(
      "I found nothing about italain ambassodor in the texts I know.",
    );
    const labels = buttonLabels(reply.payload.reply_markup).flat();
    expect(labels[0]).toBe("🔎 italy ambassodor");
    expect(labels).toContain("📅 Tuesday · Italian Ambassador's visit to the Tomsk region");
    expect(labels.filter((l) => l.startsWith("💬 "))).toHaveLength(3);
    expect(labels.slice(-3)).toEqual(["🏭 Clusters", "📅 Events", "📚 Sources"]);
    expect(h.updateLogs().at(-1)).toMatchObject({ outcome: "no_answer" });

    const noAnswer = h.lastSent();
    const suggested = await h.press(noAnswer, "🔎 italy ambassodor");
    expect(suggested.map((c) => c.method)).toEqual(["answerCallbackQuery", "sendMessage"]);
    const answer = only(suggested, "sendMessage");
    expect(answer.payload.reply_parameters).toMatchObject({ message_id: noAnswer.message_id });
    expect(textOf(answer).split("\n")[0]).toBe("❓ italy ambassodor");
  });

  it("answers an example question button as a new message showing the question, and keeps it while paging", async () => {
    await h.text("/start");
    const welcome = h.lastSent();
    const calls = await h.press(welcome, /^💬 When did/u);
    const answer = only(calls, "sendMessage");
    expect(textOf(answer).split("\n")[0]).toBe("❓ When did the Tomsk delegation visit Tokyo?");
    const paged = only(await h.press(h.lastSent(), "▶"), "editMessageText");
    expect(textOf(paged).split("\n")[0]).toBe("❓ When did the Tomsk delegation visit Tokyo?");
    expect(boldOf(paged).length).toBeGreaterThan(0);
  });

  it("opens a related event card under an answer as a new message", async () => {
    await h.text("When did the Tomsk delegation visit Tokyo?");
    const answer = h.lastSent();
    const calls = await h.press(answer, /Tomsk delegation's official missio/u);
    const card = only(calls, "sendMessage");
    expect(card.payload.reply_parameters).toMatchObject({ message_id: answer.message_id });
    expect(textOf(card)).toMatch(
      /^📅 Tomsk delegation's official mission to Tokyo\nMission\n\nWhen: June 8-10 this year/u,
    );
  });
});

describe("/start", () => {
  it("welcomes in the user's language with example questions as buttons", async () => {
    const en = only(await h.text("/start"), "sendMessage");
    expect(textOf(en)).toMatch(/^👋 Hello!/u);
    expect(buttonLabels(en.payload.reply_markup).slice(0, 3).flat()).toEqual([
      "💬 How many innovation clusters is INO Tomsk based on?",
      "💬 When did the Tomsk delegation visit Tokyo?",
      "💬 Which sectors is Italy interested in?",
    ]);
    const ru = only(await h.text("/start", { from: RUSSIAN_USER }), "sendMessage");
    expect(textOf(ru)).toMatch(/^👋 Здравствуйте!/u);
    expect(buttonLabels(ru.payload.reply_markup).at(-1)).toEqual([
      "🏭 Кластеры",
      "📅 События",
      "📚 Источники",
    ]);
  });

  it("opens a document, a cluster, an event or help from a deep link", async () => {
    expect(textOf(only(await h.text("/start doc_italy-ambassador-visit"), "sendMessage"))).toMatch(
      /^📄 Italian Ambassador/u,
    );
    const cluster = only(await h.text("/start cluster_timber"), "sendMessage");
    expect(textOf(cluster)).toMatch(/^🏭 Timber cluster\n/u);
    expect(buttonLabels(cluster.payload.reply_markup).at(-1)).toEqual(["↩ All clusters"]);
    expect(textOf(only(await h.text("/start event_tokyo-mission"), "sendMessage"))).toMatch(
      /^📅 Tomsk delegation's official mission to Tokyo/u,
    );
    expect(textOf(only(await h.text("/start help"), "sendMessage"))).toMatch(/^ℹ️ What I know/u);
  });

  it("says a link is out of date and welcomes instead", async () => {
    const text = textOf(only(await h.text("/start doc_no-such-document"), "sendMessage"));
    expect(text).toMatch(/^🔗 This link points to something I no longer have/u);
    expect(text).toContain("👋 Hello!");
    expect(textOf(only(await h.text("/start whatever"), "sendMessage"))).toMatch(/^👋 Hello!/u);
  });
});

describe("/help and /ask", () => {
  it("/help tells what the bot knows, how to ask, groups and inline", async () => {
    const text = textOf(only(await h.text("/help"), "sendMessage"));
    const { documents, clusters, events } = h.search.knowledge;
    expect(text).toContain(`${documents.length} source texts`);
    expect(text).toContain(`the ${clusters.length} innovation clusters`);
    expect(text).toContain(`${events.length} visits, forums and sessions`);
    expect(text).toContain("/ask@test_coop_bot <question>");
    expect(text).toContain("Group Privacy");
    expect(text).toContain("Type @test_coop_bot and a question");
    expect(textOf(only(await h.text("/help", { from: RUSSIAN_USER }), "sendMessage"))).toContain(
      "Что я знаю",
    );
  });

  it("/ask <question> answers, /ask alone explains how to ask", async () => {
    const answer = only(await h.text("/ask Which sectors is Italy interested in?"), "sendMessage");
    expect(textOf(answer)).toContain("nanotechnology");
    const hint = only(await h.text("/ask"), "sendMessage");
    expect(textOf(hint)).toMatch(/^✍️ Write your question after the command/u);
    expect(textOf(only(await h.text("/ask   !!!"), "sendMessage"))).toMatch(/^✍️/u);
  });
});

describe("other input in a private chat", () => {
  it("gives a short hint for stickers, photos and edited messages, and knows no unknown commands", async () => {
    const sticker = only(await h.send(h.updates.sticker({ from: ENGLISH_USER })), "sendMessage");
    expect(textOf(sticker)).toMatch(/^🙂 I understand text only/u);
    const photo = only(
      await h.send(h.updates.photo({ from: RUSSIAN_USER, caption: "что это?" })),
      "sendMessage",
    );
    expect(textOf(photo)).toMatch(/^🙂 Я понимаю только текст/u);
    await h.text("hello");
    const original = h.message(ENGLISH_USER.id, h.lastSent().reply_to_message?.message_id ?? 0);
    const edited = only(await h.send(h.updates.editedMessage(original, "changed")), "sendMessage");
    expect(textOf(edited)).toMatch(/^✏️/u);
    expect(textOf(only(await h.text("/frobnicate"), "sendMessage"))).toMatch(
      /^🤔 I don't know this command/u,
    );
  });

  it("stays silent on channel posts", async () => {
    expect(await h.send(h.updates.channelPost("When did the delegation visit Tokyo?"))).toEqual([]);
    expect(h.updateLogs().at(-1)).toMatchObject({ outcome: "ignored" });
  });
});
