import { z } from 'zod';
import { forecastWith, type Forecast, type SeismicState } from './seismic-model.js';

/**
 * The correction of the raw SEISMIC forecast by observation age, after
 * SEISMIC's own (Zhao et al. 2015 fit a per-time correction on training
 * cascades): the raw model misjudges how much of a cascade is still to come
 * in a way that depends on how long it has been watched. With n posts seen
 * at age t and a raw forecast R, the log-multiplier m = ln(R / n) is mapped to
 *
 *   ln(final / n) = max(0, a(t) + b(t) · m)
 *
 * where a and b are read from a table of knots (age, intercept, slope),
 * linear in ln(age) between knots and constant beyond the first and last.
 * With b = 0 this is the naive forecast (current size × a constant per age),
 * so the table nests that baseline; b carries what the model knows beyond it.
 * The table is fitted by `npx tsx bench/warning/run.ts --fit` on the training
 * data sets pooled (bench/warning/REPORT.md) and shipped as the default.
 */
export const CorrectionKnot = z.object({
  /** observation age (seconds since the incident's first post) this knot was fitted at */
  ageSeconds: z.number().positive().finite(),
  /** a: ln of the multiplier when the model predicts no further growth */
  intercept: z.number().finite().min(-5).max(10),
  /** b: weight of the model's own log-multiplier */
  slope: z.number().finite().min(0).max(5),
});
export type CorrectionKnot = z.infer<typeof CorrectionKnot>;

/** Knots in strictly ascending age; empty: no correction (the raw model). */
export const AgeCorrection = z
  .array(CorrectionKnot)
  .max(64)
  .refine((ks) => ks.every((k, i) => i === 0 || k.ageSeconds > ks[i - 1]!.ageSeconds), {
    message: 'knots must be in strictly ascending ageSeconds',
  });
export type AgeCorrection = z.infer<typeof AgeCorrection>;

/**
 * Fitted by `npx tsx bench/warning/run.ts --fit` on six data sets pooled
 * (Twitter15, seismic_738, r/ireland, Weibo CHECKED, RumourEval, Ma 2016 events;
 * at most 600 cascades each): the family that generalised best across the
 * cross-dataset matrix (bench/warning/REPORT.md); config/default.yaml repeats it.
 */
export const FITTED_FOLLOWER_EXPONENT = 0;
export const FITTED_CORRECTION: AgeCorrection = [
  { ageSeconds: 600, intercept: 0.6264, slope: 0.69 },
  { ageSeconds: 1200, intercept: 0.2523, slope: 0.97 },
  { ageSeconds: 1800, intercept: 0.0407, slope: 1.21 },
  { ageSeconds: 3600, intercept: 0.0222, slope: 1.11 },
  { ageSeconds: 7200, intercept: 0.0354, slope: 0.84 },
  { ageSeconds: 10800, intercept: 0.0591, slope: 0.66 },
  { ageSeconds: 21600, intercept: 0.0845, slope: 0.33 },
  { ageSeconds: 43200, intercept: 0.0498, slope: 0.26 },
  { ageSeconds: 86400, intercept: 0.018, slope: 0.12 },
  { ageSeconds: 172800, intercept: 0.0042, slope: 0.26 },
  { ageSeconds: 345600, intercept: 0.0009, slope: 0.15 },
];

/** (a, b) at `age`: linear in ln(age) between knots, the nearest knot's outside them. */
export function correctionAt(knots: AgeCorrection, age: number): { intercept: number; slope: number } {
  if (knots.length === 0) return { intercept: 0, slope: 1 };
  const first = knots[0]!;
  const last = knots[knots.length - 1]!;
  if (age <= first.ageSeconds) return { intercept: first.intercept, slope: first.slope };
  if (age >= last.ageSeconds) return { intercept: last.intercept, slope: last.slope };
  let j = 1;
  while (knots[j]!.ageSeconds < age) j++;
  const lo = knots[j - 1]!;
  const hi = knots[j]!;
  if (age === hi.ageSeconds) return { intercept: hi.intercept, slope: hi.slope };
  const u = Math.log(age / lo.ageSeconds) / Math.log(hi.ageSeconds / lo.ageSeconds);
  return { intercept: lo.intercept + u * (hi.intercept - lo.intercept), slope: lo.slope + u * (hi.slope - lo.slope) };
}

/** The corrected final size from the raw one (n posts seen at `age` seconds), capped at maxRatio × n. */
export function correctSize(raw: number, posts: number, age: number, knots: AgeCorrection, maxRatio: number): number {
  const n = Math.max(1, posts);
  if (knots.length === 0) return Math.min(raw, n * maxRatio);
  const m = Math.log(Math.max(raw, n) / n);
  const { intercept, slope } = correctionAt(knots, age);
  return n * Math.exp(Math.min(Math.log(maxRatio), Math.max(0, intercept + slope * m)));
}

/** What the forecast needs to know besides the state (a subset of the detector's options). */
export interface ForecastSettings {
  readonly s0Seconds: number;
  readonly theta: number;
  readonly alpha: number;
  readonly k: number;
  readonly maxRatio: number;
  /** the triangular window's share of the age, and its bounds; share 0: the whole history, unweighted */
  readonly windowShare: number;
  readonly minWindowSeconds: number;
  readonly maxWindowSeconds: number;
  readonly correction: AgeCorrection;
}

export interface CorrectedForecast {
  readonly raw: Forecast;
  /** seconds since the first post */
  readonly age: number;
  readonly finalSize: number;
}

/** The forecast cascade/forecast reports, and bench/warning measures: raw SEISMIC, corrected by age. */
export function forecastFinalSize(state: SeismicState, now: number, o: ForecastSettings): CorrectedForecast {
  // the window passed as numbers: no window object or spread copy per call
  const raw = forecastWith(
    state,
    now,
    { s0: o.s0Seconds, theta: o.theta, alpha: o.alpha, k: o.k, maxRatio: o.maxRatio },
    o.windowShare > 0,
    o.windowShare,
    o.minWindowSeconds,
    o.maxWindowSeconds,
  );
  const age = Math.max(0, now - (state.start ?? now));
  return { raw, age, finalSize: correctSize(raw.finalSize, state.posts, age, o.correction, o.maxRatio) };
}
