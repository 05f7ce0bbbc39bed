import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../bench/warning/forecast-fit.js';
import { KNOT_AGES, type Row } from '../../../bench/warning/forecast-models.js';
import { fitInterval, intervalStats } from '../../../bench/warning/interval-fit.js';

/** Synthetic cascades seen at every knot: n posts, final = n × growth (whole posts), `done` of them already final. */
function rows(count: number, growth: () => number, done: number, seed: number): Row[] {
  const rand = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const n = 5 + Math.floor(rand() * 200);
    const final = rand() < done ? n : Math.max(n + 1, Math.round(n * growth()));
    return KNOT_AGES.map(() => ({ n, raw: n, final, silence: 0 }));
  });
}

const predict = (x: { n: number }): number => x.n * 1.5;

describe('bench/warning interval calibration (synthetic cascades)', () => {
  it('misses at most 10% below and 10% above on the bounds as emitted, and never a cascade already final', () => {
    const rand = mulberry32(3);
    const train = rows(2000, () => Math.exp(rand() * 2), 0.3, 1);
    const iv = fitInterval([train], predict);
    const a = KNOT_AGES.indexOf(3600);
    const s = intervalStats(train, a, predict, iv);
    expect(s.coverage).toBeGreaterThanOrEqual(0.8);
    // whole posts allow it to be close: not a wide interval that covers everything
    expect(s.coverage).toBeLessThan(0.86);
    expect(s.done).toBeCloseTo(0.3, 1);
    // a held-out sample of the same cascades is covered about as often
    const held = rows(2000, () => Math.exp(rand() * 2), 0.3, 2);
    expect(intervalStats(held, a, predict, iv).coverage).toBeGreaterThan(0.75);
  });

  it('weighs each training data set the same, whatever its size', () => {
    const rand = mulberry32(5);
    const big = rows(1200, () => 1 + rand() * 0.2, 0, 7); // barely grows
    const small = rows(150, () => 2 + rand() * 4, 0, 8); // grows 2-6x
    const a = KNOT_AGES.indexOf(3600);
    const balanced = fitInterval([big, small], predict);
    const pooled = fitInterval([[...big, ...small]], predict);
    // pooled as one set the large one decides and the small one is mostly missed; balanced, it counts half
    expect(intervalStats(small, a, predict, balanced).coverage).toBeGreaterThan(
      intervalStats(small, a, predict, pooled).coverage + 0.2,
    );
  });
});
