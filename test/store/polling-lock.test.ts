import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { join } from "node:path";
import Database from "libsql";
import pg from "pg";
import { expect, it } from "vitest";
import { captureLog, describeStore } from "./dialects.js";

describeStore("polling lock", (harness) => {
  it("admits one holder at a time; a release lets the next one in", async () => {
    const { open } = harness();
    const [a, b, c] = [await open(), await open(), await open()];
    const attempts = await Promise.all([a, b, c].map((s) => s.pollingLock.tryAcquire()));
    expect(attempts.filter(Boolean)).toHaveLength(1);
    const holder = [a, b, c][attempts.indexOf(true)];
    const others = [a, b, c].filter((s) => s !== holder);
    expect(await holder?.pollingLock.tryAcquire()).toBe(true);
    expect(holder?.pollingLock.held).toBe(true);
    expect(await others[0]?.pollingLock.tryAcquire()).toBe(false);

    await holder?.pollingLock.release();
    expect(holder?.pollingLock.held).toBe(false);
    expect(await others[0]?.pollingLock.tryAcquire()).toBe(true);
    expect(await others[1]?.pollingLock.tryAcquire()).toBe(false);
  });

  it("is freed when its holder's store closes", async () => {
    const { open } = harness();
    const [a, b] = [await open(), await open()];
    expect(await a.pollingLock.tryAcquire()).toBe(true);
    await a.close();
    expect(await b.pollingLock.tryAcquire()).toBe(true);
  });

  it("stores with different lock names do not exclude each other", async () => {
    const { open } = harness();
    const a = await open({ pollingLockName: "bot-a" });
    const b = await open({ pollingLockName: "bot-b" });
    expect(await a.pollingLock.tryAcquire()).toBe(true);
    expect(await b.pollingLock.tryAcquire()).toBe(true);
  });

  it("a holder that is cut off loses the lock, says so, and the next one gets it", async () => {
    const h = harness();
    const log = captureLog();
    const a = await h.open({ logger: log.logger });
    const b = await h.open();
    const lost: string[] = [];
    a.pollingLock.onLost((reason) => lost.push(reason));
    expect(await a.pollingLock.tryAcquire()).toBe(true);

    if (h.dialect === "postgres") {
      // The server ends the holder's session, as when its process dies.
      const admin = new pg.Client({ connectionString: h.target.databaseUrl });
      await admin.connect();
      await admin.query(
        "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and pid <> pg_backend_pid()",
      );
      await admin.end();
      await expect.poll(() => lost.length).toBe(1);
      expect(await b.pollingLock.tryAcquire()).toBe(true);
    } else {
      // The holder stopped renewing: once its lease runs out, another takes over.
      h.clock.advance(14_999);
      expect(await b.pollingLock.tryAcquire()).toBe(false);
      h.clock.advance(1);
      expect(await b.pollingLock.tryAcquire()).toBe(true);
      // The old holder finds out at its next renewal.
      expect(await a.pollingLock.tryAcquire()).toBe(false);
      expect(lost).toHaveLength(1);
    }
    expect(a.pollingLock.held).toBe(false);
    expect(log.records().some((r) => r.msg === "store: polling lock lost")).toBe(true);
  });

  it("SQLite: a holder whose process is gone from this machine is replaced at once", async (context) => {
    const h = harness();
    if (h.dialect !== "sqlite") context.skip();
    const store = await h.open();
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    const file = new Database(join(h.target.dataDir ?? "", "bot.sqlite"));
    file
      .prepare("insert into locks (name, holder, expires_at) values (?, ?, ?)")
      .run(["polling", `${hostname()}:${gone}:dead`, h.clock.now() + 60_000]);
    file.close();
    expect(await store.pollingLock.tryAcquire()).toBe(true);
  });
});
