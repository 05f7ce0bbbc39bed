import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DedupeWindow } from '../../../src/decode/index.js';

/** The window as first written (a Set of the ids: has, then add, then evict): check() must answer exactly as it does. */
class Reference {
  readonly seen = new Set<string>();
  constructor(private readonly capacity: number) {}
  check(id: string): boolean {
    if (this.seen.has(id)) return true;
    this.seen.add(id);
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.values().next().value as string);
    return false;
  }
}

function answersAsReference(capacity: number, ids: readonly string[]): void {
  const w = new DedupeWindow(capacity);
  const ref = new Reference(capacity);
  for (const id of ids) expect(w.check(id)).toBe(ref.check(id));
  expect(w.size).toBe(ref.seen.size);
}

describe('DedupeWindow against its reference model', () => {
  it('gives the same answers and size for any id sequence (small alphabets: many repeats and evictions)', () => {
    const ids = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { maxLength: 60 });
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), ids, answersAsReference), { numRuns: 500 });
  });

  it('gives the same answers while it grows, wraps and shifts its index (any strings, capacities past the first ring)', () => {
    const id = fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: 0, max: 400 }).map(String));
    const ids = fc.array(id, { maxLength: 1500 });
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), ids, answersAsReference), { numRuns: 200 });
  });
});
