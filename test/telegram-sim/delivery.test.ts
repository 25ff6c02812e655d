/**
 * The simulator's delivery of updates: getUpdates with Telegram's long-poll semantics (in
 * process, with fake timers for the timeouts, and over HTTP for what only HTTP has), webhook
 * POSTs with retries, privacy mode, and command lists.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TelegramSimulator } from "../../src/telegram-sim/index.js";
import { callBotApi, callInProcess, responseJson } from "./bot-api-call.js";

let api: TelegramSimulator;

beforeEach(async () => {
  api = new TelegramSimulator();
  await api.listen();
});

afterEach(async () => {
  vi.useRealTimers();
  await api.close();
});

const call = (method: string, params: Record<string, unknown> = {}) =>
  callBotApi(api, method, params);
const callHere = (method: string, params: Record<string, unknown> = {}) =>
  callInProcess(api, method, params);

const ids = (updates: Update[]) => updates.map((update) => update.update_id);
const pollWaiting = () => api.until(() => api.longPollWaiting, "a waiting long poll");

describe("getUpdates", () => {
  it("waits for an update and wakes as soon as one is pushed", async () => {
    let answered = false;
    const polling = callHere("getUpdates", { timeout: 600 }).finally(() => {
      answered = true;
    });
    await pollWaiting();
    expect(answered).toBe(false);
    const { update } = api.pushUpdate(api.updates.textMessage("привет"));
    const { body } = await polling;
    expect(ids(body.result)).toEqual([update.update_id]);
  });

  it("answers an empty list when the timeout passes, and at once with timeout 0", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let answer: unknown;
    const polling = callHere("getUpdates", { timeout: 2 }).then((r) => {
      answer = r.body;
    });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(answer).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await polling;
    expect(answer).toEqual({ ok: true, result: [] });
    // Timeout 0 answers without waiting for any timer.
    expect((await callHere("getUpdates")).body).toEqual({ ok: true, result: [] });
  });

  it("keeps updates until an offset confirms them", async () => {
    const pushed = [1, 2, 3].map(
      (n) => api.pushUpdate(api.updates.textMessage(`m${n}`)).update.update_id,
    );
    expect(ids((await call("getUpdates")).body.result)).toEqual(pushed);
    // Not confirmed yet: the same updates again.
    expect(ids((await call("getUpdates", { limit: 2 })).body.result)).toEqual(pushed.slice(0, 2));
    expect(ids((await call("getUpdates", { offset: pushed[1] })).body.result)).toEqual(
      pushed.slice(1),
    );
    expect(
      ids((await call("getUpdates", { offset: (pushed[2] as number) + 1 })).body.result),
    ).toEqual([]);
    expect(api.pendingUpdates).toEqual([]);
  });

  it("keeps only the last -offset updates for a negative offset", async () => {
    const pushed = [1, 2, 3].map(
      (n) => api.pushUpdate(api.updates.textMessage(`m${n}`)).update.update_id,
    );
    expect(ids((await call("getUpdates", { offset: -1 })).body.result)).toEqual(pushed.slice(2));
  });

  it("filters by allowed_updates until they are changed; chat_member only on request", async () => {
    await call("getUpdates", { allowed_updates: ["callback_query"] });
    const sent = (
      await call("sendMessage", {
        chat_id: 1_000_001,
        text: "?",
        reply_markup: { inline_keyboard: [[{ text: "a", callback_data: "a" }]] },
      })
    ).body.result;
    expect(api.pushUpdate(api.updates.textMessage("ignored"))).toMatchObject({
      queued: false,
      droppedBecause: "allowed_updates",
    });
    const press = api.pushUpdate(api.updates.callbackQuery(sent, "a"));
    // No allowed_updates this time: the filter stays.
    expect(ids((await call("getUpdates")).body.result)).toEqual([press.update.update_id]);
    expect(api.pushUpdate(api.updates.textMessage("still ignored")).queued).toBe(false);

    await call("getUpdates", { allowed_updates: [] });
    expect(api.pushUpdate(api.updates.textMessage("back to default")).queued).toBe(true);
    const member = api.updates.numbered({
      chat_member: api.updates.addedToGroup().my_chat_member,
    } as Omit<Update, "update_id">);
    expect(api.pushUpdate(member).queued).toBe(false);

    // A press the bot was never sent is not one it failed to answer; the one it got is.
    await call("getUpdates", { allowed_updates: ["message"] });
    expect(api.pushUpdate(api.updates.callbackQuery(sent, "a")).queued).toBe(false);
    expect(api.problems()).toEqual([
      `callback_query ${press.update.callback_query?.id} answered 0 times`,
    ]);
  });

  it("ends a waiting getUpdates with 409 when another one starts", async () => {
    const first = callHere("getUpdates", { timeout: 600 });
    await pollWaiting();
    const second = callHere("getUpdates", { timeout: 600 });
    expect(await first).toEqual({
      status: 409,
      body: {
        ok: false,
        error_code: 409,
        description:
          "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
      },
    });
    const { update } = api.pushUpdate(api.updates.textMessage("для второго"));
    expect(ids((await second).body.result)).toEqual([update.update_id]);
  });

  it("refuses getUpdates while a webhook is set", async () => {
    await call("setWebhook", { url: "http://127.0.0.1:9/hook" });
    expect(await call("getUpdates")).toEqual({
      status: 409,
      body: {
        ok: false,
        error_code: 409,
        description:
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      },
    });
    await call("deleteWebhook");
    expect((await call("getUpdates")).status).toBe(200);
  });

  it("over HTTP, forgets a long poll whose client went away", async () => {
    const abandoned = new AbortController();
    const polling = fetch(`${api.apiRoot}/bot${api.token}/getUpdates?timeout=600`, {
      signal: abandoned.signal,
    });
    await pollWaiting();
    abandoned.abort();
    await expect(polling).rejects.toThrow();
    expect(await api.waitForCall("getUpdates")).toMatchObject({ clientClosed: true });
    // Nobody is waiting any more, so the next poll is no conflict.
    expect((await call("getUpdates")).status).toBe(200);
  });

  it("over HTTP, ends pending long polls on close", async () => {
    // Ten minutes: only the close can end this poll within the test's time.
    const polling = call("getUpdates", { timeout: 600 });
    await pollWaiting();
    await api.close();
    expect((await polling).body).toEqual({ ok: true, result: [] });
  });
});

/** A local webhook receiver that answers with the statuses given, then 200. */
async function startReceiver(statuses: number[], replyBody = "") {
  const received: { headers: IncomingHttpHeaders; update: Update }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        headers: request.headers,
        update: JSON.parse(Buffer.concat(chunks).toString()),
      });
      const status = statuses.shift() ?? 200;
      response.writeHead(status, { "content-type": "application/json" });
      response.end(status === 200 ? replyBody : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/telegram`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { url, received, close };
}

describe("webhook", () => {
  it("posts updates with the secret header and retries until the answer is 2xx", async () => {
    const fast = new TelegramSimulator({ webhookRetryDelayMs: 1 });
    await fast.listen();
    const receiver = await startReceiver([500, 502]);
    try {
      const set = await fetch(`${fast.apiRoot}/bot${fast.token}/setWebhook`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ url: receiver.url, secret_token: "s3cr3t_TOKEN-1" }),
      });
      expect((await responseJson(set)).result).toBe(true);
      const first = fast.pushUpdate(fast.updates.textMessage("раз")).update;
      const second = fast.pushUpdate(fast.updates.textMessage("два")).update;
      await fast.until(() => fast.webhookDeliveries.length === 4, "four deliveries");

      // The first update three times (500, 502, 200), then the second: one at a time, in order.
      expect(receiver.received.map(({ update }) => update.update_id)).toEqual([
        first.update_id,
        first.update_id,
        first.update_id,
        second.update_id,
      ]);
      expect(receiver.received[0]?.update).toEqual(first);
      expect(
        receiver.received.every(
          ({ headers }) => headers["x-telegram-bot-api-secret-token"] === "s3cr3t_TOKEN-1",
        ),
      ).toBe(true);
      expect(fast.webhookDeliveries.map((delivery) => delivery.status)).toEqual([
        500, 502, 200, 200,
      ]);

      const info = await responseJson(
        await fetch(`${fast.apiRoot}/bot${fast.token}/getWebhookInfo`),
      );
      expect(info.result).toMatchObject({
        url: receiver.url,
        pending_update_count: 0,
        last_error_message: "Wrong response from the webhook: 502 Bad Gateway",
      });
    } finally {
      await fast.close();
      await receiver.close();
    }
  });

  it("runs a method call the webhook answers with", async () => {
    const receiver = await startReceiver(
      [],
      JSON.stringify({
        method: "sendMessage",
        chat_id: 1_000_001,
        text: "<b>ответ</b>",
        parse_mode: "HTML",
      }),
    );
    try {
      await call("setWebhook", { url: receiver.url });
      api.pushUpdate(api.updates.textMessage("вопрос"));
      const reply = await api.waitForCall("sendMessage");
      expect(reply).toMatchObject({ source: "webhook-reply", ok: true });
      expect(reply.response).toMatchObject({ result: { text: "ответ" } });
    } finally {
      await api.close();
      await receiver.close();
    }
  });
});

describe("privacy mode", () => {
  it("hides plain group messages but delivers commands, replies to the bot and service messages", async () => {
    const group = api.updates.supergroup();
    expect(api.pushUpdate(api.updates.textMessage("просто текст", { chat: group }))).toMatchObject({
      queued: false,
      droppedBecause: "privacy_mode",
    });
    expect(
      api.pushUpdate(api.updates.textMessage(`@${api.botInfo.username} ответь`, { chat: group }))
        .queued,
    ).toBe(false);
    expect(api.pushUpdate(api.updates.command("help", "", { chat: group })).queued).toBe(true);
    expect(
      api.pushUpdate(api.updates.command("help", "", { chat: group, addressed: true })).queued,
    ).toBe(true);
    expect(api.pushUpdate(api.updates.textMessage("/help@other_bot", { chat: group })).queued).toBe(
      false,
    );

    const botMessage = (await call("sendMessage", { chat_id: group.id, text: "Вопрос?" })).body
      .result;
    expect(
      api.pushUpdate(api.updates.textMessage("да", { chat: group, replyTo: botMessage })).queued,
    ).toBe(true);
    expect(api.pushUpdate(api.updates.addedToGroup({ chat: group })).queued).toBe(true);
    expect(api.pushUpdate(api.updates.textMessage("в личке", {})).queued).toBe(true);
  });

  it("delivers everything when the bot reads all group messages", async () => {
    const reader = new TelegramSimulator({ botInfo: { can_read_all_group_messages: true } });
    expect(
      reader.pushUpdate(reader.updates.textMessage("текст", { chat: reader.updates.supergroup() }))
        .queued,
    ).toBe(true);
  });
});

describe("commands and bot texts", () => {
  it("keeps command lists per scope and language", async () => {
    const commands = [{ command: "/start", description: " Начать " }];
    await call("setMyCommands", { commands, language_code: "ru" });
    await call("setMyCommands", {
      commands: [{ command: "admin", description: "Админ" }],
      scope: { type: "all_chat_administrators" },
    });
    expect((await call("getMyCommands", { language_code: "ru" })).body.result).toEqual([
      { command: "start", description: "Начать" },
    ]);
    expect((await call("getMyCommands")).body.result).toEqual([]);
    await call("deleteMyCommands", { language_code: "ru" });
    expect((await call("getMyCommands", { language_code: "ru" })).body.result).toEqual([]);
    expect(
      (await call("setMyDescription", { description: "Бот о сотрудничестве" })).body.result,
    ).toBe(true);
    expect((await call("getMyDescription")).body.result).toEqual({
      description: "Бот о сотрудничестве",
    });
  });
});
