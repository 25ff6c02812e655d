/**
 * The local chat driven through its module API: the real bot (createBot and the
 * search engine, over the fixture corpus) behind the Telegram simulator.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createLocalChatSession } from "../../src/chat/session.js";
import { parseConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import type { Lang, SearchEngine } from "../../src/search/types.js";
import { fixtureSearch } from "../support/knowledge.js";

let search: SearchEngine;

beforeAll(() => {
  search = fixtureSearch();
});

function open(lang: Lang = "en", ansi = false) {
  const parsed = parseConfig({}, { requireToken: false });
  if (!parsed.ok) throw new Error("config");
  const out: string[] = [];
  const session = createLocalChatSession({
    config: parsed.config,
    logger: createLogger({ level: "silent" }),
    search,
    write: (text) => out.push(text),
    ansi,
    lang,
  });
  return {
    ...session,
    out,
    last: () => out.at(-1) ?? "",
  };
}

describe("the local chat", () => {
  it("answers a question with a quote, its source and buttons", async () => {
    const chat = open();
    await chat.start();
    await chat.chat.input("How many innovation clusters is INO Tomsk based on?");
    const answer = chat.last();
    expect(answer.startsWith("bot ›")).toBe(true);
    expect(answer).toMatch(/based on 3 innovation clusters/);
    expect(answer).toMatch(/INO Tomsk in four facts/);
    expect(answer).toMatch(/\[1\] /u);
    // Plain output: no tags, no ANSI codes.
    expect(answer).not.toMatch(/<\/?b>/u);
    expect(answer).not.toContain("\u001b[");
    expect(chat.sim.calls.filter((c) => !c.ok)).toEqual([]);
  });

  it("runs a command, and a button press edits the message in place", async () => {
    const chat = open();
    await chat.chat.input("/clusters");
    expect(chat.last()).toMatch(/^bot ›\n/u);
    expect(chat.last()).toMatch(/\[1\] /u);
    const before = chat.sim.calls.length;
    await chat.chat.input("1");
    const calls = chat.sim.calls.slice(before).map((c) => c.method);
    expect(calls).toContain("answerCallbackQuery");
    expect(calls).toContain("editMessageText");
    expect(calls).not.toContain("sendMessage");
    expect(chat.last()).toMatch(/^bot › \(edited\)/u);
    expect(chat.out.join("\n")).toMatch(/pressed \[1\]/u);
    expect(chat.out.join("\n")).not.toMatch(/did not answer|would refuse|failed/u);
    expect(chat.sim.calls.filter((c) => !c.ok)).toEqual([]);
  });

  it("tries inline mode: @bot <query> lists results, a number sends one via the bot", async () => {
    const chat = open();
    await chat.chat.input("@bot clusters");
    expect(chat.last()).toMatch(/inline results for "clusters"/u);
    expect(chat.sim.calls.some((c) => c.method === "answerInlineQuery" && c.ok)).toBe(true);
    await chat.chat.input("1");
    expect(chat.out.some((block) => block.includes("via @local_chat_bot"))).toBe(true);
  });

  it("speaks Russian to a Russian user", async () => {
    const chat = open("ru");
    const intro = await chat.start();
    expect(intro).toContain("/start");
    await chat.chat.input("/start");
    expect(chat.last()).toMatch(/[а-яё]{4}/iu);
    await chat.chat.input("Сколько инновационных кластеров в проекте ИНО Томск?");
    expect(chat.last()).toMatch(/clusters/u); // quotes stay in English
    expect(chat.sim.calls.filter((c) => !c.ok)).toEqual([]);
  });

  it("shows bold with ANSI codes when writing to a terminal", async () => {
    const chat = open("en", true);
    await chat.chat.input("How many innovation clusters is INO Tomsk based on?");
    expect(chat.last()).toContain("\u001b[1m");
  });

  it("ends on /quit", async () => {
    const chat = open();
    expect(await chat.chat.input("/quit")).toBe(false);
    expect(await chat.chat.input("  ")).toBe(true);
  });
});
