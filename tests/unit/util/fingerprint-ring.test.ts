import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FingerprintRing } from '../../../src/util/index.js';

/** What the ring must answer: the last `capacity` distinct keys, in insertion order, oldest forgotten first. */
class Model {
  readonly keys: string[] = [];
  constructor(private readonly capacity: number) {}
  add(key: string): void {
    if (this.capacity === 0) return;
    this.keys.push(key);
    if (this.keys.length > this.capacity) this.keys.shift();
  }
}

describe('FingerprintRing', () => {
  it('holds exactly the last `capacity` distinct keys, each at a stable position of its own', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.array(fc.nat(120), { maxLength: 600 }), (capacity, ops) => {
        const ring = new FingerprintRing(capacity);
        const model = new Model(capacity);
        const positionOf = new Map<string, number>();
        for (const n of ops) {
          const key = `cmd:${n}`;
          if (ring.find(key) < 0) {
            const at = ring.add(key);
            model.add(key);
            if (capacity === 0) expect(at).toBe(-1);
            else {
              expect(at).toBeGreaterThanOrEqual(0);
              expect(at).toBeLessThan(capacity);
              // the key that held this position before is the one evicted
              for (const [k, p] of positionOf) if (p === at) positionOf.delete(k);
              positionOf.set(key, at);
            }
          }
          expect(ring.size).toBe(model.keys.length);
          for (let m = 0; m <= 120; m++) {
            const k = `cmd:${m}`;
            expect(ring.find(k)).toBe(model.keys.includes(k) ? positionOf.get(k) : -1);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('seen() answers as find-then-add does', () => {
    const a = new FingerprintRing(3);
    const b = new FingerprintRing(3);
    for (const k of ['x', 'y', 'x', 'z', 'w', 'x', 'y', 'y']) {
      const held = b.find(k) >= 0;
      if (!held) b.add(k);
      expect(a.seen(k)).toBe(held);
    }
    expect(a.size).toBe(3);
  });

  it('refuses a capacity that is not a whole number ≥ 0', () => {
    expect(() => new FingerprintRing(-1)).toThrow(RangeError);
    expect(() => new FingerprintRing(1.5)).toThrow(RangeError);
  });
});
