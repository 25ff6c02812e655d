/**
 * Entry point of the child processes bench/run.ts starts, one measurement per
 * fresh process (`node --expose-gc .bench-build/bench/worker.js <task> <json>`),
 * so heap and RSS figures start clean and one corpus's garbage never lands in
 * another's timings. The result goes back to the parent over IPC.
 *
 * Tasks: `search {corpus, budget}`, `pipeline {side, options}`, `memory {side}`, `sends {count, pluginDefaults}`.
 */
import { loadKnowledge } from "../src/knowledge/load.js";
import { KNOWLEDGE_DIR, syntheticKnowledge } from "./corpus.js";
import { benchMemory } from "./memory.js";
import { benchPipeline, benchThrottledSends, type PipelineOptions, type Side } from "./pipeline.js";
import { benchSearch, loadQuestions, type SearchBudget } from "./search.js";

/** What a worker is asked to do. */
export type WorkerTask =
  | { readonly task: "search"; readonly corpus: "real" | number; readonly budget: SearchBudget }
  | { readonly task: "pipeline"; readonly side: Side; readonly options: PipelineOptions }
  | { readonly task: "memory"; readonly side: Side }
  | { readonly task: "sends"; readonly count: number; readonly pluginDefaults: boolean };

async function perform(job: WorkerTask): Promise<unknown> {
  const { questions } = loadQuestions();
  switch (job.task) {
    case "search": {
      const knowledge =
        job.corpus === "real" ? loadKnowledge(KNOWLEDGE_DIR) : syntheticKnowledge(job.corpus);
      return benchSearch(knowledge, questions, job.budget);
    }
    case "pipeline":
      return benchPipeline(job.side, questions, job.options);
    case "memory":
      return benchMemory(job.side, questions);
    case "sends":
      return benchThrottledSends(questions, job.count, job.pluginDefaults);
  }
}

if (process.send) {
  const job = JSON.parse(process.argv[2] ?? "{}") as WorkerTask;
  const result = await perform(job);
  process.send(result, () => process.exit(0));
}
