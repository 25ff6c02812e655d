/**
 * Webhook mode as intake (startWebhook) with a plain grammY bot: the secret, storing before
 * the 200 (here: a recording `accept`), redeliveries, a store that fails, /healthz and
 * /readyz, body limits, and stopping; updates POSTed by the tests or delivered by the
 * Telegram simulator.
 */
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { Health } from "../../src/runtime/health.js";
import type { IntakeResult } from "../../src/runtime/intake.js";
import type { UpdateType } from "../../src/runtime/updates.js";
import { SECRET_HEADER, startWebhook, type WebhookIntake } from "../../src/runtime/webhook.js";
import { TelegramSimulator } from "../../src/telegram-sim/index.js";
import { Recorder } from "../support/recorder.js";
import { captureLog } from "./log-capture.js";

const SECRET = "test_secret-0123456789";
/** What these plain test bots handle. */
const ALLOWED_UPDATES: readonly UpdateType[] = ["message", "callback_query"];
let api: TelegramSimulator | undefined;

async function startSimulator(): Promise<TelegramSimulator> {
  const sim = new TelegramSimulator();
  await sim.listen();
  return sim;
}
const services: WebhookIntake[] = [];

afterEach(async () => {
  for (const service of services.splice(0)) await service.stop();
  await api?.close();
  api = undefined;
});

interface Started {
  readonly service: WebhookIntake;
  readonly base: string;
  /** Updates stored, in order. */
  readonly stored: Recorder<Update>;
  readonly log: ReturnType<typeof captureLog>;
}

/** A store in memory: new ids are stored (after `gate`, if given), known ones are repeats. */
function memoryAccept(stored: Recorder<Update>, gate?: () => Promise<void>) {
  const seen = new Set<number>();
  return async (updates: readonly Update[]): Promise<IntakeResult> => {
    await gate?.();
    const fresh = updates.filter((u) => !seen.has(u.update_id));
    for (const update of fresh) {
      seen.add(update.update_id);
      stored.push(update);
    }
    return {
      stored: fresh.map((u) => u.update_id),
      repeated: updates.filter((u) => !fresh.includes(u)).map((u) => u.update_id),
      dropped: [],
    };
  };
}

async function start(
  options: {
    setWebhook?: boolean;
    maxBodyBytes?: number;
    accept?: (updates: readonly Update[]) => Promise<IntakeResult>;
    health?: Health;
  } = {},
): Promise<Started> {
  api = await startSimulator();
  const stored = new Recorder<Update>();
  const bot = new Bot(api.token, { client: { apiRoot: api.apiRoot } });
  const log = captureLog({ secrets: [api.token, SECRET] });
  const service = await startWebhook(bot, {
    logger: log.logger,
    allowedUpdates: ALLOWED_UPDATES,
    url: "http://127.0.0.1:8443/telegram/hook",
    secret: SECRET,
    host: "127.0.0.1",
    port: 0,
    setWebhook: options.setWebhook ?? false,
    accept: options.accept ?? memoryAccept(stored),
    ...(options.health && { health: options.health }),
    ...(options.maxBodyBytes !== undefined && { maxBodyBytes: options.maxBodyBytes }),
  });
  services.push(service);
  return { service, base: `http://127.0.0.1:${service.address.port}`, stored, log };
}

function post(base: string, body: unknown, secret?: string, path = "/telegram/hook") {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(secret !== undefined && { [SECRET_HEADER]: secret }),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const ids = (stored: Recorder<Update>) => stored.values.map((u) => u.update_id);

describe("startWebhook", () => {
  it("calls setWebhook with the URL, the secret and exactly the allowed updates", async () => {
    const { log } = await start({ setWebhook: true });
    const call = await api?.waitForCall("setWebhook");
    expect(call?.payload).toMatchObject({
      url: "http://127.0.0.1:8443/telegram/hook",
      secret_token: SECRET,
      allowed_updates: [...ALLOWED_UPDATES],
    });
    expect(call?.ok).toBe(true);
    expect(log.text()).not.toContain(SECRET);
  });

  it("refuses a missing or wrong secret with 401 and stores nothing", async () => {
    const { base, stored } = await start();
    const update = api?.updates.textMessage("sneaky");
    expect((await post(base, update)).status).toBe(401);
    expect((await post(base, update, "wrong_secret")).status).toBe(401);
    expect((await post(base, update, `${SECRET}x`)).status).toBe(401);
    expect((await post(base, update, "")).status).toBe(401);
    expect(stored.values).toEqual([]);
  });

  it("answers 200 once the update is stored, not before, and not after handling it", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const storing = new Recorder<string>();
    const stored = new Recorder<Update>();
    const { base } = await start({
      accept: memoryAccept(stored, async () => {
        storing.push("storing");
        await gate;
      }),
    });
    let answered = false;
    const update = api?.updates.textMessage("hello") as Update;
    const response = post(base, update, SECRET).then((r) => {
      answered = true;
      return r;
    });
    // Being stored: the POST waits.
    await storing.count(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    release();
    expect((await response).status).toBe(200);
    expect(ids(stored)).toEqual([update.update_id]);
  });

  it("answers a repeated update 200 and stores it once", async () => {
    const { base, stored, log } = await start();
    const update = api?.updates.textMessage("once") as Update;
    expect((await post(base, update, SECRET)).status).toBe(200);
    expect((await post(base, update, SECRET)).status).toBe(200);
    expect(ids(stored)).toEqual([update.update_id]);
    expect(log.records().filter((r) => r.msg === "webhook: repeated update ignored")).toHaveLength(
      1,
    );
  });

  it("answers 503 when the store fails, so that Telegram sends the update again", async () => {
    let fail = true;
    const stored = new Recorder<Update>();
    const inner = memoryAccept(stored);
    const { base, log } = await start({
      accept: async (updates) => {
        if (fail) throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
        return inner(updates);
      },
    });
    const update = api?.updates.textMessage("later") as Update;
    expect((await post(base, update, SECRET)).status).toBe(503);
    expect(log.records().some((r) => r.level === 50)).toBe(true);
    fail = false;
    expect((await post(base, update, SECRET)).status).toBe(200);
    expect(ids(stored)).toEqual([update.update_id]);
  });

  it("takes updates that the Bot API server delivers itself, each POSTed once", async () => {
    api = await startSimulator();
    const stored = new Recorder<Update>();
    const bot = new Bot(api.token, { client: { apiRoot: api.apiRoot } });
    const log = captureLog();
    const options = {
      logger: log.logger,
      allowedUpdates: ALLOWED_UPDATES,
      secret: SECRET,
      host: "127.0.0.1",
      accept: memoryAccept(stored),
    };
    // Find a free port first: the URL given to setWebhook must name it.
    const probe = await startWebhook(bot, {
      ...options,
      url: "http://127.0.0.1/x",
      port: 0,
      setWebhook: false,
    });
    const port = probe.address.port;
    await probe.stop();
    const service = await startWebhook(bot, {
      ...options,
      url: `http://127.0.0.1:${port}/hook`,
      port,
    });
    services.push(service);
    const pushed = [
      api.pushUpdate(api.updates.textMessage("one")),
      api.pushUpdate(api.updates.textMessage("two")),
    ];
    await stored.count(2);
    await api.until(() => api?.pendingUpdates.length === 0, "the deliveries answered");
    expect(api.webhookDeliveries.map((d) => [d.updateId, d.status])).toEqual(
      pushed.map((p) => [p.update.update_id, 200]),
    );
  });

  it("serves /healthz and /readyz from the health checks, 404 elsewhere, 405 for GET on the update path", async () => {
    let storeOk = true;
    const health = new Health({
      logger: pino({ level: "silent" }),
      mode: "webhook",
      checkStore: async () =>
        storeOk ? { ok: true, latencyMs: 1 } : { ok: false, latencyMs: 1, error: "disk I/O error" },
      probeApi: async () => {},
      inFlight: () => 3,
      sampleLag: () => 0,
    });
    const { base } = await start({ health });
    const live = await fetch(`${base}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ ok: true, mode: "webhook", inFlight: 3 });
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    storeOk = false;
    await health.checkStore();
    const notReady = await fetch(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({
      ok: false,
      reasons: ["store not writable: disk I/O error"],
    });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await post(base, {}, SECRET, "/other")).status).toBe(404);
    expect((await fetch(`${base}/telegram/hook`)).status).toBe(405);
  });

  it("refuses bodies that are too large or not updates", async () => {
    const { base, stored } = await start({ maxBodyBytes: 1000 });
    const big = api?.updates.textMessage("x".repeat(2000));
    expect((await post(base, big, SECRET)).status).toBe(413);
    expect((await post(base, "{not json", SECRET)).status).toBe(400);
    expect((await post(base, { hello: 1 }, SECRET)).status).toBe(400);
    expect(stored.values).toEqual([]);
  });

  it("at stop, finishes storing the update in progress, answers it 200, and refuses new ones", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const storing = new Recorder<string>();
    const stored = new Recorder<Update>();
    const { base, service } = await start({
      accept: memoryAccept(stored, async () => {
        storing.push("storing");
        await gate;
      }),
    });
    const inFlight = post(base, api?.updates.textMessage("in flight"), SECRET);
    await storing.count(1);
    const stopping = service.stop();
    // New updates are refused (503, or the connection is refused once the port is closed).
    const late = await post(base, api?.updates.textMessage("late"), SECRET).then(
      (r) => r.status,
      () => "refused",
    );
    expect([503, "refused"]).toContain(late);
    release();
    expect((await inFlight).status).toBe(200);
    await stopping;
    expect(stored.values.map((u) => u.message?.text)).toEqual(["in flight"]);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
