import { describe, expect, it } from 'vitest';
import { betaOf, levelOf, newExperts, step } from '../../../../detectors/cascade/forecast-aci.js';
import { conformalQuantile } from '../../../../detectors/cascade/forecast-online.js';
import { mulberry32 } from '../../../../bench/warning/forecast-fit.js';

describe('DtACI miss levels (forecast-aci.ts)', () => {
  it('β is the largest level whose conformal quantile still exceeds the threshold', () => {
    const r = mulberry32(4);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(r() * 40);
      const scores = Array.from({ length: n }, () => Math.round(r() * 20) / 4);
      const t = Math.round(r() * 24) / 4 - 0.5;
      const beta = betaOf(scores, t);
      for (let a = 0.001; a < 1; a += 0.013) {
        const covered = conformalQuantile(scores, 1 - a) > t;
        // below β every level covers; above it none does (β = 0: not even the largest score)
        expect(covered).toBe(a < beta);
      }
    }
  });

  it('one step size is plain ACI; several keep their weights a distribution that moves to the one covering as asked', () => {
    const one = newExperts(0.1, 1);
    step(one, 0.05, 0.1, { gammas: [0.01], eta: 2.8, sigma: 0.002 }); // a miss: α ← α + γ(0.1 − 1)
    expect(one.alphas[0]).toBeCloseTo(0.1 - 0.009, 12);
    expect(levelOf(one)).toBeCloseTo(0.091, 12);
    const s = { gammas: [0.001, 0.128], eta: 2.8, sigma: 0.002 };
    const e = newExperts(0.1, 2);
    // a platform whose outcomes need a level near 0.02 (β uniform on [0, 0.2] would need 0.1): misses all along
    const r = mulberry32(2);
    for (let i = 0; i < 60; i++) {
      step(e, r() * 0.04, 0.1, s);
      expect(e.weights[0]! + e.weights[1]!).toBeCloseTo(1, 12);
    }
    // after 60 outcomes the large step has followed it, the small one not yet, and the weight has moved to it
    expect(e.alphas[1]!).toBeLessThan(0.05);
    expect(e.alphas[0]!).toBeGreaterThan(0.04);
    expect(e.weights[1]!).toBeGreaterThan(e.weights[0]!);
    expect(levelOf(e)).toBeLessThan((e.alphas[0]! + e.alphas[1]!) / 2);
  });
});
