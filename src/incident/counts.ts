/**
 * Counts by key (an incident's posts per author, reshares drawn per author): the first key and its count in two
 * fields, a Map only from a second key on. Most live incidents are one post by one author, and a Map of one
 * entry costs ~250 bytes kept as long as the incident lives; this costs ~50. Keys keep their order of arrival.
 */
export class Counts {
  private firstKey: string | null = null;
  private firstCount = 0;
  private byKey: Map<string, number> | null = null;

  get size(): number {
    return this.byKey !== null ? this.byKey.size : this.firstKey === null ? 0 : 1;
  }

  /** The count of `key`, undefined when it has none (as a Map's get). */
  get(key: string): number | undefined {
    if (this.byKey !== null) return this.byKey.get(key);
    return key === this.firstKey ? this.firstCount : undefined;
  }

  /** Adds `n` to the count of `key`. */
  add(key: string, n = 1): void {
    if (this.byKey !== null) this.byKey.set(key, (this.byKey.get(key) ?? 0) + n);
    else if (this.firstKey === null || this.firstKey === key) {
      this.firstKey = key;
      this.firstCount += n;
    } else
      this.byKey = new Map([
        [this.firstKey, this.firstCount],
        [key, n],
      ]);
  }

  /** Each count and its key, in order of arrival (a Map's forEach: no pair made per entry). */
  forEach(f: (count: number, key: string) => void): void {
    if (this.byKey !== null) this.byKey.forEach(f);
    else if (this.firstKey !== null) f(this.firstCount, this.firstKey);
  }

  /** [key, count] pairs, in order of arrival. */
  *[Symbol.iterator](): IterableIterator<[string, number]> {
    if (this.byKey !== null) yield* this.byKey;
    else if (this.firstKey !== null) yield [this.firstKey, this.firstCount];
  }
}
