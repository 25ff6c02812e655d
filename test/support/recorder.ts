/**
 * A list that tests can wait on: handlers push what happened, a test awaits the moment a
 * condition over the list holds — an event, not a sleep.
 */
export class Recorder<T> {
  readonly values: T[] = [];
  readonly #waiters = new Set<{ test: () => boolean; resolve: () => void }>();

  push(value: T): void {
    this.values.push(value);
    for (const waiter of this.#waiters) {
      if (!waiter.test()) continue;
      this.#waiters.delete(waiter);
      waiter.resolve();
    }
  }

  /** Resolves once `condition` holds for the values recorded (now or after a later push). */
  until(condition: (values: readonly T[]) => boolean): Promise<void> {
    const test = () => condition(this.values);
    if (test()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.add({ test, resolve }));
  }

  /** Resolves once `count` values have been recorded. */
  count(count: number): Promise<void> {
    return this.until((values) => values.length >= count);
  }
}
