/**
 * The simulator's HTTP front end: a Bot API server on 127.0.0.1 (a free port) that serves
 * `GET|POST /bot<token>/<method>` the way api.telegram.org does — JSON, form and multipart
 * bodies, 401 for another token, nginx's HTML page for a 502, a closed socket for a dropped
 * connection — and lets long polls wait until an update comes, the client leaves or the
 * simulator closes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { BodyError, readParameters } from "./http-body.js";
import { normalizePayload, type Payload } from "./rule-kit.js";
import type { CallOutcome, TelegramSimulator } from "./simulator.js";
import type { BotApiResponse } from "./types.js";

/** A running HTTP front end. */
export interface HttpFrontEnd {
  readonly apiRoot: string;
  close(): Promise<void>;
}

const BAD_GATEWAY_PAGE =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n";

/** Starts the server; `closing` aborts the long polls it is holding. */
export async function startHttpFrontEnd(
  sim: TelegramSimulator,
  closing: AbortSignal,
): Promise<HttpFrontEnd> {
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => void serve(sim, closing, request, response));
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Let answers being written go out, then cut keep-alive connections (grammY's agent).
      await new Promise((resolve) => setImmediate(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

async function serve(
  sim: TelegramSimulator,
  closing: AbortSignal,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const route = /^\/bot([^/]+)\/([A-Za-z0-9_]+)$/.exec(url.pathname);
  let payload: Payload = {};
  try {
    payload = normalizePayload(await readParameters(request, url));
  } catch (error) {
    // A body the Bot API couldn't read gets a 400; a request cut off mid-body gets nothing.
    if (error instanceof BodyError) {
      send(response, { ok: false, error_code: 400, description: error.message });
    } else {
      response.destroy();
    }
    return;
  }
  if (!route) {
    send(response, { ok: false, error_code: 404, description: "Not Found" });
    return;
  }
  const [, token, method = ""] = route;
  if (token !== sim.token) {
    send(response, { ok: false, error_code: 401, description: "Unauthorized" });
    return;
  }
  const requestEnded = new AbortController();
  response.on("close", () => requestEnded.abort());
  await sim.execute(method, payload, {
    source: "http",
    signal: AbortSignal.any([requestEnded.signal, closing]),
    write: (outcome) => write(response, outcome),
  });
}

/** Writes an answer; false if the client had already gone. */
function write(response: ServerResponse, outcome: CallOutcome): boolean {
  if (outcome.response !== undefined) return send(response, outcome.response);
  if (outcome.status === 502) {
    if (response.destroyed || response.writableEnded) return false;
    response.writeHead(502, { "content-type": "text/html" });
    response.end(BAD_GATEWAY_PAGE);
    return true;
  }
  // A dropped connection.
  response.socket?.destroy();
  return true;
}

/** Writes a JSON answer; false if the client had already gone. */
function send(response: ServerResponse, body: BotApiResponse): boolean {
  if (response.destroyed || response.writableEnded) return false;
  response.writeHead(body.ok ? 200 : body.error_code, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
  return true;
}
