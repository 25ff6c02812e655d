import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "libsql";
import pino from "pino";
import { afterEach, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { describeStore } from "./dialects.js";

const logger = pino({ level: "silent" });

describeStore("opening the store", (harness) => {
  it("keeps data across a restart, migrating only once", async () => {
    const { open } = harness();
    const first = await open();
    await first.sessions.set("user:1", { lang: "ru" });
    await first.inbox.insertMany([{ updateId: 5, chatKey: "a", payload: {} }]);
    await first.close();
    const again = await open();
    expect(await again.sessions.get("user:1")).toEqual({ lang: "ru" });
    expect(await again.inbox.insertMany([{ updateId: 5, chatKey: "a", payload: {} }])).toEqual([]);
  });

  it("replicas starting at the same moment on an empty database all come up", async (context) => {
    const { dialect, open } = harness();
    // libsql is synchronous: stores of one process on one file would wait on each other's
    // locks inside one thread. Processes sharing a file are tested below.
    if (dialect === "sqlite") context.skip();
    const stores = await Promise.all([open(), open(), open()]);
    await stores[0]?.sessions.set("k", 1);
    expect(await stores[2]?.sessions.get("k")).toBe(1);
  });

  it("hashes user ids with the store's own salt: stable across replicas and restarts, unlike another store", async () => {
    const { open } = harness();
    const [a, b] = [await open(), await open()];
    const hash = a.hashUserId(123456789);
    expect(hash).toMatch(/^[A-Za-z0-9_-]{22}$/u);
    expect(hash).not.toContain("123456789");
    expect(b.hashUserId("123456789")).toBe(hash);
    expect(a.hashUserId(123456780)).not.toBe(hash);
    await a.close();
    expect((await open()).hashUserId(123456789)).toBe(hash);
    const other = await open(await harness().another());
    expect(other.hashUserId(123456789)).not.toBe(hash);
  });

  it("two stores in one database server stay apart (PostgreSQL: one schema each)", async () => {
    const { another, open } = harness();
    const a = await open();
    const b = await open(await another());
    await a.sessions.set("k", "a");
    await b.sessions.set("k", "b");
    expect(await a.sessions.get("k")).toBe("a");
    expect(await b.inbox.insertMany([{ updateId: 1, chatKey: "c", payload: {} }])).toEqual([1]);
    expect(await a.inbox.insertMany([{ updateId: 1, chatKey: "c", payload: {} }])).toEqual([1]);
  });

  it("reports itself healthy while writable, and not once closed", async () => {
    const store = await harness().open();
    expect(await store.healthCheck()).toMatchObject({ ok: true });
    await store.close();
    expect(await store.healthCheck()).toMatchObject({ ok: false, error: expect.any(String) });
  });

  it("names where the data lives, without credentials", async () => {
    const { dialect, open, target } = harness();
    const store = await open();
    expect(store.dialect).toBe(dialect);
    if (dialect === "sqlite") expect(store.location).toBe(join(target.dataDir ?? "", "bot.sqlite"));
    else expect(store.location).toMatch(/^127\.0\.0\.1:\d+\/\w+$/u);
  });
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "store-open-"));
  dirs.push(dir);
  return dir;
}

it("SQLite: one file in DATA_DIR, created with it, readable by its owner only, in WAL mode", async () => {
  const dataDir = join(tempDir(), "data");
  const store = await openStore({ dataDir, logger });
  await store.sessions.set("k", { v: 1 });
  const file = join(dataDir, "bot.sqlite");
  expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  for (const path of [file, `${file}-wal`, `${file}-shm`])
    expect(statSync(path).mode & 0o777).toBe(0o600);
  const raw = new Database(file);
  expect(raw.prepare("pragma journal_mode").all()).toEqual([{ journal_mode: "wal" }]);
  raw.close();
  await store.close();
});

it("SQLite: processes starting at once on a new file migrate once and share one salt", async () => {
  const dataDir = tempDir();
  const script = fileURLToPath(new URL("./fixtures/open-store.ts", import.meta.url));
  const children = [0, 1, 2].map(() => {
    const child = spawn(process.execPath, ["--import", "tsx", script, dataDir], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += String(chunk);
    });
    child.stderr.on("data", (chunk) => {
      err += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    return { child, out: () => out, err: () => err, exited };
  });
  // All loaded, then all released at once: their migrations overlap.
  await expect
    .poll(() => children.every((c) => c.out().includes("ready")), { timeout: 15_000 })
    .toBe(true);
  for (const c of children) c.child.stdin.write("go\n");
  const codes = await Promise.all(children.map((c) => c.exited));
  expect(codes, children.map((c) => c.err()).join("\n")).toEqual([0, 0, 0]);
  const hashes = children.map((c) => /hash (\S+)/u.exec(c.out())?.[1]);
  expect(new Set(hashes).size).toBe(1);
  const store = await openStore({ dataDir, logger });
  expect(store.hashUserId(42)).toBe(hashes[0]);
  await store.close();
});

it("SQLite: a file that is not a database stops the start with its path named", async () => {
  const dataDir = tempDir();
  writeFileSync(
    join(dataDir, "bot.sqlite"),
    "this is not a database, just some text that is long enough",
  );
  await expect(openStore({ dataDir, logger })).rejects.toThrow(join(dataDir, "bot.sqlite"));
});

it("PostgreSQL: an unreachable server stops the start, naming it but not the password", async () => {
  const error = await openStore({
    databaseUrl: "postgres://bot:s3cret@127.0.0.1:1/botdb",
    logger,
  }).catch((e: unknown) => e as Error);
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(
    /^store: cannot open postgres at 127\.0\.0\.1:1\/botdb: /u,
  );
  expect((error as Error).message).not.toContain("s3cret");
});

it("needs a database URL or a data directory", async () => {
  await expect(openStore({ logger })).rejects.toThrow(/databaseUrl .* or dataDir/u);
});
