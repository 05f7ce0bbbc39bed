/** Marks a slot whose key was deleted (or evicted): skipped by iteration and eviction. */
const HOLE: unique symbol = Symbol('hole');

/**
 * A Map that keeps at most `capacity` entries, forgetting the oldest first:
 * the same entries, order and answers as a Map used with
 * `m.set(k, v); if (m.size > cap) m.delete(m.keys().next().value)`, but
 * eviction is O(1) amortised. (V8 leaves deleted entries in a Map's table
 * until it rehashes, and `keys().next()` walks past them from the start: at
 * capacity that idiom costs microseconds per insert, growing with capacity.)
 *
 * Like a Map, re-setting a present key keeps its place; deleting a key and
 * setting it again puts it last. Keys and values sit in slot arrays in
 * insertion order, with a Map from key to slot number; evicted slots are
 * dropped from the front of the arrays (the slot numbers stay: no key is
 * re-indexed) once they outnumber the live entries; deleted slots in the
 * middle become holes, squeezed out (renumbering the keys) once they
 * outnumber the live entries. So memory stays within about three times the live
 * entries, and each entry is copied O(1) times amortised.
 *
 * Iterate only while not adding or deleting (re-setting a present key is fine).
 */
export class BoundedMap<K, V> implements Iterable<[K, V]> {
  private readonly slotOf = new Map<K, number>();
  private keyAt: (K | typeof HOLE)[] = [];
  private valueAt: (V | undefined)[] = [];
  /** the slot number of the arrays' index 0 */
  private base = 0;
  /** array index of the oldest live entry (the arrays' length when empty) */
  private head = 0;
  /** holes after `head` */
  private holes = 0;

  /**
   * @param capacity entries kept (Infinity: none evicted by `set`; `trim` then bounds it)
   * @param onEvict told of each entry `set` or `trim` evicts (not of `delete`)
   */
  constructor(
    readonly capacity: number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {
    if (!(capacity >= 0)) throw new RangeError(`BoundedMap capacity must be ≥ 0, got ${capacity}`);
  }

  get size(): number {
    return this.slotOf.size;
  }

  has(key: K): boolean {
    return this.slotOf.has(key);
  }

  get(key: K): V | undefined {
    const slot = this.slotOf.get(key);
    return slot === undefined ? undefined : this.valueAt[slot - this.base];
  }

  /** Sets `key` (keeping its place if present, else last), then evicts the oldest beyond capacity. */
  set(key: K, value: V): this {
    const slot = this.slotOf.get(key);
    if (slot !== undefined) {
      this.valueAt[slot - this.base] = value;
      return this;
    }
    this.slotOf.set(key, this.base + this.keyAt.length);
    this.keyAt.push(key);
    this.valueAt.push(value);
    this.trim(this.capacity);
    return this;
  }

  delete(key: K): boolean {
    const slot = this.slotOf.get(key);
    if (slot === undefined) return false;
    const i = slot - this.base;
    this.slotOf.delete(key);
    this.keyAt[i] = HOLE;
    this.valueAt[i] = undefined;
    if (i === this.head) this.skipHoles();
    else this.holes++;
    this.compactIfSparse();
    return true;
  }

  /** Evicts the oldest entries until at most `limit` remain. */
  trim(limit: number): void {
    while (this.slotOf.size > limit) {
      const key = this.keyAt[this.head] as K;
      const value = this.valueAt[this.head] as V;
      this.slotOf.delete(key);
      this.keyAt[this.head] = HOLE;
      this.valueAt[this.head] = undefined;
      this.skipHoles();
      this.onEvict?.(key, value);
    }
    this.compactIfSparse();
  }

  /** The oldest key, or undefined when empty. */
  oldestKey(): K | undefined {
    return this.slotOf.size === 0 ? undefined : (this.keyAt[this.head] as K);
  }

  clear(): void {
    this.slotOf.clear();
    this.keyAt = [];
    this.valueAt = [];
    this.base = 0;
    this.head = 0;
    this.holes = 0;
  }

  *entries(): Generator<[K, V], void, undefined> {
    for (let i = this.head; i < this.keyAt.length; i++) {
      const key = this.keyAt[i]!;
      if (key !== HOLE) yield [key, this.valueAt[i] as V];
    }
  }

  *keys(): Generator<K, void, undefined> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): Generator<V, void, undefined> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): Generator<[K, V], void, undefined> {
    return this.entries();
  }

  /** Moves `head` to the next live slot (past the one just emptied and any holes after it). */
  private skipHoles(): void {
    this.head++;
    while (this.head < this.keyAt.length && this.keyAt[this.head] === HOLE) {
      this.head++;
      this.holes--;
    }
  }

  /**
   * Drops the evicted front of the arrays once it outnumbers the live entries (slot numbers kept), and
   * squeezes out holes once they do (keys renumbered from 0; also before slot numbers leave the small
   * integers). Each costs O(live entries) after at least as many operations: O(1) amortised.
   */
  private compactIfSparse(): void {
    const live = this.slotOf.size;
    if (this.holes > live && this.holes >= MIN_COMPACTED) return this.squeeze();
    if (this.head <= live || this.head < MIN_COMPACTED) return;
    if (this.base + this.keyAt.length > MAX_SLOT) return this.squeeze();
    this.keyAt = this.keyAt.slice(this.head);
    this.valueAt = this.valueAt.slice(this.head);
    this.base += this.head;
    this.head = 0;
  }

  private squeeze(): void {
    const keyAt: K[] = [];
    const valueAt: (V | undefined)[] = [];
    for (let i = this.head; i < this.keyAt.length; i++) {
      const key = this.keyAt[i]!;
      if (key === HOLE) continue;
      this.slotOf.set(key, keyAt.length);
      keyAt.push(key);
      valueAt.push(this.valueAt[i]);
    }
    this.keyAt = keyAt;
    this.valueAt = valueAt;
    this.base = 0;
    this.head = 0;
    this.holes = 0;
  }
}

/** Dead slots tolerated before a compaction however few entries are live (so tiny maps do not rebuild often). */
const MIN_COMPACTED = 64;
/** Slot numbers stay below this (V8's small integers), so the key-to-slot Map holds no boxed numbers. */
const MAX_SLOT = 2 ** 30;
