/**
 * Webhook mode, as intake only: a node:http server that takes Telegram's POSTs
 * (only with the right secret), stores each update in the inbox and answers
 * 200 as soon as it is stored — handling is the dispatcher's. Telegram waits
 * for no reply, and a replica that dies after the 200 loses nothing: the
 * update is in the shared store. The same server answers /healthz and /readyz.
 */
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Bot, Context } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../logger.js";
import { type Health, sendJson } from "./health.js";
import type { IntakeResult } from "./intake.js";
import { describeError, InFlight } from "./service.js";
import type { UpdateType } from "./updates.js";

export const SECRET_HEADER = "x-telegram-bot-api-secret-token";

export interface WebhookOptions {
  readonly logger: Logger;
  /** The public URL Telegram posts to; its path is the path this server accepts updates at. */
  readonly url: string;
  /** Telegram sends it back in X-Telegram-Bot-Api-Secret-Token. */
  readonly secret: string;
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Exactly the update types the bot handles (createBot's ALLOWED_UPDATES); Telegram sends nothing else. */
  readonly allowedUpdates: readonly UpdateType[];
  /** Stores an update durably; rejects if it could not (answered 503, so Telegram sends it again). */
  readonly accept: (updates: readonly Update[]) => Promise<IntakeResult>;
  /** Serves /healthz and /readyz; without it they are 404. */
  readonly health?: Health;
  /** Larger request bodies are refused with 413; 1 MiB by default. */
  readonly maxBodyBytes?: number;
  /** Call setWebhook at start (true by default). */
  readonly setWebhook?: boolean;
}

export interface WebhookIntake {
  /** Where the server listens. */
  readonly address: { readonly host: string; readonly port: number };
  /** Rejects if the server fails; resolves once it is closed. */
  readonly done: Promise<void>;
  /**
   * Takes no more updates (503, so Telegram keeps them for the next start or
   * another replica), waits for the requests being stored, closes the server.
   */
  stop(): Promise<void>;
}

/**
 * Starts webhook mode: listens on host:port, then calls setWebhook with the
 * secret and allowed_updates (the webhook stays set at stop: Telegram keeps
 * new updates until a replica takes them).
 */
export async function startWebhook<C extends Context>(
  bot: Bot<C>,
  options: WebhookOptions,
): Promise<WebhookIntake> {
  const {
    logger,
    url,
    secret,
    host,
    port,
    allowedUpdates,
    accept,
    health,
    maxBodyBytes = 1024 * 1024,
    setWebhook = true,
  } = options;
  const path = new URL(url).pathname;
  const expectedSecret = Buffer.from(secret, "utf8");
  /** Requests being stored, by update id. */
  const storing = new InFlight();
  let stopping = false;

  const onUpdate = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST") {
      return reply(res, 405, { ok: false, error: "POST only" }, { allow: "POST" });
    }
    if (!secretMatches(req.headers[SECRET_HEADER], expectedSecret)) {
      logger.warn(
        { remote: req.socket.remoteAddress },
        "webhook: request without the right secret refused",
      );
      req.resume();
      return reply(res, 401, { ok: false, error: "unauthorized" }, { connection: "close" });
    }
    if (stopping) {
      req.resume();
      return reply(res, 503, { ok: false, error: "shutting down" }, { connection: "close" });
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === "too large") {
      return reply(res, 413, { ok: false, error: "body too large" }, { connection: "close" });
    }
    if (body === "aborted") return;
    const update = parseUpdate(body);
    if (update === undefined) return reply(res, 400, { ok: false, error: "not an update" });

    let result: IntakeResult;
    try {
      result = await storing.track(update.update_id, accept([update]));
    } catch (error) {
      logger.error(
        { error: describeError(error), updateId: update.update_id },
        "webhook: could not store the update; answering 503 so Telegram sends it again",
      );
      return reply(res, 503, { ok: false, error: "store unavailable" });
    }
    if (result.repeated.length > 0) {
      // Telegram sent again what this or another replica already took: handled once.
      logger.info({ updateId: update.update_id }, "webhook: repeated update ignored");
    }
    return reply(res, 200);
  };

  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    const route =
      pathname === path
        ? onUpdate(req, res)
        : Promise.resolve(
            health?.serve(req, res, pathname) || reply(res, 404, { ok: false, error: "not found" }),
          );
    route.catch((error: unknown) => {
      logger.error({ error: describeError(error) }, "webhook: request failed");
      if (!res.headersSent) reply(res, 500, { ok: false, error: "internal error" });
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  const { address, done } = await listen(server, host, port, logger, "webhook server failed");

  if (setWebhook) {
    try {
      await bot.api.setWebhook(url, {
        secret_token: secret,
        allowed_updates: [...allowedUpdates],
        drop_pending_updates: false,
      });
    } catch (error) {
      server.close();
      throw error;
    }
  }
  logger.info(
    { mode: "webhook", host: address.host, port: address.port, path, allowedUpdates },
    "webhook server listening",
  );

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      stopping = true;
      logger.info({ storing: storing.size }, "webhook: taking no more updates");
      await storing.idle();
      await closeServer(server);
      logger.info("webhook: server closed");
    })();
    return stopped;
  };

  return { address, done, stop };
}

/**
 * The health endpoints alone, for polling mode (when PORT is set): /healthz
 * and /readyz, 404 for anything else.
 */
export async function startHealthServer(options: {
  readonly logger: Logger;
  readonly health: Health;
  readonly host: string;
  readonly port: number;
}): Promise<{ readonly address: { host: string; port: number }; close(): Promise<void> }> {
  const { logger, health, host, port } = options;
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    if (!health.serve(req, res, pathname)) reply(res, 404, { ok: false, error: "not found" });
  });
  const { address } = await listen(server, host, port, logger, "health server failed");
  logger.info({ host: address.host, port: address.port }, "health endpoints listening");
  return { address, close: () => closeServer(server) };
}

async function listen(
  server: Server,
  host: string,
  port: number,
  logger: Logger,
  failure: string,
): Promise<{ address: { host: string; port: number }; done: Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port: boundPort, address: boundHost } = server.address() as AddressInfo;
  const done = new Promise<void>((resolve, reject) => {
    server.once("close", resolve);
    server.once("error", (error) => {
      logger.fatal({ error: describeError(error) }, failure);
      reject(error);
    });
  });
  done.catch(() => {});
  return { address: { host: boundHost, port: boundPort }, done };
}

/** Stops accepting, lets the last answers flush, then drops whatever connection is left. */
async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise((resolve) => setImmediate(resolve));
  server.closeIdleConnections();
  const forced = setTimeout(() => server.closeAllConnections(), 500);
  await closed;
  clearTimeout(forced);
}

function secretMatches(header: string | string[] | undefined, expected: Buffer): boolean {
  if (typeof header !== "string") return false;
  const given = Buffer.from(header, "utf8");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function reply(
  res: ServerResponse,
  status: number,
  body?: Record<string, unknown>,
  headers: Record<string, string> = {},
): true {
  sendJson(res, status, body, headers);
  return true;
}

function readBody(req: IncomingMessage, limit: number): Promise<string | "too large" | "aborted"> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve("too large");
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        resolve("too large");
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("aborted", () => resolve("aborted"));
    req.on("error", () => resolve("aborted"));
  });
}

function parseUpdate(body: string): Update | undefined {
  try {
    const value: unknown = JSON.parse(body);
    if (
      typeof value === "object" &&
      value !== null &&
      Number.isSafeInteger((value as { update_id?: unknown }).update_id)
    ) {
      return value as Update;
    }
  } catch {
    // not JSON
  }
  return undefined;
}
