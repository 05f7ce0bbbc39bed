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

  it('stays bounded under a flood of unique ids', () => {
    const w = new DedupeWindow(1000);
    for (let i = 0; i < 50_000; i++) w.check(`id${i}`);
    expect(w.size).toBe(1000);
  });

  it('saves and restores', () => {
    const w = new DedupeWindow(10);
    ['x', 'y'].forEach((id) => w.check(id));
    const r = new DedupeWindow(10);
    r.restore(w.save());
    expect(r.check('x')).toBe(true);
    expect(r.check('z')).toBe(false);
  });
});
