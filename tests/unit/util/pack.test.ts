import { describe, expect, it } from 'vitest';
import { emptyMap, emptySet, pack, unpack } from '../../../src/util/index.js';

const roundTrip = <T>(x: T, shared: readonly unknown[] = []): T => unpack(pack(x, shared)!, shared) as T;

describe('pack', () => {
  it('keeps every number bit for bit', () => {
    const xs = [0, -0, 1, -1, 127, 128, 2 ** 31, 2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 53, 1.5, -2.25, 1e-300, NaN];
    const back = roundTrip([...xs, Infinity, -Infinity, Number.MIN_VALUE, 0.1 + 0.2]);
    expect(back.map((x) => Object.is(x, -0))).toEqual([...xs, 1, 1, 1, 1].map((x) => Object.is(x, -0)));
    expect(back).toEqual([...xs, Infinity, -Infinity, Number.MIN_VALUE, 0.1 + 0.2]);
  });

  it('keeps strings (one-byte, wide, repeated), booleans, null and undefined', () => {
    const x = ['ev_weibo_1', 'é\u00ff', 'nul\u0000', '人肉搜索 🔍', '', 'ev_weibo_1', true, false, null, undefined];
    expect(roundTrip(x)).toEqual(x);
  });

  it('keeps key order (integer keys too), holes, Map and Set order', () => {
    const holey = [1, 2, 3];
    delete holey[1];
    const o = {
      b: 1,
      a: holey,
      2: 'two',
      1: 'one',
      m: new Map<unknown, unknown>([
        ['z', 1],
        [0, { y: 2 }],
      ]),
      s: new Set(['q', 'p']),
    };
    const back = roundTrip(o);
    expect(Object.keys(back)).toEqual(Object.keys(o));
    expect(1 in back.a).toBe(false);
    expect(back.a.length).toBe(3);
    expect([...back.m]).toEqual([...o.m]);
    expect([...back.s]).toEqual(['q', 'p']);
    expect(back).toEqual(o);
  });

  it('keeps references shared within the value shared, and the given instances themselves', () => {
    const entry: [number, string] = [5, 'ev'];
    const options = { windowMs: 1 };
    const state = { authors: new Map([['a', entry]]), top: [entry], none: emptySet<string>(), m: emptyMap(), options };
    const back = roundTrip(state, [emptyMap(), emptySet(), options]);
    expect(back.top[0]).toBe(back.authors.get('a'));
    expect(back.top[0]).not.toBe(entry);
    expect(back.none).toBe(emptySet());
    expect(back.m).toBe(emptyMap());
    expect(back.options).toBe(options);
  });

  it('keeps frozen values frozen and others writable', () => {
    const back = roundTrip({ none: Object.freeze([]) as readonly unknown[], list: [1], o: Object.freeze({ a: 1 }) });
    expect(Object.isFrozen(back.none)).toBe(true);
    expect(Object.isFrozen(back.o)).toBe(true);
    expect(Object.isFrozen(back.list)).toBe(false);
    back.list.push(2);
    expect(back.list).toEqual([1, 2]);
  });

  it('reads objects of a known shape, of a __proto__ key and of many shapes alike', () => {
    const proto = JSON.parse('{"__proto__": 1, "x": 2}') as Record<string, number>;
    const back = roundTrip({ p: proto, list: Array.from({ length: 50 }, (_, i) => ({ [`k${i}`]: i, v: i })) });
    expect(Object.getPrototypeOf(back.p)).toBe(Object.prototype);
    expect(Object.keys(back.p)).toEqual(['__proto__', 'x']);
    expect(back.list[49]).toEqual({ k49: 49, v: 49 });
  });

  it('refuses what is not a plain value: class instances, functions, typed arrays, cycles', () => {
    class Box {
      x = 1;
    }
    expect(pack({ b: new Box() })).toBeNull();
    expect(pack([() => 1])).toBeNull();
    expect(pack({ t: new Uint8Array(2) })).toBeNull();
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(pack(cycle)).toBeNull();
  });

  it('is a short one-byte string for small states', () => {
    const s = pack({ posts: 1, evidence: ['ev_weibo_N000001'], recent: [[1_700_000_000_000, 'ev_weibo_N000001']] })!;
    expect(s.length).toBeLessThan(60);
    expect([...s].every((c) => c.charCodeAt(0) < 256)).toBe(true);
  });
});
