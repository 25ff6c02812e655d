/**
 * Calls made within one turn of the event loop, carried out together: the
 * callers queue their items, and once the turn is over one `run` takes them
 * all. For writes that each cost a commit (a question logged per answer), so
 * that a busy process commits once per turn instead of once per item. An idle
 * one waits only for the end of the current turn.
 *
 * No library among the project's does this for promises; it is a dozen lines.
 */
export function batched<T>(
  run: (items: readonly T[]) => Promise<void>,
  maxBatch = 500,
): (item: T) => Promise<void> {
  const queue: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  const flush = () => {
    const taken = queue.splice(0, maxBatch);
    if (queue.length > 0) setImmediate(flush);
    run(taken.map((q) => q.item)).then(
      () => {
        for (const q of taken) q.resolve();
      },
      (error: unknown) => {
        for (const q of taken) q.reject(error);
      },
    );
  };
  return (item) =>
    new Promise<void>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ item, resolve, reject });
    });
}
