import { z } from 'zod';
import { type Experts, betaOf, levelOf, newExperts, step, stepMissed } from './forecast-aci.js';
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
 * adapts to the misses (adaptive conformal inference with its step size tuned online over a grid: DtACI,
 * forecast-aci.ts), so coverage follows a platform in its first outcomes and when it drifts: the lower side aims at half the misses, the upper side at the
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
    minPoints: z.number().int().min(1).max(5000).default(10),
    /**
     * ACI steps: how fast each side's miss level may follow its misses; one learner per step, weighed by how
     * well each has covered lately (DtACI, forecast-aci.ts). Defaults: the authors' grid. One step is plain
     * ACI (what shipped before: [0.005]); [0] a plain rolling conformal quantile
     */
    gammas: z
      .array(z.number().min(0).max(0.5))
      .min(1)
      .max(32)
      .default([0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128]),
    /** DtACI: learning rate of the learners' weights (exponential weights on their pinball loss) */
    eta: z.number().min(0).max(1000).default(2.8),
    /** DtACI: share of the weight spread evenly at each outcome, so a learner out of favour can come back */
    sigma: z.number().min(0).max(1).default(0.002),
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
    /**
     * censored early feedback: a forecast whose incident has already outgrown its upper bound is a miss whatever
     * its final size; its both-sides level learns that miss as soon as a scan sees it (days before its outcome is
     * due), its score and its lower side's level still wait for the outcome. Covers and lower misses wait as before
     */
    earlyMisses: z.boolean().default(false),
    /**
     * β judged consistently with the bounds as emitted: at the level in force when a forecast was made, a miss
     * (or a cover) is what the emitted bound did, whatever the ring says by the time the outcome is learnt
     */
    asEmitted: z.boolean().default(false),
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
  /** the posts seen then: no bound is below them */
  readonly posts: number;
  /** the miss levels in force then (lower side; both), absent while the fitted interval was */
  readonly alphaLo?: number;
  readonly alphaAll?: number;
  /**
   * earlyMisses: its incident outgrew the upper bound and the both-sides learners certain to have missed took
   * their step then (a bit mask of them, 0 if none was certain); the outcome steps the others, the weights, the
   * lower side and adds the score
   */
  early?: number;
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
  /** the lower side's miss level in force (target: half the misses), and its learners */
  alphaLo: number;
  lo: Experts;
  /** both sides' together (target: 1 − coverage; the upper side takes what the lower one leaves), its learners */
  alphaAll: number;
  all: Experts;
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
    byKnot.set(knot, (r = newRing(o)));
  }
  return r;
}

function newRing(o: OnlineCalibration): CalRing {
  const miss = (1 - o.coverage) / 2;
  const k = o.gammas.length;
  return {
    scores: [],
    next: 0,
    alphaLo: miss,
    lo: newExperts(miss, k),
    alphaAll: 2 * miss,
    all: newExperts(2 * miss, k),
    shift: null,
  };
}

/** The shifts the ring's scores give at its levels in force, and the share of its scores below the lower one. */
function shiftsOf(r: CalRing): {
  lows: Float64Array;
  highs: Float64Array;
  qLo: number;
  qHi: number;
  missedLow: number;
} {
  const lows = Float64Array.from(r.scores, (s) => s[0]);
  const highs = Float64Array.from(r.scores, (s) => s[1]);
  const qLo = conformalQuantile(lows, 1 - r.alphaLo);
  // the lower side may be unable to miss its share (a cascade never ends below the posts seen, and a quiet
  // one's forecast is those posts): the upper side then misses the rest, so the interval covers `coverage`
  let above = 0;
  for (const l of lows) if (l > qLo) above++;
  const missedLow = above / lows.length;
  const qHi = conformalQuantile(highs, 1 - Math.min(1, Math.max(0, r.alphaAll - missedLow)));
  return { lows, highs, qLo, qHi, missedLow };
}

/** asEmitted: β made to agree with the bound emitted at the level `a` then in force (it missed or it covered). */
const emitted = (beta: number, missed: boolean, a: number | undefined, o: OnlineCalibration): number =>
  !o.asEmitted || a === undefined ? beta : missed ? Math.min(beta, Math.max(0, a - 1e-9)) : Math.max(beta, a);

/**
 * How far the outcome fell outside the fitted bounds (half-post margins: whole sizes); the miss levels' step on
 * β, the largest level at which the ring as it stands would still have covered it on that side (before
 * `minPoints`, the fitted interval is in force: β is 1 or 0 as the bounds emitted covered it or not). `early`:
 * `final` is only a lower bound of the outcome (the posts seen), above the emitted upper bound: β is then at most
 * what it gives, and only the both-sides learners above that take a step (stepMissed); the point keeps which.
 */
function learn(r: CalRing, x: CalPoint, final: number, o: OnlineCalibration, early = false): void {
  const miss = (1 - o.coverage) / 2;
  let betaLo: number;
  let betaAll: number;
  if (r.scores.length >= o.minPoints) {
    // β on the bounds as forecastBounds emits them (whole posts: low rounded down, high up, neither below the
    // posts seen), not on the half-post scores: the lower bound at level a covers iff its shift qLo(a) > the
    // threshold below, the upper one iff qHi > its threshold or the outcome is at or below the lower bound
    const now = shiftsOf(r);
    betaLo = betaOf(now.lows, x.lo - Math.log((final + 1) / x.forecast));
    const lowNow = Math.max(x.posts, Math.floor(x.forecast * Math.exp(x.lo - now.qLo) + 1e-9));
    const betaHi = final <= Math.max(1, lowNow) ? 1 : betaOf(now.highs, Math.log((final - 1) / x.forecast) - x.hi);
    // both sides cover at level a iff the lower one does (at its own level) and the upper one at a − missedLow
    betaAll = final >= lowNow ? Math.min(1, now.missedLow + betaHi) : 0;
    betaLo = emitted(betaLo, final < x.low, x.alphaLo, o);
    betaAll = emitted(betaAll, final < x.low || final > x.high, x.alphaAll, early ? { ...o, asEmitted: true } : o);
  } else {
    betaLo = final < x.low ? 0 : 1;
    betaAll = final < x.low || final > x.high ? 0 : 1;
  }
  const aci = { gammas: o.gammas, eta: o.eta, sigma: o.sigma };
  // learners saved under other steps (an older snapshot, another config) restart at the levels in force
  if (r.lo.alphas.length !== o.gammas.length) r.lo = newExperts(r.alphaLo, o.gammas.length);
  if (r.all.alphas.length !== o.gammas.length) r.all = newExperts(r.alphaAll, o.gammas.length);
  if (early) x.early = stepMissed(r.all, betaAll, 2 * miss, aci);
  else {
    step(r.lo, betaLo, miss, aci);
    step(r.all, betaAll, 2 * miss, aci, x.early ?? 0);
  }
  r.alphaLo = levelOf(r.lo);
  r.alphaAll = levelOf(r.all);
  const score: [number, number] = [
    x.lo - Math.log((final + 0.5) / x.forecast),
    Math.log(Math.max(0.5, final - 0.5) / x.forecast) - x.hi,
  ];
  if (!early) {
    if (r.scores.length < o.window) r.scores.push(score);
    else r.scores[r.next] = score;
    r.next = (r.next + 1) % o.window;
  }
  if (r.scores.length < o.minPoints) {
    r.shift = null;
    return;
  }
  const { qLo, qHi } = shiftsOf(r);
  r.shift = [qLo, qHi];
}

/** A point's outcome (the size `final`) becomes a score of its platform at its knot. */
export function learnOutcome(c: Calibrator, platform: string, x: CalPoint, final: number, o: OnlineCalibration): void {
  const r = ringOf(c, platform, x.quiet ? -x.knot : x.knot, o);
  if (r) learn(r, x, final, o);
}

/**
 * earlyMisses: a point whose incident has `posts` > its emitted upper bound (sizes never shrink: its outcome will
 * be above it too) is a miss of both sides now. β is at most what `posts` gives (and below the level in force
 * when it was made: that bound missed); the both-sides learners above it step now, once, the rest at the outcome.
 */
export function learnEarly(c: Calibrator, platform: string, x: CalPoint, posts: number, o: OnlineCalibration): void {
  if (x.early !== undefined || posts <= x.high) return;
  const r = ringOf(c, platform, x.quiet ? -x.knot : x.knot, o);
  if (r) learn(r, x, posts, o, true);
}

/** The miss levels in force at a knot (of a class) while it has shifts, as a point records them. */
export function levelsAt(
  c: Calibrator,
  platform: string,
  knot: number,
  quiet: boolean,
): { alphaLo: number; alphaAll: number } | undefined {
  const r = c.rings.get(platform)?.get(quiet ? -knot : knot);
  return r?.shift ? { alphaLo: r.alphaLo, alphaAll: r.alphaAll } : undefined;
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
        if (o.earlyMisses) learnEarly(c, p.platform, x, p.posts, o);
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

/**
 * A post of incident `id` (a no-op when it awaits no outcome): its size and latest post move; with earlyMisses,
 * once it outgrows a point's upper bound the next scan may run (it learns that miss).
 */
export function observe(c: Calibrator, id: number, posts: number, time: number, o?: OnlineCalibration): void {
  const p = c.pending.get(id);
  if (!p) return;
  p.posts = Math.max(p.posts, posts);
  p.last = Math.max(p.last, time);
  if (o?.earlyMisses && p.points.some((x) => x.early === undefined && p.posts > x.high))
    c.nextDue = Math.min(c.nextDue, time);
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
