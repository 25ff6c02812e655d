/** Runs the project's entry points as child processes, as `npm start` / `npm run chat` would. */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface Child {
  readonly process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
  /** Resolves once stdout or stderr contains `text`; rejects after the timeout. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  kill(): void;
}

const children = new Set<Child>();

/**
 * Starts `node <script>` in the repository with the given environment: a JavaScript file as
 * it is (scripts/start.mjs, what `npm start` runs), a TypeScript file through tsx (what
 * `npm run chat` runs).
 */
export function runScript(
  script: string,
  env: Record<string, string>,
  options: { stdin?: string; args?: readonly string[] } = {},
): Child {
  const loader = script.endsWith(".ts") ? ["--import", "tsx"] : [];
  const child = spawn(process.execPath, [...loader, script, ...(options.args ?? [])], {
    cwd: ROOT,
    // Only what the test gives, plus what node needs: no BOT_TOKEN from the developer's shell.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const listeners = new Set<() => void>();
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
    for (const listener of listeners) listener();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
    for (const listener of listeners) listener();
  });
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  const exited = new Promise<number | string>((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
  });
  const handle: Child = {
    process: child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(text, timeoutMs = 10_000) {
      const matches = () =>
        typeof text === "string" ? (out + err).includes(text) : text.test(out + err);
      if (matches()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(`timed out waiting for ${String(text)}\nstdout:\n${out}\nstderr:\n${err}`),
          );
        }, timeoutMs);
        const check = () => {
          if (!matches()) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        void exited.then(() => {
          if (!matches()) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`exited before ${String(text)}\nstdout:\n${out}\nstderr:\n${err}`));
          }
        });
      });
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
  children.add(handle);
  void exited.then(() => children.delete(handle));
  return handle;
}

/** Kills every child still running (afterEach). */
export function killAll(): void {
  for (const child of children) child.kill();
}

/** The JSON log lines a child wrote to stdout. */
export function logRecords(stdout: string): Record<string, unknown>[] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
