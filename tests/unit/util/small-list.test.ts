import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import {
  append,
  appendAll,
  EXACT_UP_TO,
  insert1,
  insert2,
  insert3,
  insertNumbers2,
  insertNumbers3,
} from '../../../src/util/index.js';

/**
 * One helper for the small per-incident lists (it replaced util `append`, which copied below 16 items, and the
 * cascade detectors' `insert1..3`, exact up to 24). The one threshold, EXACT_UP_TO = 24, was chosen by measuring
 * the default run on bench/core's 300k-event simulated file (issue 17, i17r): the heap after a full GC at 100k /
 * 200k / 280k records was 162.6 / 255.6 / 286.1 MB with 16, 162.0 / 254.7 / 285.1 with 24 and
 * 161.9 / 254.5 / 284.9 with 32 (heapat.mts in /work/notes/issue-17r.md): 24 saves ~1 MB over 16, 32 ~0.2 more
 * while the copy per insert grows with the threshold; CPU side by side: see the note.
 */
describe('small lists (exact-size copy up to EXACT_UP_TO items, in place beyond)', () => {
  it('is 24, the measured choice', () => {
    expect(EXACT_UP_TO).toBe(24);
  });

  it('append keeps order whether it copies or pushes in place', () => {
    let list: number[] = [];
    for (let i = 0; i < EXACT_UP_TO + 10; i++) list = append(list, i);
    expect(list).toEqual(Array.from({ length: EXACT_UP_TO + 10 }, (_, i) => i));
  });

  it('copies while the result has at most EXACT_UP_TO items (the input is not written), pushes beyond', () => {
    const frozen = Object.freeze([]) as unknown as number[];
    expect(append(frozen, 1)).toEqual([1]);
    const full = Array.from({ length: EXACT_UP_TO - 1 }, (_, i) => i);
    const copy = append(full, -1);
    expect(copy).not.toBe(full);
    expect(full).toHaveLength(EXACT_UP_TO - 1);
    expect(copy).toHaveLength(EXACT_UP_TO);
    expect(append(copy, -2)).toBe(copy);
    expect(copy).toHaveLength(EXACT_UP_TO + 1);
    const two = Array.from({ length: EXACT_UP_TO - 2 }, (_, i) => i);
    expect(insert3(two, 0, 1, 2, 3)).toBe(two);
    expect(
      insert2(
        Array.from({ length: EXACT_UP_TO - 2 }, (_, i) => i),
        0,
        1,
        2,
      ),
    ).toHaveLength(EXACT_UP_TO);
  });

  it('an element that is a list is inserted as itself', () => {
    expect(append<number[]>([[1]], [2, 3])).toEqual([[1], [2, 3]]);
    expect(insert2<number[]>([[1]], 0, [2], [3, 4])).toEqual([[2], [3, 4], [1]]);
    expect(appendAll<number[]>([[1]], [[2, 3]])).toEqual([[1], [2, 3]]);
  });

  it('inserts one, two or three items at any index as splice does, on both sides of the threshold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: EXACT_UP_TO + 8, size: 'max' }),
        fc.nat(),
        fc.constantFrom(1, 2, 3),
        (list, at0, k) => {
          const at = at0 % (list.length + 1);
          const expected = [...list];
          const items = [-1, -2, -3].slice(0, k);
          expected.splice(at, 0, ...items);
          const before = [...list];
          const got =
            k === 1 ? insert1(list, at, -1) : k === 2 ? insert2(list, at, -1, -2) : insert3(list, at, -1, -2, -3);
          expect(got).toEqual(expected);
          // a copy leaves the input as it was; in place only beyond the threshold
          if (expected.length <= EXACT_UP_TO) expect(list).toEqual(before);
          else expect(got).toBe(list);
        },
      ),
    );
  });

  it('appendAll joins two lists as concat does, copying while short', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { maxLength: EXACT_UP_TO + 4, size: 'max' }),
        fc.array(fc.integer(), { maxLength: EXACT_UP_TO + 4, size: 'max' }),
        (a, b) => {
          const before = [...a];
          const got = appendAll(a, b);
          expect(got).toEqual([...before, ...b]);
          if (before.length + b.length <= EXACT_UP_TO) expect(a).toEqual(before);
          else expect(got).toBe(a);
        },
      ),
    );
  });

  it('insertNumbers2 and insertNumbers3 insert as splice does, copying while short, and their lists stay unboxed doubles', () => {
    setFlagsFromString('--allow-natives-syntax');
    const doubles = new Function('a', 'return %HasDoubleElements(a)') as (list: unknown) => boolean;
    // what the incident store does with post keys: the shared insert's allocation site then makes tagged lists
    let keys: string[] = [];
    for (let i = 0; i < 20_000; i++) keys = append(i % 8 === 0 ? [] : keys, `post-${i}`);
    expect(doubles(insert2<number>([], 0, 1.5, 2.5))).toBe(false);
    fc.assert(
      fc.property(
        fc.constantFrom(2, 3),
        fc.array(fc.tuple(fc.nat(), fc.double({ min: 0, max: 1e12, noNaN: true })), { maxLength: 20 }),
        (k, ops) => {
          let list: number[] = [];
          const expected: number[] = [];
          for (const [r, x] of ops) {
            const at = k * (r % (expected.length / k + 1));
            const items = k === 2 ? [x + 0.5, 1] : [x + 0.5, x / 3, 1];
            expected.splice(at, 0, ...items);
            const before = list;
            list =
              k === 2
                ? insertNumbers2(list, at, items[0]!, items[1]!)
                : insertNumbers3(list, at, items[0]!, items[1]!, items[2]!);
            expect(list).toEqual(expected);
            if (expected.length <= EXACT_UP_TO) expect(list).not.toBe(before);
            else expect(list).toBe(before);
            expect(doubles(list)).toBe(true);
          }
        },
      ),
    );
  });
});
