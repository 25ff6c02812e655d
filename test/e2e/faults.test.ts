/**
 * End to end under faults: the bot as `npm start` runs it, against a fake Bot API server that
 * answers 429 with retry_after, fails with 500/502, drops connections, answers slowly, gives up
 * on a slow webhook and POSTs again, or meets a double tap — or the bot is told to stop in the
 * middle of an update. Every test has its own server and bot process (the faults are per
 * server), so the tests run concurrently: most of their time is spent waiting.
 *
 * What each shows: the reply still arrives, exactly once; no update is lost or handled twice;
 * Telegram would have refused no call; every process exits 0 on SIGTERM.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message, Update, User } from "grammy/types";
import { afterAll, describe, expect, it, type TestContext } from "vitest";
import {
  type BotProcess,
  freePort,
  killBotProcesses,
  startBotProcess,
} from "../support/bot-process.js";
import {
  buttonLabels,
  Conversations,
  type Exchange,
  findButton,
  freshUser,
  textOf,
  until,
} from "../support/conversation.js";
import {
  type Failure,
  type FakeBotApi,
  type FakeBotApiOptions,
  startFakeBotApi,
} from "../support/fake-bot-api.js";
import { DEFAULT_METHODS } from "../support/fake-bot-api-methods.js";
import { sleep } from "../support/fake-bot-api-queue.js";

// Whatever a failed test left running.
afterAll(killBotProcesses);

const TOKYO = "When did the Tomsk delegation visit Tokyo?";
const ITALY = "Which sectors is Italy interested in?";
/** Generous: several bot processes start at once on a small machine, and faults cost seconds. */
const TEST_TIMEOUT = 90_000;

interface Launched {
  readonly api: FakeBotApi;
  readonly bot: BotProcess;
  readonly talk: Conversations;
}

/** A fake server and the bot against it, for one test; both are cleaned up when it finishes. */
async function launch(
  context: TestContext,
  options: {
    server?: FakeBotApiOptions;
    /** Runs before the bot starts (faults that must meet its start-up calls). */
    beforeStart?: (api: FakeBotApi) => void;
    dataDir?: string;
    startTimeoutMs?: number;
    env?: Record<string, string>;
  } = {},
): Promise<Launched> {
  const api = await startFakeBotApi(options.server);
  let bot: BotProcess | undefined;
  context.onTestFinished(async () => {
    await bot?.kill();
    await api.close();
  });
  options.beforeStart?.(api);
  bot = await startBotProcess({
    api,
    ...(options.dataDir !== undefined && { dataDir: options.dataDir }),
    ...(options.startTimeoutMs !== undefined && { startTimeoutMs: options.startTimeoutMs }),
    ...(options.env !== undefined && { env: options.env }),
  });
  return { api, bot, talk: new Conversations(api, bot) };
}

/** Stops the bot with SIGTERM and checks what every test must leave behind. */
async function finish({ api, bot, talk }: Launched): Promise<void> {
  expect(await bot.stop()).toBe(0);
  for (const update of talk.pushed) {
    expect(bot.updateLines(update.update_id), `update ${update.update_id}`).toHaveLength(1);
  }
  expect(talk.problems()).toEqual([]);
  expect(api.pendingUpdates).toEqual([]);
}

/**
 * Makes every sendMessage to one chat take `ms` to answer (the server's own latency setting is
 * per method); `onStart` runs as each such call comes in.
 */
function slowDownChat(api: FakeBotApi, chatId: number, ms: number, onStart = () => {}): void {
  api.registerMethod("sendMessage", async (call) => {
    if (String(call.payload.chat_id) === String(chatId)) {
      onStart();
      await sleep(ms, call.signal);
    }
    return DEFAULT_METHODS.sendmessage?.(call);
  });
}

/** The bot's messages in a user's private chat. */
const botMessagesTo = (api: FakeBotApi, user: User) =>
  api.messagesIn(user.id).filter((m) => m.from?.id === api.botInfo.id);

/** A question from `user` in their private chat, as an update to push. */
const question = (api: FakeBotApi, user: User, text: string): Update =>
  api.updates.textMessage(text, { from: user, chat: api.updates.privateChat(user) });

/** The exchange's replies, checked: exactly one message, a reply to the question. */
function answeredOnce(exchange: Exchange): Message {
  const sent = exchange.calls.filter((c) => c.method === "sendMessage" && c.ok);
  expect(sent, "one accepted sendMessage").toHaveLength(1);
  const reply = exchange.sent[0] as Message;
  expect(reply.reply_to_message?.message_id).toBe(exchange.update.message?.message_id);
  return reply;
}

describe.concurrent("faults, end to end", () => {
  // The longest test first, so that the others run in its shadow.
  it(
    "setMyCommands failing with 502 for as long as it is retried: the bot gives up on the menu and starts",
    async (context) => {
      const running = await launch(context, {
        // More failures than auto-retry attempts within registerBotCommands' 10 s budget.
        startTimeoutMs: 60_000,
        beforeStart: (api) =>
          api.failNext("setMyCommands", { type: "server_error", status: 502 }, 100),
      });
      const { api, bot, talk } = running;
      expect(
        bot.records.filter(
          (r) => r.msg === "setMyCommands failed; the bot works without its command menu",
        ),
      ).toHaveLength(4);
      expect(api.callsOf("setMyCommands").every((c) => c.status === 502)).toBe(true);
      answeredOnce(await talk.say(freshUser(), TOKYO));
      await finish(running);
    },
    TEST_TIMEOUT,
  );

  it(
    "429 with retry_after on sendMessage: the reply comes after the wait, exactly once",
    async (context) => {
      const running = await launch(context);
      const { api, talk } = running;
      const user = freshUser();
      api.failNext("sendMessage", { type: "retry_after", seconds: 2 });
      const asked = await talk.say(user, TOKYO);
      const sends = asked.calls.filter((c) => c.method === "sendMessage");
      expect(sends.map((c) => c.status)).toEqual([429, 200]);
      const [refused, accepted] = sends as [(typeof sends)[0], (typeof sends)[0]];
      // Telegram said "retry after 2 s": the bot did not come back sooner.
      expect(accepted.at - refused.at).toBeGreaterThanOrEqual(1950);
      expect(textOf(answeredOnce(asked))).toContain("Tokyo");
      expect(botMessagesTo(api, user)).toHaveLength(1);
      await finish(running);
    },
    TEST_TIMEOUT,
  );

  it(
    "500 on sendMessage: retried, the reply arrives exactly once",
    async (context) => {
      const running = await launch(context);
      const { api, talk } = running;
      const user = freshUser();
      api.failNext("sendMessage", { type: "server_error", status: 500 });
      const asked = await talk.say(user, ITALY);
      expect(asked.calls.filter((c) => c.method === "sendMessage").map((c) => c.status)).toEqual([
        500, 200,
      ]);
      answeredOnce(asked);
      expect(botMessagesTo(api, user)).toHaveLength(1);
      await finish(running);
    },
    TEST_TIMEOUT,
  );

  const pollFaults: [string, Failure][] = [
    ["500", { type: "server_error", status: 500 }],
    ["502 (nginx's HTML page)", { type: "server_error", status: 502 }],
    ["a dropped connection", { type: "drop" }],
  ];
  it.for(pollFaults)(
    "%s on getUpdates: the bot keeps polling; no update is lost or handled twice",
    { timeout: TEST_TIMEOUT },
    async ([_name, fault], context) => {
      const running = await launch(context);
      const { api, bot, talk } = running;
      const alice = freshUser();
      const bob = freshUser();
      // The long poll under way returns Alice's question; the next one, which would confirm
      // it and wait for more, fails.
      api.failNext("getUpdates", fault);
      const first = talk.push(question(api, alice, TOKYO));
      await until(
        () => api.callsOf("getUpdates").some((c) => c.fault !== undefined),
        "the failing getUpdates",
      );
      // Bob writes while the bot is cut off from Telegram.
      const second = talk.push(question(api, bob, ITALY));
      answeredOnce(await talk.exchangeOf(first));
      answeredOnce(await talk.exchangeOf(second));
      // …and the bot is still polling afterwards.
      answeredOnce(await talk.say(alice, "/help"));
      expect(bot.records.filter((r) => r.msg === "polling stopped by an error")).toEqual([]);
      await finish(running);
    },
  );

  it(
    "a slow API in one chat: other chats are answered meanwhile, that chat keeps its order",
    async (context) => {
      const slowUser = freshUser();
      let slowStarted = 0;
      const running = await launch(context, {
        // Every sendMessage to the slow user's chat takes 4 s to answer.
        beforeStart: (api) =>
          slowDownChat(api, slowUser.id, 4_000, () => {
            slowStarted++;
          }),
      });
      const { api, talk } = running;
      const repliesInSlowChat = () =>
        api
          .callsOf("sendMessage")
          .filter((c) => c.ok && String(c.payload.chat_id) === String(slowUser.id)).length;
      const slow1 = talk.push(question(api, slowUser, TOKYO));
      const slow2 = talk.push(question(api, slowUser, ITALY));
      await until(() => slowStarted === 1, "the slow chat's first reply under way");

      const others = [freshUser(), freshUser(), freshUser()];
      const pushed = others.map((user) => talk.push(question(api, user, ITALY)));
      for (const update of pushed) {
        answeredOnce(await talk.exchangeOf(update));
        // Answered while the slow chat still waits for its first reply.
        expect(repliesInSlowChat()).toBe(0);
      }

      const firstSlow = answeredOnce(await talk.exchangeOf(slow1));
      const secondSlow = answeredOnce(await talk.exchangeOf(slow2));
      // One chat's updates are handled in order: the second reply after the first.
      expect(secondSlow.message_id).toBeGreaterThan(firstSlow.message_id);
      expect(slowStarted).toBe(2);
      await finish(running);
    },
    TEST_TIMEOUT,
  );

  it(
    "SIGTERM with updates in flight: they complete, exit 0; one that comes meanwhile goes to the next start",
    async (context) => {
      const dataDir = mkdtempSync(join(tmpdir(), "bot-e2e-sigterm-"));
      context.onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
      const running = await launch(context, { dataDir });
      const { api, bot: first, talk } = running;
      const [alice, bob, carol] = [freshUser(), freshUser(), freshUser()] as [User, User, User];

      api.setLatency("sendMessage", 3_000);
      const inFlight = [
        talk.push(question(api, alice, TOKYO)),
        talk.push(question(api, bob, ITALY)),
      ];
      // Taken by the bot (the next poll confirmed them), and their replies are slow to send.
      await until(() => api.pendingUpdates.length === 0, "both updates taken");
      first.process.kill("SIGTERM");
      const late = talk.push(question(api, carol, TOKYO));
      expect(await first.exited).toBe(0);
      // The signal did come while the replies were still being sent.
      const stopping = first.records.find((r) => r.msg === "polling: taking no more updates");
      expect(Number(stopping?.inFlight)).toBeGreaterThan(0);
      for (const update of inFlight) {
        expect(first.updateLines(update.update_id)).toHaveLength(1);
        answeredOnce(await talk.exchangeOf(update));
      }
      expect(first.records.at(-1)).toMatchObject({ msg: "stopped", exitCode: 0 });

      // Whatever the first process did not take, Telegram delivers to the next one.
      api.setLatency("sendMessage", 0);
      const second = await startBotProcess({ api, dataDir });
      context.onTestFinished(() => second.kill());
      if (first.updateLines(late.update_id).length === 0) await second.handled(late.update_id);
      expect(await second.stop()).toBe(0);
      const handled = [first, second].flatMap((bot) => bot.updateLines(late.update_id));
      expect(handled).toHaveLength(1);
      for (const update of inFlight) expect(second.updateLines(update.update_id)).toEqual([]);
      for (const user of [alice, bob, carol]) expect(botMessagesTo(api, user)).toHaveLength(1);
      expect(talk.problems()).toEqual([]);
      expect(api.pendingUpdates).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    "setMyCommands refused at start: the bot logs it, starts and answers",
    async (context) => {
      const running = await launch(context, {
        beforeStart: (api) =>
          api.failNext(
            "setMyCommands",
            {
              type: "error",
              error: { error_code: 400, description: "Bad Request: BOT_COMMAND_INVALID" },
            },
            4,
          ),
      });
      const { api, bot, talk } = running;
      const warnings = bot.records.filter(
        (r) => r.msg === "setMyCommands failed; the bot works without its command menu",
      );
      expect(warnings).toHaveLength(4);
      expect(api.callsOf("setMyCommands").every((c) => c.status === 400)).toBe(true);
      answeredOnce(await talk.say(freshUser(), TOKYO));
      await finish(running);
    },
    TEST_TIMEOUT,
  );

  it(
    "a double tap (two presses of one ▶ before the first is handled): one edit, each press answered once",
    async (context) => {
      const running = await launch(context);
      const { api, bot, talk } = running;
      const user = freshUser();
      const asked = await talk.say(user, TOKYO);
      const answer = answeredOnce(asked);
      const shown = talk.current(answer);
      const next = findButton(shown, "▶");
      if (!next || !("callback_data" in next)) throw new Error("no ▶ under the answer");
      // Both presses carry the message as it was when the user tapped: still on page 1.
      const taps = [1, 2].map(() =>
        talk.push(api.updates.callbackQuery(shown, next.callback_data, { from: user })),
      );
      const [first, second] = await Promise.all(taps.map((tap) => talk.exchangeOf(tap)));
      for (const tap of [first, second]) expect(tap?.callbackAnswers).toHaveLength(1);
      const edits = [...(first?.calls ?? []), ...(second?.calls ?? [])].filter(
        (c) => c.method === "editMessageText",
      );
      // The second edit, if sent at all, is refused as "not modified", and the bot takes that well.
      expect(edits.filter((c) => c.ok)).toHaveLength(1);
      for (const refused of edits.filter((c) => !c.ok)) {
        expect(refused.response).toMatchObject({
          description: expect.stringMatching(/message is not modified/u),
        });
      }
      expect(buttonLabels(talk.current(answer).reply_markup)[0]).toContain("◀");
      expect(botMessagesTo(api, user)).toHaveLength(1);
      expect(bot.records.filter((r) => Number(r.level) >= 40)).toEqual([]);
      expect(await bot.stop()).toBe(0);
      const unexpected = talk
        .problems()
        .filter(
          (p) => !/^editMessageText failed: 400 Bad Request: message is not modified/u.test(p),
        );
      expect(unexpected).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    "webhook: an update handled past the server's delivery timeout is POSTed again, and handled once",
    async (context) => {
      const port = await freePort();
      const slowUser = freshUser();
      const url = `http://127.0.0.1:${port}/telegram`;
      const running = await launch(context, {
        // The fake server gives a webhook 5 s to answer; this reply takes 6 s to send.
        beforeStart: (api) => slowDownChat(api, slowUser.id, 6_000),
        env: {
          BOT_MODE: "webhook",
          WEBHOOK_URL: url,
          WEBHOOK_SECRET: "fault_secret",
          HOST: "127.0.0.1",
          PORT: String(port),
        },
      });
      const { api, bot, talk } = running;
      const asked = talk.push(question(api, slowUser, TOKYO));
      answeredOnce(await talk.exchangeOf(asked));
      await until(() => api.pendingUpdates.length === 0, "the update delivered");
      const deliveries = api.webhookDeliveries.filter((d) => d.updateId === asked.update_id);
      // Timed out once (Telegram would retry the same way), then acknowledged as a repeat.
      expect(deliveries.map((d) => d.status)).toEqual([0, 200]);
      expect(bot.records.filter((r) => r.msg === "webhook: repeated update ignored")).toHaveLength(
        1,
      );
      // Other users are still answered, once each.
      answeredOnce(await talk.say(freshUser(), ITALY));
      expect(botMessagesTo(api, slowUser)).toHaveLength(1);
      expect(bot.records.filter((r) => Number(r.level) >= 40)).toEqual([]);
      expect(await bot.stop()).toBe(0);
      for (const update of talk.pushed) expect(bot.updateLines(update.update_id)).toHaveLength(1);
      expect(talk.problems()).toEqual([]);
    },
    TEST_TIMEOUT,
  );
});
