/**
 * One fake Bot API server and one bot process (as `npm start` runs it) for a describe block:
 * started in beforeAll, stopped with SIGTERM in afterAll, where the block's invariants are
 * checked — the bot exited 0, handled every update exactly once, logged no warning or error,
 * and Telegram would have objected to nothing (Conversations.problems).
 */
import { afterAll, beforeAll, expect } from "vitest";
import {
  type BotProcess,
  type BotProcessOptions,
  startBotProcess,
} from "../support/bot-process.js";
import { Conversations } from "../support/conversation.js";
import {
  type FakeBotApi,
  type FakeBotApiOptions,
  startFakeBotApi,
} from "../support/fake-bot-api.js";

/** Per test: conversations take seconds (Telegram's 1 message/s per chat), more on a busy machine. */
export const E2E_TIMEOUT = 60_000;

export interface RunningBot {
  readonly api: FakeBotApi;
  readonly bot: BotProcess;
  readonly talk: Conversations;
}

export interface RunningBotOptions {
  readonly server?: FakeBotApiOptions;
  /** Process options other than the server; `env` may depend on the server (webhook URL). */
  readonly process?: (
    api: FakeBotApi,
  ) => Omit<BotProcessOptions, "api"> | Promise<Omit<BotProcessOptions, "api">>;
}

/** Warnings and errors the bot logged (level ≥ 40). */
export function loggedProblems(bot: BotProcess): Record<string, unknown>[] {
  return bot.records.filter((r) => Number(r.level) >= 40);
}

/** Registers the hooks; call the returned function inside a test to get the running bot. */
export function useRunningBot(options: RunningBotOptions = {}): () => RunningBot {
  let running: RunningBot | undefined;
  let api: FakeBotApi | undefined;
  beforeAll(async () => {
    api = await startFakeBotApi(options.server);
    const bot = await startBotProcess({ api, ...(await options.process?.(api)) });
    running = { api, bot, talk: new Conversations(api, bot) };
  }, 45_000);
  afterAll(async () => {
    try {
      if (!running) return;
      const { bot, talk } = running;
      if (bot.alive) expect(await bot.stop()).toBe(0);
      for (const update of talk.pushed) {
        expect(bot.updateLines(update.update_id), `update ${update.update_id}`).toHaveLength(1);
      }
      expect(loggedProblems(bot)).toEqual([]);
      expect(talk.problems()).toEqual([]);
    } finally {
      await running?.bot.kill();
      await api?.close();
    }
  }, 30_000);
  return () => {
    if (!running) throw new Error("the bot did not start");
    return running;
  };
}
