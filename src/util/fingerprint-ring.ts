/**
 * The last `capacity` distinct string keys, forgetting the oldest first, as
 * 64-bit fingerprints (two independent 32-bit hashes) in a ring of typed
 * arrays with an open-addressing index: 12-24 bytes per key instead of a
 * string and a Map entry (~80-200), and nothing for the collector to trace.
 * Each key held has a ring position in [0, capacity): callers keep what a key
 * maps to in their own arrays at that position (a position is reused by the
 * key that evicts its holder). The ring grows as it fills (a thousand keys
 * hold a few kilobytes, not the capacity's).
 *
 * Two keys are taken for one only if their fingerprints are equal: among a
 * million keys held, about once in 2^64 / 10^6 ≈ 1.8 · 10^13 lookups.
 */
export class FingerprintRing {
  /** fingerprints by ring position, two words each; circular once `capacity` keys are held */
  private ring = new Uint32Array(2 * 64);
  /** linear-probing index: ring position + 1 at the fingerprint's home slot or after it; 0 is empty */
  private index = new Int32Array(128);
  private mask = 127;
  private held = 0;
  /** ring position of the oldest key once the ring is full (where the next key is written) */
  private oldest = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 0 && Number.isInteger(capacity)))
      throw new RangeError(`FingerprintRing capacity must be an integer ≥ 0, got ${capacity}`);
  }

  get size(): number {
    return this.held;
  }

  /** The ring position of `key`, or -1 when it is not held. */
  find(key: string): number {
    return this.lookup(hashA(key), hashB(key));
  }

  /**
   * Adds `key` as the newest (it must not be held: `find` first), evicting the oldest when full; returns its
   * position, or -1 with a capacity of 0 (nothing is held).
   */
  add(key: string): number {
    return this.remember(hashA(key), hashB(key));
  }

  /** True when `key` is held; otherwise adds it (as `add`) and returns false. One hashing, no allocation. */
  seen(key: string): boolean {
    const h1 = hashA(key);
    const h2 = hashB(key);
    if (this.lookup(h1, h2) >= 0) return true;
    this.remember(h1, h2);
    return false;
  }

  private lookup(h1: number, h2: number): number {
    const { ring, index, mask } = this;
    let i = h1 & mask;
    for (let at = index[i]!; at !== 0; at = index[(i = (i + 1) & mask)]!) {
      const p = 2 * (at - 1);
      if (ring[p] === h1 && ring[p + 1] === h2) return at - 1;
    }
    return -1;
  }

  private remember(h1: number, h2: number): number {
    if (this.capacity === 0) return -1;
    let position: number;
    if (this.held === this.capacity) {
      position = this.oldest;
      this.unindex(position);
      this.oldest = (this.oldest + 1) % this.capacity;
    } else {
      position = this.held++;
      if (2 * this.held > this.ring.length) this.grow();
    }
    this.ring[2 * position] = h1;
    this.ring[2 * position + 1] = h2;
    this.insert(h1, position + 1);
    return position;
  }

  private insert(h1: number, entry: number): void {
    const { index, mask } = this;
    let i = h1 & mask;
    while (index[i] !== 0) i = (i + 1) & mask;
    index[i] = entry;
  }

  /** Removes a ring position from the index, shifting later entries of its probe run back (no tombstones). */
  private unindex(position: number): void {
    const { index, mask, ring } = this;
    let i = ring[2 * position]! & mask;
    for (let probes = 0; index[i] !== position + 1; i = (i + 1) & mask)
      if (++probes > mask) throw new Error(`FingerprintRing: ring position ${position} missing from its index`);
    for (let j = (i + 1) & mask; index[j] !== 0; j = (j + 1) & mask) {
      const home = ring[2 * (index[j]! - 1)]! & mask;
      // the entry at j may move to the hole at i only if its home is not in the cyclic range (i, j]
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        index[i] = index[j]!;
        i = j;
      }
    }
    index[i] = 0;
  }

  /** Doubles the ring (up to the capacity) and the index with it, keeping the index under half full. */
  private grow(): void {
    // the old ring held ring.length / 2 keys; the new one twice that, at most the capacity
    const ring = new Uint32Array(2 * Math.min(this.capacity, this.ring.length));
    ring.set(this.ring);
    this.ring = ring;
    let slots = this.index.length;
    while (slots < 2 * (ring.length / 2)) slots *= 2;
    if (slots === this.index.length) return;
    this.index = new Int32Array(slots);
    this.mask = slots - 1;
    for (let p = 0; p < this.held - 1; p++) this.insert(ring[2 * p]!, p + 1);
  }
}

/** FNV-1a over UTF-16 code units, then murmur3's finaliser (the low bits pick the index slot). */
function hashA(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix(h);
}

/** An independent second hash: a multiply-rotate over code units with another seed and constant. */
function hashB(s: string): number {
  let h = 0x9747b28c ^ s.length;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
    h = (h << 13) | (h >>> 19);
  }
  return fmix(h) >>> 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
