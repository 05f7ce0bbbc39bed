import fc from 'fast-check';
import { OnlineCalibration } from '../../../../detectors/cascade/forecast-online.js';
import {
  type CalPoint,
  type CalRing,
  learn,
  learnProvisional,
} from '../../../../detectors/cascade/forecast-online-ring.js';

/** Random outcomes learnt on one calibration ring (forecast-online-ring.ts), for the ring tests to replay. */

/** Small rings (window 10, minPoints 3) under the option sets whose learnings differ most. */
export const RING_OPTIONS = [
  OnlineCalibration.parse({ window: 10, minPoints: 3 }),
  OnlineCalibration.parse({ window: 10, minPoints: 3, censored: 'kaplanMeierImputed' }),
  // learners that never move: the levels stay the same after every step, so only a changed ring tells the
  // kept shifts stale
  OnlineCalibration.parse({ window: 10, minPoints: 3, gammas: [0] }),
  // learners taking large steps: a level moves across the ring's quantile steps, so shifts kept from before a
  // step on the levels alone (an early miss adds no score) would be stale
  OnlineCalibration.parse({ window: 10, minPoints: 3, gammas: [0.25, 0.5] }),
];

/** An outcome for a point: learnt for good (maybe cut by the horizon, maybe early) or provisionally. */
export type Op = { point: number; size: number; kind: 'final' | 'cut' | 'early' | 'provisional' };

/** A point at knot 3600 of forecast `forecast` with `posts` seen. */
export const point = (forecast: number, posts: number): CalPoint => ({
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
export function apply(ring: CalRing, points: CalPoint[], op: Op, o: OnlineCalibration): void {
  const x = points[op.point % points.length]!;
  const size = Math.max(x.posts, op.size);
  if (op.kind === 'provisional') learnProvisional(ring, x, size, o);
  else if (op.kind === 'early') learn(ring, x, size, o, true);
  else learn(ring, x, size, o, false, op.kind === 'cut');
}

/** Points as (forecast, posts) pairs, and outcomes of sizes up to `maxSize` (few sizes: tied scores). */
export const pointsArb = (maxForecast: number, maxPosts: number, minLength: number, maxLength: number) =>
  fc.array(fc.tuple(fc.integer({ min: 2, max: maxForecast }), fc.integer({ min: 1, max: maxPosts })), {
    minLength,
    maxLength,
  });
export const opsArb = (maxSize: number, maxLength: number) =>
  fc.array(
    fc.record({
      point: fc.nat(),
      size: fc.integer({ min: 1, max: maxSize }),
      kind: fc.constantFrom<Op['kind']>('final', 'cut', 'early', 'provisional'),
    }),
    { minLength: 1, maxLength, size: 'max' },
  );

/** fast-check runs: each picks one of `opts`, points and outcomes, and hands them to `run` (which asserts). */
export function ringRuns(
  opts: readonly OnlineCalibration[],
  points: fc.Arbitrary<[number, number][]>,
  ops: fc.Arbitrary<Op[]>,
  numRuns: number,
  run: (o: OnlineCalibration, made: [number, number][], ops: Op[]) => void,
): void {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: opts.length - 1 }), points, ops, (which, made, raw) =>
      run(opts[which]!, made, raw),
    ),
    { numRuns },
  );
}
