/**
 * A Map that keeps at most `limit` entries, forgetting the least recently
 * written one first. For caches fed by user input, which must not grow
 * without bound in a long-running process.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }

  /** Stores the entry as the most recent one, evicting the oldest beyond the limit. */
  override set(key: K, value: V): this {
    super.delete(key);
    super.set(key, value);
    if (this.size > this.limit) {
      const oldest = this.keys().next();
      if (!oldest.done) super.delete(oldest.value);
    }
    return this;
  }
}
