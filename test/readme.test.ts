/**
 * The README's configuration table, command names and .env.example against the
 * code they describe, so that a variable, a flag or a script cannot be renamed
 * under the documentation.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SETTINGS, VARIABLES } from "../src/config.js";

const readme = readFileSync("README.md", "utf8");

describe("README", () => {
  it("lists every setting, in order, with its flag", () => {
    const rows = [...readme.matchAll(/^\| `([A-Z_]+)` \| (`--[\w-]+`|—) \|/gmu)].map((m) => [
      m[1],
      m[2] === "—" ? undefined : m[2]?.slice(1, -1),
    ]);
    expect(rows).toEqual(
      VARIABLES.map((name) => [name, SETTINGS[name].flag && `--${SETTINGS[name].flag}`]),
    );
  });

  it("names only npm scripts that exist", () => {
    const scripts = Object.keys(
      (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> })
        .scripts,
    );
    const named = new Set(
      [...readme.matchAll(/npm run (?:--silent )?([\w:]*\w)/gu)].map((m) => m[1]),
    );
    expect(named.size).toBeGreaterThan(10);
    for (const name of named) expect(scripts, `npm run ${name}`).toContain(name);
  });
});

describe(".env.example", () => {
  it("has a line for every setting", () => {
    const example = readFileSync(".env.example", "utf8");
    const names = [...example.matchAll(/^([A-Z_]+)=/gmu)].map((m) => m[1]);
    expect(new Set(names)).toEqual(new Set(VARIABLES));
  });
});
