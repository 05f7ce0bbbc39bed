import { z } from 'zod';
import { newExperts } from './forecast-aci.js';
import type { Score } from './forecast-censored.js';
import { type Calibrator, newCalibrator } from './forecast-online.js';

/** Snapshots of the online calibration (forecast-online.ts): the detector's shared state, saved and restored. */
const SavedPoint = z.tuple([
  z.number(),
  z.number(),
  z.boolean(),
  z.number(),
  z.number(),
  z.number(),
  z.number(),
  z.number(),
  /** posts seen (absent before detector 1.5.0) */
  z.number().optional(),
  /** the miss levels in force when it was made (null: the fitted interval; absent before detector 1.6.0) */
  z.number().nullable().optional(),
  z.number().nullable().optional(),
  /** the learners that took their step early (earlyMisses; null: none yet; absent before detector 1.6.0) */
  z.number().int().nullable().optional(),
  /** learnt provisionally: [size, stamp, lower misses, both-sides misses] (null: not; absent before detector 1.8.0) */
  z.tuple([z.number(), z.number().int(), z.number().int(), z.number().int()]).nullable().optional(),
]);
const SavedExperts = z.object({ alphas: z.array(z.number()), weights: z.array(z.number()) });
const SavedCalibrator = z.object({
  nextId: z.number().int(),
  scannedAt: z.number().nullable().optional(),
  pending: z.array(z.tuple([z.number().int(), z.string(), z.number(), z.number(), z.array(SavedPoint)])),
  rings: z.array(
    z.tuple([
      z.string(),
      z.array(
        z.object({
          knot: z.number(),
          /** [lower, upper], 1 third when the outcome was cut by the horizon (censored; absent before 1.7.0) */
          scores: z.array(
            z.union([z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number(), z.literal(1)])]),
          ),
          next: z.number().int(),
          alphaLo: z.number(),
          alphaAll: z.number(),
          /** the levels' learners (absent before detector 1.5.0: they start at the levels saved) */
          lo: SavedExperts.optional(),
          all: SavedExperts.optional(),
          shift: z.tuple([z.number(), z.number()]).nullable(),
          /** scores pushed so far (absent before detector 1.8.0: as many as the ring's slots say) */
          pushed: z.number().int().optional(),
        }),
      ),
    ]),
  ),
});
type SavedCalibrator = z.infer<typeof SavedCalibrator>;

/** JSON-safe and in a fixed order (ids, platforms and knots as they were added): a snapshot of the calibration. */
export function saveCalibrator(c: Calibrator): SavedCalibrator {
  return {
    nextId: c.nextId,
    scannedAt: c.scannedAt,
    pending: [...c.pending].map(([id, p]) => [
      id,
      p.platform,
      p.posts,
      p.last,
      p.points
        .map(
          (x) =>
            [
              x.at,
              x.knot,
              x.quiet,
              x.forecast,
              x.lo,
              x.hi,
              x.low,
              x.high,
              x.posts,
              x.alphaLo ?? null,
              x.alphaAll ?? null,
              x.early ?? null,
              x.prov ? [x.prov.size, x.prov.stamp, x.prov.lo, x.prov.all] : null,
            ] as const,
        )
        .map((t) => [...t]),
    ]) as SavedCalibrator['pending'],
    rings: [...c.rings].map(([platform, byKnot]) => [
      platform,
      [...byKnot].map(([knot, r]) => ({
        knot,
        scores: r.scores.map((s): Score => (s.length > 2 ? [s[0], s[1], 1] : [s[0], s[1]])),
        next: r.next,
        alphaLo: r.alphaLo,
        alphaAll: r.alphaAll,
        lo: { alphas: [...r.lo.alphas], weights: [...r.lo.weights] },
        all: { alphas: [...r.all.alphas], weights: [...r.all.weights] },
        shift: r.shift && [r.shift[0], r.shift[1]],
        pushed: r.pushed,
      })),
    ]),
  };
}

export function restoreCalibrator(saved: unknown): Calibrator {
  const s = SavedCalibrator.parse(saved);
  const c = newCalibrator();
  c.nextId = s.nextId;
  c.scannedAt = s.scannedAt ?? null;
  for (const [id, platform, posts, last, points] of s.pending)
    c.pending.set(id, {
      platform,
      posts,
      last,
      // the posts seen are absent before detector 1.5.0: the lower bound emitted is the nearest above them
      points: points.map(([at, knot, quiet, forecast, lo, hi, low, high, posts, alphaLo, alphaAll, early, prov]) => ({
        posts: posts ?? low,
        at,
        knot,
        quiet,
        forecast,
        lo,
        hi,
        low,
        high,
        // levels absent (before 1.6.0, or the fitted interval then): β is judged on the ring alone
        ...(alphaLo != null && alphaAll != null ? { alphaLo, alphaAll } : {}),
        ...(early != null ? { early } : {}),
        ...(prov != null ? { prov: { size: prov[0], stamp: prov[1], lo: prov[2], all: prov[3] } } : {}),
      })),
    });
  for (const [platform, knots] of s.rings)
    c.rings.set(
      platform,
      new Map(
        knots.map((k) => [
          k.knot,
          {
            scores: k.scores,
            next: k.next,
            alphaLo: k.alphaLo,
            lo: k.lo ?? newExperts(k.alphaLo, 1),
            alphaAll: k.alphaAll,
            all: k.all ?? newExperts(k.alphaAll, 1),
            shift: k.shift,
            // before 1.8.0 no point was provisional: any count agreeing with `next` will do
            pushed: k.pushed ?? (k.next === 0 ? k.scores.length : k.next),
          },
        ]),
      ),
    );
  c.nextDue = -Infinity; // recomputed at the next advance
  return c;
}
