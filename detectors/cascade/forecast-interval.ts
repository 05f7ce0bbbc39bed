import { z } from 'zod';

/**
 * The 80% interval around a final-size forecast: the bounds (forecastBounds:
 * forecast × e^low and × e^high, never below the posts seen, whole posts) miss
 * at most 10% of training cascades of the same age and size class below and
 * 10% above, each training data set weighing the same (fitted by
 * `npx tsx bench/warning/run.ts --fit`; bench/warning/interval-fit.ts). Size classes make early cascades —
 * few posts, whose final size is least settled — carry the wider interval
 * rather than a confident guess. Between knots, linear in ln(age); beyond the
 * ends, the nearest knot's.
 */
export const IntervalKnot = z.object({
  ageSeconds: z.number().positive().finite(),
  /** per size class: ln(low / forecast), ≤ 0 in practice */
  low: z.array(z.number().finite().min(-10).max(10)).min(1),
  /** per size class: ln(high / forecast) */
  high: z.array(z.number().finite().min(-10).max(10)).min(1),
});
export type IntervalKnot = z.infer<typeof IntervalKnot>;

export const ForecastInterval = z
  .object({
    /** size classes: posts < sizes[0] is class 0, < sizes[1] class 1, …, the rest the last */
    sizes: z.array(z.number().int().positive()).max(8),
    knots: z.array(IntervalKnot).max(64),
  })
  .refine((iv) => iv.knots.every((k) => k.low.length === iv.sizes.length + 1 && k.high.length === k.low.length), {
    message: 'every knot needs one low and one high per size class (sizes.length + 1)',
  })
  .refine((iv) => iv.knots.every((k, i) => i === 0 || k.ageSeconds > iv.knots[i - 1]!.ageSeconds), {
    message: 'knots must be in strictly ascending ageSeconds',
  })
  .refine((iv) => iv.sizes.every((s, i) => i === 0 || s > iv.sizes[i - 1]!), {
    message: 'sizes must be strictly ascending',
  });
export type ForecastInterval = z.infer<typeof ForecastInterval>;

export const sizeClass = (sizes: readonly number[], posts: number): number => {
  let c = 0;
  while (c < sizes.length && posts >= sizes[c]!) c++;
  return c;
};

/** (ln low, ln high) relative to the forecast at `age` for a cascade of `posts`. */
export function intervalAt(iv: ForecastInterval, age: number, posts: number): { low: number; high: number } {
  intervalInto(iv, age, posts, undefined, false);
  return { low: scratch.low, high: scratch.high };
}

/**
 * Each knot's shifts as the online calibration keeps them (forecast-online.ts: by knot age, negative for the quiet
 * class; a knot without shifts as fitted).
 */
export type KnotShifts = ReadonlyMap<number, { readonly shift: readonly [number, number] | null }>;

/** What intervalInto wrote (read right after; never escapes a call). */
const scratch = { low: 0, high: 0 };

/**
 * intervalAt into `scratch`, each knot's offsets shifted as forecast-online.ts `adapted` shifts them (low − shift[0],
 * high + shift[1]): the same arithmetic as intervalAt on the adapted interval, without building it.
 */
function intervalInto(
  iv: ForecastInterval,
  age: number,
  posts: number,
  shifts: KnotShifts | undefined,
  quiet: boolean,
): void {
  const ks = iv.knots;
  if (ks.length === 0) {
    scratch.low = 0;
    scratch.high = 0;
    return;
  }
  const c = sizeClass(iv.sizes, posts);
  if (age <= ks[0]!.ageSeconds) return knotInto(ks[0]!, c, shifts, quiet);
  if (age >= ks[ks.length - 1]!.ageSeconds) return knotInto(ks[ks.length - 1]!, c, shifts, quiet);
  let j = 1;
  while (ks[j]!.ageSeconds < age) j++;
  knotInto(ks[j]!, c, shifts, quiet);
  const hiLow = scratch.low;
  const hiHigh = scratch.high;
  knotInto(ks[j - 1]!, c, shifts, quiet);
  const u = Math.log(age / ks[j - 1]!.ageSeconds) / Math.log(ks[j]!.ageSeconds / ks[j - 1]!.ageSeconds);
  scratch.low = scratch.low + u * (hiLow - scratch.low);
  scratch.high = scratch.high + u * (hiHigh - scratch.high);
}

function knotInto(k: IntervalKnot, c: number, shifts: KnotShifts | undefined, quiet: boolean): void {
  const s = shifts?.get(quiet ? -k.ageSeconds : k.ageSeconds)?.shift;
  scratch.low = s ? k.low[c]! - s[0] : k.low[c]!;
  scratch.high = s ? k.high[c]! + s[1] : k.high[c]!;
}

/**
 * The bounds of a forecast: never below the posts already seen, never below
 * the low bound; rounded to whole posts (low down, high up).
 */
export function forecastBounds(
  finalSize: number,
  posts: number,
  age: number,
  iv: ForecastInterval,
): { low: number; high: number } {
  return shiftedBounds(finalSize, posts, age, iv, undefined, false);
}

/** forecastBounds on `iv` with the online calibration's shifts (as on forecast-online.ts `adapted(…)`, without building it). */
export function shiftedBounds(
  finalSize: number,
  posts: number,
  age: number,
  iv: ForecastInterval,
  shifts: KnotShifts | undefined,
  quiet: boolean,
): { low: number; high: number } {
  const out = { low: 0, high: 0 };
  shiftedBoundsInto(out, finalSize, posts, age, iv, shifts, quiet);
  return out;
}

/** `shiftedBounds` written into `out` (the detector's call per forecast: no object made). */
export function shiftedBoundsInto(
  out: { low: number; high: number },
  finalSize: number,
  posts: number,
  age: number,
  iv: ForecastInterval,
  shifts: KnotShifts | undefined,
  quiet: boolean,
): void {
  intervalInto(iv, age, posts, shifts, quiet);
  const lo = Math.max(posts, Math.floor(finalSize * Math.exp(scratch.low) + 1e-9));
  out.low = lo;
  out.high = Math.max(lo, Math.ceil(finalSize * Math.exp(scratch.high) - 1e-9));
}

export { FITTED_INTERVAL } from './forecast-fitted.js';
