/**
 * Webhook mode: a node:http server that takes Telegram's POSTs (only with the
 * right secret), and serves GET /healthz for load balancers and probes.
 */
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { sequentialize } from "@grammyjs/runner";
import { type Bot, BotError, type Context } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../logger.js";
import { describeError, InFlight, type StopReport, type UpdateService } from "./service.js";
import { sequenceKeys, type UpdateType } from "./updates.js";

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
  /** Larger request bodies are refused with 413; 1 MiB by default. */
  readonly maxBodyBytes?: number;
  /** Call setWebhook at start (true by default). */
  readonly setWebhook?: boolean;
}

export interface WebhookService extends UpdateService {
  readonly mode: "webhook";
  /** Where the server listens. */
  readonly address: { readonly host: string; readonly port: number };
}

/** How many recent update ids are remembered to ignore Telegram's redeliveries. */
const RECENT_IDS = 1000;

/**
 * Starts webhook mode: fetches the bot's identity (getMe), listens on host:port,
 * then calls setWebhook with the secret and allowed_updates.
 *
 * An update is answered 200 only once it is handled, so Telegram keeps (and
 * resends) whatever was not; at stop, requests still running at the deadline
 * get 503 for the same reason.
 */
export async function startWebhook<C extends Context>(
  bot: Bot<C>,
  options: WebhookOptions,
): Promise<WebhookService> {
  const {
    logger,
    url,
    secret,
    host,
    port,
    allowedUpdates,
    maxBodyBytes = 1024 * 1024,
    setWebhook = true,
  } = options;
  const path = new URL(url).pathname;
  const expectedSecret = Buffer.from(secret, "utf8");
  const inFlight = new InFlight();
  const recent = new Set<number>();
  let stopping = false;
  const drainController = new AbortController();

  const remember = (updateId: number) => {
    recent.add(updateId);
    if (recent.size > RECENT_IDS) {
      const oldest = recent.values().next().value;
      if (oldest !== undefined) recent.delete(oldest);
    }
  };

  // Telegram sends one update of a chat at a time, but a delivery that timed
  // out is answered at once while the first is still running: keep each
  // chat's (and user's) updates in order, as polling does.
  const inOrder = sequentialize<Update>(sequenceKeys);
  const handleUpdate = async (update: Update) => {
    try {
      await inOrder(update, () => bot.handleUpdate(update));
    } catch (error) {
      if (!(error instanceof BotError)) throw error;
      try {
        await bot.errorHandler(error as Parameters<typeof bot.errorHandler>[0]);
      } catch (rethrown) {
        logger.error(
          { error: describeError(rethrown) },
          "update failed and the error handler threw",
        );
      }
    }
  };

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

    if (recent.has(update.update_id)) {
      // Telegram resent an update we already took (it timed out waiting for us): handle it once.
      logger.info({ updateId: update.update_id }, "webhook: repeated update ignored");
      return reply(res, 200);
    }
    remember(update.update_id);
    const task = inFlight.track(update.update_id, handleUpdate(update));
    const handled = await settlesBefore(
      task.catch((error: unknown) => {
        logger.error(
          { error: describeError(error), updateId: update.update_id },
          "webhook: update failed",
        );
      }),
      drainController.signal,
    );
    if (handled) return reply(res, 200);
    // Shutting down before it was handled: let Telegram deliver it again.
    recent.delete(update.update_id);
    return reply(res, 503, { ok: false, error: "shutting down" }, { connection: "close" });
  };

  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://localhost").pathname;
    const route =
      pathname === path
        ? onUpdate(req, res)
        : pathname === "/healthz" && (req.method === "GET" || req.method === "HEAD")
          ? Promise.resolve(
              stopping
                ? reply(res, 503, { ok: false, status: "stopping" })
                : reply(res, 200, { ok: true, mode: "webhook", inFlight: inFlight.size }),
            )
          : Promise.resolve(reply(res, 404, { ok: false, error: "not found" }));
    route.catch((error: unknown) => {
      logger.error({ error: describeError(error) }, "webhook: request failed");
      if (!res.headersSent) reply(res, 500, { ok: false, error: "internal error" });
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  await bot.init();
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
      logger.fatal({ error: describeError(error) }, "webhook server failed");
      reject(error);
    });
  });
  done.catch(() => {});

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
    { mode: "webhook", host: boundHost, port: boundPort, path, allowedUpdates },
    "webhook server listening",
  );

  let stopped: Promise<StopReport> | undefined;
  const stop = (drain?: AbortSignal): Promise<StopReport> => {
    stopped ??= (async () => {
      stopping = true;
      logger.info({ inFlight: inFlight.size }, "webhook: taking no more updates");
      // Stops accepting connections and closes idle keep-alive ones; requests in progress go on.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const idle = await inFlight.idle(drain);
      const abandoned = inFlight.size;
      if (!idle) {
        logger.error(
          { updateIds: inFlight.ids() },
          "webhook: updates still running at the deadline; answering 503 so Telegram delivers them again",
        );
        drainController.abort();
      }
      // Let the last responses flush, then drop whatever connection is left.
      await new Promise((resolve) => setImmediate(resolve));
      server.closeIdleConnections();
      const forced = setTimeout(() => server.closeAllConnections(), 500);
      await closed;
      clearTimeout(forced);
      logger.info("webhook: server closed");
      return { abandoned };
    })();
    return stopped;
  };

  return {
    mode: "webhook",
    address: { host: boundHost, port: boundPort },
    inFlight: () => inFlight.size,
    done,
    stop,
  };
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
): void {
  if (res.headersSent) return;
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...(body !== undefined && { "content-type": "application/json" }),
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
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

/** True when `task` settles, false if `signal` aborts first; leaves no listener behind. */
function settlesBefore(task: Promise<unknown>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => resolve(false);
    signal.addEventListener("abort", onAbort, { once: true });
    task.then(
      () => {
        signal.removeEventListener("abort", onAbort);
        resolve(true);
      },
      () => {
        signal.removeEventListener("abort", onAbort);
        resolve(true);
      },
    );
  });
}
