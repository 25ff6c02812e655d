/**
 * /lang: the choice is stored per person in the store and survives a restart; a choice the
 * store refuses is reported, in the language the bot still speaks, and changes nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { memoryState, openStore, type Store } from "../../src/store/index.js";
import { parseTelegramHtml } from "../../src/telegram-sim/index.js";
import { BotHarness, buttonLabels, ENGLISH_USER, RUSSIAN_USER } from "../support/bot-harness.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const textOf = (text: unknown) => parseTelegramHtml(String(text)).text;

/** An SQLite store in a fresh directory; another call opens the same file, as a restart would. */
function sqliteStore() {
  const dataDir = mkdtempSync(join(tmpdir(), "bot-lang-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  return async (): Promise<Store> => {
    const store = await openStore({ dataDir, logger: pino({ level: "silent" }) });
    cleanups.unshift(() => store.close());
    return store;
  };
}

describe("/lang", () => {
  it("switches to Russian, and the choice survives a restart on the same store", async () => {
    const open = sqliteStore();
    const first = new BotHarness({ store: await open() });
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

    // A new bot instance (a restart) on the same SQLite file.
    const second = new BotHarness({ store: await open() });
    const [help] = await second.text("/help", { from: ENGLISH_USER });
    expect(textOf(help?.payload.text)).toMatch(/^ℹ️ Что я знаю/u);
    expect(second.updateLogs().at(-1)).toMatchObject({ lang: "ru" });
    // Another user is not affected.
    const [other] = await second.text("/help", { from: { ...ENGLISH_USER, id: 42 } });
    expect(textOf(other?.payload.text)).toMatch(/^ℹ️ What I know/u);
    expect(second.problems()).toEqual([]);
  });

  it("follows the user into groups (sessions are per person, not per chat)", async () => {
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

  it.each([
    ["en", ENGLISH_USER, "Русский", "I could not save your choice", /^ℹ️ What I know/u],
    ["ru", RUSSIAN_USER, "English", "Не удалось сохранить выбор", /^ℹ️ Что я знаю/u],
  ] as const)(
    "[%s] a choice the store refuses is reported and changes nothing",
    async (_lang, user, other, told, help) => {
      const state = memoryState();
      let refuse = false;
      const store = {
        ...state,
        sessions: {
          get: state.sessions.get,
          delete: state.sessions.delete,
          prune: state.sessions.prune,
          set: async (key: string, value: unknown) => {
            if (refuse) throw new Error("SQLITE_FULL: database or disk is full");
            await state.sessions.set(key, value);
          },
        },
      };
      const h = new BotHarness({ store });
      await h.text("/lang", { from: user });
      const menu = h.lastSent();
      refuse = true;
      const calls = await h.press(menu, other, user);
      // No "now I speak …": an alert in the language the bot still speaks, and the menu stays.
      expect(calls.map((c) => c.method)).toEqual(["answerCallbackQuery"]);
      expect(calls[0]?.payload).toMatchObject({ show_alert: true });
      expect(String(calls[0]?.payload.text)).toContain(told);
      expect(h.logLines.some((l) => l.msg === "could not save the language choice")).toBe(true);
      // The previous language goes on, in this update's session and the next ones.
      const [reply] = await h.text("/help", { from: user });
      expect(textOf(reply?.payload.text)).toMatch(help);
      // Once the store takes writes again, the same button works.
      refuse = false;
      const retried = await h.press(menu, other, user);
      expect(retried.map((c) => c.method)).toEqual(["editMessageText", "answerCallbackQuery"]);
      expect(h.problems()).toEqual([]);
    },
  );
});
