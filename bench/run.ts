/**
 * `npm run bench`: every benchmark, each against its baseline in the same run.
 * Prints a table, writes it as bench/results.md and every figure as
 * bench/results.json. See the modules for what each one measures and how.
 *
 * Options:
 * - `--quick`: the real corpus and 1,000 documents only, fewer runs (a smoke test);
 * - `--docs=1000,10000,100000`: synthetic corpus sizes (default 1,000 and 10,000);
 * - `--only=search,pipeline,memory,cold`: a subset of the benchmarks.
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { BARE_BOT, benchColdStart, ENTRY_POINT, NPM_START } from "./cold-start.js";
import { KNOWLEDGE_DIR, writeSyntheticKnowledge } from "./corpus.js";
import type { MemoryCheckpoint } from "./memory.js";
import { ROOT } from "./paths.js";
import type { PipelineFigures, PipelineOptions, SendRateFigures } from "./pipeline.js";
import { loadQuestions, type SearchBudget, type SearchFigures } from "./search.js";
import {
  atLeast,
  atMost,
  MB,
  type Row,
  ratioAtMost,
  renderMarkdown,
  renderTable,
  row,
} from "./stats.js";
import type { WorkerTask } from "./worker.js";

const args = process.argv.slice(2);
const option = (name: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = args.includes("--quick");
const sizes = option("docs")?.split(",").map(Number) ?? (quick ? [1000] : [1000, 10_000]);
const only = option("only")?.split(",");
const wanted = (part: string) => only === undefined || only.includes(part);

/** Enough repetitions to be stable, few enough for a few minutes on a 2-core machine. */
function searchBudget(corpus: "real" | number): SearchBudget {
  if (corpus === "real")
    return { builds: 10, warmupMs: 2000, minRounds: 20, maxRounds: 500, budgetMs: 3000 };
  if (corpus <= 1000)
    return { builds: 1, warmupMs: 2000, minRounds: 3, maxRounds: 50, budgetMs: 5000 };
  return { builds: 1, warmupMs: 3000, minRounds: 2, maxRounds: 50, budgetMs: 10_000 };
}
const PIPELINE: PipelineOptions = {
  warmup: quick ? 500 : 2000,
  sequentialUpdates: quick ? 500 : 2000,
  throughputUpdates: quick ? 1000 : 5000,
  pacedUpdates: quick ? 1000 : 5000,
  rate: 1000,
};
const COLD_RUNS = quick ? 2 : 5;
/** People asking at once for the throttled-sends run: a few seconds of Telegram's 30 a second. */
const SENDS = quick ? 90 : 150;
const LARGE = 10_000;

const started = performance.now();
const progress = (message: string) => {
  const seconds = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[${seconds} s] ${message}\n`);
};
const label = (corpus: "real" | number) =>
  corpus === "real" ? "real knowledge/" : `${corpus.toLocaleString("en-US")} docs`;

/**
 * Runs one task in a fresh `node --expose-gc` process and returns its result.
 * `npm run bench` compiles bench/ and src/ first, so workers run compiled
 * JavaScript, as production does (`npm start` runs dist/main.js).
 */
function inWorker<T>(job: WorkerTask): Promise<T> {
  return new Promise((resolve, reject) => {
    // 100,000 documents need about 4 GB of heap for our index: more than Node's default limit.
    const huge = job.task === "search" && job.corpus !== "real" && job.corpus >= 100_000;
    const child = fork(join(ROOT, ".bench-build/bench/worker.js"), [JSON.stringify(job)], {
      cwd: ROOT,
      execArgv: ["--expose-gc", ...(huge ? ["--max-old-space-size=12288"] : [])],
    });
    let result: T | undefined;
    child.on("message", (message) => {
      result = message as T;
    });
    child.on("exit", (code) =>
      result === undefined
        ? reject(new Error(`worker ${job.task} exited ${code}`))
        : resolve(result),
    );
  });
}

const rows: Row[] = [];
const details: Record<string, unknown> = {};
const questionSet = loadQuestions();

if (wanted("search")) {
  const search: { corpus: "real" | number; figures: SearchFigures }[] = [];
  for (const corpus of ["real", ...sizes] as const) {
    progress(`search: ${label(corpus)}`);
    const budget = searchBudget(corpus);
    const f = await inWorker<SearchFigures>({ task: "search", corpus, budget });
    search.push({ corpus, figures: f });
    const section = `search · ${label(corpus)}`;
    const p99Target =
      corpus === "real" ? atMost(5, "ms") : corpus === LARGE ? ratioAtMost(0.5) : undefined;
    rows.push(
      row(section, "index build", "ms", f.buildMs.ours, f.buildMs.baseline),
      row(section, "heap after build", "MB", f.heapBytes.ours / MB, f.heapBytes.baseline / MB),
      row(section, "question p50", "ms", f.latency.ours.p50, f.latency.baseline.p50),
      row(section, "question p99", "ms", f.latency.ours.p99, f.latency.baseline.p99, p99Target),
    );
  }
  details.search = search;
}

if (wanted("pipeline")) {
  progress("pipeline: ours");
  const ours = await inWorker<PipelineFigures>({
    task: "pipeline",
    side: "ours",
    options: PIPELINE,
  });
  progress("pipeline: baseline");
  const base = await inWorker<PipelineFigures>({
    task: "pipeline",
    side: "baseline",
    options: PIPELINE,
  });
  const section = "pipeline · real knowledge/";
  const rate = `@ ${PIPELINE.rate}/s`;
  rows.push(
    row(
      section,
      "updates/s, 100 in flight",
      "/s",
      ours.updatesPerSecond,
      base.updatesPerSecond,
      atLeast(1000, "/s"),
    ),
    row(
      section,
      "service time p50, one at a time",
      "ms",
      ours.serviceTime.p50,
      base.serviceTime.p50,
    ),
    row(
      section,
      "service time p99, one at a time",
      "ms",
      ours.serviceTime.p99,
      base.serviceTime.p99,
    ),
    row(section, `latency p50 ${rate}`, "ms", ours.latency.p50, base.latency.p50),
    row(section, `latency p99 ${rate}`, "ms", ours.latency.p99, base.latency.p99, atMost(10, "ms")),
  );
  progress("pipeline: the inbox alone (the echo bot through it)");
  const inbox = await inWorker<PipelineFigures>({
    task: "pipeline",
    side: "inbox",
    options: PIPELINE,
  });
  const alone = "pipeline · inbox alone";
  rows.push(
    row(
      alone,
      "updates/s, 100 in flight",
      "/s",
      inbox.updatesPerSecond,
      base.updatesPerSecond,
      atLeast(1000, "/s"),
    ),
    row(
      alone,
      "service time p50, one at a time",
      "ms",
      inbox.serviceTime.p50,
      base.serviceTime.p50,
    ),
    row(alone, `latency p99 ${rate}`, "ms", inbox.latency.p99, base.latency.p99, atMost(10, "ms")),
  );
  progress(`pipeline: sends through the throttler (${SENDS} people at once)`);
  const sends = await inWorker<SendRateFigures>({
    task: "sends",
    count: SENDS,
    pluginDefaults: false,
  });
  const pluginSends = await inWorker<SendRateFigures>({
    task: "sends",
    count: SENDS,
    pluginDefaults: true,
  });
  rows.push(
    row(
      section,
      `sends in any second, ${SENDS} people at once`,
      "/s",
      sends.maxSendsPerSecond,
      pluginSends.maxSendsPerSecond,
      atMost(30, "/s"),
    ),
  );
  details.pipeline = { ours, baseline: base, inbox, sends, pluginSends, options: PIPELINE };
}

if (wanted("memory")) {
  progress("memory: ours");
  const ours = await inWorker<MemoryCheckpoint[]>({ task: "memory", side: "ours" });
  progress("memory: baseline");
  const base = await inWorker<MemoryCheckpoint[]>({ task: "memory", side: "baseline" });
  ours.forEach((point, i) => {
    const metric =
      point.questions === 0
        ? "RSS after start, in-process"
        : `RSS after ${point.questions.toLocaleString("en-US")} questions`;
    const last = i === ours.length - 1;
    const baseline = (base[i] as MemoryCheckpoint).rssBytes / MB;
    rows.push(
      row(
        "memory · real knowledge/",
        metric,
        "MB",
        point.rssBytes / MB,
        baseline,
        last ? atMost(150, "MB") : undefined,
      ),
    );
  });
  details.memory = { ours, baseline: base };
}

if (wanted("cold")) {
  // A discarded first run of each script warms the file system cache.
  progress("cold start: real knowledge/ and the bare bot");
  const base = await benchColdStart(BARE_BOT, {}, COLD_RUNS, 1);
  const real = await benchColdStart(ENTRY_POINT, { KNOWLEDGE_DIR }, COLD_RUNS, 1);
  progress("cold start: npm start on this installed checkout");
  const npmStart = await benchColdStart(NPM_START, { KNOWLEDGE_DIR }, COLD_RUNS, 1);
  rows.push(
    row("cold start", "real knowledge/", "ms", real.medianMs, base.medianMs, atMost(1000, "ms")),
    row("cold start", "npm start", "ms", npmStart.medianMs, base.medianMs, atMost(1500, "ms")),
    row(
      "memory · real knowledge/",
      "RSS at first getUpdates",
      "MB",
      real.medianRssBytes / MB,
      base.medianRssBytes / MB,
      atMost(150, "MB"),
    ),
  );
  const large: unknown[] = [];
  if (sizes.some((size) => size >= LARGE)) {
    progress(`cold start: ${label(LARGE)}`);
    const dir = mkdtempSync(join(tmpdir(), "bench-knowledge-"));
    try {
      writeSyntheticKnowledge(dir, LARGE);
      const figures = await benchColdStart(ENTRY_POINT, { KNOWLEDGE_DIR: dir }, 1);
      rows.push(
        row("cold start", label(LARGE), "ms", figures.medianMs, base.medianMs, atMost(3000, "ms")),
      );
      large.push({ docs: LARGE, figures });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  details.coldStart = { real, npmStart, baseline: base, large };
}

// Sections in reading order, whatever order they ran in.
const order = ["search", "pipeline", "cold start", "memory"];
rows.sort(
  (a, b) =>
    order.findIndex((o) => a.section.startsWith(o)) -
    order.findIndex((o) => b.section.startsWith(o)),
);

/** How to read the table; goes under it in bench/results.md. */
const NOTES = [
  "Ratio = ours / baseline, both measured in the same run, one fresh process per measurement.",
  "Search: the baseline is MiniSearch with default options over the same passages. p50/p99 are " +
    `over the ${questionSet.questions.length} questions (${questionSet.source}), each question's ` +
    "time being the median of its rounds; synthetic corpora come from bench/corpus.ts (seeded).",
  "Pipeline: the baseline is a bare grammY bot echoing the text, handed each update directly. " +
    "Ours goes the production way: each update stored in the durable inbox (SQLite), claimed by " +
    "the dispatcher, handled by createBot's bot (sessions and rate limits in the same store, i18n, " +
    "the production rate limits, info-level logging), marked done; throttler off (it caps sends at " +
    "Telegram's 30/s by design). Latency counts from each update's scheduled arrival at a steady " +
    "1,000 updates/s; service time is one update with nothing else in flight. 'Inbox alone' is the " +
    "baseline's echo bot behind the same inbox. 'Sends in any second' is ours with the production " +
    "throttler: the most sendMessage calls reaching the Telegram simulator in any sliding second; " +
    "its baseline is the same with the throttler plugin's default settings.",
  "Cold start: spawn to the first getUpdates the Telegram simulator receives, " +
    "`node dist/main.js`, and `npm start` on this installed checkout (npm, the build's stamp check, " +
    "dist/main.js), median of runs; the baseline is bench/bare-bot.ts, compiled.",
  "Memory: RSS after a forced GC of a fresh process running the pipeline above; " +
    "RSS at first getUpdates is that of dist/main.js in the cold-start runs.",
];

const command = `npm run bench${args.length > 0 ? ` -- ${args.join(" ")}` : ""}`;
const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? "unknown",
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadAverageAtEnd: loadavg()
    .map((l) => l.toFixed(2))
    .join(" "),
};
const skipped = sizes.includes(100_000)
  ? ""
  : "100,000 documents: our index build alone takes minutes and about 4 GB of heap (run `npm run bench -- --docs=100000 --only=search`)";
const met = rows.filter((r) => r.status === "PASS").length;
const missed = rows.filter((r) => r.status === "MISS").length;
const seconds = ((performance.now() - started) / 1000).toFixed(0);
process.stdout.write(
  `\n${renderTable(rows)}\n\n${met} targets met, ${missed} missed. Questions: ` +
    `${questionSet.questions.length} from ${questionSet.source}. Took ${seconds} s.\n`,
);

writeFileSync(
  join(ROOT, "bench/results.json"),
  `${JSON.stringify(
    {
      command,
      date: new Date().toISOString(),
      machine,
      questions: { source: questionSet.source, count: questionSet.questions.length },
      skipped,
      rows,
      details,
    },
    null,
    2,
  )}\n`,
);
writeFileSync(
  join(ROOT, "bench/results.md"),
  [
    `\`${command}\` on ${machine.cpus} × ${machine.cpu}, Node ${machine.node}, ${machine.platform}, ` +
      `${new Date().toISOString().slice(0, 10)} (load average at the end: ${machine.loadAverageAtEnd}).`,
    "",
    renderMarkdown(rows),
    "",
    ...NOTES.map((note) => `- ${note}`),
    ...(skipped ? ["", `Skipped: ${skipped}.`] : []),
    "",
  ].join("\n"),
);
progress("wrote bench/results.json and bench/results.md");
