import { z } from 'zod';
import { forecastRawInto, type Forecast, type SeismicState, type Writable } from './seismic-model.js';

/**
 * The correction of the raw SEISMIC forecast by observation age, after
 * SEISMIC's own (Zhao et al. 2015 fit a per-time correction on training
 * cascades): the raw model misjudges how much of a cascade is still to come
 * in a way that depends on how long it has been watched. With n posts seen
 * at age t and a raw forecast R, the log-multiplier m = ln(R / n) is mapped to
 *
 *   ln(final / n) = max(0, a(t) + (b(t) + c(t) · q) · m)
 *
 * where a, b and c are read from a table of knots (age, intercept, slope,
 * silenceSlope), linear in ln(age) between knots and constant beyond the
 * first and last, and q = min(1, 2 · silence) with silence the share of the
 * age since the latest post (0 while posts keep coming, → 1 once the cascade
 * has been quiet for half its life): SEISMIC's multiplier is trusted less in
 * a cascade that has gone quiet. With b = c = 0 this is the naive forecast
 * (current size × a constant per age), so the table nests that baseline;
 * c = 0 (absent) is the correction by age alone.
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
  /** c: change of that weight in a quiet cascade (q = min(1, 2 × silence)); absent: 0 */
  silenceSlope: z.number().finite().min(-5).max(5).optional(),
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

export { FITTED_CORRECTION, FITTED_FOLLOWER_EXPONENT } from './forecast-fitted.js';

/** (a, b, c) at `age`: linear in ln(age) between knots, the nearest knot's outside them. */
export function correctionAt(
  knots: AgeCorrection,
  age: number,
): { intercept: number; slope: number; silenceSlope: number } {
  correctionInto(knots, age, scratch);
  return { intercept: scratch.intercept, slope: scratch.slope, silenceSlope: scratch.silenceSlope };
}

/** correctionAt's (a, b, c), written into `out` (no object per forecast); the same arithmetic, so the same bits. */
function correctionInto(knots: AgeCorrection, age: number, out: Coefficients): void {
  if (knots.length === 0) return set(out, 0, 1, 0);
  const first = knots[0]!;
  const last = knots[knots.length - 1]!;
  if (age <= first.ageSeconds) return set(out, first.intercept, first.slope, first.silenceSlope ?? 0);
  if (age >= last.ageSeconds) return set(out, last.intercept, last.slope, last.silenceSlope ?? 0);
  let j = 1;
  while (knots[j]!.ageSeconds < age) j++;
  const lo = knots[j - 1]!;
  const hi = knots[j]!;
  const hiSilence = hi.silenceSlope ?? 0;
  if (age === hi.ageSeconds) return set(out, hi.intercept, hi.slope, hiSilence);
  const loSilence = lo.silenceSlope ?? 0;
  const u = Math.log(age / lo.ageSeconds) / Math.log(hi.ageSeconds / lo.ageSeconds);
  set(
    out,
    lo.intercept + u * (hi.intercept - lo.intercept),
    lo.slope + u * (hi.slope - lo.slope),
    loSilence + u * (hiSilence - loSilence),
  );
}

interface Coefficients {
  intercept: number;
  slope: number;
  silenceSlope: number;
}

function set(out: Coefficients, intercept: number, slope: number, silenceSlope: number): void {
  out.intercept = intercept;
  out.slope = slope;
  out.silenceSlope = silenceSlope;
}

/** correctSize's coefficients (read right after correctionInto writes them; never escapes) */
const scratch: Coefficients = { intercept: 0, slope: 0, silenceSlope: 0 };

/**
 * Silence: the share of the cascade's age (`now` − its first post) since its latest post, in [0, 1]; 0 at
 * the moment of a post. The latest bucket's time stands for the latest post (buckets merge old posts only).
 */
export function silenceAt(state: SeismicState, now: number): number {
  const b = state.buckets;
  if (b.length === 0 || state.start === null) return 0;
  const age = now - state.start;
  return age > 0 ? Math.min(1, Math.max(0, now - b[b.length - 3]!) / age) : 0;
}

/**
 * The corrected final size from the raw one (n posts seen at `age` seconds, `silence` as silenceAt), capped at
 * maxRatio × n.
 */
export function correctSize(
  raw: number,
  posts: number,
  age: number,
  knots: AgeCorrection,
  maxRatio: number,
  silence = 0,
): number {
  const n = Math.max(1, posts);
  if (knots.length === 0) return Math.min(raw, n * maxRatio);
  const m = Math.log(Math.max(raw, n) / n);
  correctionInto(knots, age, scratch);
  const q = Math.min(1, 2 * silence);
  return (
    n *
    Math.exp(
      Math.min(Math.log(maxRatio), Math.max(0, scratch.intercept + (scratch.slope + scratch.silenceSlope * q) * m)),
    )
  );
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
  const out: WritableCorrected = {
    raw: { observed: 0, infectiousness: 0, remainingExposure: 0, finalSize: 0, supercritical: false },
    age: 0,
    finalSize: 0,
  };
  forecastFinalSizeInto(out, state, now, o);
  return out;
}

/** A CorrectedForecast a caller owns and reuses (forecastFinalSizeInto writes every field, its raw one's too). */
export interface WritableCorrected {
  readonly raw: Writable<Forecast>;
  age: number;
  finalSize: number;
}

/** `forecastFinalSize` written into `out` (the detector's call per forecast: no object made). */
export function forecastFinalSizeInto(
  out: WritableCorrected,
  state: SeismicState,
  now: number,
  o: ForecastSettings,
): void {
  // the parameters and the window passed as numbers: no params object, window object or spread copy per call
  forecastRawInto(
    out.raw,
    state,
    now,
    o.s0Seconds,
    o.theta,
    o.alpha,
    o.k,
    o.maxRatio,
    o.windowShare > 0,
    o.windowShare,
    o.minWindowSeconds,
    o.maxWindowSeconds,
  );
  const age = Math.max(0, now - (state.start ?? now));
  const silence = silenceAt(state, now);
  out.age = age;
  out.finalSize = correctSize(out.raw.finalSize, state.posts, age, o.correction, o.maxRatio, silence);
}
