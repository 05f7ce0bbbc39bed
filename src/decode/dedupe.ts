/**
 * Remembers the last `capacity` event ids, forgetting the oldest first, so
 * memory stays bounded however many events pass. A duplicate older than the
 * window gets through; the graph's idempotent upserts make that harmless.
 */
export class DedupeWindow {
  private readonly seen = new Set<string>();
  constructor(private readonly capacity: number) {}

  /** true when the id was seen (a duplicate); otherwise remembers it. */
  check(id: string): boolean {
    // one hash lookup instead of has() then add(): adding a present id changes neither size nor order
    const before = this.seen.size;
    this.seen.add(id);
    if (this.seen.size === before) return true;
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next().value as string;
      this.seen.delete(oldest);
    }
    return false;
  }

  get size(): number {
    return this.seen.size;
  }

  save(): string[] {
    return [...this.seen];
  }

  restore(ids: readonly string[]): void {
    this.seen.clear();
    for (const id of ids.slice(-this.capacity)) this.seen.add(id);
  }
}
