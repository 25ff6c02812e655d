/**
 * Issue 12's "done when", from outside: the bot as `npm start` runs it
 * (launchBot, long polling over HTTP against the local Bot API simulator),
 * with ADMIN_IDS and KNOWLEDGE_DIR set and a real SQLite file in DATA_DIR.
 * The bot opens its store in DATA_DIR itself, as `npm start` does.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message } from "grammy/types";
import { afterAll, describe, expect, it } from "vitest";
import { openSearch } from "../../src/search/open.js";
import { TelegramSimulator } from "../../src/telegram-sim/index.js";
import {
  buttonLabels,
  Conversations,
  type Exchange,
  freshUser,
  textOf,
} from "../support/conversation.js";
import { knowledgeCopy } from "../support/knowledge-dir.js";
import { BROKEN_CLUSTER, NEW_DOCUMENT, NEW_DOCUMENT_QUESTION } from "../support/operators.js";
import { E2E_TIMEOUT, RunningBot } from "../support/running-bot.js";

const ANSWERED = "When did the Tomsk delegation visit Tokyo?";
const DECLINED = "What is the population of Tomsk?";

const api = new TelegramSimulator();
const dataDir = mkdtempSync(join(tmpdir(), "bot-e2e-operators-"));
const copy = knowledgeCopy();
const admin = freshUser();
const user = freshUser();
const bots: RunningBot[] = [];

afterAll(async () => {
  await Promise.all(bots.map((bot) => bot.kill()));
  await api.close();
  copy.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ bot: RunningBot; talk: Conversations }> {
  const bot = await RunningBot.start({
    sim: api,
    dataDir,
    // Several tests' questions from one person: the flood limit is not under test here.
    rateLimits: { questions: { limit: 1000, windowMs: 1000 } },
    search: openSearch(copy.dir),
    env: { ADMIN_IDS: String(admin.id), KNOWLEDGE_DIR: copy.dir },
  });
  bots.push(bot);
  return { bot, talk: new Conversations(api, bot) };
}

/** Stops the bot with SIGTERM (which closes its store), as the process would at exit. */
async function stop(bot: RunningBot, talk: Conversations): Promise<void> {
  expect(await bot.stop()).toBe(0);
  for (const update of talk.pushed) expect(bot.updateLines(update.update_id)).toHaveLength(1);
  expect(talk.problems()).toEqual([]);
}

const reply = (exchange: Exchange): Message => {
  expect(exchange.sent).toHaveLength(1);
  return exchange.sent[0] as Message;
};
const toast = (exchange: Exchange) => exchange.callbackAnswers[0]?.payload.text;

describe("operators, end to end", { timeout: E2E_TIMEOUT * 2 }, () => {
  let answer: Message;

  it("an answer carries 👍/👎 and a vote is acknowledged; a decline carries none", async () => {
    await api.listen();
    const { bot, talk } = await start();
    answer = reply(await talk.say(user, ANSWERED));
    expect(buttonLabels(answer.reply_markup).at(-1)).toEqual(["👍", "👎"]);
    const voted = await talk.press(user, answer, "👎");
    expect(toast(voted)).toMatch(/^👎 Thank you! Your vote is counted/u);
    expect(buttonLabels(talk.current(answer).reply_markup).at(-2)).toEqual([
      "Wrong passage",
      "Doesn't answer my question",
    ]);
    const declined = reply(await talk.say(user, DECLINED));
    expect(buttonLabels(declined.reply_markup).flat()).not.toContain("👍");

    // A non-admin gets none of it.
    for (const command of ["/stats", "/gaps", "/reload"]) {
      expect(textOf(reply(await talk.say(user, command)))).toMatch(
        /^🤔 I don't know this command/u,
      );
    }

    const stats = textOf(reply(await talk.say(admin, "/stats")));
    expect(stats).toContain(
      "Questions: 2 — answered 1 (50%), not sure 0 (0%), not answered 1 (50%)",
    );
    expect(stats).toContain("Votes: 👍 0 · 👎 1");
    const gaps = textOf(reply(await talk.say(admin, "/gaps")));
    // Once each, so the latest asked comes first.
    expect(gaps).toMatch(
      /^1\. What is the population of Tomsk\? — asked 1 ×: not answered 1, 👎 0/mu,
    );
    expect(gaps).toContain(`\n2. ${ANSWERED} — asked 1 ×: not answered 0, 👎 1; last `);
    await stop(bot, talk);
    expect(bot.problems()).toEqual([]);
  });

  it("after a restart: /stats and /gaps still show both, and the old buttons still vote", async () => {
    const { bot, talk } = await start();
    const stats = textOf(reply(await talk.say(admin, "/stats")));
    expect(stats).toContain("Questions: 2 — answered 1 (50%)");
    expect(stats).toContain("Votes: 👍 0 · 👎 1");
    const gaps = textOf(reply(await talk.say(admin, "/gaps")));
    expect(gaps).toContain("1. What is the population of Tomsk?");
    expect(gaps).toContain(`2. ${ANSWERED}`);

    const changed = await talk.press(user, answer, "👍");
    expect(toast(changed)).toMatch(/^👍 Thank you/u);
    expect(buttonLabels(talk.current(answer).reply_markup).at(-1)).toEqual(["✅ 👍", "👎"]);
    expect(textOf(reply(await talk.say(admin, "/stats")))).toContain("Votes: 👍 1 · 👎 0");
    await stop(bot, talk);
    expect(bot.problems()).toEqual([]);
  });

  it("/reload makes a new document answerable without a restart; a broken file is refused by name while the old knowledge keeps answering", async () => {
    const { bot, talk } = await start();
    expect(textOf(reply(await talk.say(user, NEW_DOCUMENT_QUESTION)))).toMatch(/^🤷/u);

    const open = textOf(reply(await talk.say(admin, "/gaps")));
    expect(open).toContain(`1. ${NEW_DOCUMENT_QUESTION} — asked 1 ×: not answered 1, 👎 0; last `);
    expect(open).not.toContain("✅");

    copy.write(NEW_DOCUMENT.name, NEW_DOCUMENT.content);
    const reloaded = textOf(reply(await talk.say(admin, "/reload")));
    expect(reloaded).toMatch(/^✅ Knowledge reloaded: version \w+ \(was \w+\)\.\n4 documents, /u);
    expect(textOf(reply(await talk.say(user, NEW_DOCUMENT_QUESTION)))).toMatch(
      /^On 14 March the Tomsk region and the Novosibirsk region signed/u,
    );
    // The gap closes at once: /gaps asks it again of the new knowledge.
    expect(textOf(reply(await talk.say(admin, "/gaps")))).toMatch(
      new RegExp(
        `^1\\. ${NEW_DOCUMENT_QUESTION.replace("?", "\\?")} — .* UTC ✅ answered now$`,
        "mu",
      ),
    );
    // The answer given before the reload now says it is out of date.
    expect(toast(await talk.press(user, answer, "👎"))).toMatch(/out of date/u);

    copy.append("clusters.yaml", BROKEN_CLUSTER);
    const refused = textOf(reply(await talk.say(admin, "/reload")));
    expect(refused).toMatch(/^❌ Knowledge not reloaded\. I keep answering from version/u);
    expect(refused).toMatch(/^• clusters\.yaml: \[\d+\]\.citations\[0\]\.quote: /mu);
    expect(textOf(reply(await talk.say(user, ANSWERED)))).toMatch(
      /^The delegation of the Tomsk region visited Tokyo/u,
    );
    expect(textOf(reply(await talk.say(user, NEW_DOCUMENT_QUESTION)))).toMatch(/^On 14 March/u);
    await stop(bot, talk);
    // The refusal is the one warning: an operator's mistake, logged with its count.
    expect(bot.problems().map((r) => r.msg)).toEqual(["knowledge not reloaded"]);
  });
});
