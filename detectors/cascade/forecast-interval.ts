import { z } from 'zod';

/**
 * The 80% interval around a final-size forecast: ln(final / forecast) falls
 * between `low` and `high` in 80% of training cascades of the same age and
 * size class (the 10th and 90th percentiles, fitted by
 * `npx tsx bench/warning/run.ts --fit`). Size classes make early cascades —
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
  const ks = iv.knots;
  if (ks.length === 0) return { low: 0, high: 0 };
  const c = sizeClass(iv.sizes, posts);
  const at = (k: IntervalKnot): { low: number; high: number } => ({ low: k.low[c]!, high: k.high[c]! });
  if (age <= ks[0]!.ageSeconds) return at(ks[0]!);
  if (age >= ks[ks.length - 1]!.ageSeconds) return at(ks[ks.length - 1]!);
  let j = 1;
  while (ks[j]!.ageSeconds < age) j++;
  const lo = at(ks[j - 1]!);
  const hi = at(ks[j]!);
  const u = Math.log(age / ks[j - 1]!.ageSeconds) / Math.log(ks[j]!.ageSeconds / ks[j - 1]!.ageSeconds);
  return { low: lo.low + u * (hi.low - lo.low), high: lo.high + u * (hi.high - lo.high) };
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
  const { low, high } = intervalAt(iv, age, posts);
  const lo = Math.max(posts, Math.floor(finalSize * Math.exp(low) + 1e-9));
  return { low: lo, high: Math.max(lo, Math.ceil(finalSize * Math.exp(high) - 1e-9)) };
}

/** Fitted by `npx tsx bench/warning/run.ts --fit` (bench/warning/REPORT.md); config/default.yaml repeats it. */
export const FITTED_INTERVAL: ForecastInterval = {
  sizes: [20, 100],
  knots: [
    { ageSeconds: 600, low: [-1.0971, -0.5235, -0.3182], high: [3.4582, 2.331, 1.0739] },
    { ageSeconds: 1200, low: [-0.8379, -0.3734, -0.2224], high: [3.4753, 2.6945, 1.1784] },
    { ageSeconds: 1800, low: [-0.8265, -0.3465, -0.1691], high: [3.14, 2.5148, 1.1943] },
    { ageSeconds: 3600, low: [-0.4759, -0.2471, -0.1554], high: [2.8924, 2.8924, 1.0194] },
    { ageSeconds: 7200, low: [-0.2938, -0.1618, -0.1013], high: [2.7196, 2.7196, 0.9214] },
    { ageSeconds: 10800, low: [-0.2061, -0.1175, -0.0977], high: [2.6845, 2.6845, 0.8474] },
    { ageSeconds: 21600, low: [-0.0859, -0.0845, -0.075], high: [2.3262, 2.3262, 0.718] },
    { ageSeconds: 43200, low: [-0.0498, -0.0498, -0.0471], high: [1.8709, 1.8709, 0.5166] },
    { ageSeconds: 86400, low: [-0.018, -0.018, -0.0152], high: [1.4521, 1.4521, 0.3142] },
    { ageSeconds: 172800, low: [-0.0062, -0.0062, -0.0062], high: [1.086, 1.086, 0.1637] },
    { ageSeconds: 345600, low: [-0.0019, -0.0019, -0.0019], high: [0.8027, 0.8027, 0.0744] },
  ],
};
