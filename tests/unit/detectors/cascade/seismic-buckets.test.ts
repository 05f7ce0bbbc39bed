import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { addPostInPlace, emptySeismic } from '../../../../detectors/cascade/seismic-model.js';
import { append, EXACT_UP_TO } from '../../../../src/util/index.js';

/**
 * The forecast's bucket list (flat: time, weight, posts per bucket) is grown by its own insert, by small-list's
 * rule, so that it stays a list of unboxed doubles: small-list's `new Array` also makes lists of strings and
 * objects, and V8's allocation-site feedback then makes every list it creates one of tagged elements (each
 * number a heap number of its own, read through a pointer by every forecast; issue 17, i17f).
 */
describe('seismic model buckets', () => {
  it('inserts a post where splice would, a new exact-size list up to EXACT_UP_TO numbers, in place beyond', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 40 }), (times) => {
        const s = emptySeismic();
        const expected: number[] = [];
        for (const [k, t] of times.entries()) {
          let i = expected.length / 3;
          while (i > 0 && expected[3 * i - 3]! > t) i--;
          expected.splice(3 * i, 0, t, k, 1);
          const before = s.buckets;
          const copy = [...before];
          addPostInPlace(s, t, k, 1024);
          expect(s.buckets).toEqual(expected);
          if (expected.length <= EXACT_UP_TO) {
            expect(s.buckets).not.toBe(before);
            expect(before).toEqual(copy);
          } else expect(s.buckets).toBe(before);
        }
      }),
    );
  });

  it('stays a list of unboxed doubles after small-list has made lists of strings', () => {
    setFlagsFromString('--allow-natives-syntax');
    const doubles = new Function('a', 'return %HasDoubleElements(a)') as (list: unknown) => boolean;
    // what the incident store does with post keys: small-list's allocation site then makes tagged lists
    let keys: string[] = [];
    for (let i = 0; i < 20_000; i++) keys = append(i % 8 === 0 ? [] : keys, `post-${i}`);
    for (let n = 0; n < 200; n++) {
      const s = emptySeismic();
      for (let i = 0; i < 1 + (n % 40); i++) addPostInPlace(s, 1_700_000_000.25 + 37.5 * i, 10.5 + i, 64);
      expect(doubles(s.buckets)).toBe(true);
    }
  });
});
