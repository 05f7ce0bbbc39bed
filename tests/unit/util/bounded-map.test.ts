import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../../../src/util/index.js';

/** The idiom BoundedMap replaces: an insertion-ordered Map, oldest deleted first beyond capacity. */
class Reference<K, V> {
  readonly map = new Map<K, V>();
  readonly evicted: [K, V][] = [];

  constructor(private readonly capacity: number) {}

  set(key: K, value: V): void {
    this.map.set(key, value);
    this.trim(this.capacity);
  }

  trim(limit: number): void {
    while (this.map.size > limit) {
      const key = this.map.keys().next().value as K;
      this.evicted.push([key, this.map.get(key)!]);
      this.map.delete(key);
    }
  }
}

type Op =
  | { op: 'set'; key: number; value: number }
  | { op: 'get' | 'has' | 'delete'; key: number }
  | { op: 'trim'; limit: number };

const ops = (keys: number, deletes = 3, trims = 1): fc.Arbitrary<Op[]> =>
  fc.array(
    fc.oneof(
      { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), key: fc.nat(keys), value: fc.nat(99) }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('get' as const), key: fc.nat(keys) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('has' as const), key: fc.nat(keys) }) },
      { weight: deletes, arbitrary: fc.record({ op: fc.constant('delete' as const), key: fc.nat(keys) }) },
      { weight: trims, arbitrary: fc.record({ op: fc.constant('trim' as const), limit: fc.nat(12) }) },
    ),
    { maxLength: 1500, size: 'max' },
  );

/**
 * Runs `seq` on both (after setting keys 0..prefix-1), comparing every answer, the size, the oldest key
 * and (every few steps) the full order.
 */
function agree(capacity: number, seq: readonly Op[], prefix = 0): void {
  const evicted: [number, number][] = [];
  const m = new BoundedMap<number, number>(capacity, (k, v) => evicted.push([k, v]));
  const ref = new Reference<number, number>(capacity);
  for (let k = 0; k < prefix; k++) {
    m.set(k, k);
    ref.set(k, k);
  }
  // each step's answers, size, oldest key and (every few steps) order, on both sides; compared once (fast)
  const got: unknown[] = [];
  const want: unknown[] = [];
  seq.forEach((o, step) => {
    if (o.op === 'set') {
      got.push(m.set(o.key, o.value) === m);
      want.push(true);
      ref.set(o.key, o.value);
    } else if (o.op === 'trim') {
      m.trim(o.limit);
      ref.trim(o.limit);
    } else {
      got.push(o.op === 'get' ? m.get(o.key) : o.op === 'has' ? m.has(o.key) : m.delete(o.key));
      want.push(o.op === 'get' ? ref.map.get(o.key) : o.op === 'has' ? ref.map.has(o.key) : ref.map.delete(o.key));
    }
    got.push(m.size, m.oldestKey());
    want.push(ref.map.size, ref.map.keys().next().value);
    if (step % 25 === 0) {
      got.push(JSON.stringify([...m]));
      want.push(JSON.stringify([...ref.map]));
    }
  });
  expect(got).toEqual(want);
  expect([...m.entries()]).toEqual([...ref.map.entries()]);
  expect([...m.keys()]).toEqual([...ref.map.keys()]);
  expect([...m.values()]).toEqual([...ref.map.values()]);
  expect(evicted).toEqual(ref.evicted);
}

describe('BoundedMap', () => {
  it('answers as the Map idiom does, small capacities and few keys (re-set, delete, re-insert)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), ops(12), (capacity, seq) => agree(capacity, seq)),
      { numRuns: 100 },
    );
  });

  it('answers as the Map idiom does with many keys (evicted fronts dropped)', () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 5, 40, 100, 300, Infinity), ops(400), (capacity, seq) => agree(capacity, seq)),
      { numRuns: 80 },
    );
  });

  it('answers as the Map idiom does when deletions leave holes in the middle (squeezed out)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(250, 1000, Infinity),
        fc.integer({ min: 100, max: 400 }),
        ops(400, 25, 0),
        (capacity, prefix, seq) => agree(capacity, seq, prefix),
      ),
      { numRuns: 60 },
    );
  });

  it('keeps a re-set key in its place and puts a deleted then re-set key last', () => {
    const m = new BoundedMap<string, number>(3);
    m.set('a', 1).set('b', 2).set('c', 3).set('a', 4);
    expect([...m]).toEqual([
      ['a', 4],
      ['b', 2],
      ['c', 3],
    ]);
    m.set('d', 5); // evicts a, the oldest though re-set
    expect([...m.keys()]).toEqual(['b', 'c', 'd']);
    m.delete('c');
    m.set('c', 6);
    m.set('e', 7); // evicts b
    expect([...m.keys()]).toEqual(['d', 'c', 'e']);
    m.clear();
    expect(m.size).toBe(0);
    expect(m.oldestKey()).toBeUndefined();
    m.set('z', 1);
    expect([...m]).toEqual([['z', 1]]);
  });

  it('keeps its slot arrays within a few times the live entries under eviction and deletion', () => {
    const m = new BoundedMap<number, number>(1000);
    const slots = (): number => (m as unknown as { keyAt: unknown[] }).keyAt.length;
    let most = 0;
    for (let i = 0; i < 200_000; i++) {
      m.set(i, i);
      if (i % 3 === 0) m.delete(i - 500); // holes in the middle too
      most = Math.max(most, slots());
    }
    expect(m.size).toBeLessThanOrEqual(1000);
    expect(most).toBeLessThanOrEqual(3 * 1000 + 2 * 64);
    for (const k of [...m.keys()]) m.delete(k);
    expect(m.size).toBe(0);
    expect(slots()).toBeLessThanOrEqual(2 * 64);
  });

  it('rejects a negative or NaN capacity', () => {
    expect(() => new BoundedMap(-1)).toThrow(RangeError);
    expect(() => new BoundedMap(Number.NaN)).toThrow(RangeError);
  });
});
