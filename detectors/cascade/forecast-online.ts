import { z } from 'zod';
import type { ForecastInterval } from './forecast-interval.js';

/**
 * Online conformal calibration of the forecast's 80% interval, per platform, on event time alone.
 *
 * The fitted interval (forecast-interval.ts) is calibrated across six data sets pooled; on a platform whose
 * cascades grow otherwise it covers too little or too much (bench/warning/REPORT.md: ma2016's events grow
 * 6.7× after 1 h, the others at most 2.8×). Here every forecast an incident gets at a knot age of the
 * interval becomes a calibration point; its outcome is the incident's size `horizonSeconds` later, or once
 * no post came for `settleSeconds` (the cascade is over), whichever is first, known when the watermark
 * passes that time. Each side of the interval is then shifted by a conformal quantile of the latest
 * `window` scores of the platform at that knot (conformalized quantile regression, Romano et al. 2019: the
 * fitted bounds are the base; the scores are how far each outcome fell outside them), at a level each side
 * adapts to the misses (Adaptive Conformal Inference, Gibbs & Candès 2021: α ← α + γ(target − miss)),
 * so coverage follows a platform that drifts: the lower side aims at half the misses, the upper side at the
 * rest (the lower bound is never below the posts seen, and many cascades are already over: it often cannot
 * miss its half, and an interval whose sides each miss at most half covers more than asked). Quiet incidents
 * may be calibrated apart (`quietShare`). Before `minPoints` outcomes at a knot the fitted interval holds.
 * Deterministic: the same calls in the same order give the same state; memory is bounded by
 * `maxPlatforms` × knots × `window` scores and `maxPending` incidents awaiting an outcome.
 */
/** one class by default: the threshold 0.5 measured beside it was chosen on the report's data (REPORT.md) */
const QUIET_SHARE = 1;

export const OnlineCalibration = z
  .object({
    enabled: z.boolean().default(true),
    /** the interval's nominal coverage (each side misses half the rest) */
    coverage: z.number().gt(0).lt(1).default(0.8),
    /** scores kept per platform and knot age: the latest `window` outcomes */
    window: z.number().int().min(10).max(5000).default(200),
    /** outcomes a knot needs before its interval moves off the fitted one */
    minPoints: z.number().int().min(1).max(5000).default(30),
    /** ACI step: how fast each side's miss level follows its misses; 0 is a plain rolling conformal quantile */
    gamma: z.number().min(0).max(0.5).default(0.005),
    /** a forecast's outcome is the size this long after it was made (s) … */
    horizonSeconds: z
      .number()
      .positive()
      .default(7 * 86_400),
    /** … or once the incident had no post for this long (s), whichever comes first */
    settleSeconds: z.number().positive().default(86_400),
    /** incidents awaiting an outcome; beyond, the oldest are dropped */
    maxPending: z.number().int().min(1).default(20_000),
    /**
     * a forecast of an incident silent for at least this share of its age (no post since) is calibrated
     * apart from those of active ones (Mondrian classes): a quiet cascade is mostly over, an active one
     * still grows, and one interval for both covers the first and misses the second; 1: one class
     */
    quietShare: z.number().gt(0).max(1).default(QUIET_SHARE),
    /** platforms calibrated; a platform beyond keeps the fitted interval */
    maxPlatforms: z.number().int().min(1).default(64),
  })
  .strict();
export type OnlineCalibration = z.infer<typeof OnlineCalibration>;

/** A forecast made at a knot age, awaiting its outcome. */
export interface CalPoint {
  /** event time (ms) it was made at, and the knot age (s) */
  readonly at: number;
  readonly knot: number;
  /** the incident was quiet then (see quietShare): its class */
  readonly quiet: boolean;
  readonly forecast: number;
  /** the fitted interval's ln-offsets at that age and size class (the base the scores are taken from) */
  readonly lo: number;
  readonly hi: number;
  /** the bounds emitted then (what a miss is judged on) */
  readonly low: number;
  readonly high: number;
}

/** An incident with points awaiting their outcome: its size so far and latest post (ms). */
export interface CalPending {
  readonly platform: string;
  posts: number;
  last: number;
  points: CalPoint[];
}

/** The latest scores of one platform at one knot age, and the adaptive miss levels. */
export interface CalRing {
  /** [lower score, upper score] of each outcome, a ring of at most `window` */
  scores: [number, number][];
  next: number;
  /** the lower side's miss level (target: half the misses) */
  alphaLo: number;
  /** both sides' together (target: 1 − coverage); the upper side takes what the lower one leaves */
  alphaAll: number;
  /** the shifts now in force (null: fewer than minPoints outcomes, the fitted interval) */
  shift: [number, number] | null;
}

export interface Calibrator {
  nextId: number;
  /** by incident calibration id, in id order */
  pending: Map<number, CalPending>;
  /** platform → knot age (s), negative for the quiet class → ring */
  rings: Map<string, Map<number, CalRing>>;
  /** no point is due before this (ms): a lower bound, so the scan for outcomes runs only when one may be */
  nextDue: number;
  /** watermark of the latest scan (ms): outcomes are learnt at most once per LEARN_EVERY_MS of event time */
  scannedAt: number | null;
}

/** Outcomes are looked for at most once per minute of event time: a scan is O(incidents awaiting one). */
export const LEARN_EVERY_MS = 60_000;

export const newCalibrator = (): Calibrator => ({
  nextId: 0,
  pending: new Map(),
  rings: new Map(),
  nextDue: Infinity,
  scannedAt: null,
});

const due = (p: CalPending, x: CalPoint, o: OnlineCalibration): number =>
  Math.min(x.at + o.horizonSeconds * 1000, Math.max(x.at, p.last + o.settleSeconds * 1000));

/** The k-th smallest (conformal: k = ⌈level·(n+1)⌉, within 1…n) of `xs`. */
export function conformalQuantile(xs: ArrayLike<number>, level: number): number {
  // a typed array sorts numerically without a comparator: this runs at every outcome learnt
  const sorted = Float64Array.from(xs).sort();
  const k = Math.min(sorted.length, Math.max(1, Math.ceil(level * (sorted.length + 1))));
  return sorted[k - 1]!;
}

function ringOf(c: Calibrator, platform: string, knot: number, o: OnlineCalibration): CalRing | null {
  let byKnot = c.rings.get(platform);
  if (!byKnot) {
    if (c.rings.size >= o.maxPlatforms) return null;
    c.rings.set(platform, (byKnot = new Map()));
  }
  let r = byKnot.get(knot);
  if (!r) {
    const miss = (1 - o.coverage) / 2;
    byKnot.set(knot, (r = { scores: [], next: 0, alphaLo: miss, alphaAll: 2 * miss, shift: null }));
  }
  return r;
}

/** How far the outcome fell outside the fitted bounds (half-post margins: whole sizes), and the ACI step. */
function learn(r: CalRing, x: CalPoint, final: number, o: OnlineCalibration): void {
  const score: [number, number] = [
    x.lo - Math.log((final + 0.5) / x.forecast),
    Math.log(Math.max(0.5, final - 0.5) / x.forecast) - x.hi,
  ];
  if (r.scores.length < o.window) r.scores.push(score);
  else r.scores[r.next] = score;
  r.next = (r.next + 1) % o.window;
  const miss = (1 - o.coverage) / 2;
  const clamp = (a: number): number => Math.min(1, Math.max(0, a));
  const missed = final < x.low || final > x.high;
  r.alphaLo = clamp(r.alphaLo + o.gamma * (miss - (final < x.low ? 1 : 0)));
  r.alphaAll = clamp(r.alphaAll + o.gamma * (2 * miss - (missed ? 1 : 0)));
  if (r.scores.length < o.minPoints) {
    r.shift = null;
    return;
  }
  const lows = Float64Array.from(r.scores, (s) => s[0]);
  const qLo = conformalQuantile(lows, 1 - r.alphaLo);
  // the lower side may be unable to miss its share (a cascade never ends below the posts seen, and a quiet
  // one's forecast is those posts): the upper side then misses the rest, so the interval covers `coverage`
  const missedLow = lows.filter((l) => l > qLo).length / lows.length;
  const qHi = conformalQuantile(
    Float64Array.from(r.scores, (s) => s[1]),
    1 - clamp(r.alphaAll - missedLow),
  );
  r.shift = [qLo, qHi];
}

/** A point's outcome (the size `final`) becomes a score of its platform at its knot. */
export function learnOutcome(c: Calibrator, platform: string, x: CalPoint, final: number, o: OnlineCalibration): void {
  const r = ringOf(c, platform, x.quiet ? -x.knot : x.knot, o);
  if (r) learn(r, x, final, o);
}

/** Outcomes the watermark has passed become scores; their points are dropped (and incidents left without any). */
export function advance(c: Calibrator, watermark: number, o: OnlineCalibration): void {
  if (watermark < c.nextDue || (c.scannedAt !== null && watermark < c.scannedAt + LEARN_EVERY_MS)) return;
  c.scannedAt = watermark;
  let next = Infinity;
  for (const [id, p] of c.pending) {
    const keep: CalPoint[] = [];
    for (const x of p.points) {
      const d = due(p, x, o);
      if (d > watermark) {
        keep.push(x);
        next = Math.min(next, d);
        continue;
      }
      learnOutcome(c, p.platform, x, p.posts, o);
    }
    if (keep.length === 0) c.pending.delete(id);
    else p.points = keep;
  }
  c.nextDue = next;
}

/** A new calibration id for an incident (its first point). */
export const calibrationId = (c: Calibrator): number => c.nextId++;

/** Adds a point of incident `id` (posts so far, latest post `last` ms); the oldest incidents go beyond maxPending. */
export function record(
  c: Calibrator,
  id: number,
  platform: string,
  posts: number,
  last: number,
  x: CalPoint,
  o: OnlineCalibration,
): void {
  let p = c.pending.get(id);
  if (!p) {
    c.pending.set(id, (p = { platform, posts, last, points: [] }));
    // ids are handed out in order: the Map's first keys are the oldest incidents
    for (const old of c.pending.keys()) {
      if (c.pending.size <= o.maxPending) break;
      c.pending.delete(old);
    }
  }
  p.posts = Math.max(p.posts, posts);
  p.last = Math.max(p.last, last);
  p.points.push(x);
  c.nextDue = Math.min(c.nextDue, due(p, x, o));
}

/** A post of incident `id` (a no-op when it awaits no outcome): its size and latest post move. */
export function observe(c: Calibrator, id: number, posts: number, time: number): void {
  const p = c.pending.get(id);
  if (!p) return;
  p.posts = Math.max(p.posts, posts);
  p.last = Math.max(p.last, time);
}

/** Incident `from` joined incident `into`: its awaited points are judged on the joined incident's size. */
export function fold(c: Calibrator, from: number, into: number, posts: number, last: number): void {
  const p = c.pending.get(from);
  if (!p || from === into) return;
  c.pending.delete(from);
  const q = c.pending.get(into);
  if (q) {
    q.points.push(...p.points);
    q.posts = Math.max(q.posts, posts);
    q.last = Math.max(q.last, last);
  } else c.pending.set(into, { ...p, posts: Math.max(p.posts, posts), last: Math.max(p.last, last) });
  c.nextDue = -Infinity; // recomputed at the next advance
}

/** Whether a forecast falls in the quiet class: silent (silenceAt) for at least quietShare of its age. */
export const isQuiet = (silence: number, o: OnlineCalibration): boolean => o.quietShare < 1 && silence >= o.quietShare;

/** The platform's interval (of a class): each knot's fitted offsets shifted by its calibrated shifts (none yet: as fitted). */
export function adapted(
  c: Calibrator | undefined,
  platform: string,
  iv: ForecastInterval,
  quiet = false,
): ForecastInterval {
  const byKnot = c?.rings.get(platform);
  if (!byKnot) return iv;
  let moved = false;
  const knots = iv.knots.map((k) => {
    const s = byKnot.get(quiet ? -k.ageSeconds : k.ageSeconds)?.shift;
    if (!s) return k;
    moved = true;
    return { ageSeconds: k.ageSeconds, low: k.low.map((l) => l - s[0]), high: k.high.map((h) => h + s[1]) };
  });
  return moved ? { sizes: iv.sizes, knots } : iv;
}

const SavedPoint = z.tuple([
  z.number(),
  z.number(),
  z.boolean(),
  z.number(),
  z.number(),
  z.number(),
  z.number(),
  z.number(),
]);
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
          scores: z.array(z.tuple([z.number(), z.number()])),
          next: z.number().int(),
          alphaLo: z.number(),
          alphaAll: z.number(),
          shift: z.tuple([z.number(), z.number()]).nullable(),
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
      p.points.map((x) => [x.at, x.knot, x.quiet, x.forecast, x.lo, x.hi, x.low, x.high] as const).map((t) => [...t]),
    ]) as SavedCalibrator['pending'],
    rings: [...c.rings].map(([platform, byKnot]) => [
      platform,
      [...byKnot].map(([knot, r]) => ({
        knot,
        scores: r.scores.map((s) => [s[0], s[1]] as [number, number]),
        next: r.next,
        alphaLo: r.alphaLo,
        alphaAll: r.alphaAll,
        shift: r.shift && [r.shift[0], r.shift[1]],
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
      points: points.map(([at, knot, quiet, forecast, lo, hi, low, high]) => ({
        at,
        knot,
        quiet,
        forecast,
        lo,
        hi,
        low,
        high,
      })),
    });
  for (const [platform, knots] of s.rings)
    c.rings.set(
      platform,
      new Map(
        knots.map((k) => [
          k.knot,
          { scores: k.scores, next: k.next, alphaLo: k.alphaLo, alphaAll: k.alphaAll, shift: k.shift },
        ]),
      ),
    );
  c.nextDue = -Infinity; // recomputed at the next advance
  return c;
}
