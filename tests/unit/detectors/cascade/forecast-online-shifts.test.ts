import { describe, expect, it } from 'vitest';
import { newRing } from '../../../../detectors/cascade/forecast-online-ring.js';
import { RING_OPTIONS, apply, opsArb, point, pointsArb, ringRuns } from './ring-ops.js';

describe('the ring keeps its last shifts between learnings', () => {
  // The shifts settle computed are reused by the next learning's β while the ring is unchanged (a WeakMap keyed by
  // the ring). A twin ring copied to a new object before every learning never reuses them: both must agree exactly.
  it('learning with the kept shifts gives the ring a fresh copy gives, after every outcome', () => {
    ringRuns(RING_OPTIONS, pointsArb(200, 20, 4, 12), opsArb(400, 60), 300, (o, made, raw) => {
      const ops = raw.map((op) => ({ ...op, point: op.point % made.length }));
      const kept = { ring: newRing(o), points: made.map(([f, p]) => point(f, p)) };
      let fresh = { ring: newRing(o), points: made.map(([f, p]) => point(f, p)) };
      for (const op of ops) {
        apply(kept.ring, kept.points, op, o);
        fresh = structuredClone(fresh);
        apply(fresh.ring, fresh.points, op, o);
        expect(kept.ring).toEqual(fresh.ring);
      }
    });
  });
});
