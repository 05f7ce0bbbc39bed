import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  advance,
  type CalPoint,
  dropDueIndex,
  fold,
  newCalibrator,
  observe,
  OnlineCalibration,
  record,
} from '../../../../detectors/cascade/forecast-online.js';
import { saveCalibrator } from '../../../../detectors/cascade/forecast-online-save.js';

const T0 = Date.UTC(2026, 0, 5);

/** One step of a calibrator's life: a forecast point, a post, an event-time tick, or two incidents joined. */
const Op = fc.oneof(
  fc.record({
    k: fc.constant('point' as const),
    id: fc.nat(11),
    knot: fc.constantFrom(600, 3600, 21600),
    size: fc.integer({ min: 1, max: 60 }),
    width: fc.double({ min: 0.05, max: 1, noNaN: true }),
  }),
  fc.record({ k: fc.constant('post' as const), id: fc.nat(11), more: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ k: fc.constant('tick' as const) }),
  fc.record({ k: fc.constant('fold' as const), from: fc.nat(11), into: fc.nat(11) }),
);

describe('forecast online calibration: the due index', () => {
  it('learns what a scan of every incident learns, in the same order, at the same times', () => {
    const o = OnlineCalibration.parse({ window: 30, minPoints: 3, maxPending: 8, settleSeconds: 6 * 3600 });
    let learnt = 0;
    let provisional = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(Op, fc.integer({ min: 1, max: 240 })), { minLength: 60, maxLength: 250 }),
        (ops) => {
          const indexed = newCalibrator();
          const scanned = newCalibrator();
          const posts = new Map<number, number>();
          let t = T0;
          for (const [op, minutes] of ops) {
            t += minutes * 60_000;
            for (const c of [indexed, scanned]) {
              if (op.k === 'point') {
                const seen = Math.max(posts.get(op.id) ?? 0, op.size);
                const forecast = seen * 2;
                const x: CalPoint = {
                  at: t,
                  knot: op.knot,
                  quiet: false,
                  forecast,
                  lo: -op.width,
                  hi: op.width,
                  low: seen,
                  high: Math.ceil(forecast * Math.exp(op.width)),
                  posts: seen,
                };
                record(c, op.id, 'p', seen, t, x, o);
              } else if (op.k === 'post') observe(c, op.id, (posts.get(op.id) ?? 0) + op.more, t, o);
              else if (op.k === 'fold') fold(c, op.from, op.into, posts.get(op.into) ?? 1, t);
              if (c === scanned) dropDueIndex(c);
              advance(c, t, o);
            }
            if (op.k === 'point') posts.set(op.id, Math.max(posts.get(op.id) ?? 0, op.size));
            if (op.k === 'post') posts.set(op.id, (posts.get(op.id) ?? 0) + op.more);
            expect(saveCalibrator(indexed)).toEqual(saveCalibrator(scanned));
            expect(indexed.nextDue).toBe(scanned.nextDue);
            expect(indexed.scannedAt).toBe(scanned.scannedAt);
          }
          const saved = saveCalibrator(indexed);
          learnt += saved.rings.flatMap(([, knots]) => knots).reduce((n, k) => n + k.scores.length, 0);
          provisional += saved.pending.flatMap(([, , , , points]) => points).filter((x) => x[12] != null).length;
        },
      ),
      { numRuns: 120 },
    );
    // the comparison is of calibrators that learnt outcomes and hold provisional points, not of empty ones
    expect(learnt).toBeGreaterThan(1000);
    expect(provisional).toBeGreaterThan(10);
  });
});
