import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DedupeWindow } from '../../../src/decode/index.js';

/** The window as first written (has, then add, then evict): check() must answer and remember exactly as it does. */
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

describe('DedupeWindow against its reference model', () => {
  it('gives the same answers, size and saved order for any id sequence', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { maxLength: 60 }),
        fc.array(fc.constantFrom('a', 'b', 'c', 'x'), { maxLength: 8 }),
        (capacity, ids, restored) => {
          const w = new DedupeWindow(capacity);
          const ref = new Reference(capacity);
          w.restore(restored);
          for (const id of restored.slice(-capacity)) ref.seen.add(id);
          for (const id of ids) expect(w.check(id)).toBe(ref.check(id));
          expect(w.size).toBe(ref.seen.size);
          expect(w.save()).toEqual([...ref.seen]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
