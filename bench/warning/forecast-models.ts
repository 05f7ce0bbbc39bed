/**
 * The forecast families compared across data sets, each a way to turn
 * training cascades into a predictor: what is fitted, and how a fitted one
 * forecasts a cascade seen at one of the knot ages. The raw SEISMIC forecast
 * of every cascade at every age is computed once (observeTable); families
 * differ only in the correction they fit on top of it.
 */
import { type AgeCorrection, forecastFinalSize } from '../../detectors/cascade/forecast-correction.js';
import type { ForecastOptions } from '../../detectors/cascade/forecast.js';
import { type ForecastInterval, forecastBounds, sizeClass } from '../../detectors/cascade/forecast-interval.js';
import { addPostInPlace, emptySeismic, followerWeight } from '../../detectors/cascade/seismic-model.js';
import { type Cascade, finalSize } from './datasets.js';
import { type Seen, correctedAt, fitKnot, median } from './forecast-fit.js';

/** ages the correction has knots at (seconds): 10 min … 4 days */
export const KNOT_AGES = [600, 1200, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 345_600] as const;
export const HORIZONS = [3600, 6 * 3600, 24 * 3600] as const;
export const ageIndex = (age: number): number => KNOT_AGES.indexOf(age as (typeof KNOT_AGES)[number]);

/** A cascade at each knot age; null where it cannot be forecast (fewer than minPosts) or observed (truncated). */
export type Row = readonly (Seen | null)[];

/** Raw forecasts (correction off) of each cascade at each knot age, as the detector computes them. */
export function observeTable(cascades: readonly Cascade[], o: ForecastOptions): Row[] {
  const settings = { ...o, correction: [] };
  return cascades.map((c) => {
    const s = emptySeismic();
    let i = 0;
    const final = finalSize(c);
    return KNOT_AGES.map((age) => {
      while (i < c.events.length && c.events[i]![0] <= age) {
        const [t, followers] = c.events[i]!;
        addPostInPlace(s, t, followerWeight(followers ?? o.defaultFollowers, o.followerExponent), o.maxBuckets);
        i++;
      }
      if (s.posts < o.minPosts || age > (c.exactUntil ?? Infinity)) return null;
      return { n: s.posts, raw: forecastFinalSize(s, age, settings).finalSize, final };
    });
  });
}

/** The cascades seen at age index a. */
export const column = (rows: readonly Row[], a: number): Seen[] =>
  rows.map((r) => r[a]).filter((x): x is Seen => x != null);

export interface Predictor {
  /** forecast of a cascade seen at knot index a */
  (x: Seen, a: number): number;
}

export interface Family {
  readonly name: string;
  readonly what: string;
  readonly fit: (train: readonly Row[], maxRatio: number) => { predict: Predictor; correction?: AgeCorrection };
}

const cap = (x: Seen, f: number, maxRatio: number): number => Math.min(Math.max(1, x.n) * maxRatio, Math.max(x.n, f));

/** A knot table fitted on `train`, knot by knot; `slopes` [0] is the naive factor, `intercept0` holds a at 0. */
export function fitTable(train: readonly Row[], slopes?: readonly number[], intercept0 = false): AgeCorrection {
  return KNOT_AGES.map((ageSeconds, a) => {
    const seen = column(train, a);
    if (seen.length === 0) return { ageSeconds, intercept: 0, slope: intercept0 ? 1 : 0 };
    const k = intercept0 ? fitSlope(seen) : fitKnot(seen, slopes);
    return { ageSeconds, ...k };
  });
}

/** b minimising the MdAPE of n·exp(b·ln(raw/n)) (a held at 0): the model's own log-multiplier, scaled. */
export function fitSlope(seen: readonly Seen[]): { intercept: number; slope: number } {
  let best = { slope: 1, error: Infinity };
  for (let i = 0; i <= 300; i++) {
    const b = i / 100;
    const e = median(
      seen.map((x) => {
        const n = Math.max(1, x.n);
        const f = n * Math.exp(b * Math.log(Math.max(x.raw, n) / n));
        return Math.abs(f - x.final) / x.final;
      }),
    );
    if (e < best.error - 1e-12) best = { slope: b, error: e };
  }
  return { intercept: 0, slope: best.slope };
}

const corrected =
  (knots: AgeCorrection, maxRatio: number): Predictor =>
  (x, a) =>
    correctedAt(x, KNOT_AGES[a]!, knots, maxRatio);

export const FAMILIES: readonly Family[] = [
  {
    name: 'no-growth',
    what: 'the size so far (nothing fitted)',
    fit: () => ({ predict: (x) => x.n }),
  },
  {
    name: 'naive',
    what: 'size so far × a factor per age, fitted by MdAPE on the training set',
    fit: (train) => {
      const knots = fitTable(train, [0]);
      return { predict: (x, a) => Math.max(1, x.n) * Math.exp(knots[a]!.intercept) };
    },
  },
  {
    name: 'plain',
    what: 'raw SEISMIC: power-law kernel, triangular window, nothing fitted',
    fit: (_train, maxRatio) => ({ predict: (x) => cap(x, x.raw, maxRatio) }),
  },
  {
    name: 'corrected',
    what: 'raw SEISMIC corrected by age: ln(F/n) = max(0, a(t) + b(t)·ln(raw/n)), (a, b) per knot by MdAPE (what shipped before)',
    fit: (train, maxRatio) => {
      const correction = fitTable(train);
      return { predict: corrected(correction, maxRatio), correction };
    },
  },
  {
    name: 'scaled',
    what: 'raw SEISMIC with its log-multiplier scaled per age: ln(F/n) = b(t)·ln(raw/n), a held at 0 (no base growth learnt)',
    fit: (train, maxRatio) => {
      const correction = fitTable(train, undefined, true);
      return { predict: corrected(correction, maxRatio), correction };
    },
  },
];

export const family = (name: string): Family => FAMILIES.find((f) => f.name === name)!;

/** size classes of the interval: < 20 posts, < 100, the rest */
export const INTERVAL_SIZES = [20, 100] as const;
/** a class with fewer training cascades at a knot borrows the knot's all-sizes quantiles */
const MIN_CLASS = 30;

export const quantile = (xs: readonly number[], q: number): number => {
  const s = Float64Array.from(xs).sort();
  if (s.length === 0) return NaN;
  const i = q * (s.length - 1);
  const j = Math.floor(i);
  return j + 1 < s.length ? s[j]! + (i - j) * (s[j + 1]! - s[j]!) : s[j]!;
};

const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/** The 80% interval: 10th and 90th percentiles of ln(final / forecast) per knot and size class, on `train`. */
export function fitInterval(train: readonly Row[], predict: Predictor, coverage = 0.8): ForecastInterval {
  const qLow = (1 - coverage) / 2;
  const qHigh = 1 - qLow;
  return {
    sizes: [...INTERVAL_SIZES],
    knots: KNOT_AGES.map((ageSeconds, a) => {
      const seen = column(train, a);
      const resid = (xs: readonly Seen[]): number[] => xs.map((x) => Math.log(x.final / Math.max(1, predict(x, a))));
      const all = resid(seen);
      const classes = [...INTERVAL_SIZES, Infinity].map((_, c) => {
        const mine = resid(seen.filter((x) => sizeClass(INTERVAL_SIZES, x.n) === c));
        const use = mine.length >= MIN_CLASS ? mine : all;
        return use.length ? [r4(quantile(use, qLow)), r4(quantile(use, qHigh))] : [0, 0];
      });
      // a smaller class is never given a narrower interval than a larger one: early cascades widen it
      for (let c = classes.length - 2; c >= 0; c--) {
        classes[c]![0] = Math.min(classes[c]![0]!, classes[c + 1]![0]!);
        classes[c]![1] = Math.max(classes[c]![1]!, classes[c + 1]![1]!);
      }
      return { ageSeconds, low: classes.map((x) => x[0]!), high: classes.map((x) => x[1]!) };
    }),
  };
}

/** Share of `test` cascades at knot a whose final size lies within the fitted bounds. */
export function coverageAt(test: readonly Row[], a: number, predict: Predictor, iv: ForecastInterval): number {
  const seen = column(test, a);
  const inside = seen.filter((x) => {
    const b = forecastBounds(predict(x, a), x.n, KNOT_AGES[a]!, iv);
    return b.low <= x.final && x.final <= b.high;
  });
  return inside.length / Math.max(1, seen.length);
}
