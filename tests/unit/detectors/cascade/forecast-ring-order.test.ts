import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Score,
  conformalQuantile,
  conformalQuantileInOrder,
  weightedQuantile,
  weightedQuantileInOrder,
} from '../../../../detectors/cascade/forecast-censored.js';
import { OnlineCalibration } from '../../../../detectors/cascade/forecast-online.js';
import { type CalRing, batchShifts, newRing, ringShifts } from '../../../../detectors/cascade/forecast-online-ring.js';
import { batchWeighed, ringOrder, weighed } from '../../../../detectors/cascade/forecast-ring-order.js';
import { RING_OPTIONS, apply, opsArb, point, pointsArb, ringRuns } from './ring-ops.js';

// The ring's orders are kept as scores replace each other (forecast-ring-order.ts) instead of sorting the whole ring
// at every learning; the weights and quantiles read along them must be the batch computation's, bit for bit.

const same = (a: ArrayLike<number> | null, b: ArrayLike<number> | null): void => {
  expect(a === null).toBe(b === null);
  if (a === null || b === null) return;
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Object.is(a[i], b[i]), `slot ${i}: ${a[i]} vs ${b[i]}`).toBe(true);
};

const LEVELS = [0, 0.05, 0.1, 0.37, 0.5, 0.8, 0.9, 0.95, 1];

/** The kept orders' weights and quantiles against the batch's (sorts of the whole ring) on `scores` as they are. */
function agrees(scores: readonly Score[], o: OnlineCalibration): void {
  const kept = weighed(scores, o);
  const batch = batchWeighed(scores, o);
  same(kept.lows, batch.lows);
  same(kept.highs, batch.highs);
  same(kept.wLo, batch.wLo);
  same(kept.wHi, batch.wHi);
  if (kept.loOrder === null || kept.hiOrder === null) return; // an odd value held: the batch path itself
  // each order is the one the batch sorts make (forecast-censored.ts's comparators), ties included
  const ord = ringOrder(scores);
  const n = scores.length;
  const cut = (i: number): number => Number(scores[i]!.length > 2);
  const sorted = (cmp: (a: number, b: number) => number): number[] => Array.from({ length: n }, (_, i) => i).sort(cmp);
  const { lows, highs } = kept;
  expect([...ord.loQ.subarray(0, n)]).toEqual(sorted((a, b) => lows[a]! - lows[b]! || a - b));
  expect([...ord.hiQ.subarray(0, n)]).toEqual(sorted((a, b) => highs[a]! - highs[b]! || a - b));
  expect([...ord.loKm.subarray(0, n)]).toEqual(sorted((a, b) => -(lows[a]! - lows[b]!) || cut(a) - cut(b) || a - b));
  expect([...ord.hiKm.subarray(0, n)]).toEqual(sorted((a, b) => highs[a]! - highs[b]! || cut(a) - cut(b) || a - b));
  for (const level of LEVELS)
    for (const [xs, w, order] of [
      [kept.lows, kept.wLo, kept.loOrder],
      [kept.highs, kept.wHi, kept.hiOrder],
    ] as const) {
      const want = conformalQuantile(xs, level);
      expect(Object.is(conformalQuantileInOrder(xs, order, level), want)).toBe(true);
      if (w) expect(Object.is(weightedQuantileInOrder(xs, w, order, level), weightedQuantile(xs, w, level))).toBe(true);
    }
}

/** Put `score` as a ring does: pushed while below `window`, else into a slot (a ring's next, or a provisional's). */
const put = (scores: Score[], score: Score, slot: number, window: number): void => {
  if (scores.length < window) scores.push(score);
  else scores[slot % window] = score;
};

// few distinct values: ties between seen and cut scores, and among each
const value = fc.integer({ min: -6, max: 6 }).map((k) => k / 4);
const score = fc.tuple(value, value, fc.boolean()).map(([lo, hi, cut]): Score => (cut ? [lo, hi, 1] : [lo, hi]));

describe('a ring’s kept orders (forecast-ring-order.ts)', () => {
  const options = (['asFinal', 'kaplanMeier', 'kaplanMeierImputed'] as const).map((censored) =>
    OnlineCalibration.parse({ censored }),
  );

  it('give the batch weights and quantiles after every put, with ties and censored scores', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: options.length - 1 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.tuple(score, fc.nat()), { minLength: 1, maxLength: 80 }),
        (which, window, ops) => {
          const o = options[which]!;
          const scores: Score[] = [];
          for (const [s, slot] of ops) {
            put(scores, s, slot, window);
            agrees(scores, o);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('take the batch path while a value they cannot mirror is held (NaN, ±Infinity, −0), and the orders after', () => {
    const o = OnlineCalibration.parse({});
    const scores: Score[] = [
      [0.5, 0, 1],
      [0, 0.25],
      [-0.25, 0.5, 1],
    ];
    agrees(scores, o);
    for (const odd of [-0, NaN, Infinity, -Infinity]) {
      scores[1] = [odd, 0.25];
      agrees(scores, o);
      expect(weighed(scores, o).loOrder).toBeNull();
      scores[1] = [0.25, odd, 1];
      agrees(scores, o);
      expect(weighed(scores, o).hiOrder).toBeNull();
      scores[1] = [0, 0.25];
      agrees(scores, o);
      expect(weighed(scores, o).loOrder).not.toBeNull();
    }
  });

  it('are rebuilt for another scores array (a restored ring) and when a ring’s array shrinks', () => {
    const o = OnlineCalibration.parse({});
    const scores: Score[] = [
      [1, 2],
      [0, 1, 1],
      [1, 0],
    ];
    agrees(scores, o);
    const restored = scores.map((s): Score => [...s]);
    expect(ringOrder(restored)).not.toBe(ringOrder(scores));
    agrees(restored, o);
    scores.length = 1;
    agrees(scores, o);
    scores.push([-1, 3, 1], [2, 2]);
    agrees(scores, o);
  });
});

describe('a ring’s shifts from its kept orders', () => {
  const opts = [
    ...RING_OPTIONS,
    OnlineCalibration.parse({ window: 10, minPoints: 3, censored: 'asFinal' }),
    OnlineCalibration.parse({ window: 25, minPoints: 1, gammas: [0.25, 0.5] }),
  ];
  it('are the batch computation’s after every outcome (final, cut, early, provisional)', () => {
    // few sizes: tied scores
    ringRuns(opts, pointsArb(40, 10, 2, 10), opsArb(60, 80), 300, (o, made, ops) => {
      const ring: CalRing = newRing(o);
      const points = made.map(([f, p]) => point(f, p));
      for (const op of ops) {
        apply(ring, points, op, o);
        if (ring.scores.length === 0) continue;
        const kept = ringShifts(ring, o);
        const batch = batchShifts(ring, o);
        expect([kept.qLo, kept.qHi, kept.missedLow]).toEqual([batch.qLo, batch.qHi, batch.missedLow]);
        expect(Object.is(kept.qLo, batch.qLo) && Object.is(kept.qHi, batch.qHi)).toBe(true);
        expect(Object.is(kept.missedLow, batch.missedLow)).toBe(true);
        same(kept.wLo, batch.wLo);
        same(kept.wHi, batch.wHi);
      }
    });
  });
});
