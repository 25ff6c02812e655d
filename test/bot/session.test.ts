import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemorySessionStorage, type StorageAdapter } from "grammy";
import { describe, expect, it } from "vitest";
import type { SessionData } from "../../src/bot/context.js";
import { fileSessionStorage, resilientStorage } from "../../src/bot/session.js";
import { createLogger } from "../../src/logger.js";

function recording(inner: StorageAdapter<SessionData>) {
  const writes: [string, SessionData][] = [];
  const deletes: string[] = [];
  const adapter: StorageAdapter<SessionData> = {
    read: (key) => inner.read(key),
    write: (key, value) => {
      writes.push([key, value]);
      return inner.write(key, value);
    },
    delete: (key) => {
      deletes.push(key);
      return inner.delete(key);
    },
  };
  return { adapter, writes, deletes };
}

const lines: string[] = [];
const logger = createLogger({
  level: "warn",
  destination: { write: (l: string) => lines.push(l) },
});

describe("resilientStorage", () => {
  it("writes only what changed, and stores no empty sessions", async () => {
    const { adapter, writes, deletes } = recording(new MemorySessionStorage<SessionData>());
    const storage = resilientStorage(adapter, logger);
    expect(await storage.read("1")).toBeUndefined();
    await storage.write("1", {});
    expect(writes).toEqual([]);
    await storage.read("1");
    await storage.write("1", { lang: "ru" });
    expect(writes).toEqual([["1", { lang: "ru" }]]);
    expect(await storage.read("1")).toEqual({ lang: "ru" });
    await storage.write("1", { lang: "ru" });
    expect(writes).toHaveLength(1);
    expect(deletes).toEqual([]);
  });

  it("treats an unreadable or malformed session as none, and survives failed writes", async () => {
    const broken: StorageAdapter<SessionData> = {
      read: async () => {
        throw new SyntaxError("Unexpected end of JSON input");
      },
      write: async () => {
        throw new Error("ENOSPC");
      },
      delete: async () => {},
    };
    const storage = resilientStorage(broken, logger);
    expect(await storage.read("1")).toBeUndefined();
    await expect(storage.write("1", { lang: "en" })).resolves.toBeUndefined();
    const garbage = resilientStorage(
      {
        read: async () => ({ lang: "de", other: 1 }) as unknown as SessionData,
        write: async () => {},
        delete: async () => {},
      },
      logger,
    );
    expect(await garbage.read("1")).toEqual({});
    expect(lines.some((l) => l.includes("session read failed"))).toBe(true);
    expect(lines.some((l) => l.includes("session write failed"))).toBe(true);
  });
});

describe("fileSessionStorage", () => {
  it("keeps choices on disk across instances, and reads no file for users who have none", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sessions-"));
    try {
      const first = fileSessionStorage(dir);
      await first.write("123456", { lang: "ru" });
      expect(readdirSync(join(dir, "sessions", "56"))).toEqual(["123456.json"]);

      const second = fileSessionStorage(dir);
      expect(await second.read("123456")).toEqual({ lang: "ru" });
      expect(await second.read("999")).toBeUndefined();
      // Written behind the second instance's back: it lists files only at start.
      await first.write("999", { lang: "en" });
      expect(await second.read("999")).toBeUndefined();
      expect(await fileSessionStorage(dir).read("999")).toEqual({ lang: "en" });

      await second.delete("123456");
      expect(await fileSessionStorage(dir).read("123456")).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
