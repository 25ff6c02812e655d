/**
 * End to end across a restart: /lang switches a user to Russian, the bot is stopped with
 * SIGTERM and started again with the same DATA_DIR (as a deploy or a crash-restart would), and
 * the user is still spoken to in Russian; buttons sent before the restart keep working, and no
 * update of the first run is handled again by the second.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { TelegramSimulator } from "../../src/telegram-sim/index.js";
import {
  buttonLabels,
  Conversations,
  type Exchange,
  freshUser,
  textOf,
} from "../support/conversation.js";
import { E2E_TIMEOUT, RunningBot } from "../support/running-bot.js";

let api: TelegramSimulator | undefined;
let dataDir = "";
const processes: RunningBot[] = [];

afterEach(async () => {
  await Promise.all(processes.splice(0).map((bot) => bot.kill()));
  await api?.close();
  api = undefined;
  if (dataDir !== "") rmSync(dataDir, { recursive: true, force: true });
  dataDir = "";
});

function only(exchange: Exchange): Message {
  expect(exchange.sent).toHaveLength(1);
  return exchange.sent[0] as Message;
}

describe("/lang, end to end", { timeout: E2E_TIMEOUT }, () => {
  it("keeps a user's language across a restart with the same DATA_DIR, and the old buttons work", async () => {
    api = new TelegramSimulator();
    await api.listen();
    dataDir = mkdtempSync(join(tmpdir(), "bot-e2e-lang-"));
    const user = freshUser({ language_code: "en" });

    const first = await RunningBot.start({ sim: api, dataDir });
    processes.push(first);
    const before = new Conversations(api, first);
    const menu = only(await before.say(user, "/lang"));
    expect(textOf(menu)).toMatch(/^🌐 Choose the language/u);
    expect(buttonLabels(menu.reply_markup)).toEqual([["✓ English", "Русский"]]);

    const chosen = await before.press(user, menu, "Русский");
    expect(chosen.edited).toHaveLength(1);
    expect(textOf(chosen.edited[0])).toMatch(/^✅ Теперь я говорю по-русски/u);
    expect(chosen.callbackAnswers[0]?.payload.text).toBe("Язык: русский");

    const answer = only(await before.say(user, "When did the Tomsk delegation visit Tokyo?"));
    expect(buttonLabels(answer.reply_markup)[1]).toEqual(["📄 Весь документ"]);

    expect(await first.stop()).toBe(0);
    // One file holds the store; no file per session, none left empty.
    expect(readdirSync(dataDir).filter((f) => !f.startsWith("bot.sqlite"))).toEqual([]);

    const second = await RunningBot.start({ sim: api, dataDir });
    processes.push(second);
    const after = new Conversations(api, second);
    // Telegram still says "en"; the stored choice wins.
    const help = only(await after.say(user, "/help"));
    expect(textOf(help)).toMatch(/^ℹ️ Что я знаю/u);

    // A button sent by the first process, pressed after the restart.
    const paged = await after.press(user, answer, "▶");
    expect(paged.edited.map((m) => m.message_id)).toEqual([answer.message_id]);
    expect(buttonLabels(paged.edited[0]?.reply_markup)[1]).toEqual(["📄 Весь документ"]);
    expect(await second.stop()).toBe(0);

    // Each update handled exactly once, by the process that was running when it came.
    for (const update of before.pushed) {
      expect(first.updateLines(update.update_id)).toHaveLength(1);
      expect(second.updateLines(update.update_id)).toHaveLength(0);
    }
    for (const update of after.pushed) {
      expect(second.updateLines(update.update_id)).toHaveLength(1);
    }
    expect([...first.problems(), ...second.problems()]).toEqual([]);
    expect([...before.problems(), ...after.problems()]).toEqual([]);
  });
});
