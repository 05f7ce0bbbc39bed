import { type Score, kmWeights, kmWeightsInOrder } from './forecast-censored.js';
import type { OnlineCalibration } from './forecast-online-options.js';

/**
 * A calibration ring's scores (forecast-online-ring.ts) kept in the four orders its shifts read them in, updated
 * slot by slot as scores replace each other, instead of four sorts of the whole ring at every learning:
 *
 * - `loQ`, `hiQ`: lower / upper scores ascending, ties by slot — the order of weightedQuantile and, its values,
 *   conformalQuantile's sorted copy;
 * - `loKm`: lower scores descending, a seen score before a cut one, ties by slot — kmWeights(lows, cut, left);
 * - `hiKm`: upper scores ascending, a seen score before a cut one, ties by slot — kmWeights(highs, cut).
 *
 * Each is the batch comparator's order (a strict total order on finite values), so the weights and quantiles
 * read along them are the batch's, bit for bit (the same additions in the same order). A value the orders cannot
 * mirror exactly (NaN, ±Infinity, −0: a comparator difference of NaN, a typed sort's −0 before +0) makes the
 * ring take the batch path while it is held (`odd`). Never saved: rebuilt from the scores when the ring's scores
 * array is another one (a restored ring); a slot whose score object changed is moved (scores are replaced in
 * their slot, never written: put).
 */
export interface RingOrder {
  /** the ring's scores array this mirrors, and the score object each slot held when last synced */
  readonly scores: readonly Score[];
  readonly seen: Score[];
  /** lower and upper scores by slot (exactly the ring's length: what the weighted functions read) */
  lows: Float64Array;
  highs: Float64Array;
  /** 1 where the slot's outcome was cut by the horizon; their count */
  cut: Uint8Array;
  cuts: number;
  /** slots holding a value the orders cannot mirror (see above) */
  oddAt: Uint8Array;
  odd: number;
  /** Kaplan–Meier weights of the lower and upper scores by slot (written by the ring's shifts, read until its next change) */
  wLo: Float64Array;
  wHi: Float64Array;
  /** slot numbers in each order (the first `lows.length` entries) */
  loQ: Int32Array;
  hiQ: Int32Array;
  loKm: Int32Array;
  hiKm: Int32Array;
}

const orders = new WeakMap<object, RingOrder>();

const isOdd = (v: number): boolean => !Number.isFinite(v) || Object.is(v, -0);

function empty(scores: readonly Score[]): RingOrder {
  const none = new Int32Array(0);
  return {
    scores,
    seen: [],
    lows: new Float64Array(0),
    highs: new Float64Array(0),
    wLo: new Float64Array(0),
    wHi: new Float64Array(0),
    cut: new Uint8Array(0),
    cuts: 0,
    oddAt: new Uint8Array(0),
    odd: 0,
    loQ: none,
    hiQ: none,
    loKm: none,
    hiKm: none,
  };
}

/** `a` before `b`: ascending by value, ties by slot. */
const ascending = (xs: Float64Array, a: number, b: number): boolean => xs[a]! < xs[b]! || (xs[a] === xs[b] && a < b);

/** `a` before `b` in kmWeights' order: by value (descending with `left`), a seen score before a cut one, by slot. */
function kmBefore(xs: Float64Array, cut: Uint8Array, left: boolean, a: number, b: number): boolean {
  if (xs[a] !== xs[b]) return left ? xs[a]! > xs[b]! : xs[a]! < xs[b]!;
  return cut[a] !== cut[b] ? cut[a]! < cut[b]! : a < b;
}

/** Slot `s` into `order` (its first `count` entries sorted), where `before` puts it. */
function insert(order: Int32Array, count: number, s: number, before: (a: number, b: number) => boolean): void {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(order[mid]!, s)) lo = mid + 1;
    else hi = mid;
  }
  order.copyWithin(lo + 1, lo, count);
  order[lo] = s;
}

/** Slot `s` out of `order`'s first `count` entries. */
function remove(order: Int32Array, count: number, s: number): void {
  let at = 0;
  while (at < count && order[at] !== s) at++;
  order.copyWithin(at, at + 1, count);
}

const grown = <T extends Float64Array | Uint8Array | Int32Array>(a: T, n: number, make: (n: number) => T): T => {
  const b = make(n);
  b.set(a.subarray(0, Math.min(a.length, n)));
  return b;
};

function resize(ord: RingOrder, n: number): void {
  ord.lows = grown(ord.lows, n, (k) => new Float64Array(k));
  ord.highs = grown(ord.highs, n, (k) => new Float64Array(k));
  ord.wLo = new Float64Array(n);
  ord.wHi = new Float64Array(n);
  ord.cut = grown(ord.cut, n, (k) => new Uint8Array(k));
  ord.oddAt = grown(ord.oddAt, n, (k) => new Uint8Array(k));
  if (ord.loQ.length < n) {
    const cap = Math.max(n, 2 * ord.loQ.length);
    ord.loQ = grown(ord.loQ, cap, (k) => new Int32Array(k));
    ord.hiQ = grown(ord.hiQ, cap, (k) => new Int32Array(k));
    ord.loKm = grown(ord.loKm, cap, (k) => new Int32Array(k));
    ord.hiKm = grown(ord.hiKm, cap, (k) => new Int32Array(k));
  }
}

/**
 * The orders of `scores` (a ring's), brought up to date: each slot whose score object is not the one last seen
 * there is taken out of the orders and put back at its new values (a ring's learning changes one slot).
 */
export function ringOrder(scores: readonly Score[]): RingOrder {
  let ord = orders.get(scores);
  if (ord === undefined || ord.seen.length > scores.length) orders.set(scores, (ord = empty(scores)));
  const was = ord.seen.length;
  const n = scores.length;
  if (n !== ord.lows.length) resize(ord, n);
  const { lows, highs, cut, oddAt, loQ, hiQ, loKm, hiKm } = ord;
  const loAsc = (a: number, b: number): boolean => ascending(lows, a, b);
  const hiAsc = (a: number, b: number): boolean => ascending(highs, a, b);
  const loKmBefore = (a: number, b: number): boolean => kmBefore(lows, cut, true, a, b);
  const hiKmBefore = (a: number, b: number): boolean => kmBefore(highs, cut, false, a, b);
  let count = was;
  for (let s = 0; s < n; s++) {
    const score = scores[s]!;
    if (s < was) {
      if (ord.seen[s] === score) continue;
      count--;
      remove(loQ, count + 1, s);
      remove(hiQ, count + 1, s);
      remove(loKm, count + 1, s);
      remove(hiKm, count + 1, s);
      ord.cuts -= cut[s]!;
      ord.odd -= oddAt[s]!;
    }
    ord.seen[s] = score;
    lows[s] = score[0];
    highs[s] = score[1];
    cut[s] = score.length > 2 ? 1 : 0;
    oddAt[s] = isOdd(score[0]) || isOdd(score[1]) ? 1 : 0;
    ord.cuts += cut[s]!;
    ord.odd += oddAt[s]!;
    insert(loQ, count, s, loAsc);
    insert(hiQ, count, s, hiAsc);
    insert(loKm, count, s, loKmBefore);
    insert(hiKm, count, s, hiKmBefore);
    count++;
  }
  return ord;
}

/**
 * The ring's scores, their Kaplan–Meier weights (censored 'kaplanMeier…' and a cut score in the ring; else null:
 * all 1), and each side's scores in ascending order (indices; null: sorted when read). Read from the ring's
 * orders (forecast-ring-order.ts: kept as scores replace each other) — the arrays are theirs, valid until the
 * ring's next put — or, while the ring holds a value they cannot mirror, computed by sorting (batchWeighed).
 */
export interface Weighed {
  lows: Float64Array;
  highs: Float64Array;
  wLo: Float64Array | null;
  wHi: Float64Array | null;
  loOrder: Int32Array | null;
  hiOrder: Int32Array | null;
}

export function weighed(scores: readonly Score[], o: OnlineCalibration): Weighed {
  const ord = ringOrder(scores);
  if (ord.odd > 0) return batchWeighed(scores, o);
  const { lows, highs, loQ, hiQ } = ord;
  if (o.censored === 'asFinal' || ord.cuts === 0)
    return { lows, highs, wLo: null, wHi: null, loOrder: loQ, hiOrder: hiQ };
  const wLo = kmWeightsInOrder(ord.loKm, ord.cut, ord.wLo);
  const wHi = kmWeightsInOrder(ord.hiKm, ord.cut, ord.wHi);
  return { lows, highs, wLo, wHi, loOrder: loQ, hiOrder: hiQ };
}

/** weighed by sorting the ring's scores (what every learning did before the orders were kept). */
export function batchWeighed(scores: readonly Score[], o: OnlineCalibration): Weighed {
  const lows = Float64Array.from(scores, (s) => s[0]);
  const highs = Float64Array.from(scores, (s) => s[1]);
  const none = { loOrder: null, hiOrder: null };
  if (o.censored === 'asFinal' || !scores.some((s) => s.length > 2))
    return { lows, highs, wLo: null, wHi: null, ...none };
  const cut = (i: number): boolean => scores[i]!.length > 2;
  // a cut outcome's final size is at least the one seen: its upper score is a lower bound, its lower score an upper one
  return { lows, highs, wLo: kmWeights(lows, cut, true), wHi: kmWeights(highs, cut), ...none };
}
