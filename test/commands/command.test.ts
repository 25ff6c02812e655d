/** The command runner, in process: settings, flags, help, errors and exit statuses. */
import { describe, expect, it } from "vitest";
import {
  type CommandIo,
  type CommandSpec,
  helpText,
  InputError,
  runCommand,
  UsageError,
} from "../../src/commands/command.js";
import type { Config } from "../../src/config.js";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const sink: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  return { sink, out: () => out.join(""), err };
}

const options = {
  json: { type: "boolean", help: "print JSON" },
  lang: { type: "string", value: "en|ru", choices: ["en", "ru"], help: "language" },
} as const;

/** A command that keeps what it was handed, or fails the way it is told to. */
function probe(fail?: Error) {
  const seen: { config?: Config; options?: unknown; positionals?: readonly string[] } = {};
  const spec: CommandSpec<typeof options> = {
    name: "npm run probe",
    usage: "-- [options] WORDS",
    summary: "Probes the runner.",
    options,
    settings: ["KNOWLEDGE_DIR", "LOG_LEVEL"],
    positionals: { min: 1, max: 2, name: "a word" },
    defaults: { LOG_LEVEL: "warn" },
    run(input) {
      if (fail) throw fail;
      Object.assign(seen, input);
      return 0;
    },
  };
  return { spec, seen };
}

describe("runCommand: settings", () => {
  it("reads the declared variables, and a flag wins over its variable", async () => {
    const { spec, seen } = probe();
    const env = { KNOWLEDGE_DIR: "from-env", LOG_LEVEL: "debug" };
    expect(await runCommand(spec, ["word"], env, io().sink)).toBe(0);
    expect(seen.config).toMatchObject({ knowledgeDir: "from-env", logLevel: "debug" });
    expect(await runCommand(spec, ["--knowledge", "from-flag", "word"], env, io().sink)).toBe(0);
    expect(seen.config?.knowledgeDir).toBe("from-flag");
    expect(seen.positionals).toEqual(["word"]);
  });

  it("leaves undeclared variables at their defaults and unchecked", async () => {
    const { spec, seen } = probe();
    const env = { PORT: "not a port", DATA_DIR: "elsewhere" };
    expect(await runCommand(spec, ["word"], env, io().sink)).toBe(0);
    expect(seen.config?.dataDir).toBe("data");
    // The command's own default where the variable is unset.
    expect(seen.config?.logLevel).toBe("warn");
  });

  it("stops with one line per configuration problem, status 1", async () => {
    const { spec, seen } = probe();
    const out = io();
    expect(await runCommand(spec, ["--log-level", "loud", "word"], {}, out.sink)).toBe(1);
    expect(out.err).toEqual([expect.stringMatching(/^LOG_LEVEL must be one of .*not "loud"$/u)]);
    expect(seen.config).toBeUndefined();
  });
});

describe("runCommand: usage", () => {
  it.each([
    [["--nope", "word"], /unknown option --nope/u],
    [["--lang"], /--lang needs a value/u],
    [["--lang", "de", "word"], /--lang must be en or ru, not "de"/u],
    [[], /a word is missing/u],
    [["a", "b", "c"], /unexpected argument "c"/u],
    [["--json=yes", "word"], /--json/u],
  ])("%j is bad usage: one line, status 2, pointing at --help", async (argv, expected) => {
    const { spec, seen } = probe();
    const out = io();
    expect(await runCommand(spec, argv, {}, out.sink)).toBe(2);
    expect(out.err).toHaveLength(1);
    expect(out.err[0]).toMatch(/^npm run probe: /u);
    expect(out.err[0]).toMatch(expected);
    expect(out.err[0]).toContain("npm run probe -- --help");
    expect(seen.config).toBeUndefined();
  });

  it("--help prints the help to stdout and runs nothing", async () => {
    const { spec, seen } = probe();
    const out = io();
    expect(await runCommand(spec, ["-h"], { LOG_LEVEL: "loud" }, out.sink)).toBe(0);
    expect(out.out()).toBe(`${helpText(spec)}\n`);
    expect(out.err).toEqual([]);
    expect(seen.config).toBeUndefined();
  });

  it("the help lists the options, then each setting with its flag and this command's default", () => {
    const text = helpText(probe().spec);
    expect(text).toMatch(/^Usage: npm run probe -- \[options\] WORDS\n\nProbes the runner\./u);
    expect(text).toMatch(/--lang en\|ru\s+language/u);
    expect(text).toMatch(/KNOWLEDGE_DIR, --knowledge DIR\s+.*default knowledge/u);
    expect(text).toMatch(/LOG_LEVEL, --log-level LEVEL\s+.*default warn/u);
    expect(text).not.toContain("DATA_DIR");
  });
});

describe("runCommand: errors while running", () => {
  it.each([
    [new InputError('KNOWLEDGE_DIR cannot be read ("x")'), 1, /^KNOWLEDGE_DIR cannot be read/u],
    [new UsageError("--days must be a whole number"), 2, /^npm run probe: --days must be/u],
    [new Error("disk full"), 1, /^npm run probe: disk full$/u],
  ])("%s: one line, status %i", async (error, status, expected) => {
    const out = io();
    expect(await runCommand(probe(error).spec, ["word"], {}, out.sink)).toBe(status);
    expect(out.err).toEqual([expect.stringMatching(expected)]);
  });
});
