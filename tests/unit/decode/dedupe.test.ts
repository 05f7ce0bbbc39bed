import { describe, expect, it } from 'vitest';
import { DedupeWindow } from '../../../src/decode/index.js';

describe('DedupeWindow', () => {
  it('flags repeats and forgets the oldest past its capacity', () => {
    const w = new DedupeWindow(3);
    expect(w.check('a')).toBe(false);
    expect(w.check('a')).toBe(true);
    for (const id of ['b', 'c', 'd']) expect(w.check(id)).toBe(false);
    expect(w.size).toBe(3);
    expect(w.check('a')).toBe(false); // forgotten
    expect(w.check('d')).toBe(true);
  });

  it('stays bounded under a flood of unique ids and holds exactly the latest `capacity` of them', () => {
    const w = new DedupeWindow(1000);
    for (let i = 0; i < 50_000; i++) expect(w.check(`ev_douyin_${i.toString(16)}~3`)).toBe(false);
    expect(w.size).toBe(1000);
    // the last 1000 are remembered, everything before them forgotten (checked newest first: a check of a
    // forgotten id would remember it and push out the oldest of the window)
    for (let i = 49_999; i >= 49_000; i--) expect(w.check(`ev_douyin_${i.toString(16)}~3`)).toBe(true);
    expect(w.check(`ev_douyin_${(48_999).toString(16)}~3`)).toBe(false);
  });

  it('tells apart ids that differ in one character, in order, or only in length', () => {
    const w = new DedupeWindow(100);
    for (const id of ['ab', 'ba', 'a', 'ab\u0000', 'x1', 'x2', '1x', '人肉', '肉人']) expect(w.check(id)).toBe(false);
    for (const id of ['ab', 'ba', 'a', 'ab\u0000', 'x1', 'x2', '1x', '人肉', '肉人']) expect(w.check(id)).toBe(true);
  });
});
