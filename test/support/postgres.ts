/**
 * A throwaway PostgreSQL server for the tests: Debian's binaries
 * (/usr/lib/postgresql/N/bin), a fresh cluster in a temporary directory,
 * listening on 127.0.0.1 on a free port, fsync off, trust authentication
 * (it accepts connections from this machine only, and lives for one run).
 *
 * PostgreSQL refuses to run as root, so under root the cluster belongs to
 * the `postgres` user the Debian package creates (or `nobody`).
 */
import { spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PostgresServer {
  readonly url: string;
  stop(): Promise<void>;
}

const DEBIAN_ROOT = "/usr/lib/postgresql";
const START_TIMEOUT_S = 30;

/** The newest Debian PostgreSQL whose initdb and pg_ctl are installed, or undefined. */
export function findPostgresBin(): string | undefined {
  if (!existsSync(DEBIAN_ROOT)) return undefined;
  return readdirSync(DEBIAN_ROOT)
    .filter((v) => /^\d+$/u.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(DEBIAN_ROOT, v, "bin"))
    .find((bin) => existsSync(join(bin, "initdb")) && existsSync(join(bin, "pg_ctl")));
}

/** uid and gid of a user in /etc/passwd. */
function userIds(name: string): { uid: number; gid: number } | undefined {
  for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) {
    const [user, , uid, gid] = line.split(":");
    if (user === name) return { uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; ids?: { uid: number; gid: number } | undefined },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      stdio: ["ignore", "ignore", "pipe"],
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C", LC_ALL: "C" },
      ...options.ids,
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
    });
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} exited with ${code}: ${stderr.trim().slice(-500)}`)),
    );
  });
}

/**
 * Starts a new cluster; resolves to the server or, when none can be had
 * here, to the reason why.
 */
export async function startPostgres(): Promise<PostgresServer | { unavailable: string }> {
  const bin = findPostgresBin();
  if (bin === undefined) {
    return { unavailable: `no PostgreSQL binaries in ${DEBIAN_ROOT}/*/bin` };
  }
  const root = process.getuid?.() === 0;
  const ids = root ? (userIds("postgres") ?? userIds("nobody")) : undefined;
  if (root && ids === undefined)
    return { unavailable: "running as root with no non-root user to run PostgreSQL" };

  const dir = mkdtempSync(join(tmpdir(), "pg-test-"));
  if (ids !== undefined) chownSync(dir, ids.uid, ids.gid);
  const data = join(dir, "data");
  const pgCtl = join(bin, "pg_ctl");
  const stop = async () => {
    await run(pgCtl, ["stop", "-D", data, "-m", "immediate", "-s"], { cwd: dir, ids }).catch(
      () => {},
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run(
      join(bin, "initdb"),
      ["-D", data, "-A", "trust", "-U", "test", "-E", "UTF8", "--locale=C", "--no-sync"],
      { cwd: dir, ids },
    );
    const port = await freePort();
    const settings = [
      "-c listen_addresses=127.0.0.1",
      `-p ${port}`,
      `-k ${dir}`,
      // A test cluster is thrown away: durability costs time and buys nothing.
      "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
      "-c max_connections=300",
    ].join(" ");
    await run(
      pgCtl,
      [
        "start",
        "-D",
        data,
        "-l",
        join(dir, "log"),
        "-w",
        "-t",
        String(START_TIMEOUT_S),
        "-s",
        "-o",
        settings,
      ],
      { cwd: dir, ids },
    );
    return { url: `postgres://test@127.0.0.1:${port}/postgres`, stop };
  } catch (error) {
    const log = join(dir, "log");
    const tail = existsSync(log) ? readFileSync(log, "utf8").trim().slice(-500) : "";
    await stop();
    return { unavailable: `${(error as Error).message}${tail ? `\n${tail}` : ""}` };
  }
}
