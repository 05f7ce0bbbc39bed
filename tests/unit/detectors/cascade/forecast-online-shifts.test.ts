import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OnlineCalibration } from '../../../../detectors/cascade/forecast-online.js';
import {
  type CalPoint,
  type CalRing,
  learn,
  learnProvisional,
  newRing,
} from '../../../../detectors/cascade/forecast-online-ring.js';

/** An outcome for a point: learnt for good (maybe cut by the horizon, maybe early) or provisionally. */
type Op = { point: number; size: number; kind: 'final' | 'cut' | 'early' | 'provisional' };

const point = (forecast: number, posts: number): CalPoint => ({
  at: 0,
  knot: 3600,
  quiet: false,
  forecast,
  lo: 0.3,
  hi: 0.4,
  low: Math.max(posts, Math.floor(forecast * 0.7)),
  high: Math.ceil(forecast * 1.5),
  posts,
});

/** Apply `op` to `ring` with its own copy of the points (learning writes into a point). */
function apply(ring: CalRing, points: CalPoint[], op: Op, o: OnlineCalibration): void {
  const x = points[op.point]!;
  const size = Math.max(x.posts, op.size);
  if (op.kind === 'provisional') learnProvisional(ring, x, size, o);
  else if (op.kind === 'early') learn(ring, x, size, o, true);
  else learn(ring, x, size, o, false, op.kind === 'cut');
}

describe('the ring keeps its last shifts between learnings', () => {
  // The shifts settle computed are reused by the next learning's β while the ring is unchanged (a WeakMap keyed by
  // the ring). A twin ring copied to a new object before every learning never reuses them: both must agree exactly.
  const opts = [
    OnlineCalibration.parse({ window: 10, minPoints: 3 }),
    OnlineCalibration.parse({ window: 10, minPoints: 3, censored: 'kaplanMeierImputed' }),
    // learners that never move: the levels stay the same after every step, so only a changed ring tells the
    // kept shifts stale
    OnlineCalibration.parse({ window: 10, minPoints: 3, gammas: [0] }),
    // learners taking large steps: a level moves across the ring's quantile steps, so shifts kept from before a
    // step on the levels alone (an early miss adds no score) would be stale
    OnlineCalibration.parse({ window: 10, minPoints: 3, gammas: [0.25, 0.5] }),
  ];
  it('learning with the kept shifts gives the ring a fresh copy gives, after every outcome', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: opts.length - 1 }),
        fc.array(fc.tuple(fc.integer({ min: 2, max: 200 }), fc.integer({ min: 1, max: 20 })), {
          minLength: 4,
          maxLength: 12,
        }),
        fc.array(
          fc.record({
            point: fc.nat(),
            size: fc.integer({ min: 1, max: 400 }),
            kind: fc.constantFrom<Op['kind']>('final', 'cut', 'early', 'provisional'),
          }),
          { minLength: 1, maxLength: 60, size: 'max' },
        ),
        (which, made, raw) => {
          const o = opts[which]!;
          const ops = raw.map((op) => ({ ...op, point: op.point % made.length }));
          const kept = { ring: newRing(o), points: made.map(([f, p]) => point(f, p)) };
          let fresh = { ring: newRing(o), points: made.map(([f, p]) => point(f, p)) };
          for (const op of ops) {
            apply(kept.ring, kept.points, op, o);
            fresh = structuredClone(fresh);
            apply(fresh.ring, fresh.points, op, o);
            expect(kept.ring).toEqual(fresh.ring);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
