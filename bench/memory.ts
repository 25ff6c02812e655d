/**
 * Memory benchmark: resident set size of a fresh process once the bot is built
 * (ours: the real knowledge base and search engine), then after every 2,500 of
 * 10,000 questions fed through the same pipeline as bench/pipeline.ts. A full
 * GC runs before each reading, so the figures show what stays, not garbage
 * waiting to be collected; a series that levels off shows no unbounded growth.
 */
import { createPipeline, questionUpdates, runClosedLoop, type Side } from "./pipeline.js";
import { collectGarbage } from "./stats.js";

/** RSS and heap after a given number of questions (0 = right after start). */
export interface MemoryCheckpoint {
  readonly questions: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
}

function checkpoint(questions: number): MemoryCheckpoint {
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return { questions, rssBytes: rss, heapUsedBytes: heapUsed };
}

/** Runs the memory benchmark for one side; call it in a fresh process. */
export async function benchMemory(
  side: Side,
  questions: readonly string[],
  total = 10_000,
  step = 2_500,
): Promise<MemoryCheckpoint[]> {
  const pipeline = await createPipeline(side);
  try {
    const checkpoints = [checkpoint(0)];
    for (let done = 0; done < total; done += step) {
      // New users for every batch, as a busy bot meets new people all day.
      await runClosedLoop(pipeline, questionUpdates(questions, step, done), 100);
      pipeline.latencies.length = 0;
      pipeline.searchTimes.length = 0;
      // What the simulated Telegram remembers of the chats is not the bot's memory.
      pipeline.sim.forget();
      checkpoints.push(checkpoint(done + step));
    }
    return checkpoints;
  } finally {
    await pipeline.close();
  }
}
