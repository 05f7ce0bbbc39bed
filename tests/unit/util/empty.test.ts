import { describe, expect, it } from 'vitest';
import { emptyMap, emptySet, ownMap, ownSet } from '../../../src/util/index.js';

describe('shared empty collections', () => {
  it('reads as empty and refuses writes, so no holder can fill it for all the others', () => {
    const m = emptyMap<string, number>();
    const s = emptySet<string>();
    expect(m.size).toBe(0);
    expect(s.has('x')).toBe(false);
    expect(() => m.set('a', 1)).toThrow(/ownMap/);
    expect(() => s.add('a')).toThrow(/ownSet/);
    expect(emptyMap<string, number>().size).toBe(0);
  });

  it('hands a holder its own collection on the first write and the same one after', () => {
    const holder = { m: emptyMap<string, number>(), s: emptySet<string>() };
    (holder.m = ownMap(holder.m)).set('a', 1);
    (holder.s = ownSet(holder.s)).add('x');
    const [m, s] = [holder.m, holder.s];
    expect(ownMap(holder.m)).toBe(m);
    expect(ownSet(holder.s)).toBe(s);
    expect([...holder.m]).toEqual([['a', 1]]);
    expect(emptyMap<string, number>().size).toBe(0);
    expect(emptySet<string>().size).toBe(0);
  });
});
