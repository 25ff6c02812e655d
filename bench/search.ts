/**
 * Search benchmark: our engine against MiniSearch with default options over the
 * same passages, on the same knowledge and the same fixed questions.
 *
 * Index build time, heap retained by the built index (after a forced GC), and
 * question latency: each question is asked in several rounds and its time is
 * the median of its rounds; p50/p99 are taken over those per-question times.
 * Questions are timed interleaved (ours, then the baseline, question by
 * question), so noise from a shared machine hits both sides alike.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import MiniSearch from "minisearch";
import { createSearchEngine } from "../src/search/engine.js";
import { loadLexicon } from "../src/search/lexicon.js";
import type { Knowledge } from "../src/search/types.js";
import { ROOT } from "./paths.js";
import { collectGarbage, median, type Summary, summarize } from "./stats.js";

/** The questions every latency figure is measured on. */
export interface QuestionSet {
  /** The file they come from, relative to the repository. */
  readonly source: string;
  readonly questions: readonly string[];
}

/** The development question set, kept in the repository next to the holdout set. */
const DEV_SET = "eval/dev.jsonl";

/** The fixed question set: the questions of eval/dev.jsonl. */
export function loadQuestions(): QuestionSet {
  const questions = readFileSync(join(ROOT, DEV_SET), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => (JSON.parse(line) as { question: string }).question);
  return { source: DEV_SET, questions };
}

/** How long to measure: at least `minRounds` rounds of all questions, and at least `budgetMs`. */
export interface SearchBudget {
  /** Questions are asked, untimed, for this long before measuring. */
  readonly warmupMs: number;
  readonly minRounds: number;
  readonly maxRounds: number;
  readonly budgetMs: number;
  /** Builds to time (median reported); heap is taken after the first. */
  readonly builds: number;
}

/** Our figure and the baseline's. */
export interface Pair {
  readonly ours: number;
  readonly baseline: number;
}

export interface SearchFigures {
  readonly documents: number;
  readonly passages: number;
  readonly buildMs: Pair;
  readonly heapBytes: Pair;
  /**
   * Over the questions, each question's own time being the median of its rounds:
   * stable on a noisy machine, where a preempted run says nothing about the code.
   */
  readonly latency: { readonly ours: Summary; readonly baseline: Summary };
  /** Over every single timing of every round, noise included. */
  readonly pooled: { readonly ours: Summary; readonly baseline: Summary };
  readonly rounds: number;
  /** Our slowest questions by median time, to show where the p99 comes from. */
  readonly slowest: readonly { readonly question: string; readonly ms: number }[];
}

/** Answers per question, as the bot asks for (answersPerQuestion). */
const LIMIT = 5;

/**
 * Builds `builds` times; returns the median build time, the last build, and the
 * heap the first build retains: the heap with it alive minus the heap once it
 * is released, both after a forced GC. (Measuring from before the build can
 * come out negative for a small index, when the GC frees older garbage.)
 */
function measureBuild<T>(build: () => T, builds: number): { ms: number; heap: number; built: T } {
  const times: number[] = [];
  let built: T | undefined;
  let heap = Number.NaN;
  for (let i = 0; i < builds; i++) {
    built = undefined;
    collectGarbage();
    const start = performance.now();
    built = build();
    times.push(performance.now() - start);
    if (i === 0) {
      collectGarbage();
      const alive = process.memoryUsage().heapUsed;
      built = undefined;
      collectGarbage();
      heap = alive - process.memoryUsage().heapUsed;
      built = build();
    }
  }
  return { ms: median(times), heap, built: built as T };
}

/** Runs the search benchmark on one knowledge base. */
export function benchSearch(
  knowledge: Knowledge,
  questions: readonly string[],
  budget: SearchBudget,
): SearchFigures {
  // As the bot builds it (with the spelling lexicon), but without its memory of
  // repeated questions: every round measures the whole search.
  const lexicon = loadLexicon(join(ROOT, "node_modules/.cache/tomsk-bot"));
  const ours = measureBuild(
    () => createSearchEngine(knowledge, { lexicon, caches: false }),
    budget.builds,
  );
  const baseline = measureBuild(() => {
    // The baseline indexes every sentence with MiniSearch's defaults.
    const passages = knowledge.documents.flatMap((d) => d.sentences);
    const index = new MiniSearch<{ id: number; text: string }>({ fields: ["text"] });
    index.addAll(passages.map((p, id) => ({ id, text: p.text })));
    return { index, passages: passages.length };
  }, budget.builds);
  const engine = ours.built;
  const mini = baseline.built.index;

  // times[side][question] = that question's timings, one per round.
  const times = {
    ours: questions.map(() => [] as number[]),
    baseline: questions.map(() => [] as number[]),
  };
  const ask = (i: number) => {
    const question = questions[i] as string;
    let start = performance.now();
    engine.ask(question, { limit: LIMIT });
    const oursMs = performance.now() - start;
    start = performance.now();
    mini.search(question);
    return { oursMs, baselineMs: performance.now() - start };
  };
  const round = () => {
    questions.forEach((_, i) => {
      const { oursMs, baselineMs } = ask(i);
      times.ours[i]?.push(oursMs);
      times.baseline[i]?.push(baselineMs);
    });
  };
  // Warm up question by question: on a large corpus one round alone can take a minute.
  const warmupStart = performance.now();
  for (let i = 0; performance.now() - warmupStart < budget.warmupMs; i++) ask(i % questions.length);
  const started = performance.now();
  let rounds = 0;
  while (
    rounds < budget.maxRounds &&
    (rounds < budget.minRounds || performance.now() - started < budget.budgetMs)
  ) {
    round();
    rounds++;
  }
  const perQuestion = (side: readonly number[][]) => side.map((t) => median(t));
  const oursPerQuestion = perQuestion(times.ours);

  return {
    documents: knowledge.documents.length,
    passages: baseline.built.passages,
    buildMs: { ours: ours.ms, baseline: baseline.ms },
    heapBytes: { ours: ours.heap, baseline: baseline.heap },
    latency: {
      ours: summarize(oursPerQuestion),
      baseline: summarize(perQuestion(times.baseline)),
    },
    pooled: { ours: summarize(times.ours.flat()), baseline: summarize(times.baseline.flat()) },
    rounds,
    slowest: questions
      .map((question, i) => ({ question, ms: oursPerQuestion[i] as number }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5),
  };
}
