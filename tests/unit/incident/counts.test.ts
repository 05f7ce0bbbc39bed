import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Counts } from '../../../src/incident/counts.js';

/** The k largest positive counts by definition: a full sort (count descending, then key ascending). */
function sorted(counts: Counts, k: number): [string, number][] {
  return [...counts]
    .filter(([, n]) => n > 0)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, k);
}

describe('Counts.top', () => {
  it('equals a full sort after any interleaving of adds and reads, below and beyond the keys it starts keeping at', () => {
    fc.assert(
      fc.property(
        // many keys (past the 64 from which the largest are kept) with few large counts, so ties and passes are common
        fc.array(
          fc.oneof(
            fc.tuple(fc.constant('add' as const), fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: 4 })),
            fc.tuple(fc.constant('top' as const), fc.constantFrom(1, 5, 20), fc.constant(0)),
          ),
          { minLength: 150, maxLength: 600 },
        ),
        (ops) => {
          const counts = new Counts();
          for (const [op, a, n] of ops) {
            if (op === 'add') counts.add(`u${a}`, n);
            else expect(counts.top(a)).toEqual(sorted(counts, a));
          }
          for (const k of [20, 5, 1]) expect(counts.top(k)).toEqual(sorted(counts, k));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('scans again after a count falls (what it kept may no longer be the largest)', () => {
    const counts = new Counts();
    for (let i = 0; i < 100; i++) counts.add(`u${i}`, 1 + (i % 7));
    expect(counts.top(5)).toEqual(sorted(counts, 5));
    counts.add('u6', -6);
    counts.add('u13', -5);
    expect(counts.top(5)).toEqual(sorted(counts, 5));
    counts.add('u1', 10);
    expect(counts.top(5)).toEqual(sorted(counts, 5));
  });
});

describe('Counts', () => {
  it('answers as a Map of counts would (get, size, order of arrival), in one field, a list or a Map', () => {
    fc.assert(
      fc.property(
        // few keys (one field, the list) and many (past the list into a Map), negative adds included
        fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: -3, max: 5 })), { maxLength: 80 }),
        (adds) => {
          const counts = new Counts();
          const ref = new Map<string, number>();
          for (const [k, n] of adds) {
            counts.add(`u${k}`, n);
            ref.set(`u${k}`, (ref.get(`u${k}`) ?? 0) + n);
            expect(counts.size).toBe(ref.size);
          }
          expect([...counts]).toEqual([...ref]);
          const seen: [string, number][] = [];
          counts.forEach((n, key) => seen.push([key, n]));
          expect(seen).toEqual([...ref]);
          for (let k = 0; k <= 13; k++) expect(counts.get(`u${k}`)).toBe(ref.get(`u${k}`));
          expect(counts.top(3)).toEqual(sorted(counts, 3));
        },
      ),
      { numRuns: 500 },
    );
  });
});
