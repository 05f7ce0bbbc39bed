import { insert2 } from '../util/index.js';

/**
 * Counts by key (an incident's posts per author, reshares drawn per author): the first key and its count in two
 * fields, a flat list [key, count, …] from a second key on, a Map only from LIST_UP_TO + 1 keys on. Most live
 * incidents are one post by one author, and a Map of one entry costs ~250 bytes kept as long as the incident
 * lives; this costs ~50. Of those with more, most have a few authors: a Map of two to eight entries cost ~390
 * bytes (27,809 of them held 10.3 MB of the 300k-event run's heap), the list ~64 to ~180. Keys keep their order
 * of arrival.
 */
export class Counts {
  private firstKey: string | null = null;
  private firstCount = 0;
  /** from a second key on: the keys and counts in a flat list (scanned), then a Map past LIST_UP_TO keys */
  private byKey: (string | number)[] | Map<string, number> | null = null;
  /** the largest entries, kept up to date by `add` once `top` was asked of a big Counts (see `top`); else null */
  private kept: TopEntries | null = null;

  get size(): number {
    const m = this.byKey;
    if (m === null) return this.firstKey === null ? 0 : 1;
    return Array.isArray(m) ? m.length / 2 : m.size;
  }

  /** The count of `key`, undefined when it has none (as a Map's get). */
  get(key: string): number | undefined {
    const m = this.byKey;
    if (m === null) return key === this.firstKey ? this.firstCount : undefined;
    if (!Array.isArray(m)) return m.get(key);
    for (let k = 0; k < m.length; k += 2) if (m[k] === key) return m[k + 1] as number;
    return undefined;
  }

  /** Adds `n` to the count of `key`. */
  add(key: string, n = 1): void {
    const m = this.byKey;
    if (m === null) {
      if (this.firstKey === null || this.firstKey === key) {
        this.firstKey = key;
        this.firstCount += n;
      } else this.byKey = [this.firstKey, this.firstCount, key, n];
      return;
    }
    if (Array.isArray(m)) {
      for (let k = 0; k < m.length; k += 2)
        if (m[k] === key) {
          m[k + 1] = (m[k + 1] as number) + n;
          return;
        }
      if (m.length < 2 * LIST_UP_TO) this.byKey = insert2(m, m.length, key, n);
      else {
        const map = (this.byKey = new Map<string, number>());
        for (let k = 0; k < m.length; k += 2) map.set(m[k] as string, m[k + 1] as number);
        map.set(key, n);
      }
      return;
    }
    const count = (m.get(key) ?? 0) + n;
    m.set(key, count);
    if (this.kept !== null) {
      // a count that falls may let in an entry that is not kept: found again by a scan at the next `top`
      if (n < 0) this.kept = null;
      else if (n > 0) this.kept.raise(key, count);
    }
  }

  /**
   * The `k` largest positive counts (count descending, then key ascending), as topK finds them. A big incident
   * is snapshotted again and again and a scan of tens of thousands of authors each time was ~2% of the busy
   * time (bench/core/quiet.ts run, profile): from TRACKED_FROM keys on, the first call scans and `add` keeps
   * the largest up to date. Exact while counts only grow (an entry outside the largest k can pass the k-th only
   * by a growth of its own, which `add` sees); a count that falls drops what is kept.
   */
  top(k: number): [string, number][] {
    if (this.byKey === null || Array.isArray(this.byKey) || this.byKey.size < TRACKED_FROM) return topK(this, k);
    if (this.kept === null || this.kept.k < k) this.kept = TopEntries.of(this, k);
    return this.kept.first(k);
  }

  /** Each count and its key, in order of arrival (a Map's forEach: no pair made per entry). */
  forEach(f: (count: number, key: string) => void): void {
    const m = this.byKey;
    if (m === null) {
      if (this.firstKey !== null) f(this.firstCount, this.firstKey);
    } else if (!Array.isArray(m)) m.forEach(f);
    else for (let k = 0; k < m.length; k += 2) f(m[k + 1] as number, m[k] as string);
  }

  /** [key, count] pairs, in order of arrival. */
  *[Symbol.iterator](): IterableIterator<[string, number]> {
    const m = this.byKey;
    if (m === null) {
      if (this.firstKey !== null) yield [this.firstKey, this.firstCount];
    } else if (!Array.isArray(m)) yield* m;
    else for (let k = 0; k < m.length; k += 2) yield [m[k] as string, m[k + 1] as number];
  }
}

/** Keys a Counts holds in its flat list at most (scanned: below ~8 a scan is as fast as a Map's lookup). */
const LIST_UP_TO = 8;

/** Keys from which a Counts keeps its largest entries rather than scanning for them at each `top`. */
const TRACKED_FROM = 64;

/** (n, key) goes ahead of (m, other): count descending, then key ascending. */
const ahead = (n: number, key: string, m: number, other: string): boolean => n > m || (n === m && key < other);

/**
 * Puts (key, n) in slot `i` of the kept entries (parallel lists in order) and moves it ahead of every entry it
 * goes ahead of, shifting those down one slot: what is in slot `i` (its own old place, or the last) is overwritten.
 */
function moveUp(keys: string[], ns: number[], i: number, key: string, n: number): void {
  while (i > 0 && ahead(n, key, ns[i - 1]!, keys[i - 1]!)) {
    keys[i] = keys[i - 1]!;
    ns[i] = ns[i - 1]!;
    i--;
  }
  keys[i] = key;
  ns[i] = n;
}

/** The k largest entries of a Counts in order (parallel lists: no pair per entry), kept as its counts grow. */
class TopEntries {
  private constructor(
    readonly k: number,
    private readonly keys: string[],
    private readonly ns: number[],
  ) {}

  static of(counts: CountsView, k: number): TopEntries {
    const top = topK(counts, k);
    return new TopEntries(
      k,
      top.map(([key]) => key),
      top.map(([, n]) => n),
    );
  }

  /** `key`'s count grew to `n`: it moves ahead, or enters (the k-th leaving when full) when it passes the k-th. */
  raise(key: string, n: number): void {
    const { keys, ns, k } = this;
    let i = keys.indexOf(key);
    if (i < 0) {
      if (keys.length === k) {
        if (!ahead(n, key, ns[k - 1]!, keys[k - 1]!)) return;
        i = k - 1;
      } else i = keys.length;
    }
    moveUp(keys, ns, i, key, n);
  }

  first(k: number): [string, number][] {
    const n = Math.min(k, this.keys.length);
    const out = new Array<[string, number]>(n);
    for (let i = 0; i < n; i++) out[i] = [this.keys[i]!, this.ns[i]!];
    return out;
  }
}

/** What topK reads of counts by key: a Map's forEach (a Counts or a Map). */
export interface CountsView {
  forEach(f: (count: number, key: string) => void): void;
}

/** The k largest entries (count descending, then key ascending) in one pass: no sort of every author. */
export function topK(counts: CountsView, k: number): [string, number][] {
  if (k <= 0) return [];
  // the kept entries in two parallel lists (no pair, no swap array per entry that enters), paired at the end
  const keys: string[] = [];
  const ns: number[] = [];
  // forEach, not for-of: no [key, value] array for the many entries that are not kept
  counts.forEach((n, key) => {
    if (n <= 0) return;
    const full = keys.length === k;
    if (full && !ahead(n, key, ns[k - 1]!, keys[k - 1]!)) return;
    // when full, the last one drops out
    moveUp(keys, ns, full ? k - 1 : keys.length, key, n);
  });
  const top = new Array<[string, number]>(keys.length);
  for (let i = 0; i < keys.length; i++) top[i] = [keys[i]!, ns[i]!];
  return top;
}
