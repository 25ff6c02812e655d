/**
 * Cold start: from spawning a process to the first getUpdates call the Telegram
 * simulator's HTTP front end (src/telegram-sim) receives. Ours is the real
 * entry point (dist/main.js), loading a knowledge directory, and `npm start`
 * itself on this installed checkout (npm, the build's stamp check, then
 * dist/main.js); the baseline is bench/bare-bot.ts, compiled too. The RSS
 * of the process at that moment is read as well: memory right after start.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TelegramSimulator } from "../src/telegram-sim/index.js";
import { ROOT } from "./paths.js";
import { median } from "./stats.js";

/** Scripts measured, relative to the repository. */
/** What `npm start` runs, built by `npm run build`. */
export const ENTRY_POINT = "dist/main.js";
/** bench/bare-bot.ts, compiled by `npm run build:bench`. */
export const BARE_BOT = ".bench-build/bench/bare-bot.js";
/** `npm start` as an operator types it: a command, not a script. */
export const NPM_START: readonly string[] = ["npm", "start", "--silent"];

/** One start of one script. */
export interface ColdStartRun {
  readonly ms: number;
  /** Resident set size when getUpdates arrived; undefined where it cannot be read. */
  readonly rssBytes?: number;
}

/** RSS of a process: /proc on Linux, ps elsewhere. */
function rssOf(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /VmRSS:\s+(\d+)\s+kB/u.exec(status)?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // Not Linux: ask ps.
  }
  try {
    return (
      Number(execFileSync("ps", ["-o", "rss=", "-p", String(pid)], { encoding: "utf8" })) * 1024
    );
  } catch {
    return undefined;
  }
}

/** Starts `script` (a file for node, or a whole command) and times it to the first getUpdates. */
export async function coldStartOnce(
  script: string | readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 120_000,
): Promise<ColdStartRun> {
  const api = new TelegramSimulator();
  await api.listen();
  // A waiting update makes the first getUpdates return at once, so it is recorded at once
  // (the simulator records a call when it answers; an empty long poll answers after 30 s).
  api.pushUpdate(api.updates.textMessage("/start"));
  const dataDir = mkdtempSync(join(tmpdir(), "bench-cold-"));
  const spawnedAt = Date.now();
  const [command, ...args] = typeof script === "string" ? [process.execPath, script] : script;
  const child = spawn(command as string, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      BOT_TOKEN: api.token,
      BOT_API_ROOT: api.apiRoot,
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
    // Its own process group, so that npm and the node it starts are stopped together.
    detached: true,
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const exited = exit.then((code) => {
    throw new Error(`${script} exited with ${code} before polling: ${stderr}`);
  });
  try {
    const call = await Promise.race([api.waitForCall("getUpdates", () => true, timeoutMs), exited]);
    // The simulator notes when each request arrived (Date.now()).
    const ms = call.at - spawnedAt;
    const rssBytes = child.pid === undefined ? undefined : rssOf(child.pid);
    return { ms, ...(rssBytes !== undefined && { rssBytes }) };
  } finally {
    exited.catch(() => {});
    if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    await exit;
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Cold-start figures of one script: median and fastest of `runs`, after `warmup` discarded runs. */
export interface ColdStartFigures {
  readonly medianMs: number;
  readonly minMs: number;
  readonly runs: readonly ColdStartRun[];
  readonly medianRssBytes: number;
}

/** Starts `script` `warmup + runs` times, one after the other. */
export async function benchColdStart(
  script: string | readonly string[],
  env: Record<string, string>,
  runs: number,
  warmup = 0,
): Promise<ColdStartFigures> {
  for (let i = 0; i < warmup; i++) await coldStartOnce(script, env);
  const measured: ColdStartRun[] = [];
  for (let i = 0; i < runs; i++) measured.push(await coldStartOnce(script, env));
  return {
    medianMs: median(measured.map((r) => r.ms)),
    minMs: Math.min(...measured.map((r) => r.ms)),
    runs: measured,
    medianRssBytes: median(measured.map((r) => r.rssBytes ?? Number.NaN)),
  };
}
