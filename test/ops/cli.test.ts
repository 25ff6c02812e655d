/** npm run stats / npm run gaps, in process, on SQLite and PostgreSQL, and their errors. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CliIo, parseReportArgs, runGaps, runStats } from "../../src/ops/cli.js";
import { describeStore } from "../store/dialects.js";
import { BotHarness } from "../support/bot-harness.js";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const sink: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
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

describe("the command-line reports' errors", () => {
  it("say which variable is wrong and what is expected, in one line, exit 1", async () => {
    const empty = mkdtempSync(join(tmpdir(), "no-store-"));
    const cases: [string[], Record<string, string>, RegExp][] = [
      [
        [],
        { DATA_DIR: empty },
        /^DATA_DIR: no store at .*bot\.sqlite; point DATA_DIR at the bot's data directory, or set DATABASE_URL/u,
      ],
      [[], { DATABASE_URL: "mysql://x" }, /^DATABASE_URL must be a PostgreSQL URL/u],
      [
        [],
        { DATA_DIR: empty, QUESTION_LOG_DAYS: "0" },
        /^QUESTION_LOG_DAYS must be a whole number of days/u,
      ],
      [["--days", "x"], { DATA_DIR: empty }, /^unexpected --days x; usage: npm run gaps/u],
      [["--format", "xml"], { DATA_DIR: empty }, /^unexpected --format xml; usage/u],
    ];
    for (const [argv, env, expected] of cases) {
      const out = io();
      expect(await runGaps(argv, env, out.sink)).toBe(1);
      expect(out.err()).toMatch(expected);
      expect(out.err().split("\n")).toHaveLength(1);
    }
    rmSync(empty, { recursive: true, force: true });
  });

  it("read only the flags each report has", () => {
    expect(parseReportArgs(["--days", "7", "--format", "md"], "gaps")).toEqual({
      days: 7,
      format: "md",
    });
    expect(parseReportArgs(["--lang", "ru"], "stats")).toEqual({ lang: "ru" });
    expect(parseReportArgs(["--days", "7"], "stats")).toMatch(/usage: npm run stats/u);
    expect(parseReportArgs(["--days"], "gaps")).toMatch(/^unexpected --days; usage/u);
  });
});
