/**
 * Calls made within one turn of the event loop, carried out together: the
 * callers queue their items, and once the turn is over one `run` takes them
 * all. For writes that each cost a commit (a question logged per answer), so
 * that a busy process commits once per turn instead of once per item. An idle
 * one waits only for the end of the current turn. Every caller gets the
 * batch's result (and picks its own part of it) or its error.
 *
 * No library among the project's does this for promises; it is a dozen lines.
 */
export function batched<T, R = void>(
  run: (items: readonly T[]) => Promise<R>,
  maxBatch = 500,
): (item: T) => Promise<R> {
  const queue: { item: T; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  const flush = () => {
    const taken = queue.splice(0, maxBatch);
    if (queue.length > 0) setImmediate(flush);
    run(taken.map((q) => q.item)).then(
      (result) => {
        for (const q of taken) q.resolve(result);
      },
      (error: unknown) => {
        for (const q of taken) q.reject(error);
      },
    );
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ item, resolve, reject });
    });
}
