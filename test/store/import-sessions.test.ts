/** Sessions an earlier version kept as files, moved into the store once (src/store/import-sessions.ts). */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { importFileSessions } from "../../src/store/import-sessions.js";
import { memoryState } from "../../src/store/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A DATA_DIR as the file sessions left it: `sessions/<last two characters>/<user id>.json`. */
function oldDataDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "bot-old-sessions-"));
  dirs.push(dir);
  for (const [id, content] of Object.entries(files)) {
    const sub = join(dir, "sessions", id.slice(-2));
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `${id}.json`), content);
  }
  return dir;
}

const silent = pino({ level: "silent" });
const keyOf = (id: string) => `session:user:${id}`;

describe("importFileSessions", () => {
  it("moves each readable session into the store once, keeps what the store has, and renames the directory", async () => {
    const dataDir = oldDataDir({
      "123456": '{"lang":"ru"}',
      "777": '{"lang":"en"}',
      "4242": "",
    });
    const { sessions } = memoryState();
    await sessions.set(keyOf("777"), { lang: "ru" });
    expect(await importFileSessions(dataDir, sessions, keyOf, silent)).toEqual({
      imported: 1,
      unreadable: 1,
    });
    expect(await sessions.get(keyOf("123456"))).toEqual({ lang: "ru" });
    expect(await sessions.get(keyOf("777"))).toEqual({ lang: "ru" });
    expect(await sessions.get(keyOf("4242"))).toBeUndefined();
    expect(existsSync(join(dataDir, "sessions"))).toBe(false);
    expect(existsSync(join(dataDir, "sessions.imported", "56", "123456.json"))).toBe(true);
    // Once only.
    expect(await importFileSessions(dataDir, sessions, keyOf, silent)).toBeUndefined();
  });
});
