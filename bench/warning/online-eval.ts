/**
 * The online calibration of the interval (detectors/cascade/forecast-online.ts), measured prequentially: a
 * held-out data set streamed in the order its cascades started, every forecast at a knot age scored
 * BEFORE its outcome feeds the calibrator, the outcome learnt when event time passes it (its size
 * `horizonSeconds` after the forecast, or once no post came for `settleSeconds`, as the live detector has
 * it; the detector looks for outcomes once a minute of event time, this bench at their due time). The start is the left-out interval (fitted on the other data sets, as the static one beside it).
 */
import { intervalAt, forecastBounds, type ForecastInterval } from '../../detectors/cascade/forecast-interval.js';
import {
  type CalPoint,
  type OnlineCalibration,
  adapted,
  isQuiet,
  learnEarly,
  learnOutcome,
  learnQuiet,
  levelsAt,
  newCalibrator,
} from '../../detectors/cascade/forecast-online.js';
import { type Cascade, finalSize } from './datasets.js';
import { median } from './forecast-fit.js';
import { HORIZONS, KNOT_AGES, type Predictor, type Row } from './forecast-models.js';

/** quietShare of the variant measured beside the default (one class): quiet for half its age */
export const QUIET_APART = 0.5;

/** Coverage of one interval on one data set at one horizon. */
export interface Coverage {
  readonly cascades: number;
  /** share whose final size lies within the bounds */
  readonly coverage: number;
  /** the same on the cascades still growing (final size above the posts seen) */
  readonly growing: number;
  readonly growingCount: number;
  /** share of the cascades already at their final size that it misses (its lower bound above the posts seen) */
  readonly finishedMissed: number;
  /** median high ÷ low */
  readonly width: number;
}

export interface OnlineCell {
  readonly fixed: Coverage;
  readonly online: Coverage;
  /** share of cascades already at their final size */
  readonly done: number;
  /** share whose outcome the calibrator learns is cut by its horizon (the cascade still posting then: censored) */
  readonly cut: number;
  /** share whose outcome the calibrator learns is below the final size (cut by the horizon, or a pause taken for an end) */
  readonly short: number;
  /** the online interval on the second half of the stream alone (after it has learnt from the first) */
  readonly onlineLate: Coverage;
}

/**
 * earlyMisses: when (age, s) the cascade's timed posts first exceed `high` before `due`, the detector's censored
 * early feedback (it scans once a minute of event time, this bench at that instant); null if they never do.
 */
export function outgrownAt(c: Cascade, high: number, due: number): number | null {
  const t = c.events[high]?.[0];
  return t !== undefined && t < due ? t : null;
}

/**
 * When a forecast at age `a` (s) gets its outcome, and what it is: the detector's rule on the cascade's posts;
 * `cut` when the horizon came first, the cascade still posting (as the detector judges it: cutAt).
 */
export function outcomeOf(c: Cascade, a: number, o: OnlineCalibration): { due: number; size: number; cut: boolean } {
  const ages = c.events.map((e) => e[0]);
  let j = 0;
  while (j < ages.length && ages[j]! <= a) j++;
  let last = j > 0 ? ages[j - 1]! : 0;
  for (;;) {
    const due = Math.min(a + o.horizonSeconds, Math.max(a, last + o.settleSeconds));
    const cut = a + o.horizonSeconds < Math.max(a, last + o.settleSeconds);
    if (j >= ages.length) return { due, size: finalSize(c), cut };
    if (ages[j]! > due) return { due, size: j, cut };
    last = ages[j++]!;
  }
}

/**
 * provisionalSeconds: when (age, s) a forecast at age `a` is learnt provisionally before its outcome is `due`, and
 * at what size: each time the cascade has been quiet that long (the first at `a` if it already was); none if off.
 */
export function provisionalsOf(
  c: Cascade,
  a: number,
  due: number,
  o: OnlineCalibration,
): { t: number; size: number }[] {
  const out: { t: number; size: number }[] = [];
  if (o.provisionalSeconds <= 0) return out;
  const ages = c.events.map((e) => e[0]);
  let j = 0;
  while (j < ages.length && ages[j]! <= a) j++;
  let last = j > 0 ? ages[j - 1]! : 0;
  for (;;) {
    const t = Math.max(a, last + o.provisionalSeconds, last / (1 - o.provisionalShare));
    if (t >= due) return out;
    if (j < ages.length && ages[j]! < t) {
      last = ages[j++]!;
      continue;
    }
    // no timed post after it: the data set's final size (as outcomeOf has it)
    out.push({ t, size: j >= ages.length ? finalSize(c) : j });
    if (j >= ages.length) return out;
    last = ages[j++]!;
  }
}

interface Item {
  readonly t: number;
  /** 0: an outcome is learnt, 1: a forecast is made (an outcome due at the same instant is known first) */
  readonly kind: 0 | 1;
  /** an early miss (earlyMisses), its size the posts then */
  readonly early?: boolean;
  /** a provisional outcome (provisionalSeconds), its size the posts then */
  readonly prov?: boolean;
  readonly c: number;
  readonly a: number;
  readonly point?: CalPoint;
  readonly size?: number;
  /** the outcome was cut by the horizon (censored) */
  readonly cut?: boolean;
}

interface Judged {
  readonly inside: boolean;
  readonly growing: boolean;
  readonly width: number;
}

const stats = (xs: readonly Judged[]): Coverage => {
  const g = xs.filter((x) => x.growing);
  const done = xs.length - g.length;
  return {
    finishedMissed: xs.filter((x) => !x.growing && !x.inside).length / Math.max(1, done),
    cascades: xs.length,
    coverage: xs.filter((x) => x.inside).length / Math.max(1, xs.length),
    growing: g.filter((x) => x.inside).length / Math.max(1, g.length),
    growingCount: g.length,
    width: median(xs.map((x) => x.width)),
  };
};

/**
 * Streams `rows` (the data set's cascades at each knot age, 1:1 with `cascades`) in start order through a
 * calibrator of one platform; per horizon, the fixed interval's and the online one's coverage on the same
 * forecasts. `atOnce`: every outcome is learnt as soon as its forecast is made (not realisable: what waiting costs).
 */
export function prequential(
  cascades: readonly Cascade[],
  rows: readonly Row[],
  predict: Predictor,
  iv: ForecastInterval,
  o: OnlineCalibration,
  atOnce = false,
): OnlineCell[] {
  const items: Item[] = [];
  rows.forEach((row, c) => {
    const start = cascades[c]!.start ?? c;
    row.forEach((x, a) => {
      if (x) items.push({ t: start + KNOT_AGES[a]!, kind: 1, c, a });
    });
  });
  items.sort((x, y) => x.t - y.t || x.kind - y.kind || x.c - y.c || x.a - y.a);
  const cal = newCalibrator();
  const scored = HORIZONS.map(() => ({
    fixed: [] as Judged[],
    online: [] as Judged[],
    done: 0,
    cut: 0,
    short: 0,
  }));
  // outcomes awaited, by due time (then cascade and age): kept sorted, taken from the front
  const queue: Item[] = [];
  let head = 0;
  const ahead = (x: Item, y: Item): boolean => x.t < y.t || (x.t === y.t && (x.c < y.c || (x.c === y.c && x.a < y.a)));
  const enqueue = (q: Item): void => {
    let lo = head;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ahead(queue[mid]!, q)) lo = mid + 1;
      else hi = mid;
    }
    queue.splice(lo, 0, q);
  };
  const learnDue = (t: number): void => {
    while (head < queue.length && queue[head]!.t <= t) {
      const q = queue[head++]!;
      if (q.early) learnEarly(cal, '', q.point!, q.size!, o);
      else if (q.prov) learnQuiet(cal, '', q.point!, q.size!, o);
      else learnOutcome(cal, '', q.point!, q.size!, o, q.cut);
    }
  };
  for (const it of items) {
    learnDue(it.t);
    const x = rows[it.c]![it.a]!;
    const age = KNOT_AGES[it.a]!;
    const forecast = Math.max(1, Math.round(predict(x, it.a)));
    const fixed = forecastBounds(forecast, x.n, age, iv);
    const quiet = isQuiet(x.silence ?? 0, o);
    const online = forecastBounds(forecast, x.n, age, adapted(cal, '', iv, quiet));
    const c = cascades[it.c]!;
    const out = outcomeOf(c, age, o);
    const h = HORIZONS.indexOf(age as (typeof HORIZONS)[number]);
    if (h >= 0) {
      if (out.cut) scored[h]!.cut++;
      if (out.size < x.final) scored[h]!.short++;
      const growing = x.final > x.n;
      const judge = (b: { low: number; high: number }): Judged => ({
        inside: b.low <= x.final && x.final <= b.high,
        growing,
        width: b.high / b.low,
      });
      scored[h]!.fixed.push(judge(fixed));
      scored[h]!.online.push(judge(online));
      if (!growing) scored[h]!.done++;
    }
    const base = intervalAt(iv, age, x.n);
    const levels = levelsAt(cal, '', age, quiet);
    const point: CalPoint = {
      at: it.t,
      knot: age,
      quiet,
      forecast,
      lo: base.low,
      hi: base.high,
      ...online,
      posts: x.n,
      ...levels,
    };
    const t0 = c.start ?? it.c;
    const early = o.earlyMisses ? outgrownAt(c, online.high, out.due) : null;
    if (early !== null)
      enqueue({ t: t0 + early, kind: 0, c: it.c, a: it.a, point, size: online.high + 1, early: true });
    if (!atOnce)
      for (const q of provisionalsOf(c, age, out.due, o))
        enqueue({ t: t0 + q.t, kind: 0, c: it.c, a: it.a, point, size: q.size, prov: true });
    // atOnce: the outcome learnt before the next forecast (an oracle, to measure what the wait for outcomes costs)
    enqueue({ t: atOnce ? it.t : t0 + out.due, kind: 0, c: it.c, a: it.a, point, size: out.size, cut: out.cut });
  }
  return scored.map((s) => {
    const half = s.online.length >> 1;
    return {
      fixed: stats(s.fixed),
      online: stats(s.online),
      done: s.done / Math.max(1, s.fixed.length),
      cut: s.cut / Math.max(1, s.fixed.length),
      short: s.short / Math.max(1, s.fixed.length),
      onlineLate: stats(s.online.slice(half)),
    };
  });
}
