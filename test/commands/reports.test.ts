/** npm run stats / npm run gaps, in process, on SQLite and PostgreSQL, and their errors. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CommandIo, runCommand } from "../../src/commands/command.js";
import { gapsCommand, statsCommand } from "../../src/commands/reports.js";
import { describeStore } from "../store/dialects.js";
import { BotHarness } from "../support/bot-harness.js";

type Env = Record<string, string | undefined>;
const runStats = (argv: string[], env: Env, sink: CommandIo) =>
  runCommand(statsCommand(), argv, env, sink);
const runGaps = (argv: string[], env: Env, sink: CommandIo) =>
  runCommand(gapsCommand(), argv, env, sink);

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const sink: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  return { sink, out: () => out.join(""), err: () => err.join("\n") };
}

describeStore("the command-line reports", (harness) => {
  async function withTraffic() {
    const { target, open } = harness();
    const store = await open({ now: Date.now });
    const h = new BotHarness({ store });
    await h.text("When did the Tomsk delegation visit Tokyo?");
    await h.press(h.lastSent(), "👎");
    await h.text("what is the population of tomsk");
    await h.text('Population of "Tomsk", please?');
    await store.close();
    return target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : { DATA_DIR: target.dataDir };
  }

  it("npm run stats prints the /stats report as text, in English or Russian", async () => {
    const env = await withTraffic();
    const en = io();
    expect(await runStats([], env, en.sink)).toBe(0);
    expect(en.out()).toContain(
      "Questions: 3 — answered 1 (33%), not sure 0 (0%), not answered 2 (67%)",
    );
    expect(en.out()).toContain("Votes: 👍 0 · 👎 1");
    expect(en.out()).not.toMatch(/<\/?b>/u);
    const ru = io();
    expect(await runStats(["--lang", "ru"], env, ru.sink)).toBe(0);
    expect(ru.out()).toContain("Вопросов: 3");
  });

  it("npm run gaps lists the gaps as Markdown or CSV", async () => {
    const env = await withTraffic();
    const md = io();
    expect(await runGaps([], env, md.sink)).toBe(0);
    const rows = md.out().trim().split("\n");
    expect(rows[0]).toBe("| asked | declined | down_voted | last_asked | question | normalized |");
    expect(rows.slice(2).map((r) => r.split(" | ").slice(0, 3))).toEqual([
      ["| 2", "2", "0"],
      ["| 1", "0", "1"],
    ]);
    const csv = io();
    expect(await runGaps(["--format", "csv", "--days", "1"], env, csv.sink)).toBe(0);
    expect(csv.out()).toContain(
      ',"Population of ""Tomsk"", please?",population: population tomsk\r\n',
    );
    expect(csv.out()).toContain(
      ",When did the Tomsk delegation visit Tokyo?,date: deleg tokyo tomsk visit\r\n",
    );
  });
});

describeStore("the command-line reports as JSON", (harness) => {
  it("stats --json and gaps --json print the documented shapes", async () => {
    const { target, open } = harness();
    const store = await open({ now: Date.now });
    const h = new BotHarness({ store });
    await h.text("what is the population of tomsk");
    await store.close();
    const env = target.databaseUrl
      ? { DATABASE_URL: target.databaseUrl }
      : { DATA_DIR: target.dataDir };
    const stats = io();
    expect(await runStats(["--json"], env, stats.sink)).toBe(0);
    const report = JSON.parse(stats.out());
    expect(Object.keys(report).sort()).toEqual([
      "all",
      "perDay",
      "recent",
      "recentDays",
      "retentionDays",
    ]);
    expect(report.retentionDays).toBe(90);
    const gaps = io();
    expect(
      await runGaps(["--json", "--days", "3"], { ...env, QUESTION_LOG_DAYS: "30" }, gaps.sink),
    ).toBe(0);
    const listed = JSON.parse(gaps.out());
    expect(listed.days).toBe(3);
    expect(listed.gaps).toHaveLength(1);
    expect(listed.gaps[0]).toMatchObject({
      text: "what is the population of tomsk",
      asked: 1,
      declined: 1,
    });
  });
});

describe("the command-line reports' errors", () => {
  it("say which variable is wrong and what is expected, in one line, exit 1", async () => {
    const empty = mkdtempSync(join(tmpdir(), "no-store-"));
    const cases: [Record<string, string>, RegExp][] = [
      [
        { DATA_DIR: empty },
        /^DATA_DIR: no store at .*bot\.sqlite; point DATA_DIR \(or --data-dir\) at the bot's data directory, or set DATABASE_URL/u,
      ],
      [{ DATABASE_URL: "mysql://x" }, /^DATABASE_URL must be a PostgreSQL URL/u],
      [
        { DATA_DIR: empty, QUESTION_LOG_DAYS: "0" },
        /^QUESTION_LOG_DAYS must be a whole number of days/u,
      ],
    ];
    for (const [env, expected] of cases) {
      const out = io();
      expect(await runGaps([], env, out.sink)).toBe(1);
      expect(out.err()).toMatch(expected);
      expect(out.err().split("\n")).toHaveLength(1);
    }
    rmSync(empty, { recursive: true, force: true });
  });

  it("refuse a flag the report does not have, or a bad value, as bad usage (exit 2), before opening the store", async () => {
    const cases: [string[], "stats" | "gaps", RegExp][] = [
      [
        ["--days", "x"],
        "gaps",
        /^npm run gaps: --days must be a whole number of days from 1, not "x"/u,
      ],
      [["--format", "xml"], "gaps", /^npm run gaps: --format must be md or csv, not "xml"/u],
      [["--days"], "gaps", /^npm run gaps: --days needs a value/u],
      [["--json", "--format", "csv"], "gaps", /--json and --format are two output formats/u],
      [["--days", "7"], "stats", /^npm run stats: unknown option --days/u],
    ];
    for (const [argv, which, expected] of cases) {
      const out = io();
      // No store anywhere: reaching for one would fail with exit 1 instead.
      const env = { DATA_DIR: join(tmpdir(), "nowhere-at-all") };
      expect(await (which === "gaps" ? runGaps : runStats)(argv, env, out.sink)).toBe(2);
      expect(out.err()).toMatch(expected);
      expect(out.err().split("\n")).toHaveLength(1);
    }
  });
});
