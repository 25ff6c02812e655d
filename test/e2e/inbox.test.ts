/**
 * The durable inbox end to end, in polling mode on SQLite: the bot as `npm start` runs it
 * (launchBot, in process) against the Telegram simulator.
 *
 * - killed with 40 updates in flight, restarted on the same DATA_DIR → all 40 answered once;
 * - SIGTERM: what runs finishes, what waits stays in the inbox for the next start, and the log
 *   says which; what outlives the deadline is handed back and answered by the next start;
 * - one chat stalled (its replies held, as under a long flood wait) with 150 queued → other
 *   people are answered meanwhile; that chat's backlog is capped, with one notice;
 * - a second poller waits for the first, logged, and takes over when it stops;
 * - /healthz and /readyz in polling mode: not ready while the Bot API is unreachable for 30 s,
 *   while the store cannot be written, while draining; ready again after.
 *
 * Slowness is a held call, a dead network a switch, time a clock moved: nothing waits.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Message, Update, User } from "grammy/types";
import { afterAll, describe, expect, it, type TestContext } from "vitest";
import { TelegramSimulator } from "../../src/telegram-sim/index.js";
import { Conversations, freshUser } from "../support/conversation.js";
import { E2E_TIMEOUT, freePort, killRunningBots, RunningBot } from "../support/running-bot.js";

afterAll(killRunningBots);

const HELP_EN = /^ℹ️ What I know/u;

async function simulator(context: TestContext): Promise<TelegramSimulator> {
  const sim = new TelegramSimulator();
  await sim.listen();
  context.onTestFinished(() => sim.close());
  return sim;
}

function dataDir(context: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), "bot-e2e-inbox-"));
  context.onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(
  context: TestContext,
  options: Parameters<typeof RunningBot.start>[0],
): Promise<RunningBot> {
  const bot = await RunningBot.start(options);
  context.onTestFinished(() => bot.kill());
  return bot;
}

/** A message from `user` in their private chat. */
const says = (sim: TelegramSimulator, user: User, text: string): Update =>
  sim.updates.textMessage(text, { from: user, chat: sim.updates.privateChat(user) });

/** The bot's messages in a user's private chat. */
const repliesTo = (sim: TelegramSimulator, user: User): Message[] =>
  sim.messagesIn(user.id).filter((m) => m.from?.id === sim.botInfo.id);

/** Resolves once `condition` holds, checking as the event loop turns (for state no event announces). */
async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 1000; tries++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never happened: ${what}`);
}

const summaryOf = (bot: RunningBot) =>
  bot.records.find((r) => String(r.msg).startsWith("stopped taking updates"));

describe("the durable inbox, end to end", { timeout: E2E_TIMEOUT }, () => {
  it("killed with 40 updates in flight: after a restart every one is answered, once", async (context) => {
    const sim = await simulator(context);
    const dir = dataDir(context);
    const first = await start(context, { sim, dataDir: dir });
    const talk = new Conversations(sim, first);
    const users = Array.from({ length: 40 }, () => freshUser());
    const replies = sim.hold("sendMessage");
    const updates = users.map((user) => talk.push(says(sim, user, "/help")));
    // All 40 taken from Telegram, stored, and being answered when the process dies.
    await eventually(() => replies.waiting === 40, "40 replies on their way");
    expect(sim.pendingUpdates).toEqual([]);
    await first.crash();
    // Those replies die with it (a killed process's requests never complete).
    sim.failNext("sendMessage", { type: "drop" }, 40);
    replies.release();
    await sim.until(() => sim.callsOf("sendMessage").length === 40, "the lost replies");

    const second = await start(context, { sim, dataDir: dir });
    for (const update of updates) await second.handled(update.update_id);
    for (const user of users) expect(repliesTo(sim, user)).toHaveLength(1);
    const recovered = second.records.find((r) =>
      String(r.msg).startsWith("inbox: updates left unfinished are handled first"),
    );
    expect(recovered).toMatchObject({ unfinished: 40, releasedFromLastRun: 40 });
    expect(recovered?.startedBefore).toHaveLength(40);
    expect(await second.stop()).toBe(0);
    expect(sim.problems()).toEqual([]);
  });

  it("SIGTERM: the update in flight finishes, those waiting stay in the inbox, the next start answers them in order", async (context) => {
    const sim = await simulator(context);
    const dir = dataDir(context);
    const first = await start(context, { sim, dataDir: dir });
    const talk = new Conversations(sim, first);
    const user = freshUser();
    const reply = sim.hold("sendMessage");
    const texts = ["/help", "/clusters", "/events", "/sources"];
    const updates = texts.map((text) => talk.push(says(sim, user, text)));
    await reply.arrived;
    await sim.until(() => sim.pendingUpdates.length === 0, "all four stored");
    const exit = first.stop();
    await first.waitForLog((r) => r.msg === "polling: taking no more updates");
    reply.release();
    expect(await exit).toBe(0);
    expect(summaryOf(first)).toMatchObject({
      inFlightAtStop: 1,
      finished: 1,
      givenUp: [],
      leftInInbox: 3,
    });
    expect(first.updateLines(updates[0]?.update_id ?? 0)).toHaveLength(1);

    const second = await start(context, { sim, dataDir: dir });
    for (const update of updates.slice(1)) await second.handled(update.update_id);
    const answered = repliesTo(sim, user).map((m) => m.reply_to_message?.message_id);
    expect(answered).toEqual(updates.map((u) => u.message?.message_id));
    for (const update of updates) {
      expect([first, second].flatMap((bot) => bot.updateLines(update.update_id))).toHaveLength(1);
    }
    expect(await second.stop()).toBe(0);
    expect(sim.problems()).toEqual([]);
  });

  it("SIGTERM: an update still running at the deadline is handed back, logged, and answered by the next start", async (context) => {
    const sim = await simulator(context);
    const dir = dataDir(context);
    const first = await start(context, {
      sim,
      dataDir: dir,
      shutdown: { timeoutMs: 400, reserveMs: 200 },
    });
    const user = freshUser();
    const reply = sim.hold("sendMessage");
    const update = new Conversations(sim, first).push(says(sim, user, "/help"));
    await reply.arrived;
    expect(await first.stop()).toBe(1);
    expect(summaryOf(first)).toMatchObject({ givenUp: [update.update_id], leftInInbox: 1 });
    expect(summaryOf(first)?.msg).toMatch(/back in the inbox: the next start handles them again/u);
    // The reply that was on its way when the process gave up never arrives.
    sim.failNext("sendMessage", { type: "drop" });
    reply.release();
    await sim.until(() => sim.callsOf("sendMessage").length === 1, "the lost reply");

    const second = await start(context, { sim, dataDir: dir });
    await second.handled(update.update_id);
    expect(repliesTo(sim, user)).toHaveLength(1);
    expect(repliesTo(sim, user)[0]?.text).toMatch(HELP_EN);
    expect(await second.stop()).toBe(0);
  });

  it("one chat stalled with 150 queued: six others are answered meanwhile; its backlog is capped, with one notice", async (context) => {
    const sim = await simulator(context);
    const bot = await start(context, { sim });
    const talk = new Conversations(sim, bot);
    const flooder = freshUser();
    const stalled = sim.hold(
      "sendMessage",
      (call) => String(call.payload.chat_id) === String(flooder.id),
    );
    const flood = Array.from({ length: 150 }, (_, i) =>
      talk.push(says(sim, flooder, `When did the Tomsk delegation visit Tokyo? ${i}`)),
    );
    await stalled.arrived;
    await sim.until(() => sim.pendingUpdates.length === 0, "the flood stored");
    const others = Array.from({ length: 6 }, () => freshUser());
    for (const user of others) {
      const exchange = await talk.say(user, "/help");
      expect(exchange.sent).toHaveLength(1);
    }
    // All six answered while the stalled chat's first reply is still held.
    expect(stalled.waiting).toBeGreaterThan(0);
    const dropped = bot.records
      .filter(
        (r) =>
          r.msg === "inbox: a chat's backlog is full; its newest updates are dropped unhandled",
      )
      .flatMap((r) => r.dropped as number[]);
    expect(dropped).toHaveLength(100);
    expect(dropped.sort((x, y) => x - y)).toEqual(flood.slice(50).map((u) => u.update_id));

    stalled.release();
    const kept = flood.slice(0, 50);
    for (const update of kept) await bot.handled(update.update_id);
    const toFlooder = repliesTo(sim, flooder);
    const notices = toFlooder.filter((m) => /^✋/u.test(m.text ?? ""));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).toMatch(/skipped your latest messages/u);
    expect(toFlooder.length).toBeLessThanOrEqual(12);
    for (const update of flood) {
      expect(bot.updateLines(update.update_id)).toHaveLength(
        dropped.includes(update.update_id) ? 0 : 1,
      );
    }
    expect(await bot.stop()).toBe(0);
    expect(sim.problems()).toEqual([]);
  });

  it("a second poller on the same store waits, says so, and takes over when the first stops", async (context) => {
    const sim = await simulator(context);
    const dir = dataDir(context);
    const first = await start(context, { sim, dataDir: dir });
    let second: RunningBot | undefined;
    const starting = RunningBot.start({
      sim,
      dataDir: dir,
      onStarting: (bot) => {
        second = bot;
        context.onTestFinished(() => bot.kill());
      },
    });
    const waiting = await (second as unknown as RunningBot).waitForLog(
      (r) =>
        r.msg === "another process is polling for this bot with this store; waiting until it stops",
    );
    expect(waiting.level).toBe(40);
    const user = freshUser();
    const before = new Conversations(sim, first).push(says(sim, user, "/help"));
    await first.handled(before.update_id);
    expect(await first.stop()).toBe(0);

    const next = await starting;
    const after = new Conversations(sim, next).push(says(sim, user, "/help"));
    await next.handled(after.update_id);
    expect(next.updateLines(before.update_id)).toEqual([]);
    expect(first.updateLines(after.update_id)).toEqual([]);
    expect(repliesTo(sim, user)).toHaveLength(2);
    expect(await next.stop()).toBe(0);
  });

  it("polling with PORT serves /healthz and /readyz: 503 while the Bot API is unreachable for 30 s, the store fails or it drains", async (context) => {
    const sim = await simulator(context);
    let now = Date.now();
    let storeFails = false;
    const port = await freePort();
    const bot = await start(context, {
      sim,
      env: { PORT: String(port) },
      now: () => now,
      wrapStore: (store) => ({
        ...store,
        healthCheck: async () =>
          storeFails ? { ok: false, latencyMs: 1, error: "disk I/O error" } : store.healthCheck(),
      }),
    });
    const get = async (path: string) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await get("/healthz")).toEqual({
      status: 200,
      body: { ok: true, mode: "polling", inFlight: 0 },
    });
    expect(await get("/readyz")).toEqual({ status: 200, body: { ok: true } });

    // The Bot API goes away: the poll under way brings one last update; the next polls fail,
    // logged; 30 s later the bot is not ready.
    bot.network(false);
    new Conversations(sim, bot).push(says(sim, freshUser(), "/help"));
    await bot.waitForLog((r) => r.msg === "getUpdates failed; retrying");
    now += 29_000;
    expect((await get("/readyz")).status).toBe(200);
    now += 1_000;
    await bot.service.health.probeApi();
    const down = await get("/readyz");
    expect(down.status).toBe(503);
    expect(down.body.reasons).toEqual([
      expect.stringMatching(/^Bot API unreachable for 30 s: network error/u),
    ]);
    expect((await get("/healthz")).status).toBe(200);
    // …and once it answers again, ready again.
    bot.network(true);
    const polls = sim.callsOf("getUpdates").length;
    await sim.until(
      () => sim.callsOf("getUpdates").length > polls || sim.longPollWaiting,
      "a poll answered",
    );
    await bot.waitForLog((r) => r.msg === "ready again");
    expect(await get("/readyz")).toEqual({ status: 200, body: { ok: true } });

    storeFails = true;
    await bot.service.health.checkStore();
    expect(await get("/readyz")).toEqual({
      status: 503,
      body: { ok: false, reasons: ["store not writable: disk I/O error"] },
    });
    storeFails = false;
    await bot.service.health.checkStore();
    expect((await get("/readyz")).status).toBe(200);

    // Draining: not ready while the update in flight finishes.
    const reply = sim.hold("sendMessage");
    new Conversations(sim, bot).push(says(sim, freshUser(), "/help"));
    await reply.arrived;
    const exit = bot.stop();
    await bot.waitForLog((r) => r.msg === "polling: taking no more updates");
    expect(await get("/readyz")).toEqual({
      status: 503,
      body: { ok: false, reasons: ["draining: shutting down"] },
    });
    reply.release();
    expect(await exit).toBe(0);
  });
});
