/**
 * Every entry point as a child process, as a person runs it from the README:
 * settings through the one parseConfig (flags over variables), --help, Unix
 * behaviour (a closed pipe, one-line errors, exit statuses 0/1/2), --json
 * shapes, and WEBHOOK_URL checked at start as Telegram checks it.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SETTINGS } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { openStore } from "../../src/store/index.js";
import { killAll, ROOT, runScript } from "../runtime/process.js";
import { FIXTURE_KNOWLEDGE_DIR, REAL_KNOWLEDGE_DIR } from "../support/knowledge.js";

const TOKEN = "7000000001:AAFakeTokenForTestsOnly_0123456789abc";
const ENTRY = {
  start: "scripts/start.mjs",
  chat: "src/cli/chat.ts",
  ask: "src/cli/ask.ts",
  eval: "src/cli/eval.ts",
  "check:knowledge": "src/cli/check-knowledge.ts",
  stats: "src/cli/stats.ts",
  gaps: "src/cli/gaps.ts",
  transcripts: "src/cli/transcripts.ts",
} as const;

let work = "";
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "entry-points-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => killAll());

/** Runs an entry point to its end; an empty BOT_TOKEN keeps a developer's .env token out. */
async function run(
  entry: keyof typeof ENTRY,
  args: readonly string[],
  env: Record<string, string> = {},
) {
  const child = runScript(ENTRY[entry], { BOT_TOKEN: "", ...env }, { args });
  const code = await child.exited;
  return { code, out: child.stdout(), err: child.stderr() };
}

const lines = (text: string) => text.trimEnd().split("\n");

describe("settings: the same variables everywhere, flags over them", () => {
  it("ask and check:knowledge both read KNOWLEDGE_DIR: a copied folder with one more document answers from it", async () => {
    const copy = join(work, "knowledge-copy");
    cpSync(FIXTURE_KNOWLEDGE_DIR, copy, { recursive: true });
    writeFileSync(
      join(copy, "siberian-tea.md"),
      [
        "---",
        "id: siberian-tea",
        'title: "Siberian tea fair"',
        'source: "Test fixture"',
        "language: en",
        "tags: [tea]",
        "---",
        "",
        "The Siberian tea fair gathered forty tea growers in Tomsk.",
        "",
      ].join("\n"),
    );
    const checked = await run("check:knowledge", ["--json"], { KNOWLEDGE_DIR: copy });
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.out).counts.documents).toBe(4);

    const asked = await run(
      "ask",
      ["--json", "how many tea growers did the siberian tea fair gather"],
      {
        KNOWLEDGE_DIR: copy,
      },
    );
    expect(asked.code).toBe(0);
    const reply = JSON.parse(asked.out);
    expect(reply.answers[0].document).toBe("siberian-tea");

    // The flag wins over the variable: the original fixture has no tea fair.
    const overridden = await run(
      "ask",
      [
        "--json",
        "--knowledge",
        FIXTURE_KNOWLEDGE_DIR,
        "how many tea growers did the siberian tea fair gather",
      ],
      { KNOWLEDGE_DIR: copy },
    );
    expect(
      JSON.parse(overridden.out).answers.map((a: { document: string }) => a.document),
    ).not.toContain("siberian-tea");
  });

  it("chat reads LOG_LEVEL through the same checks as the bot, with warnings only by default", async () => {
    const bad = await run("chat", [], { LOG_LEVEL: "loud", KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE_DIR });
    expect(bad.code).toBe(1);
    expect(lines(bad.err)).toEqual([
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "loud"',
    ]);
    const flagged = await run("chat", ["--log-level", "loud"], {
      KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE_DIR,
    });
    expect(flagged.code).toBe(1);
    expect(flagged.err).toMatch(/^LOG_LEVEL must be one of/u);
  });

  it("stats and gaps read DATA_DIR as the bot does, and --data-dir wins over it", async () => {
    const dataDir = join(work, "bot-data");
    const store = await openStore({ dataDir, logger: createLogger({ level: "silent" }) });
    await store.close();
    const fromVariable = await run("stats", [], { DATA_DIR: dataDir });
    expect(fromVariable.err).toBe("");
    expect(fromVariable.code).toBe(0);
    expect(fromVariable.out).toContain("All time (the log keeps 90 days)\nNo questions.");
    const fromFlag = await run("gaps", ["--json", "--data-dir", dataDir], {
      DATA_DIR: join(work, "nothing-here"),
    });
    expect(fromFlag.code).toBe(0);
    expect(JSON.parse(fromFlag.out)).toEqual({ days: 90, gaps: [] });
    const wrong = await run("stats", [], { DATA_DIR: join(work, "nothing-here") });
    expect(wrong.code).toBe(1);
    expect(lines(wrong.err)).toEqual([expect.stringMatching(/^DATA_DIR: no store at /u)]);
  });

  it("npm start takes its flags over the variables too", async () => {
    // --mode webhook over BOT_MODE=polling: webhook mode then needs its URL and secret.
    const { code, err } = await run("start", ["--mode", "webhook"], {
      BOT_TOKEN: TOKEN,
      BOT_MODE: "polling",
    });
    expect(code).toBe(1);
    expect(lines(err).map((line) => line.split(" ")[0])).toEqual(["WEBHOOK_URL", "WEBHOOK_SECRET"]);
  });

  it("a variable a command does not read cannot stop it", async () => {
    // npm start would refuse this PORT; ask has no port.
    const asked = await run("ask", ["who is seiji kosugi"], {
      PORT: "http",
      KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE_DIR,
    });
    expect(asked.code).toBe(0);
    expect(asked.err).toBe("");
  });
});

describe("--help", () => {
  it.each(Object.keys(ENTRY) as (keyof typeof ENTRY)[])(
    "%s --help lists its options and the settings it reads, with their flags",
    async (entry) => {
      const { code, out, err } = await run(entry, ["--help"]);
      expect(err).toBe("");
      expect(code).toBe(0);
      expect(out).toMatch(/^Usage: npm (start|run \S+)/u);
      expect(out).toContain("-h, --help");
      // Every command reads at least one setting; each is listed with its flag when it has one.
      const listed = Object.values(SETTINGS).filter((s) => out.includes(`  ${s.variable}`));
      expect(listed.length).toBeGreaterThan(0);
      for (const setting of listed) {
        if (setting.flag !== undefined)
          expect(out).toContain(`${setting.variable}, --${setting.flag}`);
      }
      if (entry === "start") expect(listed).toHaveLength(Object.keys(SETTINGS).length);
    },
  );
});

describe("Unix behaviour", () => {
  it.each([
    ["ask", ["when did the delegation visit tokyo"]],
    ["eval", ["--file", "eval/dev.jsonl"]],
    ["check:knowledge", []],
    ["transcripts", ["--check"]],
  ] as const)(
    "%s ends quietly with status 0 when its reader closes the pipe",
    async (entry, args) => {
      const child = runScript(
        ENTRY[entry],
        { BOT_TOKEN: "", KNOWLEDGE_DIR: REAL_KNOWLEDGE_DIR },
        { args },
      );
      // Closed before the first byte: every write the command makes meets EPIPE.
      child.process.stdout?.destroy();
      expect(await child.exited).toBe(0);
      expect(child.stderr()).toBe("");
    },
  );

  it("npm run ask, as the README runs it, ends quietly when piped into a reader that stops", async () => {
    const child = spawn(
      "npm",
      ["run", "--silent", "ask", "--", "--explain", "who is seiji kosugi"],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", BOT_TOKEN: "" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
    });
    // A reader gone before the reply comes (`| head -n 0`): every write the command makes meets EPIPE.
    child.stdout.destroy();
    const code = await new Promise((resolve) =>
      child.on("exit", (c, signal) => resolve(c ?? signal)),
    );
    expect(code).toBe(0);
    expect(err).toBe("");
  });

  it("chat ends quietly with status 0 when its reader closes the pipe", async () => {
    const child = runScript(
      ENTRY.chat,
      { BOT_TOKEN: "", KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE_DIR },
      { stdin: "hi\n/clusters\n" },
    );
    child.process.stdout?.destroy();
    expect(await child.exited).toBe(0);
    expect(child.stderr()).toBe("");
  });

  it.each([
    ["eval", ["--knowledge", "WRONG"]],
    ["ask", ["--knowledge", "WRONG", "hello"]],
    ["check:knowledge", ["--knowledge", "WRONG"]],
    ["chat", ["--knowledge", "WRONG"]],
  ] as const)(
    "%s with a knowledge folder that is not there: one line, status 1",
    async (entry, args) => {
      const { code, out, err } = await run(entry, args);
      expect(code).toBe(1);
      expect(lines(err)).toEqual([
        expect.stringMatching(
          /^KNOWLEDGE_DIR cannot be read \("WRONG"\): .*no such file or directory/u,
        ),
      ]);
      expect(out).toBe("");
    },
  );

  it.each([
    ["ask", [], /^npm run ask: the question is missing/u],
    ["ask", ["--lang", "de", "hi"], /^npm run ask: --lang must be en or ru, not "de"/u],
    ["eval", ["--bogus"], /^npm run eval: unknown option --bogus/u],
    ["eval", ["--file"], /^npm run eval: --file needs a value/u],
    ["check:knowledge", ["extra"], /^npm run check:knowledge: unexpected argument "extra"/u],
    ["gaps", ["--days", "0"], /^npm run gaps: --days must be a whole number/u],
    ["start", ["--verbose"], /^npm start: unknown option --verbose/u],
  ] as const)("%s %j is bad usage: one line naming it, status 2", async (entry, args, expected) => {
    const { code, err } = await run(entry, args, { KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE_DIR });
    expect(code).toBe(2);
    expect(lines(err)).toEqual([expect.stringMatching(expected)]);
    expect(err).toContain("--help");
  });

  it("eval with a question file that is not there: one line, status 1", async () => {
    const { code, err } = await run("eval", ["--file", join(work, "none.jsonl")]);
    expect(code).toBe(1);
    expect(lines(err)).toEqual([
      expect.stringMatching(/^--file .*none\.jsonl cannot be read \(ENOENT\)/u),
    ]);
  });
});

describe("--json: one documented shape", () => {
  it("ask --json has every key, also for a decline", async () => {
    for (const question of [
      "How many innovation clusters is INO Tomsk based on?",
      "population of mars",
    ]) {
      const { code, out } = await run("ask", ["--json", question], {
        KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE_DIR,
      });
      expect(code).toBe(0);
      const reply = JSON.parse(out);
      expect(Object.keys(reply).sort()).toEqual(
        [
          "answers",
          "explanation",
          "language",
          "outcome",
          "question",
          "readAs",
          "reason",
          "reply",
          "suggestions",
        ].sort(),
      );
      for (const answer of reply.answers) {
        expect(Object.keys(answer).sort()).toEqual(
          ["card", "coverage", "date", "document", "source", "text", "title", "translation"].sort(),
        );
      }
    }
  });

  it("eval --json and eval --bot --json name their mode and keep their keys", async () => {
    const file = join(work, "two.jsonl");
    writeFileSync(
      file,
      [
        {
          id: "a",
          lang: "en",
          kind: "fact",
          question: "How many innovation clusters is INO Tomsk based on?",
          answer_any: ["3 innovation clusters"],
        },
        {
          id: "b",
          lang: "en",
          kind: "none",
          question: "What is the population of Mars?",
          answer_any: [],
        },
      ]
        .map((item) => JSON.stringify(item))
        .join("\n"),
    );
    const search = await run("eval", ["--json", "--file", file], {
      KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE_DIR,
    });
    expect(search.code).toBe(0);
    const s = JSON.parse(search.out);
    expect(Object.keys(s).sort()).toEqual([
      "byKind",
      "byLanguage",
      "file",
      "misses",
      "mode",
      "overall",
      "questions",
    ]);
    expect(s).toMatchObject({ mode: "search", questions: 2 });
    const bot = await run("eval", ["--bot", "--json", "--file", file], {
      KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE_DIR,
    });
    expect(bot.code).toBe(0);
    const b = JSON.parse(bot.out);
    expect(Object.keys(b).sort()).toEqual(
      [
        "byKind",
        "byLanguage",
        "file",
        "firstReplyRight",
        "latencyMs",
        "misses",
        "mode",
        "questions",
        "russianAnswersInRussian",
        "unanswerableDeclined",
      ].sort(),
    );
    expect(b).toMatchObject({
      mode: "bot",
      questions: 2,
      firstReplyRight: 1,
      unanswerableDeclined: 1,
    });
  });

  it("check:knowledge --json reports problems with valid: false and status 1", async () => {
    const broken = join(work, "broken");
    cpSync(FIXTURE_KNOWLEDGE_DIR, broken, { recursive: true });
    writeFileSync(join(broken, "clusters.yaml"), "- id: [unclosed\n");
    const { code, out } = await run("check:knowledge", ["--json"], { KNOWLEDGE_DIR: broken });
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ valid: false, version: null, counts: null });
    expect(report.problems[0]).toMatch(/^clusters\.yaml/u);
  });
});

describe("WEBHOOK_URL is checked at start as Telegram checks it", () => {
  const webhook = (url: string, more: Record<string, string> = {}) =>
    run("start", [], {
      BOT_TOKEN: TOKEN,
      BOT_MODE: "webhook",
      WEBHOOK_SECRET: "s3cret",
      WEBHOOK_URL: url,
      KNOWLEDGE_DIR: FIXTURE_KNOWLEDGE_DIR,
      DATA_DIR: join(work, "data"),
      ...more,
    });

  it.each([
    ["http://bot.example.com/telegram", /^WEBHOOK_URL must be an https:\/\/ URL/u],
    [
      "https://bot.example.com:9999/telegram",
      /^WEBHOOK_URL must use port 443, 80, 88 or 8443.*not 9999/u,
    ],
    ["http://127.0.0.1:9999/telegram", /set WEBHOOK_LOOPBACK=true/u],
  ])("%s stops the start: one line, status 1", async (url, expected) => {
    const { code, out, err } = await webhook(url);
    expect(code).toBe(1);
    expect(lines(err)).toEqual([expect.stringMatching(expected)]);
    expect(out).toBe("");
  });

  it("WEBHOOK_LOOPBACK=true does not open a public URL to http or other ports", async () => {
    const { code, err } = await webhook("http://bot.example.com:9999/t", {
      WEBHOOK_LOOPBACK: "true",
    });
    expect(code).toBe(1);
    expect(err).toMatch(/^WEBHOOK_URL must be an https:\/\/ URL/u);
  });
});

describe("npm run transcripts", () => {
  it("--check passes on the README and fails, naming the block, when one drifted", async () => {
    const ok = await run("transcripts", ["--check"]);
    expect(ok.err).toBe("");
    expect(ok.code).toBe(0);

    const readme = join(work, "README.md");
    const drifted = readFileSync("README.md", "utf8").replace("[1] 1/3  [2] ▶", "[1] 1/4  [2] ▶");
    expect(drifted).not.toBe(readFileSync("README.md", "utf8"));
    writeFileSync(readme, drifted);
    const checked = await run("transcripts", ["--check", "--readme", readme]);
    expect(checked.code).toBe(1);
    expect(lines(checked.err)).toEqual([
      expect.stringMatching(
        /transcript 2 .*differs from what the bot says; run npm run transcripts$/u,
      ),
    ]);
    expect(readFileSync(readme, "utf8")).toBe(drifted);

    const rewritten = await run("transcripts", ["--readme", readme]);
    expect(rewritten.code).toBe(0);
    expect(readFileSync(readme, "utf8")).toBe(readFileSync("README.md", "utf8"));
  });
});
