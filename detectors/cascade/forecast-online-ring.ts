import {
  type AciSettings,
  type Experts,
  betaOf,
  correctMisses,
  levelOf,
  missesOf,
  newExperts,
  stepCovered,
  stepDraws,
  stepMissed,
} from './forecast-aci.js';
import {
  type Score,
  beyond,
  conformalQuantile,
  conformalQuantileInOrder,
  weightedBeta,
  weightedQuantile,
  weightedQuantileInOrder,
  weightedShareAbove,
} from './forecast-censored.js';
import { type Weighed, batchWeighed, weighed } from './forecast-ring-order.js';

export { conformalQuantile } from './forecast-censored.js';
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
  /** provisionalSeconds: learnt provisionally (its incident quiet), not yet for good */
  prov?: Provisional;
}

/**
 * A point learnt provisionally: the size it was learnt at (its score censored there), where that score went in
 * its ring (the push number: `pushed` then), and which learners of each level took a miss step on it.
 */
export interface Provisional {
  size: number;
  stamp: number;
  lo: number;
  all: number;
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
  /** scores pushed so far (the next goes to slot `pushed` mod window: `next`); a provisional score's stamp */
  pushed: number;
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
    pushed: 0,
  };
}

const quantile = (xs: Float64Array, w: Float64Array | null, order: Int32Array | null, level: number): number =>
  order === null
    ? w
      ? weightedQuantile(xs, w, level)
      : conformalQuantile(xs, level)
    : w
      ? weightedQuantileInOrder(xs, w, order, level)
      : conformalQuantileInOrder(xs, order, level);
const betaAt = (xs: Float64Array, w: Float64Array | null, t: number): number =>
  w ? weightedBeta(xs, w, t) : betaOf(xs, t);

/** The shifts the ring's scores give at its levels in force, and the share of its scores below the lower one. */
type Shifts = Weighed & { qLo: number; qHi: number; missedLow: number };

/**
 * Each ring's shifts as its last `settle` computed them, while nothing they read has changed: the next learning's
 * β reads the ring as that settle left it, so the Kaplan–Meier weights and quantiles (sorts of the whole ring)
 * are computed once per learning, not twice. `put` drops the entry; the levels, the options and the scores
 * array are checked (a restored or rebuilt ring is another object). Never saved: a cache of values derived
 * from the ring, read only.
 */
const lastShifts = new WeakMap<
  CalRing,
  { scores: readonly Score[]; alphaLo: number; alphaAll: number; o: OnlineCalibration; shifts: Shifts }
>();

function shiftsOf(r: CalRing, o: OnlineCalibration): Shifts {
  const kept = lastShifts.get(r);
  if (kept && kept.scores === r.scores && kept.alphaLo === r.alphaLo && kept.alphaAll === r.alphaAll && kept.o === o)
    return kept.shifts;
  const shifts = computeShifts(r, o);
  lastShifts.set(r, { scores: r.scores, alphaLo: r.alphaLo, alphaAll: r.alphaAll, o, shifts });
  return shifts;
}

function computeShifts(r: CalRing, o: OnlineCalibration, ws = weighed(r.scores, o)): Shifts {
  const { lows, highs, wLo, wHi } = ws;
  const qLo = quantile(lows, wLo, ws.loOrder, 1 - r.alphaLo);
  // the lower side may be unable to miss its share (a cascade never ends below the posts seen, and a quiet
  // one's forecast is those posts): the upper side then misses the rest, so the interval covers `coverage`
  let missedLow: number;
  if (wLo) missedLow = weightedShareAbove(lows, wLo, qLo);
  else {
    let above = 0;
    for (const l of lows) if (l > qLo) above++;
    missedLow = above / lows.length;
  }
  const qHi = quantile(highs, wHi, ws.hiOrder, 1 - Math.min(1, Math.max(0, r.alphaAll - missedLow)));
  return { ...ws, qLo, qHi, missedLow };
}

/** The ring's shifts computed by sorting its scores (the batch computation the kept orders must agree with). */
export const batchShifts = (r: CalRing, o: OnlineCalibration): Shifts => computeShifts(r, o, batchWeighed(r.scores, o));

/** The ring's shifts as a learning reads them (the kept orders; cached until the ring changes). */
export const ringShifts = (r: CalRing, o: OnlineCalibration): Shifts => shiftsOf(r, o);

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

/** The draws of both levels' β for an outcome of size `final` (before `minPoints`: what the emitted bounds did). */
function drawsOf(r: CalRing, x: CalPoint, final: number, o: OnlineCalibration, early: boolean, cut: boolean) {
  if (r.scores.length >= o.minPoints) return betas(r, x, final, o, early, cut);
  return {
    lo: [{ beta: final < x.low ? 0 : 1, p: 1 }],
    all: [{ beta: final < x.low || final > x.high ? 0 : 1, p: 1 }],
  };
}

/** The learners that miss β (in expectation over the draws, at least half), as a bit mask. */
function maskOf(e: Experts, draws: readonly Draw[]): number {
  if (draws.length === 1) return missesOf(e, draws[0]!.beta);
  let mask = 0;
  e.alphas.forEach((a, i) => {
    let err = 0;
    for (const d of draws) if (a > d.beta) err += d.p;
    if (err >= 0.5) mask |= 1 << i;
  });
  return mask;
}

const settings = (o: OnlineCalibration): AciSettings => ({ gammas: o.gammas, eta: o.eta, sigma: o.sigma });

/**
 * The weights' step on an outcome learnt provisionally (its levels stepped then): each learner's loss at its level
 * before that step (α − γ(target − its miss then)), as if the outcome had come then; the levels are left as they are.
 */
function weighOnly(e: Experts, draws: readonly Draw[], target: number, was: number, s: AciSettings): void {
  const before: Experts = {
    alphas: e.alphas.map((a, i) => a - s.gammas[i]! * (target - ((was >>> i) & 1))),
    weights: e.weights,
  };
  stepDraws(before, draws, target, s, ~0);
}

/** Learners saved under other steps (an older snapshot, another config) restart at the levels in force. */
function fitExperts(r: CalRing, o: OnlineCalibration): void {
  if (r.lo.alphas.length !== o.gammas.length) r.lo = newExperts(r.alphaLo, o.gammas.length);
  if (r.all.alphas.length !== o.gammas.length) r.all = newExperts(r.alphaAll, o.gammas.length);
}

/** A score into the ring: in the slot of push `stamp` if it still holds it (a provisional one), else pushed. */
function put(r: CalRing, score: Score, o: OnlineCalibration, stamp?: number): number {
  lastShifts.delete(r);
  if (stamp !== undefined && r.pushed - stamp <= r.scores.length && r.scores.length <= o.window) {
    const slot = stamp % o.window;
    if (slot < r.scores.length) {
      r.scores[slot] = score;
      return stamp;
    }
  }
  if (r.scores.length < o.window) r.scores.push(score);
  else r.scores[r.next] = score;
  r.next = (r.next + 1) % o.window;
  return r.pushed++;
}

/** The levels in force and the shifts after a step. */
function settle(r: CalRing, o: OnlineCalibration): void {
  r.alphaLo = levelOf(r.lo);
  r.alphaAll = levelOf(r.all);
  if (r.scores.length < o.minPoints) {
    r.shift = null;
    return;
  }
  const { qLo, qHi } = shiftsOf(r, o);
  r.shift = [qLo, qHi];
}

const scoreOf = (x: CalPoint, final: number, censored: boolean): Score => {
  const lower = x.lo - Math.log((final + 0.5) / x.forecast);
  return censored ? [lower, upperScore(x, final), 1] : [lower, upperScore(x, final)];
};

/**
 * How far the outcome fell outside the fitted bounds (half-post margins: whole sizes); the miss levels' step on
 * β, the largest level at which the ring as it stands would still have covered it on that side (before
 * `minPoints`, the fitted interval is in force: β is 1 or 0 as the bounds emitted covered it or not). `early`:
 * `final` is only a lower bound of the outcome (the posts seen), above the emitted upper bound: β is then at most
 * what it gives, and only the both-sides learners above that take a step (stepMissed); the point keeps which.
 * `cut`: the outcome was cut by the horizon, the incident still posting (its final size is at least `final`);
 * with censored 'kaplanMeier' its score is kept as censored (the ring's quantiles weigh it as Kaplan–Meier does),
 * with 'kaplanMeierImputed' its β is also taken over the sizes it may end at. A point learnt provisionally
 * (learnProvisional): its score replaces the provisional one, the levels' provisional steps are corrected to this
 * outcome's (none if it ends at the size learnt), and the weights take their step.
 */
export function learn(r: CalRing, x: CalPoint, final: number, o: OnlineCalibration, early = false, cut = false): void {
  const miss = (1 - o.coverage) / 2;
  const { lo, all } = drawsOf(r, x, final, o, early, cut);
  const aci = settings(o);
  fitExperts(r, o);
  const prov = x.prov;
  if (early) x.early = stepMissed(r.all, all[0]!.beta, 2 * miss, aci);
  else if (prov) {
    // the weights waited for the outcome; the levels' steps are the provisional ones, corrected where it differs
    const same = final === prov.size;
    const nowLo = same ? prov.lo : maskOf(r.lo, lo);
    const nowAll = same ? prov.all : maskOf(r.all, all);
    weighOnly(r.lo, lo, miss, prov.lo, aci);
    weighOnly(r.all, all, 2 * miss, prov.all, aci);
    correctMisses(r.lo, prov.lo, nowLo, aci);
    correctMisses(r.all, prov.all, nowAll, aci);
    delete x.prov;
  } else {
    stepDraws(r.lo, lo, miss, aci);
    stepDraws(r.all, all, 2 * miss, aci, x.early ?? 0);
  }
  if (!early) put(r, scoreOf(x, final, cut && o.censored !== 'asFinal'), o, prov?.stamp);
  settle(r, o);
}

/**
 * A provisional outcome (`provisionalSeconds`: its incident quiet that long): the size seen `size` is a lower
 * bound of the final one, so its score goes into the ring as censored there, and the levels' learners step on
 * β at that size (the weights wait for the outcome). Learnt again at a larger size (posts came, then quiet again),
 * its score is replaced and each learner's step corrected to the new size's. The outcome settles it (learn).
 */
export function learnProvisional(r: CalRing, x: CalPoint, size: number, o: OnlineCalibration): void {
  if (x.early !== undefined || x.prov?.size === size) return;
  const miss = (1 - o.coverage) / 2;
  const { lo, all } = drawsOf(r, x, size, o, false, false);
  const aci = settings(o);
  fitExperts(r, o);
  const nowLo = maskOf(r.lo, lo);
  const nowAll = maskOf(r.all, all);
  // a first provisional step: from no step (γ·target on every learner, then the misses' correction)
  const was = x.prov ?? { lo: 0, all: 0 };
  if (!x.prov) {
    stepCovered(r.lo, miss, aci);
    stepCovered(r.all, 2 * miss, aci);
  }
  correctMisses(r.lo, was.lo, nowLo, aci);
  correctMisses(r.all, was.all, nowAll, aci);
  const stamp = put(r, scoreOf(x, size, true), o, x.prov?.stamp);
  x.prov = { size, stamp, lo: nowLo, all: nowAll };
  settle(r, o);
}
