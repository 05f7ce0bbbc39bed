import { type Experts, betaOf, levelOf, newExperts, stepDraws, stepMissed } from './forecast-aci.js';
import {
  type Score,
  beyond,
  kmWeights,
  weightedBeta,
  weightedQuantile,
  weightedShareAbove,
} from './forecast-censored.js';
import type { OnlineCalibration } from './forecast-online-options.js';

/**
 * One ring of the online calibration (forecast-online.ts): the latest scores of a platform at a knot age and the
 * miss levels learnt on them; what an outcome teaches it (its score, the levels' step on β) and the shifts it gives.
 */

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

/** The latest scores of one platform at one knot age, and the adaptive miss levels. */
export interface CalRing {
  /** [lower score, upper score] of each outcome (and 1: cut by the horizon, censored), a ring of at most `window` */
  scores: Score[];
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

/** The k-th smallest (conformal: k = ⌈level·(n+1)⌉, within 1…n) of `xs`. */
export function conformalQuantile(xs: ArrayLike<number>, level: number): number {
  // a typed array sorts numerically without a comparator: this runs at every outcome learnt
  const sorted = Float64Array.from(xs).sort();
  const k = Math.min(sorted.length, Math.max(1, Math.ceil(level * (sorted.length + 1))));
  return sorted[k - 1]!;
}

export function newRing(o: OnlineCalibration): CalRing {
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

/** The ring's scores, their Kaplan–Meier weights (censored 'kaplanMeier…' and a cut score in the ring; else null: all 1). */
interface Weighed {
  lows: Float64Array;
  highs: Float64Array;
  wLo: Float64Array | null;
  wHi: Float64Array | null;
}

function weighed(r: CalRing, o: OnlineCalibration): Weighed {
  const lows = Float64Array.from(r.scores, (s) => s[0]);
  const highs = Float64Array.from(r.scores, (s) => s[1]);
  if (o.censored === 'asFinal' || !r.scores.some((s) => s.length > 2)) return { lows, highs, wLo: null, wHi: null };
  const cut = (i: number): boolean => r.scores[i]!.length > 2;
  // a cut outcome's final size is at least the one seen: its upper score is a lower bound, its lower score an upper one
  return { lows, highs, wLo: kmWeights(lows, cut, true), wHi: kmWeights(highs, cut) };
}

const quantile = (xs: Float64Array, w: Float64Array | null, level: number): number =>
  w ? weightedQuantile(xs, w, level) : conformalQuantile(xs, level);
const betaAt = (xs: Float64Array, w: Float64Array | null, t: number): number =>
  w ? weightedBeta(xs, w, t) : betaOf(xs, t);

/** The shifts the ring's scores give at its levels in force, and the share of its scores below the lower one. */
function shiftsOf(r: CalRing, o: OnlineCalibration): Weighed & { qLo: number; qHi: number; missedLow: number } {
  const ws = weighed(r, o);
  const { lows, highs, wLo, wHi } = ws;
  const qLo = quantile(lows, wLo, 1 - r.alphaLo);
  // the lower side may be unable to miss its share (a cascade never ends below the posts seen, and a quiet
  // one's forecast is those posts): the upper side then misses the rest, so the interval covers `coverage`
  let missedLow: number;
  if (wLo) missedLow = weightedShareAbove(lows, wLo, qLo);
  else {
    let above = 0;
    for (const l of lows) if (l > qLo) above++;
    missedLow = above / lows.length;
  }
  const qHi = quantile(highs, wHi, 1 - Math.min(1, Math.max(0, r.alphaAll - missedLow)));
  return { ...ws, qLo, qHi, missedLow };
}

/** asEmitted: β made to agree with the bound emitted at the level `a` then in force (it missed or it covered). */
const emitted = (beta: number, missed: boolean, a: number | undefined, o: OnlineCalibration): number =>
  !o.asEmitted || a === undefined ? beta : missed ? Math.min(beta, Math.max(0, a - 1e-9)) : Math.max(beta, a);

/** The upper score of an outcome of size `final` (half-post margin: whole sizes), and the size a score stands for. */
const upperScore = (x: CalPoint, final: number): number => Math.log(Math.max(0.5, final - 0.5) / x.forecast) - x.hi;
const sizeOf = (x: CalPoint, score: number): number => x.forecast * Math.exp(score + x.hi) + 0.5;

type Draw = { beta: number; p: number };

/**
 * β of both miss levels at the ring as it stands, for an outcome of size `final` (with censored
 * 'kaplanMeierImputed' and an outcome `cut` by the horizon, the both-sides β is one per size it may end at — the
 * ring's upper scores beyond it, at their Kaplan–Meier probabilities; else on `final`, for a cut outcome a lower
 * bound of its size).
 */
function betas(r: CalRing, x: CalPoint, final: number, o: OnlineCalibration, early: boolean, cut: boolean) {
  // β on the bounds as forecastBounds emits them (whole posts: low rounded down, high up, neither below the
  // posts seen), not on the half-post scores: the lower bound at level a covers iff its shift qLo(a) > the
  // threshold below, the upper one iff qHi > its threshold or the outcome is at or below the lower bound
  const now = shiftsOf(r, o);
  const lowNow = Math.max(x.posts, Math.floor(x.forecast * Math.exp(x.lo - now.qLo) + 1e-9));
  // the lower side is judged on `final` (for a cut outcome, the size seen: a miss of the lower bound there may be a
  // cover in the end, so it counts the misses it may have, not fewer), the upper side on the size `y` it may end at
  const betaLo = emitted(
    betaAt(now.lows, now.wLo, x.lo - Math.log((final + 1) / x.forecast)),
    final < x.low,
    x.alphaLo,
    o,
  );
  const at = (y: number): number => {
    const betaHi = y <= Math.max(1, lowNow) ? 1 : betaAt(now.highs, now.wHi, Math.log((y - 1) / x.forecast) - x.hi);
    // both sides cover at level a iff the lower one does (at its own level) and the upper one at a − missedLow
    const betaAll = final >= lowNow ? Math.min(1, now.missedLow + betaHi) : 0;
    return emitted(betaAll, final < x.low || y > x.high, x.alphaAll, early ? { ...o, asEmitted: true } : o);
  };
  const ends =
    cut && now.wHi && o.censored === 'kaplanMeierImputed' ? beyond(now.highs, now.wHi, upperScore(x, final)) : [];
  const sizes = ends.length > 0 ? ends.map((d) => ({ y: sizeOf(x, d.x), p: d.p })) : [{ y: final, p: 1 }];
  return { lo: [{ beta: betaLo, p: 1 }], all: sizes.map(({ y, p }) => ({ beta: at(y), p })) };
}

/**
 * How far the outcome fell outside the fitted bounds (half-post margins: whole sizes); the miss levels' step on
 * β, the largest level at which the ring as it stands would still have covered it on that side (before
 * `minPoints`, the fitted interval is in force: β is 1 or 0 as the bounds emitted covered it or not). `early`:
 * `final` is only a lower bound of the outcome (the posts seen), above the emitted upper bound: β is then at most
 * what it gives, and only the both-sides learners above that take a step (stepMissed); the point keeps which.
 * `cut`: the outcome was cut by the horizon, the incident still posting (its final size is at least `final`);
 * with censored 'kaplanMeier' its score is kept as censored (the ring's quantiles weigh it as Kaplan–Meier does),
 * with 'kaplanMeierImputed' its β is also taken over the sizes it may end at.
 */
export function learn(r: CalRing, x: CalPoint, final: number, o: OnlineCalibration, early = false, cut = false): void {
  const miss = (1 - o.coverage) / 2;
  let lo: Draw[];
  let all: Draw[];
  if (r.scores.length >= o.minPoints) ({ lo, all } = betas(r, x, final, o, early, cut));
  else {
    lo = [{ beta: final < x.low ? 0 : 1, p: 1 }];
    all = [{ beta: final < x.low || final > x.high ? 0 : 1, p: 1 }];
  }
  const aci = { gammas: o.gammas, eta: o.eta, sigma: o.sigma };
  // learners saved under other steps (an older snapshot, another config) restart at the levels in force
  if (r.lo.alphas.length !== o.gammas.length) r.lo = newExperts(r.alphaLo, o.gammas.length);
  if (r.all.alphas.length !== o.gammas.length) r.all = newExperts(r.alphaAll, o.gammas.length);
  if (early) x.early = stepMissed(r.all, all[0]!.beta, 2 * miss, aci);
  else {
    stepDraws(r.lo, lo, miss, aci);
    stepDraws(r.all, all, 2 * miss, aci, x.early ?? 0);
  }
  r.alphaLo = levelOf(r.lo);
  r.alphaAll = levelOf(r.all);
  const lower = x.lo - Math.log((final + 0.5) / x.forecast);
  const score: Score =
    cut && o.censored !== 'asFinal' ? [lower, upperScore(x, final), 1] : [lower, upperScore(x, final)];
  if (!early) {
    if (r.scores.length < o.window) r.scores.push(score);
    else r.scores[r.next] = score;
    r.next = (r.next + 1) % o.window;
  }
  if (r.scores.length < o.minPoints) {
    r.shift = null;
    return;
  }
  const { qLo, qHi } = shiftsOf(r, o);
  r.shift = [qLo, qHi];
}
