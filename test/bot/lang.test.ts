/** /lang: the choice is stored per user and survives a restart (file sessions). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileAdapter } from "@grammyjs/storage-file";
import { afterEach, describe, expect, it } from "vitest";
import type { SessionData } from "../../src/bot/context.js";
import { parseTelegramHtml } from "../../src/telegram-sim/index.js";
import { BotHarness, buttonLabels, ENGLISH_USER } from "../support/bot-harness.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const textOf = (text: unknown) => parseTelegramHtml(String(text)).text;

describe("/lang", () => {
  it("switches to Russian, and the choice survives a restart with file sessions", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bot-sessions-"));
    dirs.push(dir);
    const storage = () => new FileAdapter<SessionData>({ dirName: join(dir, "sessions") });

    const first = new BotHarness({ sessionStorage: storage() });
    const [menu] = await first.text("/lang");
    expect(textOf(menu?.payload.text)).toMatch(/^🌐 Choose the language/u);
    expect(buttonLabels(menu?.payload.reply_markup)).toEqual([["✓ English", "Русский"]]);
    const message = first.lastSent();
    const calls = await first.press(message, "Русский");
    expect(calls.map((c) => c.method)).toEqual(["editMessageText", "answerCallbackQuery"]);
    expect(textOf(calls[0]?.payload.text)).toMatch(/^✅ Теперь я говорю по-русски/u);
    expect(buttonLabels(calls[0]?.payload.reply_markup)).toEqual([["English", "✓ Русский"]]);
    expect(calls[1]?.payload.text).toBe("Язык: русский");
    // The same choice again changes nothing: a notice, no edit.
    const again = await first.press(message, "✓ Русский");
    expect(again.map((c) => c.method)).toEqual(["answerCallbackQuery"]);
    expect(again[0]?.payload.text).toBe("Я уже говорю по-русски.");
    expect(first.problems()).toEqual([]);

    // A new bot instance (a restart) reading the same directory.
    const second = new BotHarness({ sessionStorage: storage() });
    const [help] = await second.text("/help", { from: ENGLISH_USER });
    expect(textOf(help?.payload.text)).toMatch(/^ℹ️ Что я знаю/u);
    const [answer] = await second.text("When did the Tomsk delegation visit Tokyo?");
    expect(textOf(answer?.payload.text)).toContain("дата в тексте");
    expect(second.updateLogs().at(-1)).toMatchObject({ lang: "ru" });
    // Another user is not affected.
    const [other] = await second.text("/help", { from: { ...ENGLISH_USER, id: 42 } });
    expect(textOf(other?.payload.text)).toMatch(/^ℹ️ What I know/u);
    expect(second.problems()).toEqual([]);
  });

  it("follows the user into groups (sessions are per user, not per chat)", async () => {
    const h = new BotHarness();
    await h.text("/lang");
    await h.press(h.lastSent(), "Русский");
    const group = h.updates.supergroup();
    const [reply] = await h.send(
      h.updates.command("help", "", { from: ENGLISH_USER, chat: group, addressed: true }),
    );
    expect(textOf(reply?.payload.text)).toMatch(/^ℹ️ Что я знаю/u);
    expect(h.problems()).toEqual([]);
  });
});
