/**
 * Webhook mode (startWebhook) with plain grammY bots: the secret, redeliveries, /healthz, body
 * limits, and stopping with requests in flight; updates POSTed by the tests or delivered by
 * the Telegram simulator.
 */
import { Bot, type Context } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import type { UpdateType } from "../../src/runtime/updates.js";
import { SECRET_HEADER, startWebhook, type WebhookService } from "../../src/runtime/webhook.js";
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
const services: WebhookService[] = [];

afterEach(async () => {
  for (const service of services.splice(0)) await service.stop(AbortSignal.timeout(1000));
  await api?.close();
  api = undefined;
});

interface Started {
  readonly service: WebhookService;
  readonly base: string;
  readonly handled: string[];
  readonly log: ReturnType<typeof captureLog>;
}

async function start(
  handler?: (ctx: Context) => Promise<void> | void,
  options: { setWebhook?: boolean; maxBodyBytes?: number } = {},
): Promise<Started> {
  api = await startSimulator();
  const handled: string[] = [];
  const bot = new Bot(api.token, { client: { apiRoot: api.apiRoot } });
  bot.on("message:text", async (ctx) => {
    await handler?.(ctx);
    handled.push(ctx.message.text);
  });
  bot.catch(() => {});
  const log = captureLog({ secrets: [api.token, SECRET] });
  const service = await startWebhook(bot, {
    logger: log.logger,
    allowedUpdates: ALLOWED_UPDATES,
    url: "http://127.0.0.1:8443/telegram/hook",
    secret: SECRET,
    host: "127.0.0.1",
    port: 0,
    setWebhook: options.setWebhook ?? false,
    ...(options.maxBodyBytes !== undefined && { maxBodyBytes: options.maxBodyBytes }),
  });
  services.push(service);
  return { service, base: `http://127.0.0.1:${service.address.port}`, handled, log };
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

describe("startWebhook", () => {
  it("calls setWebhook with the URL, the secret and exactly the allowed updates", async () => {
    const { log } = await start(undefined, { setWebhook: true });
    const call = await api?.waitForCall("setWebhook");
    expect(call?.payload).toMatchObject({
      url: "http://127.0.0.1:8443/telegram/hook",
      secret_token: SECRET,
      allowed_updates: [...ALLOWED_UPDATES],
    });
    expect(call?.ok).toBe(true);
    expect(log.text()).not.toContain(SECRET);
  });

  it("refuses a missing or wrong secret with 401 and handles nothing", async () => {
    const { base, handled } = await start();
    const update = api?.updates.textMessage("sneaky");
    expect((await post(base, update)).status).toBe(401);
    expect((await post(base, update, "wrong_secret")).status).toBe(401);
    expect((await post(base, update, `${SECRET}x`)).status).toBe(401);
    expect((await post(base, update, "")).status).toBe(401);
    expect(handled).toEqual([]);
  });

  it("handles an update posted with the right secret before answering 200", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const running = new Recorder<string>();
    const { base, handled } = await start(async (ctx) => {
      running.push(ctx.message?.text ?? "");
      await gate;
    });
    let answered = false;
    const response = post(base, api?.updates.textMessage("hello"), SECRET).then((r) => {
      answered = true;
      return r;
    });
    // The handler is running and has not finished: the POST is not answered yet.
    await running.count(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    release();
    expect((await response).status).toBe(200);
    expect(handled).toEqual(["hello"]);
  });

  it("handles a repeated update once", async () => {
    const { base, handled } = await start();
    const update = api?.updates.textMessage("once");
    expect((await post(base, update, SECRET)).status).toBe(200);
    expect((await post(base, update, SECRET)).status).toBe(200);
    expect(handled).toEqual(["once"]);
  });

  it("takes updates that the Bot API server delivers itself", async () => {
    api = await startSimulator();
    const handled = new Recorder<string>();
    const bot = new Bot(api.token, { client: { apiRoot: api.apiRoot } });
    bot.on("message:text", (ctx) => {
      handled.push(ctx.message.text);
    });
    const log = captureLog();
    // Find a free port first: the URL given to setWebhook must name it.
    const probe = await startWebhook(bot, {
      logger: log.logger,
      allowedUpdates: ALLOWED_UPDATES,
      url: "http://127.0.0.1/x",
      secret: SECRET,
      host: "127.0.0.1",
      port: 0,
      setWebhook: false,
    });
    const port = probe.address.port;
    await probe.stop();
    const service = await startWebhook(bot, {
      logger: log.logger,
      allowedUpdates: ALLOWED_UPDATES,
      url: `http://127.0.0.1:${port}/hook`,
      secret: SECRET,
      host: "127.0.0.1",
      port,
    });
    services.push(service);
    api.pushUpdate(api.updates.textMessage("delivered by the server"));
    await handled.count(1);
    await api.until(() => api?.pendingUpdates.length === 0, "the delivery answered");
    expect(api.webhookDeliveries[0]).toMatchObject({ status: 200, secretToken: SECRET });
  });

  it("serves GET /healthz, 404 elsewhere, 405 for GET on the update path", async () => {
    const { base } = await start();
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, mode: "webhook", inFlight: 0 });
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await post(base, {}, SECRET, "/other")).status).toBe(404);
    expect((await fetch(`${base}/telegram/hook`)).status).toBe(405);
  });

  it("refuses bodies that are too large or not updates", async () => {
    const { base, handled } = await start(undefined, { maxBodyBytes: 1000 });
    const big = api?.updates.textMessage("x".repeat(2000));
    expect((await post(base, big, SECRET)).status).toBe(413);
    expect((await post(base, "{not json", SECRET)).status).toBe(400);
    expect((await post(base, { hello: 1 }, SECRET)).status).toBe(400);
    expect(handled).toEqual([]);
  });

  it("at stop, finishes the request in flight with 200 and refuses new ones", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const started = new Recorder<string>();
    const { base, service, handled } = await start(async (ctx) => {
      started.push(ctx.message?.text ?? "");
      await gate;
    });
    const inFlight = post(base, api?.updates.textMessage("in flight"), SECRET);
    await started.count(1);
    const stopping = service.stop(AbortSignal.timeout(5000));
    // New updates are refused (503, or the connection is refused once the port is closed).
    const late = await post(base, api?.updates.textMessage("late"), SECRET).then(
      (r) => r.status,
      () => "refused",
    );
    expect([503, "refused"]).toContain(late);
    release();
    expect((await inFlight).status).toBe(200);
    expect(await stopping).toEqual({ abandoned: 0 });
    expect(handled).toEqual(["in flight"]);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it("answers 503 for an update still running at the deadline, so Telegram sends it again", async () => {
    const started = new Recorder<string>();
    const { base, service } = await start(async (ctx) => {
      started.push(ctx.message?.text ?? "");
      await new Promise(() => {});
    });
    const inFlight = post(base, api?.updates.textMessage("stuck"), SECRET);
    await started.count(1);
    // The deadline has passed already.
    const report = await service.stop(AbortSignal.abort());
    expect(report).toEqual({ abandoned: 1 });
    expect((await inFlight).status).toBe(503);
  });
});
