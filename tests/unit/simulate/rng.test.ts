import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash32, Rng } from '../../../src/util/rng.js';

const draw = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.uint32());

describe('Rng', { timeout: 30_000 }, () => {
  it('gives the same sequence for the same seed, numeric or string', () => {
    expect(draw(new Rng(42), 50)).toEqual(draw(new Rng(42), 50));
    expect(draw(new Rng('incident'), 50)).toEqual(draw(new Rng('incident'), 50));
  });

  it('gives different sequences for different seeds, including large and nearby ones', () => {
    const seqs = [1, 2, 2 ** 32 + 1, 2 ** 40, 'a', 'b'].map((s) => draw(new Rng(s), 8).join(','));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('forks depend on the seed and label only, not on what the parent has drawn', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    draw(b, 100);
    expect(draw(a.fork('x'), 20)).toEqual(draw(b.fork('x'), 20));
    expect(draw(a.fork('x'), 20)).not.toEqual(draw(a.fork('y'), 20));
    expect(draw(a.fork(1), 20)).not.toEqual(draw(new Rng(8).fork(1), 20));
  });

  it('next() is uniform in [0, 1)', () => {
    const rng = new Rng(3);
    const bins = new Array<number>(10).fill(0);
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = rng.next();
      min = Math.min(min, x);
      max = Math.max(max, x);
      bins[Math.floor(x * 10)]!++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500);
  });

  it('int, pick and powerLawInt stay in range (property)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        (seed, lo, span) => {
          const rng = new Rng(seed);
          const v = rng.int(lo, lo + span);
          const p = rng.powerLawInt(1 + span, 2 + span * 3, 1.2);
          return v >= lo && v <= lo + span && Number.isInteger(v) && p >= 1 + span && p <= 2 + span * 3;
        },
      ),
    );
    expect(() => new Rng(1).pick([])).toThrow(RangeError);
    expect(() => new Rng(1).int(2, 1)).toThrow(RangeError);
  });

  it('samples distributions with the right moments', () => {
    const rng = new Rng(11);
    const n = 50_000;
    let exp = 0;
    let norm = 0;
    let norm2 = 0;
    let pois = 0;
    for (let i = 0; i < n; i++) {
      exp += rng.exponential(2);
      const z = rng.normal(5, 2);
      norm += z;
      norm2 += z * z;
      pois += rng.poisson(3.5);
    }
    expect(exp / n).toBeCloseTo(0.5, 1);
    expect(norm / n).toBeCloseTo(5, 1);
    expect(Math.sqrt(norm2 / n - (norm / n) ** 2)).toBeCloseTo(2, 1);
    expect(pois / n).toBeCloseTo(3.5, 1);
  });

  it('power-law samples are heavy-tailed: P(X >= x) falls like x^-alpha', () => {
    const rng = new Rng(5);
    const xs = Array.from({ length: 100_000 }, () => rng.pareto(1, 1.5));
    const tail = (x: number): number => xs.filter((v) => v >= x).length / xs.length;
    expect(tail(10)).toBeCloseTo(10 ** -1.5, 2);
    expect(tail(100)).toBeGreaterThan(0.0005);
    const ranks = Array.from({ length: 100_000 }, () => rng.zipf(100_000, 0.7));
    expect(Math.max(...ranks)).toBeLessThanOrEqual(100_000);
    expect(ranks.filter((r) => r <= 10).length).toBeGreaterThan(ranks.filter((r) => r > 99_990).length * 50);
  });

  it('shuffle permutes and weighted follows the weights', () => {
    const rng = new Rng(9);
    const arr = Array.from({ length: 20 }, (_, i) => i);
    expect([...rng.shuffle([...arr])].sort((a, b) => a - b)).toEqual(arr);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++)
      if (
        rng.weighted([
          ['a', 9],
          ['b', 1],
        ] as const) === 'a'
      )
        heavy++;
    expect(heavy / 10_000).toBeCloseTo(0.9, 1);
  });

  it('hash32 is FNV-1a', () => {
    expect(hash32('')).toBe(0x811c9dc5);
    expect(hash32('a')).toBe(0xe40c292c);
  });
});
