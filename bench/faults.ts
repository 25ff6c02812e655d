/**
 * Faults from outside, in real time (`npm run bench:faults`, about a minute and a half): the
 * bot as `npm start` runs it (dist/main.js, a child process, SQLite in a temporary DATA_DIR,
 * the real knowledge/) against the Telegram simulator on 127.0.0.1. Each scenario is bounded
 * in updates and time; the figures are printed and written to bench/faults.json.
 *
 * 1. kill: 40 people ask at once; the process is killed (SIGKILL) once 10 answers are out,
 *    then started again on the same DATA_DIR. Are all 40 answered, and how many twice?
 * 2. flood wait: one chat's sends are refused with 429 retry_after 20 (for 20 s, as Telegram
 *    does) while it has 150 messages queued; six other people ask meanwhile. How long do
 *    they wait for their answers?
 * 3. readiness: the Bot API stops answering (a proxy in front of the simulator refuses every
 *    connection). How long until /readyz says 503, and until it says 200 once it is back?
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { User } from "grammy/types";
import {
  BotApiException,
  DEFAULT_METHODS,
  type MethodContext,
  TelegramSimulator,
} from "../src/telegram-sim/index.js";
import { ROOT } from "./paths.js";

const QUESTION = "Which sectors is Italy interested in?";
let nextUser = 900_000_000;
const person = (): User => ({
  id: ++nextUser,
  is_bot: false,
  first_name: `P${nextUser}`,
  language_code: "en",
});

interface Bot {
  readonly child: ChildProcess;
  output(): string;
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  exited: Promise<number | string>;
}

/** Starts dist/main.js with `env` (and the simulator's token and root). */
function startBot(sim: TelegramSimulator, env: Record<string, string>): Bot {
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      BOT_TOKEN: sim.token,
      BOT_API_ROOT: sim.apiRoot,
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString("utf8");
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal ?? "?")),
  );
  return {
    child,
    output: () => out,
    exited,
    waitFor: (text, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!out.includes(text)) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no "${text}" within ${timeoutMs} ms:\n${out.slice(-2000)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
  };
}

const repliesTo = (sim: TelegramSimulator, user: User) =>
  sim.messagesIn(user.id).filter((m) => m.from?.id === sim.botInfo.id);

async function stop(bot: Bot, signal: NodeJS.Signals = "SIGTERM"): Promise<number | string> {
  if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill(signal);
  return bot.exited;
}

/** 1. SIGKILL with answers in flight, then a restart on the same DATA_DIR. */
async function killed(): Promise<Record<string, unknown>> {
  const sim = new TelegramSimulator();
  await sim.listen();
  const dataDir = mkdtempSync(join(tmpdir(), "bench-faults-"));
  try {
    const first = startBot(sim, { DATA_DIR: dataDir });
    await first.waitFor("polling for updates");
    const people = Array.from({ length: 40 }, person);
    for (const user of people) {
      sim.pushUpdate(
        sim.updates.textMessage(QUESTION, { from: user, chat: sim.updates.privateChat(user) }),
      );
    }
    await sim.until(() => sim.callsOf("sendMessage").length >= 10, "10 answers out", 30_000);
    first.child.kill("SIGKILL");
    await first.exited;
    const answeredBeforeKill = people.filter((u) => repliesTo(sim, u).length > 0).length;
    const restartedAt = Date.now();
    const second = startBot(sim, { DATA_DIR: dataDir });
    await sim.until(
      () => people.every((u) => repliesTo(sim, u).length > 0),
      "everyone answered",
      60_000,
    );
    const recoveryMs = Date.now() - restartedAt;
    // Let the restarted process finish what it took, then count.
    await stop(second);
    const counts = people.map((u) => repliesTo(sim, u).length);
    return {
      askedAtOnce: people.length,
      answeredBeforeKill,
      answered: counts.filter((c) => c > 0).length,
      answeredTwice: counts.filter((c) => c > 1).length,
      recoveryMs,
    };
  } finally {
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** 2. One chat in a 20 s flood wait with 150 queued; six other people ask meanwhile. */
async function floodWait(): Promise<Record<string, unknown>> {
  const sim = new TelegramSimulator();
  await sim.listen();
  const dataDir = mkdtempSync(join(tmpdir(), "bench-faults-"));
  const flooder = person();
  let floodUntil = 0;
  // Telegram refuses every send to that chat for 20 s after the first, saying how long is left.
  sim.registerMethod("sendMessage", (context: MethodContext) => {
    if (String(context.payload.chat_id) === String(flooder.id)) {
      const now = Date.now();
      if (floodUntil === 0) floodUntil = now + 20_000;
      if (now < floodUntil) {
        const left = Math.ceil((floodUntil - now) / 1000);
        throw new BotApiException(429, `Too Many Requests: retry after ${left}`, {
          retry_after: left,
        });
      }
    }
    return DEFAULT_METHODS.sendmessage?.(context);
  });
  const bot = startBot(sim, { DATA_DIR: dataDir });
  try {
    await bot.waitFor("polling for updates");
    for (let i = 0; i < 150; i++) {
      sim.pushUpdate(
        sim.updates.textMessage(`${QUESTION} ${i}`, {
          from: flooder,
          chat: sim.updates.privateChat(flooder),
        }),
      );
    }
    await sim.until(
      () => sim.callsOf("sendMessage").some((c) => c.status === 429),
      "the flood wait",
      30_000,
    );
    const others = Array.from({ length: 6 }, person);
    const asked = new Map<number, number>();
    for (const user of others) {
      asked.set(user.id, Date.now());
      sim.pushUpdate(
        sim.updates.textMessage(QUESTION, { from: user, chat: sim.updates.privateChat(user) }),
      );
    }
    const waits: number[] = [];
    await sim.until(
      () => others.every((u) => repliesTo(sim, u).length > 0),
      "the six answered",
      30_000,
    );
    for (const user of others) {
      const answer = sim
        .callsOf("sendMessage")
        .find((c) => c.ok && String(c.payload.chat_id) === String(user.id));
      waits.push((answer?.at ?? Number.NaN) - (asked.get(user.id) ?? 0));
    }
    const stillWaiting = Date.now() < floodUntil;
    return {
      queuedInTheWaitingChat: 150,
      floodWaitSeconds: 20,
      othersAnsweredWithinMs: waits,
      maxWaitMs: Math.max(...waits),
      allAnsweredWhileTheFloodWaitLasted: stillWaiting,
    };
  } finally {
    await stop(bot, "SIGKILL");
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A proxy in front of the simulator that can refuse every connection, as a dead Bot API would. */
async function switchableProxy(target: string): Promise<{
  readonly root: string;
  setDown(down: boolean): void;
  close(): Promise<void>;
}> {
  let down = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    const upstream = request(
      `${target}${req.url ?? "/"}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => req.socket.destroy());
    req.pipe(upstream);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    if (down) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    root: `http://127.0.0.1:${port}`,
    setDown(value) {
      down = value;
      // Cut what is open too, the long poll under way included.
      if (down) for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** 3. /readyz while the Bot API is unreachable, and after. */
async function readiness(): Promise<Record<string, unknown>> {
  const sim = new TelegramSimulator();
  await sim.listen();
  const proxy = await switchableProxy(sim.apiRoot);
  const dataDir = mkdtempSync(join(tmpdir(), "bench-faults-"));
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const bot = startBot(sim, { DATA_DIR: dataDir, BOT_API_ROOT: proxy.root, PORT: String(port) });
  const readyz = () =>
    fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
  /** Asks /readyz every 250 ms until it says `status`; the ms that took. */
  const until = async (status: number, limitMs: number) => {
    const since = Date.now();
    while (Date.now() - since < limitMs) {
      if ((await readyz()) === status) return Date.now() - since;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return Number.NaN;
  };
  try {
    await bot.waitFor("polling for updates");
    const readyAtStart = await readyz();
    proxy.setDown(true);
    const notReadyAfterMs = await until(503, 70_000);
    proxy.setDown(false);
    const readyAgainAfterMs = await until(200, 70_000);
    return { readyAtStart, notReadyAfterMs, readyAgainAfterMs };
  } finally {
    await stop(bot, "SIGKILL");
    await proxy.close();
    await sim.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results: Record<string, unknown> = { date: new Date().toISOString() };
const scenarios = { killed, floodWait, readiness };
const only = process.argv
  .find((a) => a.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
for (const [name, run] of Object.entries(scenarios)) {
  if (only && !only.includes(name)) continue;
  process.stderr.write(`${name}…\n`);
  results[name] = await run();
  process.stdout.write(`${name}: ${JSON.stringify(results[name])}\n`);
}
// Lists of numbers on one line, as the formatter (biome) writes them.
const json = JSON.stringify(results, null, 2).replace(
  /\[\s+([-\d.,\s]+?)\s+\]/gu,
  (_, items: string) => `[${items.split(/,\s*/u).join(", ")}]`,
);
writeFileSync(join(ROOT, "bench/faults.json"), `${json}\n`);
