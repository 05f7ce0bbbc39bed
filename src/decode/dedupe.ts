import { FingerprintRing } from '../util/index.js';

/**
 * Remembers the last `capacity` event ids, forgetting the oldest first, so
 * memory stays bounded however many events pass. A duplicate older than the
 * window gets through; the graph's idempotent upserts make that harmless.
 *
 * Ids are kept as 64-bit fingerprints (src/util/fingerprint-ring.ts), not as
 * strings in a Set: 12-24 bytes per id instead of ~80. A fresh id is taken for
 * a duplicate only if its fingerprint equals one of the ids in the window: with
 * the default million ids, about once in 2^64 / 10^6 ≈ 1.8 · 10^13 events.
 */
export class DedupeWindow {
  private readonly ids: FingerprintRing;

  constructor(capacity: number) {
    this.ids = new FingerprintRing(capacity);
  }

  /** true when the id was seen (a duplicate); otherwise remembers it. */
  check(id: string): boolean {
    return this.ids.seen(id);
  }

  get size(): number {
    return this.ids.size;
  }
}
