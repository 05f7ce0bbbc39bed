/**
 * The forecast families compared across data sets, each a way to turn
 * training cascades into a predictor: what is fitted, and how a fitted one
 * forecasts a cascade seen at one of the knot ages. The raw SEISMIC forecast
 * of every cascade at every age is computed once (observeTable); families
 * differ only in the correction they fit on top of it.
 */
import { type AgeCorrection, forecastFinalSize, silenceAt } from '../../detectors/cascade/forecast-correction.js';
import type { ForecastOptions } from '../../detectors/cascade/forecast.js';
import { addPostInPlace, emptySeismic, followerWeight } from '../../detectors/cascade/seismic-model.js';
import { type Cascade, finalSize } from './datasets.js';
import { type Seen, correctedAt, fitKnot, fitKnotQuiet, median } from './forecast-fit.js';

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
      return { n: s.posts, raw: forecastFinalSize(s, age, settings).finalSize, final, silence: silenceAt(s, age) };
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

/**
 * A knot table fitted on `train`, knot by knot; `slopes` [0] is the naive factor, `intercept0` holds a at 0,
 * `quiet` fits the silence-aware knots (fitKnotQuiet).
 */
export function fitTable(
  train: readonly Row[],
  slopes?: readonly number[],
  intercept0 = false,
  quiet = false,
): AgeCorrection {
  return KNOT_AGES.map((ageSeconds, a) => {
    const seen = column(train, a);
    if (seen.length === 0) return { ageSeconds, intercept: 0, slope: intercept0 ? 1 : 0 };
    const k = intercept0 ? fitSlope(seen) : quiet ? fitKnotQuiet(seen) : fitKnot(seen, slopes);
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
    name: 'quiet',
    what: 'corrected, its slope changed in a cascade gone quiet: ln(F/n) = max(0, a(t) + (b(t) + c(t)·q)·ln(raw/n)), q = min(1, 2 × share of the age since the latest post), (a, b, c) per knot by MdAPE',
    fit: (train, maxRatio) => {
      const correction = fitTable(train, undefined, false, true);
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
