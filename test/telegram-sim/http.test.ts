/**
 * The simulator's HTTP front end and the Bot API it simulates: Telegram's answers and refusals,
 * messages, edits, queries, injected faults and held calls, and a real grammY bot against it.
 */
import { Bot, GrammyError, HttpError } from "grammy";
import type { Message } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TelegramSimulator } from "../../src/telegram-sim/index.js";
import { callBotApi, callInProcess, responseJson } from "./bot-api-call.js";

/** A clock tests move by hand: message dates and query expiry read it. */
const START = Date.UTC(2025, 0, 15, 12, 0, 0);
let now = START;
let api: TelegramSimulator;

beforeEach(async () => {
  now = START;
  api = new TelegramSimulator({
    botInfo: { username: "tomsk_coop_bot", first_name: "Tomsk Coop" },
    clock: () => now,
  });
  await api.listen();
});

afterEach(async () => {
  await api.close();
});

const call = (method: string, params: Record<string, unknown> = {}, token?: string) =>
  callBotApi(api, method, params, token);

const user = 1_000_001;

describe("HTTP surface", () => {
  it("answers getMe with the configured bot and Telegram's shape", async () => {
    const { status, body } = await call("getMe");
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, result: api.botInfo });
    expect(body.result).toMatchObject({
      is_bot: true,
      username: "tomsk_coop_bot",
      can_read_all_group_messages: false,
    });
    expect((await call("GETME")).body.ok).toBe(true);
  });

  it("answers 401 to a wrong token and 404 to an unknown method", async () => {
    expect(await call("getMe", {}, "123:wrong")).toEqual({
      status: 401,
      body: { ok: false, error_code: 401, description: "Unauthorized" },
    });
    expect(await call("sendHologram")).toEqual({
      status: 404,
      body: { ok: false, error_code: 404, description: "Not Found" },
    });
  });

  it("reads form-encoded and multipart bodies and GET query strings", async () => {
    const url = `${api.apiRoot}/bot${api.token}/sendMessage`;
    const keyboard = JSON.stringify({ inline_keyboard: [[{ text: "Да", callback_data: "yes" }]] });
    const form = await fetch(url, {
      method: "POST",
      body: new URLSearchParams({ chat_id: "5", text: "форма", reply_markup: keyboard }),
    });
    expect((await responseJson(form)).result).toMatchObject({
      text: "форма",
      reply_markup: JSON.parse(keyboard),
    });

    const multipart = new FormData();
    multipart.set("chat_id", "5");
    multipart.set("text", "<b>мульти</b>");
    multipart.set("parse_mode", "HTML");
    const sent = await responseJson(await fetch(url, { method: "POST", body: multipart }));
    expect(sent.result).toMatchObject({
      text: "мульти",
      entities: [{ type: "bold", offset: 0, length: 6 }],
    });

    const viaGet = await responseJson(await fetch(`${url}?chat_id=5&text=get`));
    expect(viaGet.result.text).toBe("get");
    expect(api.callsOf("sendMessage").map((recorded) => recorded.payload.reply_markup)).toEqual([
      JSON.parse(keyboard),
      undefined,
      undefined,
    ]);
  });

  it("records every call with its answer, and lists the ones Telegram would refuse", async () => {
    await call("sendMessage", { chat_id: user, text: "fine" });
    const refused = await call("sendMessage", { chat_id: user, text: "1 < 2", parse_mode: "HTML" });
    expect(refused).toEqual({
      status: 400,
      body: {
        ok: false,
        error_code: 400,
        description:
          'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2',
      },
    });
    expect(api.calls.map((recorded) => [recorded.method, recorded.status, recorded.ok])).toEqual([
      ["sendMessage", 200, true],
      ["sendMessage", 400, false],
    ]);
    expect(api.rejectedCalls()).toHaveLength(1);
    expect(api.rejectedCalls()[0]?.payload.text).toBe("1 < 2");
    expect(api.messagesIn(user).map((message) => message.text)).toEqual(["fine"]);
  });
});

describe("messages", () => {
  it("returns realistic messages with per-chat ids, the parsed text and the keyboard", async () => {
    const markup = { inline_keyboard: [[{ text: "Подробнее", callback_data: "more" }]] };
    const first = (
      await call("sendMessage", {
        chat_id: user,
        text: "<i>Привет</i>",
        parse_mode: "HTML",
        reply_markup: markup,
      })
    ).body.result;
    const second = (await call("sendMessage", { chat_id: user, text: "второе" })).body.result;
    const elsewhere = (await call("sendMessage", { chat_id: -1001234567890, text: "группа" })).body
      .result;
    expect(first).toMatchObject({
      message_id: 1,
      from: { id: api.botInfo.id, is_bot: true, username: "tomsk_coop_bot" },
      chat: { id: user, type: "private" },
      text: "Привет",
      entities: [{ type: "italic", offset: 0, length: 6 }],
      reply_markup: markup,
    });
    expect(first.date).toBe(START / 1000);
    expect(second.message_id).toBe(2);
    expect(elsewhere).toMatchObject({ message_id: 1, chat: { type: "supergroup" } });
  });

  it("embeds the replied message, and refuses a reply to a message that does not exist", async () => {
    const incoming = api.pushUpdate(api.updates.textMessage("Где найти отчёт?")).update
      .message as Message;
    const answer = (
      await call("sendMessage", {
        chat_id: user,
        text: "Вот",
        reply_parameters: { message_id: incoming.message_id },
      })
    ).body.result;
    expect(answer.message_id).toBe(incoming.message_id + 1);
    expect(answer.reply_to_message).toEqual(incoming);
    expect(
      (
        await call("sendMessage", {
          chat_id: user,
          text: "x",
          reply_parameters: { message_id: 99 },
        })
      ).body.description,
    ).toBe("Bad Request: message to be replied not found");
    const lenient = await call("sendMessage", {
      chat_id: user,
      text: "x",
      reply_parameters: { message_id: 99, allow_sending_without_reply: true },
    });
    expect(lenient.body.ok).toBe(true);
    expect(lenient.body.result.reply_to_message).toBeUndefined();
  });

  it("edits messages, and answers 'not modified' when nothing changes", async () => {
    const markup = { inline_keyboard: [[{ text: "Ещё", callback_data: "more" }]] };
    const sent = (await call("sendMessage", { chat_id: user, text: "Шаг 1", reply_markup: markup }))
      .body.result;
    const target = { chat_id: user, message_id: sent.message_id };

    const edited = await call("editMessageText", {
      ...target,
      text: "<b>Шаг 2</b>",
      parse_mode: "HTML",
      reply_markup: markup,
    });
    expect(edited.body.result).toMatchObject({
      text: "Шаг 2",
      entities: [{ type: "bold" }],
      reply_markup: markup,
    });
    expect(edited.body.result.edit_date).toBeTypeOf("number");

    const same = await call("editMessageText", {
      ...target,
      text: "<b>Шаг 2</b>",
      parse_mode: "HTML",
      reply_markup: markup,
    });
    expect(same).toEqual({
      status: 400,
      body: {
        ok: false,
        error_code: 400,
        description:
          "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      },
    });
    // The same text without reply_markup removes the keyboard: that is a change.
    expect(
      (await call("editMessageText", { ...target, text: "<b>Шаг 2</b>", parse_mode: "HTML" })).body
        .ok,
    ).toBe(true);
    expect(api.message(user, sent.message_id)?.reply_markup).toBeUndefined();
    expect((await call("editMessageReplyMarkup", target)).body.description).toMatch(
      /^Bad Request: message is not modified/,
    );
    expect(
      (await call("editMessageReplyMarkup", { ...target, reply_markup: markup })).body.result
        .reply_markup,
    ).toEqual(markup);

    expect(
      (await call("editMessageText", { chat_id: user, message_id: 404, text: "x" })).body
        .description,
    ).toBe("Bad Request: message to edit not found");
  });

  it("refuses to edit a user's message and deletes only what exists", async () => {
    const incoming = api.pushUpdate(api.updates.textMessage("мой текст")).update.message as Message;
    expect(
      (await call("editMessageText", { chat_id: user, message_id: incoming.message_id, text: "x" }))
        .body.description,
    ).toBe("Bad Request: message can't be edited");
    expect(
      (await call("deleteMessage", { chat_id: user, message_id: incoming.message_id })).body,
    ).toEqual({ ok: true, result: true });
    expect(
      (await call("deleteMessage", { chat_id: user, message_id: incoming.message_id })).body
        .description,
    ).toBe("Bad Request: message to delete not found");
  });

  it("answers 403 when a user blocked the bot or the bot left the group", async () => {
    api.setBlocked(user, true);
    expect(await call("sendMessage", { chat_id: user, text: "x" })).toMatchObject({
      status: 403,
      body: { error_code: 403, description: "Forbidden: bot was blocked by the user" },
    });
    const group = -1001234567890;
    expect((await call("leaveChat", { chat_id: group })).body.result).toBe(true);
    expect(
      (await call("sendChatAction", { chat_id: group, action: "typing" })).body.description,
    ).toBe("Forbidden: bot is not a member of the supergroup chat");
  });
});

describe("callback and inline queries", () => {
  it("lets a callback query be answered once, and only if it was delivered", async () => {
    const sent = (
      await call("sendMessage", {
        chat_id: user,
        text: "Выбор",
        reply_markup: { inline_keyboard: [[{ text: "A", callback_data: "a" }]] },
      })
    ).body.result;
    const { update } = api.pushUpdate(api.updates.callbackQuery(sent, "a"));
    const query = update.callback_query;
    expect(query?.message).toEqual(sent);
    expect(query?.from.id).toBe(user);

    expect(
      (await call("answerCallbackQuery", { callback_query_id: query?.id, text: "Готово" })).body,
    ).toEqual({ ok: true, result: true });
    const tooOld =
      "Bad Request: query is too old and response timeout expired or query ID is invalid";
    expect(
      (await call("answerCallbackQuery", { callback_query_id: query?.id })).body.description,
    ).toBe(tooOld);
    expect((await call("answerCallbackQuery", { callback_query_id: "123" })).body.description).toBe(
      tooOld,
    );
  });

  it("puts the current message, reply included, into a callback query", async () => {
    const question = api.pushUpdate(api.updates.textMessage("Вопрос")).update.message as Message;
    const sent = (
      await call("sendMessage", {
        chat_id: user,
        text: "v1",
        reply_parameters: { message_id: question.message_id },
        reply_markup: { inline_keyboard: [[{ text: "A", callback_data: "a" }]] },
      })
    ).body.result;
    await call("editMessageText", { chat_id: user, message_id: sent.message_id, text: "v2" });
    // A stale copy of the message still yields the current version.
    const query = api.updates.callbackQuery(sent, "a").callback_query;
    expect(query?.message).toMatchObject({ text: "v2", reply_to_message: { text: "Вопрос" } });
  });

  it("expires unanswered queries after the answer window", async () => {
    const early = api.pushUpdate(api.updates.inlineQuery("отчёт")).update.inline_query?.id;
    const late = api.pushUpdate(api.updates.inlineQuery("отчёт")).update.inline_query?.id;
    now += 15_000;
    expect((await call("answerInlineQuery", { inline_query_id: early, results: [] })).body).toEqual(
      { ok: true, result: true },
    );
    now += 1;
    expect(
      (await call("answerInlineQuery", { inline_query_id: late, results: [] })).body.description,
    ).toMatch(/query is too old/);
  });
});

describe("fault injection", () => {
  it("answers 429 with retry_after, then works again", async () => {
    api.failNext("sendMessage", { type: "retry_after", seconds: 7 });
    expect(await call("sendMessage", { chat_id: user, text: "x" })).toEqual({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: "Too Many Requests: retry after 7",
        parameters: { retry_after: 7 },
      },
    });
    expect((await call("sendMessage", { chat_id: user, text: "x" })).status).toBe(200);
    expect(api.calls[0]?.fault).toEqual({ type: "retry_after", seconds: 7 });
  });

  it("answers 500 and 502, drops connections, and applies faults to the next N calls only", async () => {
    api.failNext("getMe", { type: "server_error", status: 500 });
    api.failNext("getMe", { type: "server_error", status: 502 });
    api.failNext("*", { type: "drop" });
    expect((await call("getMe")).body).toEqual({
      ok: false,
      error_code: 500,
      description: "Internal Server Error",
    });
    const gateway = await fetch(`${api.apiRoot}/bot${api.token}/getMe`);
    expect(gateway.status).toBe(502);
    expect(await gateway.text()).toContain("502 Bad Gateway");
    await expect(call("getMe")).rejects.toThrow();
    expect((await call("getMe")).status).toBe(200);
    expect(api.calls.map((recorded) => recorded.status)).toEqual([500, 502, 0, 200]);
  });

  it("holds matching calls until released, and lets others through", async () => {
    const hold = api.hold("sendMessage", (c) => c.payload.chat_id === user);
    let answered = false;
    const held = call("sendMessage", { chat_id: user, text: "медленно" }).then((r) => {
      answered = true;
      return r;
    });
    expect(await hold.arrived).toMatchObject({ payload: { text: "медленно" } });
    expect(hold.waiting).toBe(1);
    // Another chat, and another method, are not held.
    expect((await call("sendMessage", { chat_id: user + 1, text: "быстро" })).status).toBe(200);
    expect((await call("getMe")).status).toBe(200);
    expect(answered).toBe(false);
    hold.release();
    expect((await held).status).toBe(200);
    expect(api.calls.map((c) => c.method)).toEqual(["sendMessage", "getMe", "sendMessage"]);
  });
});

describe("the in-process front end", () => {
  it("answers the same as over HTTP, refusals and faults included", async () => {
    const markup = { inline_keyboard: [[{ text: "A", callback_data: "a" }]] };
    const here = await callInProcess(api, "sendMessage", {
      chat_id: user,
      text: "<b>x</b>",
      parse_mode: "HTML",
      reply_markup: markup,
    });
    expect(here.body.result).toMatchObject({ message_id: 1, text: "x", reply_markup: markup });
    const overHttp = await call("sendMessage", {
      chat_id: user,
      text: "<b>x</b>",
      parse_mode: "HTML",
    });
    expect(overHttp.body.result).toMatchObject({ message_id: 2, text: "x" });
    expect(api.calls.map((c) => c.source)).toEqual(["transformer", "http"]);
  });

  it("is a grammY transformer: the bot's calls never reach the network", async () => {
    // The API root is a closed port: a request that left the process would fail.
    const bot = new Bot(api.token, {
      botInfo: api.botInfo,
      client: { apiRoot: "http://127.0.0.1:9" },
    });
    bot.api.config.use(api.transformer);
    expect(await bot.api.getMe()).toEqual(api.botInfo);
    const sent = await bot.api.sendMessage(user, "<i>Томск</i>", { parse_mode: "HTML" });
    expect(sent).toMatchObject({ text: "Томск", entities: [{ type: "italic" }] });
    await expect(
      bot.api.editMessageText(user, sent.message_id, "<i>Томск</i>", { parse_mode: "HTML" }),
    ).rejects.toThrow(/message is not modified/);
    api.failNext("sendMessage", { type: "drop" });
    await expect(bot.api.sendMessage(user, "x")).rejects.toBeInstanceOf(HttpError);
    api.failNext("sendMessage", { type: "server_error", status: 502 });
    await expect(bot.api.sendMessage(user, "x")).rejects.toMatchObject({ error_code: 502 });
  });
});

describe("a real grammY bot", () => {
  it("sends through bot.api, and gets the 400 as a GrammyError", async () => {
    const bot = new Bot(api.token, { client: { apiRoot: api.apiRoot } });
    const sent = await bot.api.sendMessage(user, "<b>Томская область</b>", { parse_mode: "HTML" });
    expect(sent).toMatchObject({
      text: "Томская область",
      entities: [{ type: "bold", offset: 0, length: 15 }],
    });

    const error = await bot.api
      .sendMessage(user, "<b>незакрытый", { parse_mode: "HTML" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).error_code).toBe(400);
    expect((error as GrammyError).description).toBe(
      "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\"",
    );

    api.failNext("sendMessage", { type: "retry_after", seconds: 3 });
    const limited = await bot.api.sendMessage(user, "x").catch((caught: unknown) => caught);
    expect((limited as GrammyError).parameters.retry_after).toBe(3);

    api.failNext("sendMessage", { type: "drop" });
    expect(await bot.api.sendMessage(user, "x").catch((caught: unknown) => caught)).toBeInstanceOf(
      HttpError,
    );
  });

  it("long-polls updates and answers a command", async () => {
    const bot = new Bot(api.token, { client: { apiRoot: api.apiRoot } });
    bot.command("start", (ctx) => ctx.reply(`Здравствуйте, ${ctx.from?.first_name}!`));
    const running = bot.start({ drop_pending_updates: false });
    api.pushUpdate(api.updates.command("start"));
    const reply = await api.waitForCall("sendMessage");
    expect(reply.payload).toMatchObject({ chat_id: user, text: "Здравствуйте, Alice!" });
    await bot.stop();
    await running;
    // grammY confirmed the update when stopping.
    expect(api.pendingUpdates).toEqual([]);
    expect(api.rejectedCalls()).toEqual([]);
  });
});
