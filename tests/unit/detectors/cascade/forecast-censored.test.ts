import { describe, expect, it } from 'vitest';
import { betaOf } from '../../../../detectors/cascade/forecast-aci.js';
import { beyond, kmWeights, weightedBeta, weightedQuantile } from '../../../../detectors/cascade/forecast-censored.js';
import { conformalQuantile } from '../../../../detectors/cascade/forecast-online.js';
import { mulberry32 } from '../../../../bench/warning/forecast-fit.js';

/** The Kaplan–Meier product-limit estimate's jumps (mass at each seen value), written out plainly. */
function productLimit(xs: number[], cut: boolean[]): Map<number, number> {
  const seen = [...new Set(xs.filter((_, i) => !cut[i]))].sort((a, b) => a - b);
  const mass = new Map<number, number>();
  let surv = 1;
  for (const t of seen) {
    // at risk at t: every value ≥ t (a value censored at t is beyond it)
    const atRisk = xs.filter((x) => x >= t).length;
    const deaths = xs.filter((x, i) => x === t && !cut[i]).length;
    const next = surv * (1 - deaths / atRisk);
    mass.set(t, surv - next);
    surv = next;
  }
  return mass;
}

describe('censored scores (forecast-censored.ts)', () => {
  it('weighs as the Kaplan–Meier estimate does, and as the plain conformal quantile without censoring', () => {
    const r = mulberry32(3);
    for (let trial = 0; trial < 200; trial++) {
      const n = 5 + Math.floor(r() * 40);
      const xs = Array.from({ length: n }, () => Math.round(r() * 20) / 4);
      const cut = xs.map(() => r() < 0.4);
      const w = kmWeights(xs, (i) => cut[i]!);
      expect([...w].reduce((s, x) => s + x, 0)).toBeCloseTo(n, 9);
      // below the largest seen value the weights are the product-limit jumps (times n)
      const top = Math.max(...xs.filter((_, i) => !cut[i]), -Infinity);
      for (const [t, m] of productLimit(xs, cut)) {
        if (t === top) continue;
        const got = xs.reduce((s, x, i) => s + (x === t ? w[i]! : 0), 0);
        expect(got / n).toBeCloseTo(m, 9);
      }
      const ones = new Float64Array(n).fill(1);
      for (const level of [0, 0.1, 0.5, 0.8, 0.9, 0.97, 1]) {
        expect(weightedQuantile(xs, ones, level)).toBe(conformalQuantile(xs, level));
        expect(
          weightedQuantile(
            xs,
            kmWeights(xs, () => false),
            level,
          ),
        ).toBe(conformalQuantile(xs, level));
      }
      for (const t of [-1, 0.3, 2, 2.5, 10]) expect(weightedBeta(xs, ones, t)).toBeCloseTo(betaOf(xs, t), 12);
    }
  });

  it('a censored score hands its weight to the scores beyond it (left: below it); β agrees with the quantile', () => {
    const xs = [1, 2, 3, 4];
    const cut = (i: number): boolean => i === 1;
    expect([...kmWeights(xs, cut)]).toEqual([1, 0, 1.5, 1.5]);
    expect([...kmWeights(xs, cut, true)]).toEqual([2, 0, 1, 1]);
    // the last score censored keeps its weight: nothing is known beyond it
    expect([...kmWeights(xs, (i) => i === 3)]).toEqual([1, 1, 1, 1]);
    const w = kmWeights(xs, cut);
    // weighted: 1 | 2.5 | 4 at 1, 3, 4; level 0.5 of n + 1 = 5 wants 2.5: the score 3
    expect(weightedQuantile(xs, w, 0.5)).toBe(3);
    expect(weightedQuantile(xs, w, 0.1)).toBe(1);
    expect(weightedQuantile(xs, w, 1)).toBe(4);
    for (const t of [0.5, 1, 2.9, 3, 3.5, 4])
      for (const a of [0.05, 0.2, 0.3, 0.5, 0.7, 0.9])
        expect(weightedQuantile(xs, w, 1 - a) > t).toBe(a < weightedBeta(xs, w, t));
    expect(beyond(xs, w, 2)).toEqual([
      { x: 3, p: 0.5 },
      { x: 4, p: 0.5 },
    ]);
    expect(beyond(xs, w, 4)).toEqual([]);
  });
});
