/**
 * End to end under faults: the bot as `npm start` runs it (launchBot, in process), against the
 * Telegram simulator answering 429 with retry_after, failing with 500/502, dropping
 * connections, holding answers back (a slow API), giving up on a slow webhook and POSTing
 * again, or meeting a double tap — or the bot is told to stop in the middle of an update.
 * Every test has its own simulator and bot (the faults are per simulator). Waits are injected
 * and recorded, slowness is a held call released by the test: nothing waits on the clock.
 *
 * What each shows: the reply still arrives, exactly once; no update is lost or handled twice;
 * Telegram would have refused no call; every bot exits 0 on SIGTERM.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message, Update, User } from "grammy/types";
import { afterAll, describe, expect, it, type TestContext } from "vitest";
import { sleep } from "../../src/lib/sleep.js";
import {
  type Failure,
  type SimulatorOptions,
  TelegramSimulator,
} from "../../src/telegram-sim/index.js";
import {
  buttonLabels,
  Conversations,
  type Exchange,
  findButton,
  freshUser,
  textOf,
} from "../support/conversation.js";
import {
  E2E_TIMEOUT,
  freePort,
  killRunningBots,
  RunningBot,
  type RunningBotOptions,
} from "../support/running-bot.js";

// Whatever a failed test left running.
afterAll(killRunningBots);

const TOKYO = "When did the Tomsk delegation visit Tokyo?";
const ITALY = "Which sectors is Italy interested in?";

interface Launched {
  readonly api: TelegramSimulator;
  readonly bot: RunningBot;
  readonly talk: Conversations;
}

/** A simulator and the bot against it, for one test; both are cleaned up when it finishes. */
async function launch(
  context: TestContext,
  options: {
    simulator?: SimulatorOptions;
    /** Runs before the bot starts (faults that must meet its start-up calls). */
    beforeStart?: (api: TelegramSimulator) => void;
    bot?: Omit<RunningBotOptions, "sim">;
  } = {},
): Promise<Launched> {
  const api = new TelegramSimulator(options.simulator);
  await api.listen();
  let bot: RunningBot | undefined;
  context.onTestFinished(async () => {
    await bot?.kill();
    await api.close();
  });
  options.beforeStart?.(api);
  bot = await RunningBot.start({ sim: api, ...options.bot });
  return { api, bot, talk: new Conversations(api, bot) };
}

/**
 * A retry wait that is recorded in `log` ("wait <ms>") and returns at once, so a test can see
 * that the bot waited what Telegram asked, before calling again, without waiting itself.
 */
function recordedWaits(log: string[]) {
  return (ms: number) => {
    log.push(`wait ${ms}`);
    return Promise.resolve();
  };
}

/** Records every sendMessage answer in `log` ("sendMessage <status>"), in order. */
function recordSends(api: TelegramSimulator, log: string[]): void {
  api.onEvent((event) => {
    if (event.kind === "call" && event.call.method === "sendMessage")
      log.push(`sendMessage ${event.call.status}`);
  });
}

/** Asks one question, checks it is answered once, then {@link finish}es. */
async function finishWith(running: Launched, text: string): Promise<void> {
  answeredOnce(await running.talk.say(freshUser(), text));
  await finish(running);
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

/** Holds every sendMessage to one chat until released: a slow API in that chat only. */
const holdChat = (api: TelegramSimulator, chatId: number) =>
  api.hold("sendMessage", (call) => String(call.payload.chat_id) === String(chatId));

/** The bot's messages in a user's private chat. */
const botMessagesTo = (api: TelegramSimulator, user: User) =>
  api.messagesIn(user.id).filter((m) => m.from?.id === api.botInfo.id);

/** A question from `user` in their private chat, as an update to push. */
const question = (api: TelegramSimulator, user: User, text: string): Update =>
  api.updates.textMessage(text, { from: user, chat: api.updates.privateChat(user) });

/** The exchange's replies, checked: exactly one message, a reply to the question. */
function answeredOnce(exchange: Exchange): Message {
  const sent = exchange.calls.filter((c) => c.method === "sendMessage" && c.ok);
  expect(sent, "one accepted sendMessage").toHaveLength(1);
  const reply = exchange.sent[0] as Message;
  expect(reply.reply_to_message?.message_id).toBe(exchange.update.message?.message_id);
  return reply;
}

describe.concurrent("faults, end to end", { timeout: E2E_TIMEOUT }, () => {
  it("setMyCommands failing with 502 for as long as it is retried: the bot gives up on the menu and starts", async (context) => {
    const running = await launch(context, {
      beforeStart: (api) =>
        api.failNext("setMyCommands", { type: "server_error", status: 502 }, 100),
      bot: {
        // The menus get 200 ms; each 502 would be retried after a minute: the budget runs out first.
        timings: { commandsTimeoutMs: 200 },
        retry: { backoffMs: { min: 60_000, max: 60_000 }, sleep },
      },
    });
    const { api, bot } = running;
    expect(
      bot.records.filter(
        (r) => r.msg === "setMyCommands failed; the bot works without its command menu",
      ),
    ).toHaveLength(4);
    // At most one attempt per menu (those the budget left time to send), all failed: the wait
    // for a retry was cut short.
    const attempts = api.callsOf("setMyCommands");
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.length).toBeLessThanOrEqual(4);
    expect(attempts.every((c) => c.status === 502)).toBe(true);
    await finishWith(running, TOKYO);
  });

  it("429 with retry_after on sendMessage: the bot waits what Telegram asks, then the reply comes, exactly once", async (context) => {
    const log: string[] = [];
    const running = await launch(context, { bot: { retry: { sleep: recordedWaits(log) } } });
    const { api, talk } = running;
    recordSends(api, log);
    const user = freshUser();
    api.failNext("sendMessage", { type: "retry_after", seconds: 2 });
    const asked = await talk.say(user, TOKYO);
    // Telegram said "retry after 2 s": the bot waited 2 s, and only then called again.
    expect(log).toEqual(["sendMessage 429", "wait 2000", "sendMessage 200"]);
    expect(textOf(answeredOnce(asked))).toContain("Tokyo");
    expect(botMessagesTo(api, user)).toHaveLength(1);
    await finish(running);
  });

  it("500 on sendMessage: retried after the back-off, the reply arrives exactly once", async (context) => {
    const log: string[] = [];
    const running = await launch(context, { bot: { retry: { sleep: recordedWaits(log) } } });
    const { api, talk } = running;
    recordSends(api, log);
    const user = freshUser();
    api.failNext("sendMessage", { type: "server_error", status: 500 }, 2);
    const asked = await talk.say(user, ITALY);
    // The production back-off: 3 s, then doubled.
    expect(log).toEqual([
      "sendMessage 500",
      "wait 3000",
      "sendMessage 500",
      "wait 6000",
      "sendMessage 200",
    ]);
    answeredOnce(asked);
    expect(botMessagesTo(api, user)).toHaveLength(1);
    await finish(running);
  });

  const pollFaults: [string, Failure][] = [
    ["500", { type: "server_error", status: 500 }],
    ["502 (nginx's HTML page)", { type: "server_error", status: 502 }],
    ["a dropped connection", { type: "drop" }],
  ];
  it.for(pollFaults)(
    "%s on getUpdates: the bot keeps polling; no update is lost or handled twice",
    async ([_name, fault], context) => {
      const running = await launch(context);
      const { api, bot, talk } = running;
      const alice = freshUser();
      const bob = freshUser();
      // The long poll under way returns Alice's question; the next one, which would confirm
      // it and wait for more, fails.
      api.failNext("getUpdates", fault);
      const first = talk.push(question(api, alice, TOKYO));
      await api.until(
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

  it("a slow API in one chat: other chats are answered meanwhile, that chat keeps its order", async (context) => {
    const running = await launch(context);
    const { api, talk } = running;
    const slowUser = freshUser();
    // Every sendMessage to the slow user's chat waits until the test lets it through.
    const slow = holdChat(api, slowUser.id);
    const sendsToSlowChat = () =>
      api.callsOf("sendMessage").filter((c) => String(c.payload.chat_id) === String(slowUser.id));
    const slow1 = talk.push(question(api, slowUser, TOKYO));
    const slow2 = talk.push(question(api, slowUser, ITALY));
    await slow.arrived;

    const others = [freshUser(), freshUser(), freshUser()];
    const pushed = others.map((user) => talk.push(question(api, user, ITALY)));
    for (const update of pushed) answeredOnce(await talk.exchangeOf(update));
    // All answered while the slow chat's first reply is still held, its second not even sent.
    expect(slow.waiting).toBe(1);
    expect(sendsToSlowChat()).toHaveLength(0);

    slow.release();
    const firstSlow = answeredOnce(await talk.exchangeOf(slow1));
    const secondSlow = answeredOnce(await talk.exchangeOf(slow2));
    // One chat's updates are handled in order: the second reply after the first.
    expect(secondSlow.message_id).toBeGreaterThan(firstSlow.message_id);
    expect(sendsToSlowChat()).toHaveLength(2);
    await finish(running);
  });

  it("SIGTERM with updates in flight: they complete, exit 0; one that comes meanwhile goes to the next start", async (context) => {
    const dataDir = mkdtempSync(join(tmpdir(), "bot-e2e-sigterm-"));
    context.onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const running = await launch(context, { bot: { dataDir } });
    const { api, bot: first, talk } = running;
    const [alice, bob, carol] = [freshUser(), freshUser(), freshUser()] as [User, User, User];

    // The replies are held: both updates are in flight until the test releases them.
    const replies = api.hold("sendMessage");
    const inFlight = [talk.push(question(api, alice, TOKYO)), talk.push(question(api, bob, ITALY))];
    // Taken by the bot (the next poll confirmed them), and a reply is being sent.
    await api.until(() => api.pendingUpdates.length === 0, "both updates taken");
    await replies.arrived;
    const exit = first.stop("SIGTERM");
    await first.waitForLog((r) => r.msg === "polling: taking no more updates");
    const late = talk.push(question(api, carol, TOKYO));
    replies.release();
    expect(await exit).toBe(0);
    // The signal did come while the replies were still being sent, and they all finished.
    const summary = first.records.find((r) => String(r.msg).startsWith("stopped taking updates"));
    expect(summary).toMatchObject({ inFlightAtStop: 2, givenUp: [] });
    for (const update of inFlight) {
      expect(first.updateLines(update.update_id)).toHaveLength(1);
      answeredOnce(await talk.exchangeOf(update));
    }
    expect(first.records.at(-1)).toMatchObject({ msg: "stopped", exitCode: 0 });

    // Whatever the first bot did not take, Telegram delivers to the next one.
    const second = await RunningBot.start({ sim: api, dataDir });
    context.onTestFinished(() => second.kill());
    if (first.updateLines(late.update_id).length === 0) await second.handled(late.update_id);
    expect(await second.stop()).toBe(0);
    const handled = [first, second].flatMap((bot) => bot.updateLines(late.update_id));
    expect(handled).toHaveLength(1);
    for (const update of inFlight) expect(second.updateLines(update.update_id)).toEqual([]);
    for (const user of [alice, bob, carol]) expect(botMessagesTo(api, user)).toHaveLength(1);
    expect(talk.problems()).toEqual([]);
    expect(api.pendingUpdates).toEqual([]);
  });

  it("setMyCommands refused at start: the bot logs it, starts and answers", async (context) => {
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
  });

  it("a double tap (two presses of one ▶ before the first is handled): one edit, each press answered once", async (context) => {
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
      .filter((p) => !/^editMessageText refused: Bad Request: message is not modified/u.test(p));
    expect(unexpected).toEqual([]);
  });

  it("webhook: the 200 comes as soon as the update is stored, not after the reply; a redelivery is handled once", async (context) => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/telegram`;
    const running = await launch(context, {
      // Telegram gives a webhook a while to answer; here 200 ms, and the reply is held longer.
      simulator: { webhookTimeoutMs: 200, webhookRetryDelayMs: 10 },
      bot: {
        env: {
          BOT_MODE: "webhook",
          WEBHOOK_URL: url,
          WEBHOOK_LOOPBACK: "true",
          WEBHOOK_SECRET: "fault_secret",
          PORT: String(port),
        },
      },
    });
    const { api, bot, talk } = running;
    const slowUser = freshUser();
    const slow = holdChat(api, slowUser.id);
    const asked = talk.push(question(api, slowUser, TOKYO));
    // Delivered and answered 200 while the reply is still held: Telegram has no reason to resend.
    await api.until(() => api.pendingUpdates.length === 0, "the update delivered");
    await slow.arrived;
    // Telegram resends it anyway (as it would after a lost answer): stored once, handled once.
    const again = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-telegram-bot-api-secret-token": "fault_secret",
      },
      body: JSON.stringify(asked),
    });
    expect(again.status).toBe(200);
    slow.release();
    answeredOnce(await talk.exchangeOf(asked));
    const deliveries = api.webhookDeliveries.filter((d) => d.updateId === asked.update_id);
    expect(deliveries.map((d) => d.status)).toEqual([200]);
    expect(bot.records.filter((r) => r.msg === "webhook: repeated update ignored")).toHaveLength(1);
    // Other users are still answered, once each.
    answeredOnce(await talk.say(freshUser(), ITALY));
    expect(botMessagesTo(api, slowUser)).toHaveLength(1);
    expect(bot.problems()).toEqual([]);
    expect(await bot.stop()).toBe(0);
    for (const update of talk.pushed) expect(bot.updateLines(update.update_id)).toHaveLength(1);
    expect(talk.problems()).toEqual([]);
  });
});
