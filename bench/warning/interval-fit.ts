/**
 * The forecast's 80% interval, fitted and scored on the bounds as the detector emits them
 * (detectors/cascade/forecast-interval.ts forecastBounds): kept apart from the matrix's code
 * (forecast-models.ts), whose cache an interval change does not invalidate.
 */
import { type ForecastInterval, forecastBounds, sizeClass } from '../../detectors/cascade/forecast-interval.js';
import { type Seen, median } from './forecast-fit.js';
import { KNOT_AGES, type Predictor, type Row, column } from './forecast-models.js';

/** size classes of the interval: < 20 posts, < 100, the rest */
export const INTERVAL_SIZES = [20, 100] as const;
/** a class with fewer training cascades at a knot borrows the knot's all-sizes bounds */
const MIN_CLASS = 30;

/** to 4 decimals, outwards: a bound a hair below a whole post must stay below it in the shipped config */
const down4 = (x: number): number => Math.floor(x * 1e4) / 1e4;
const up4 = (x: number): number => Math.ceil(x * 1e4) / 1e4;

/**
 * One side of the interval on the bounds as emitted (forecastBounds: never below the posts seen, rounded to
 * whole posts): ln-offsets l ≤ 0 and h ≥ 0 with, in `items` (weighted), a share missed below and a share missed
 * above each at most `miss`, as close to it as the whole sizes allow (bisection on each side). A cascade already at its
 * final size is never missed, so the bounds are not widened for it (split-conformal on the real bounds).
 */
function calibrate(items: readonly { seen: Seen; forecast: number; w: number }[], miss: number): [number, number] {
  const total = items.reduce((s, x) => s + x.w, 0);
  const share = (f: (x: (typeof items)[number]) => boolean): number =>
    items.reduce((s, x) => s + (f(x) ? x.w : 0), 0) / Math.max(1e-12, total);
  const below = (l: number): number =>
    share((x) => x.seen.final < Math.max(x.seen.n, Math.floor(x.forecast * Math.exp(l) + 1e-9)));
  const above = (h: number): number =>
    share((x) => x.seen.final > Math.max(x.seen.n, Math.ceil(x.forecast * Math.exp(h) - 1e-9)));
  // below(l) rises with l, above(h) falls with h: the edge where each crosses `miss`, on the side missing
  // at most `miss` (sizes are whole posts: where many cascades share one, the interval covers more, never less)
  const edge = (f: (v: number) => number, lo: number, hi: number, rising: boolean): number => {
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (f(mid) > miss === rising) hi = mid;
      else lo = mid;
    }
    return rising ? lo : hi;
  };
  const l = below(0) <= miss ? 0 : edge(below, -10, 0, true);
  const h = above(0) <= miss ? 0 : edge(above, 0, 10, false);
  return [down4(l), up4(h)];
}

/**
 * The 80% interval per knot and size class, calibrated on `groups` (the training data sets, each weighing
 * the same: a platform unlike the largest one still counts): 10% missed below and 10% above, on the bounds as
 * emitted. A smaller class is never narrower than a larger one (early cascades widen it).
 */
export function fitInterval(groups: readonly (readonly Row[])[], predict: Predictor, coverage = 0.8): ForecastInterval {
  const miss = (1 - coverage) / 2;
  return {
    sizes: [...INTERVAL_SIZES],
    knots: KNOT_AGES.map((ageSeconds, a) => {
      const items = groups.flatMap((rows) => {
        const seen = column(rows, a);
        return seen.map((x) => ({ seen: x, forecast: Math.max(1, Math.round(predict(x, a))), w: 1 / seen.length }));
      });
      const classes = [...INTERVAL_SIZES, Infinity].map((_, c) => {
        const mine = items.filter((x) => sizeClass(INTERVAL_SIZES, x.seen.n) === c);
        const use = mine.length >= MIN_CLASS ? mine : items;
        return use.length ? calibrate(use, miss) : [0, 0];
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

/** How an interval does on `test` at knot a (bounds as the detector emits them, from the rounded forecast). */
export interface IntervalStats {
  /** share of cascades whose final size lies within the bounds */
  readonly coverage: number;
  /** share already at their final size (covered by any interval that contains the posts seen) */
  readonly done: number;
  /** median of high ÷ low */
  readonly width: number;
}

export function intervalStats(
  test: readonly Row[],
  a: number,
  predict: Predictor,
  iv: ForecastInterval,
): IntervalStats {
  const seen = column(test, a);
  let inside = 0;
  let done = 0;
  const widths = seen.map((x) => {
    const b = forecastBounds(Math.round(predict(x, a)), x.n, KNOT_AGES[a]!, iv);
    if (b.low <= x.final && x.final <= b.high) inside++;
    if (x.final <= x.n) done++;
    return b.high / b.low;
  });
  const count = Math.max(1, seen.length);
  return { coverage: inside / count, done: done / count, width: median(widths) };
}
