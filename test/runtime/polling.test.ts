/**
 * Long polling (startPolling) with plain grammY bots against the Telegram simulator over HTTP:
 * order per chat, stopping without losing or repeating updates, faults. Tests wait for events
 * (an update handled, a poll waiting, a call answered), never for time.
 */
import { Bot, type Context } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { startPolling } from "../../src/runtime/polling.js";
import type { UpdateService } from "../../src/runtime/service.js";
import type { UpdateType } from "../../src/runtime/updates.js";
import { TelegramSimulator } from "../../src/telegram-sim/index.js";
import { Recorder } from "../support/recorder.js";
import { captureLog } from "./log-capture.js";

/** What these plain test bots handle. */
const ALLOWED_UPDATES: readonly UpdateType[] = ["message", "callback_query"];
let api: TelegramSimulator | undefined;
const services: UpdateService[] = [];

afterEach(async () => {
  for (const service of services.splice(0)) await service.stop(AbortSignal.timeout(1000));
  await api?.close();
  api = undefined;
});

async function startSimulator(): Promise<TelegramSimulator> {
  const sim = new TelegramSimulator();
  await sim.listen();
  return sim;
}

/** A plain grammY bot against the simulator; `handler` runs for every text message. */
function makeBot(fake: TelegramSimulator, handler: (ctx: Context) => Promise<void> | void): Bot {
  const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
  bot.on("message:text", handler);
  bot.catch(() => {});
  return bot;
}

async function start(bot: Bot, options: Partial<Parameters<typeof startPolling>[1]> = {}) {
  const log = captureLog({ secrets: [bot.token] });
  const service = await startPolling(bot, {
    logger: log.logger,
    allowedUpdates: ALLOWED_UPDATES,
    pollTimeoutSeconds: 1,
    retryDelayMs: { min: 1, max: 10 },
    ...options,
  });
  services.push(service);
  return { service, log };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A bot that records the text of every message it handles. */
function recordingBot(sim: TelegramSimulator) {
  const seen = new Recorder<string>();
  const bot = makeBot(sim, (ctx) => {
    seen.push(ctx.message?.text ?? "");
  });
  return { bot, seen };
}

describe("startPolling", () => {
  it("removes any webhook first, then polls with exactly the allowed updates", async () => {
    api = await startSimulator();
    const { bot, seen } = recordingBot(api);
    await start(bot);
    api.pushUpdate(api.updates.textMessage("hello"));
    await seen.count(1);
    const methods = api.calls.map((c) => c.method);
    expect(methods.indexOf("deleteWebhook")).toBeLessThan(methods.indexOf("getUpdates"));
    expect(api.callsOf("getUpdates")[0]?.payload.allowed_updates).toEqual([...ALLOWED_UPDATES]);
    expect(api.rejectedCalls()).toEqual([]);
  });

  it("keeps one chat's updates in order while other chats run concurrently", async () => {
    api = await startSimulator();
    const slow = deferred();
    const order = new Recorder<string>();
    const bot = makeBot(api, async (ctx) => {
      const text = ctx.message?.text ?? "";
      if (text === "a1") await slow.promise;
      order.push(text);
    });
    await start(bot);
    const alice = api.updates.user({ id: 11 });
    const bob = api.updates.user({ id: 22 });
    api.pushUpdate(
      api.updates.textMessage("a1", { from: alice, chat: api.updates.privateChat(alice) }),
    );
    api.pushUpdate(
      api.updates.textMessage("a2", { from: alice, chat: api.updates.privateChat(alice) }),
    );
    api.pushUpdate(
      api.updates.textMessage("b1", { from: bob, chat: api.updates.privateChat(bob) }),
    );
    // Bob is answered while Alice's first update is still running; her second waits for it.
    await order.until((values) => values.includes("b1"));
    expect(order.values).toEqual(["b1"]);
    slow.resolve();
    await order.count(3);
    expect(order.values).toEqual(["b1", "a1", "a2"]);
  });

  it("at stop, finishes the update in flight, then confirms it: handled once, never lost", async () => {
    api = await startSimulator();
    const release = deferred();
    const started = new Recorder<string>();
    let finished = 0;
    const bot = makeBot(api, async (ctx) => {
      started.push(ctx.message?.text ?? "");
      await release.promise;
      finished++;
    });
    const { service, log } = await start(bot);
    api.pushUpdate(api.updates.textMessage("in flight"));
    await started.count(1);
    expect(service.inFlight()).toBe(1);

    let stopped = false;
    const stopping = service.stop(AbortSignal.timeout(5000)).then((report) => {
      stopped = true;
      return report;
    });
    // The stop has begun — the long poll is given up — but it waits for the update in flight.
    await api.until(() => !api?.longPollWaiting, "the long poll ended");
    await log.waitFor((r) => r.msg === "polling: taking no more updates");
    expect(stopped).toBe(false);
    release.resolve();
    expect(await stopping).toEqual({ abandoned: 0 });
    expect(finished).toBe(1);
    // Telegram was told: nothing is left to deliver again.
    expect(api.pendingUpdates).toEqual([]);
    expect(
      log.records().some((r) => r.msg === "polling: confirmed handled updates to Telegram"),
    ).toBe(true);

    // A new instance gets nothing twice.
    const next = recordingBot(api);
    await start(next.bot);
    api.pushUpdate(api.updates.textMessage("after restart"));
    await next.seen.count(1);
    expect(next.seen.values).toEqual(["after restart"]);
  });

  it("gives up on an update that outlives the deadline and names it in the log", async () => {
    api = await startSimulator();
    const started = new Recorder<string>();
    const bot = makeBot(api, async (ctx) => {
      started.push(ctx.message?.text ?? "");
      await new Promise(() => {}); // never finishes
    });
    const { service, log } = await start(bot);
    const { update } = api.pushUpdate(api.updates.textMessage("stuck"));
    await started.count(1);
    // The deadline has passed already.
    const report = await service.stop(AbortSignal.abort());
    expect(report).toEqual({ abandoned: 1 });
    const line = log.records().find((r) => r.level === 50);
    expect(line?.updateIds).toEqual([update.update_id]);
  });

  it("keeps polling through 5xx answers and dropped connections, logging no token", async () => {
    api = await startSimulator();
    const { bot, seen } = recordingBot(api);
    const { log } = await start(bot);
    api.failNext("getUpdates", { type: "server_error", status: 502 });
    api.failNext("getUpdates", { type: "drop" });
    api.failNext("getUpdates", { type: "server_error", status: 500 });
    api.pushUpdate(api.updates.textMessage("still there?"));
    await seen.count(1);
    expect(seen.values).toEqual(["still there?"]);
    // All three faults were met, and logged, before the update came through.
    expect(api.callsOf("getUpdates").filter((c) => c.fault !== undefined)).toHaveLength(3);
    expect(log.records().filter((r) => r.msg === "getUpdates failed; retrying")).toHaveLength(3);
    // The dropped connection's error names the request URL, token included: scrubbed.
    expect(log.text()).toContain("/bot[REDACTED]/getUpdates");
    expect(log.text()).not.toContain(api.token);
    expect(log.text()).not.toContain(api.token.split(":")[1]);
  });

  it("stops with an error when Telegram refuses the token, logging no token", async () => {
    api = await startSimulator();
    const bot = makeBot(api, () => {});
    const { service, log } = await start(bot);
    api.failNext("getUpdates", {
      type: "error",
      error: { error_code: 401, description: "Unauthorized" },
    });
    await expect(service.done).rejects.toThrow(/Unauthorized/);
    expect(log.records().some((r) => r.level === 60)).toBe(true);
    expect(log.text()).not.toContain(api.token);
  });
});
