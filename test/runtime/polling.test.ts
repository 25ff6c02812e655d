/**
 * Long polling as intake (startPolling) against the Telegram simulator over HTTP: each batch
 * is stored (here: handed to a recording `accept`) before the next getUpdates confirms it,
 * a batch that cannot be stored is fetched again, a stop confirms what was stored, faults.
 * Tests wait for events (a batch stored, a poll waiting, a call answered), never for time.
 */
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import { afterEach, describe, expect, it } from "vitest";
import { type PollingIntake, startPolling } from "../../src/runtime/polling.js";
import type { UpdateType } from "../../src/runtime/updates.js";
import { TelegramSimulator } from "../../src/telegram-sim/index.js";
import { Recorder } from "../support/recorder.js";
import { captureLog } from "./log-capture.js";

const ALLOWED_UPDATES: readonly UpdateType[] = ["message", "callback_query"];
let api: TelegramSimulator | undefined;
const sources: PollingIntake[] = [];

afterEach(async () => {
  for (const source of sources.splice(0)) await source.stop();
  await api?.close();
  api = undefined;
});

async function startSimulator(): Promise<TelegramSimulator> {
  const sim = new TelegramSimulator();
  await sim.listen();
  return sim;
}

/** Polls `sim` with a plain bot; `accept` stores (by default: records and resolves). */
async function poll(
  sim: TelegramSimulator,
  accept?: (updates: readonly Update[]) => Promise<unknown>,
) {
  const stored = new Recorder<Update>();
  const bot = new Bot(sim.token, { client: { apiRoot: sim.apiRoot } });
  const log = captureLog({ secrets: [sim.token] });
  const source = await startPolling(bot, {
    logger: log.logger,
    allowedUpdates: ALLOWED_UPDATES,
    pollTimeoutSeconds: 1,
    retryDelayMs: { min: 1, max: 10 },
    accept:
      accept ??
      (async (updates) => {
        for (const update of updates) stored.push(update);
      }),
  });
  sources.push(source);
  return { source, stored, log };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("startPolling", () => {
  it("removes any webhook first, then polls with exactly the allowed updates", async () => {
    api = await startSimulator();
    const { stored } = await poll(api);
    api.pushUpdate(api.updates.textMessage("hello"));
    await stored.count(1);
    const methods = api.calls.map((c) => c.method);
    expect(methods.indexOf("deleteWebhook")).toBeLessThan(methods.indexOf("getUpdates"));
    expect(api.callsOf("getUpdates")[0]?.payload.allowed_updates).toEqual([...ALLOWED_UPDATES]);
    expect(api.rejectedCalls()).toEqual([]);
  });

  it("asks for the next batch (which confirms this one) only once this one is stored", async () => {
    api = await startSimulator();
    const storing = deferred();
    const arrived = new Recorder<number>();
    await poll(api, async (updates) => {
      for (const update of updates) arrived.push(update.update_id);
      await storing.promise;
    });
    const { update } = api.pushUpdate(api.updates.textMessage("keep me"));
    await arrived.count(1);
    const pollsBefore = api.callsOf("getUpdates").length;
    // While the store has not answered, Telegram is asked nothing more and keeps the update.
    await new Promise((resolve) => setImmediate(resolve));
    expect(api.callsOf("getUpdates")).toHaveLength(pollsBefore);
    expect(api.pendingUpdates.map((u) => u.update_id)).toEqual([update.update_id]);
    // Stored: the next poll (offset = its id + 1) lets Telegram forget it.
    storing.resolve();
    await api.until(() => api?.pendingUpdates.length === 0, "the batch confirmed");
  });

  it("a batch the store refuses is not confirmed: it is fetched again and stored then", async () => {
    api = await startSimulator();
    let refusals = 1;
    const stored = new Recorder<number>();
    const { log } = await poll(api, async (updates) => {
      if (refusals-- > 0) throw new Error("SQLITE_BUSY: database is locked");
      for (const update of updates) stored.push(update.update_id);
    });
    const { update } = api.pushUpdate(api.updates.textMessage("again"));
    await stored.count(1);
    expect(stored.values).toEqual([update.update_id]);
    expect(
      log
        .records()
        .filter(
          (r) => r.msg === "polling: could not store updates; Telegram keeps them until they are",
        ),
    ).toHaveLength(1);
    await api.until(() => api?.pendingUpdates.length === 0, "the batch confirmed");
  });

  it("at stop, ends the long poll and confirms everything stored, so nothing comes twice", async () => {
    api = await startSimulator();
    const { source, stored, log } = await poll(api);
    const { update } = api.pushUpdate(api.updates.textMessage("last one"));
    await stored.count(1);
    await source.stop();
    expect(api.pendingUpdates).toEqual([]);
    expect(
      log.records().some((r) => r.msg === "polling: confirmed stored updates to Telegram"),
    ).toBe(true);
    expect(api.callsOf("getUpdates").at(-1)?.payload.offset).toBe(update.update_id + 1);
    // An update that arrives after the stop waits for the next start.
    const late = api.pushUpdate(api.updates.textMessage("late")).update;
    const next = await poll(api);
    await next.stored.count(1);
    expect(next.stored.values.map((u) => u.update_id)).toEqual([late.update_id]);
  });

  it("keeps polling through 5xx answers and dropped connections, logging no token", async () => {
    api = await startSimulator();
    const { stored, log } = await poll(api);
    api.failNext("getUpdates", { type: "server_error", status: 502 });
    api.failNext("getUpdates", { type: "drop" });
    api.failNext("getUpdates", { type: "server_error", status: 500 });
    api.pushUpdate(api.updates.textMessage("still there?"));
    await stored.count(1);
    expect(api.callsOf("getUpdates").filter((c) => c.fault !== undefined)).toHaveLength(3);
    expect(log.records().filter((r) => r.msg === "getUpdates failed; retrying")).toHaveLength(3);
    // The dropped connection's error names the request URL, token included: scrubbed.
    expect(log.text()).toContain("/bot[REDACTED]/getUpdates");
    expect(log.text()).not.toContain(api.token);
    expect(log.text()).not.toContain(api.token.split(":")[1]);
  });

  it("stops with an error when Telegram refuses the token, logging no token", async () => {
    api = await startSimulator();
    const { source, log } = await poll(api);
    api.failNext("getUpdates", {
      type: "error",
      error: { error_code: 401, description: "Unauthorized" },
    });
    await expect(source.done).rejects.toThrow(/Unauthorized/);
    expect(log.records().some((r) => r.level === 60)).toBe(true);
    expect(log.text()).not.toContain(api.token);
  });
});
