/** The environment every entry point reads: .env under the process's own variables. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readEnvironment } from "../../src/commands/process.js";

const dir = mkdtempSync(join(tmpdir(), "env-file-"));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("readEnvironment", () => {
  it("reads .env, lets the process's variables win, and leaves process.env alone", () => {
    const file = join(dir, ".env");
    writeFileSync(file, "ONLY_IN_DOTENV_FOR_TEST=from-file\nPATH=/from/the/file\n");
    const env = readEnvironment(file);
    expect(env.ONLY_IN_DOTENV_FOR_TEST).toBe("from-file");
    expect(env.PATH).toBe(process.env.PATH);
    expect(process.env.ONLY_IN_DOTENV_FOR_TEST).toBeUndefined();
  });

  it("takes no .env as no variables from a file", () => {
    expect(readEnvironment(join(dir, "missing.env"))).toEqual({ ...process.env });
  });
});
