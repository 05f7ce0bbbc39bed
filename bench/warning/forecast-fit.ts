/**
 * Fitting the age correction of cascade/forecast (detectors/cascade/
 * forecast-correction.ts) and the naive baseline, both by the error they
 * are judged by: the median absolute percentage error (MdAPE). Only ever
 * called on training cascades; bench/warning/forecast-eval.ts scores the rest.
 */
import { type AgeCorrection, correctSize } from '../../detectors/cascade/forecast-correction.js';

/** One cascade seen at one age: posts so far, the raw (uncorrected) forecast, the final size, its silence. */
export interface Seen {
  readonly n: number;
  readonly raw: number;
  readonly final: number;
  /** share of the age since the latest post (detectors/cascade/forecast-correction.ts silenceAt); absent: 0 */
  readonly silence?: number;
}

/** Raw forecasts of each cascade at each knot age, for one follower exponent. */
export type SeenTable = readonly (readonly Seen[])[];

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
export const ape = (pred: number, truth: number): number => Math.abs(pred - truth) / truth;

/** The slopes b tried first (0 is the naive forecast), then refined to 0.01 around the best. */
const SLOPES = Array.from({ length: 41 }, (_, i) => i / 20);

/**
 * The intercept a minimising the upper median of |exp(a − d_i) − 1| (d_i the
 * log-multiplier still unexplained): the error is at most e for a in
 * [d_i + ln(1 − e), d_i + ln(1 + e)], intervals of one width, so the least e
 * that half of them share a point is found by bisection over a sliding window
 * of the sorted d_i.
 */
export function bestIntercept(d: number[]): { intercept: number; error: number } {
  const s = [...d].sort((x, y) => x - y);
  const need = Math.floor(s.length / 2) + 1;
  const window = (e: number): number | null => {
    const width = Math.log(1 + e) - Math.log(1 - e);
    for (let i = 0; i + need - 1 < s.length; i++)
      if (s[i + need - 1]! - s[i]! <= width) return (s[i + need - 1]! + Math.log(1 - e) + s[i]! + Math.log(1 + e)) / 2;
    return null;
  };
  let lo = 0;
  let hi = 0.999999;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (window(mid) === null) lo = mid;
    else hi = mid;
  }
  return { intercept: window(hi) ?? 0, error: hi };
}

/** (a, b) of one knot, fitted on the cascades seen at its age; `slopes` [0] fits the naive factor ln. */
export function fitKnot(
  seen: readonly Seen[],
  slopes: readonly number[] = SLOPES,
): { intercept: number; slope: number } {
  const n = seen.map((x) => Math.max(1, x.n));
  const y = seen.map((x, i) => Math.log(x.final / n[i]!));
  const m = seen.map((x, i) => Math.log(Math.max(x.raw, n[i]!) / n[i]!));
  let best = { intercept: 0, slope: 0, error: Infinity };
  const tryAll = (candidates: readonly number[]): void => {
    for (const slope of candidates) {
      const fit = bestIntercept(y.map((yi, i) => yi - slope * m[i]!));
      // ties go to the smaller slope: the simpler, closer to naive, correction
      if (fit.error < best.error - 1e-12 || (Math.abs(fit.error - best.error) <= 1e-12 && slope < best.slope))
        best = { ...fit, slope };
    }
  };
  tryAll(slopes);
  if (slopes.length > 1) {
    const around = best.slope;
    tryAll(Array.from({ length: 9 }, (_, i) => Math.round((around + (i - 4) / 100) * 100) / 100).filter((b) => b >= 0));
  }
  const r = (x: number): number => Math.round(x * 1e4) / 1e4;
  return { intercept: r(best.intercept), slope: r(best.slope) };
}

/** A correction table, one knot per age, fitted on `train` (cascade × age). */
export function fitCorrection(train: SeenTable, ages: readonly number[]): AgeCorrection {
  return ages.map((ageSeconds, a) => ({ ageSeconds, ...fitKnot(train.map((c) => c[a]!)) }));
}

/** The naive factor per age: current size × exp(a), a fitted like a knot with its slope held at 0. */
export function fitNaive(train: SeenTable, ages: readonly number[]): number[] {
  return ages.map((_, a) =>
    Math.exp(
      fitKnot(
        train.map((c) => c[a]!),
        [0],
      ).intercept,
    ),
  );
}

export const correctedAt = (x: Seen, age: number, knots: AgeCorrection, maxRatio: number): number =>
  correctSize(x.raw, x.n, age, knots, maxRatio, x.silence ?? 0);

/**
 * (a, b, c) of one knot of the silence-aware correction, ln(F/n) = a + (b + c·q)·m with q = min(1, 2·silence):
 * from the age-only knot (c = 0), coordinate steps of 0.5, 0.1, 0.02 on b (≥ 0) and c while the MdAPE
 * falls, a refitted exactly (bestIntercept) at each try. Deterministic; c stays 0 unless it helps.
 */
export function fitKnotQuiet(seen: readonly Seen[]): { intercept: number; slope: number; silenceSlope: number } {
  const start = fitKnot(seen);
  const n = seen.map((x) => Math.max(1, x.n));
  const y = seen.map((x, i) => Math.log(x.final / n[i]!));
  const m = seen.map((x, i) => Math.log(Math.max(x.raw, n[i]!) / n[i]!));
  const q = seen.map((x) => Math.min(1, 2 * (x.silence ?? 0)));
  const tryWith = (b: number, c: number): { intercept: number; error: number } =>
    bestIntercept(y.map((yi, i) => yi - (b + c * q[i]!) * m[i]!));
  let w = [start.slope, 0];
  let best = tryWith(w[0]!, w[1]!);
  for (const step of [0.5, 0.1, 0.02])
    for (let round = 0; round < 4; round++)
      for (let j = 0; j < 2; j++)
        for (const dir of [-1, 1])
          for (;;) {
            const next = [...w];
            next[j] = Math.round((next[j]! + dir * step) * 100) / 100;
            if (next[0]! < 0 || Math.abs(next[1]!) > 5) break;
            const e = tryWith(next[0]!, next[1]!);
            if (e.error >= best.error - 1e-9) break;
            best = e;
            w = next;
          }
  const r = (x: number): number => Math.round(x * 1e4) / 1e4;
  return { intercept: r(best.intercept), slope: r(w[0]!), silenceSlope: r(w[1]!) };
}

/**
 * Out-of-fold MdAPE of the fitted correction relative to the naive one, averaged
 * over ages (scale-free: 1 = as good as naive): the criterion the follower
 * exponent is chosen by, on the training cascades alone (folds by position).
 */
export function crossValidatedRatio(table: SeenTable, ages: readonly number[], maxRatio: number, folds = 5): number {
  const model: number[][] = ages.map(() => []);
  const naive: number[][] = ages.map(() => []);
  for (let f = 0; f < folds; f++) {
    const fit = table.filter((_, i) => i % folds !== f);
    const held = table.filter((_, i) => i % folds === f);
    const knots = fitCorrection(fit, ages);
    const factors = fitNaive(fit, ages);
    for (const c of held)
      ages.forEach((age, a) => {
        const x = c[a]!;
        model[a]!.push(ape(correctedAt(x, age, knots, maxRatio), x.final));
        naive[a]!.push(ape(Math.max(1, x.n) * factors[a]!, x.final));
      });
  }
  const ratios = ages.map((_, a) => median(model[a]!) / Math.max(1e-9, median(naive[a]!)));
  return ratios.reduce((s, r) => s + r, 0) / ratios.length;
}

export interface FittedForecast {
  readonly followerExponent: number;
  readonly correction: AgeCorrection;
  /** the selection criterion of each exponent tried */
  readonly cv: readonly { readonly exponent: number; readonly ratio: number }[];
}

/** Chooses the follower exponent by cross-validation on `train`, then fits the table on all of `train`. */
export function fitForecast(
  byExponent: ReadonlyMap<number, SeenTable>,
  ages: readonly number[],
  maxRatio: number,
): FittedForecast {
  const cv = [...byExponent].map(([exponent, table]) => ({
    exponent,
    ratio: crossValidatedRatio(table, ages, maxRatio),
  }));
  // ties go to the larger exponent: SEISMIC's follower weighting unless the data say otherwise
  const best = cv.reduce((b, x) =>
    x.ratio < b.ratio - 1e-9 || (Math.abs(x.ratio - b.ratio) <= 1e-9 && x.exponent > b.exponent) ? x : b,
  );
  return { followerExponent: best.exponent, correction: fitCorrection(byExponent.get(best.exponent)!, ages), cv };
}

/** Deterministic PRNG for the bootstrap (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 95% paired-bootstrap interval of MdAPE(a) − MdAPE(b) over the same cascades. */
export function bootstrapDifference(
  a: readonly number[],
  b: readonly number[],
  rounds = 2000,
  seed = 1,
): [number, number] {
  const rand = mulberry32(seed);
  const diffs: number[] = [];
  const xa: number[] = new Array(a.length);
  const xb: number[] = new Array(a.length);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < a.length; i++) {
      const j = Math.floor(rand() * a.length);
      xa[i] = a[j]!;
      xb[i] = b[j]!;
    }
    diffs.push(median(xa) - median(xb));
  }
  diffs.sort((x, y) => x - y);
  return [diffs[Math.floor(rounds * 0.025)]!, diffs[Math.ceil(rounds * 0.975) - 1]!];
}
