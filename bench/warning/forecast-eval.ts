/**
 * Part (b) of bench/warning: the final-size forecast cascade/forecast reports
 * (detectors/cascade/forecast-correction.ts: raw SEISMIC corrected by age),
 * computed by the same functions with the detector's own option defaults, on
 * real cascades, next to SEISMIC's published figure and a naive baseline
 * (current size × a constant per age). Everything fitted — the follower
 * exponent, the correction table, the naive factors — is fitted on the
 * even-numbered cascades (file-name order) and scored on the odd ones; a
 * 10-fold cross-validation over all cascades repeats the whole fit per fold.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { forecast as forecastDetector, type ForecastOptions } from '../../detectors/cascade/forecast.js';
import { type AgeCorrection, forecastFinalSize } from '../../detectors/cascade/forecast-correction.js';
import { addPostInPlace, emptySeismic, followerWeight } from '../../detectors/cascade/seismic-model.js';
import {
  type FittedForecast,
  type SeenTable,
  ape,
  bootstrapDifference,
  correctedAt,
  fitForecast,
  fitNaive,
  median,
} from './forecast-fit.js';

export const HORIZONS = [3600, 6 * 3600, 24 * 3600] as const;
/** ages the correction has knots at (seconds): 10 min … 4 days */
export const KNOT_AGES = [600, 1200, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 345_600] as const;
export const FOLLOWER_EXPONENTS = [0, 0.25, 0.5, 0.75, 1] as const;
export const SEISMIC_PUBLISHED_1H = 0.15;

export interface Cascade {
  readonly id: string;
  /** [seconds since the first post, followers or null when unknown], ascending; the first is the root */
  readonly events: readonly (readonly [number, number | null])[];
}

export function extract(tarball: string, into: string): string {
  mkdirSync(into, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', into]);
  return into;
}

export function loadSeismic(dir: string): Cascade[] {
  const rt = join(dir, 'seismic_kobayashi_rt', 'RT');
  return readdirSync(rt)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const lines = readFileSync(join(rt, f), 'utf8').trim().split('\n').slice(1);
      const events = lines
        .map((l) => l.trim().split(/\s+/).map(Number) as [number, number])
        .sort((a, b) => a[0] - b[0]);
      return { id: f, events };
    });
}

/**
 * Twitter15 trees: distinct (user, tweet) nodes, the source tweet (child of
 * ROOT) included, delay in minutes as time (negative delays, a quirk of the
 * data, at 0); no follower counts, so every post is unknown (the detector's
 * defaultFollowers).
 */
export function loadTwitter15(dir: string): Cascade[] {
  const tree = join(dir, 'twitter15', 'tree');
  return readdirSync(tree)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const seen = new Map<string, number>();
      for (const line of readFileSync(join(tree, f), 'utf8').split('\n')) {
        const m = /->\['([^']*)', '([^']*)', '([^']*)'\]/.exec(line);
        if (!m) continue;
        const key = `${m[1]}|${m[2]}`;
        const t = /^\['ROOT'/.test(line) ? 0 : Math.max(0, Number(m[3]) * 60);
        if (!seen.has(key) || seen.get(key)! > t) seen.set(key, t);
      }
      const events = [...seen.values()].sort((a, b) => a - b).map((t) => [t, null] as const);
      return { id: f, events };
    })
    .filter((c) => c.events.length >= 2);
}

/**
 * Raw forecasts (correction off) of each cascade at each age, computed as the
 * detector computes them: its weights, buckets, window and cap.
 */
export function observe(cascades: readonly Cascade[], ages: readonly number[], o: ForecastOptions): SeenTable {
  const settings = { ...o, correction: [] };
  return cascades.map((c) => {
    const s = emptySeismic();
    let i = 0;
    return ages.map((age) => {
      while (i < c.events.length && c.events[i]![0] <= age) {
        const [t, followers] = c.events[i]!;
        addPostInPlace(s, t, followerWeight(followers ?? o.defaultFollowers, o.followerExponent), o.maxBuckets);
        i++;
      }
      return { n: s.posts, raw: forecastFinalSize(s, age, settings).finalSize, final: c.events.length };
    });
  });
}

export interface HorizonResult {
  readonly horizon: number;
  readonly test: number;
  /** test cascades that had reached their final size by the horizon */
  readonly complete: number;
  /** test cascades with fewer posts than the detector's minPosts (it says nothing then) */
  readonly fewPosts: number;
  readonly forecast: number;
  readonly naive: number;
  readonly plain: number;
  /** the shipped defaults (config/default.yaml) on this data set */
  readonly shipped: number;
  /** MdAPE over the test cascades still growing after the horizon */
  readonly growing: { readonly forecast: number; readonly naive: number };
  /** 95% paired-bootstrap interval of forecast − naive */
  readonly ci: readonly [number, number];
  /** 10-fold cross-validation over all cascades */
  readonly cv: { readonly forecast: number; readonly naive: number };
  readonly naiveFactor: number;
  readonly knot: { readonly intercept: number; readonly slope: number };
}

export interface DatasetResult {
  readonly cascades: number;
  readonly fit: FittedForecast;
  readonly horizons: readonly HorizonResult[];
  /** MdAPE over every test cascade at every horizon */
  readonly pooled: { readonly forecast: number; readonly naive: number; readonly plain: number };
  /** the shipped defaults equal this data set's training fit */
  readonly shippedIsFit: boolean;
}

const at = (age: number): number => KNOT_AGES.indexOf(age as (typeof KNOT_AGES)[number]);

/** Tables per follower exponent (only 1 when no cascade has follower counts: the exponent cannot matter). */
export function tables(cascades: readonly Cascade[], base: ForecastOptions): Map<number, SeenTable> {
  const hasFollowers = cascades.some((c) => c.events.some((e) => e[1] !== null));
  const exponents = hasFollowers ? FOLLOWER_EXPONENTS : [1];
  return new Map(exponents.map((g) => [g, observe(cascades, KNOT_AGES, { ...base, followerExponent: g })]));
}

const pick = (byG: ReadonlyMap<number, SeenTable>, keep: (i: number) => boolean): Map<number, SeenTable> =>
  new Map([...byG].map(([g, t]) => [g, t.filter((_, i) => keep(i))]));

/** APEs of a correction and of naive factors on `table` at age index a. */
function errors(table: SeenTable, a: number, knots: AgeCorrection, factors: readonly number[], maxRatio: number) {
  const age = KNOT_AGES[a]!;
  return {
    model: table.map((c) => ape(correctedAt(c[a]!, age, knots, maxRatio), c[a]!.final)),
    naive: table.map((c) => ape(Math.max(1, c[a]!.n) * factors[a]!, c[a]!.final)),
  };
}

export function evaluate(cascades: readonly Cascade[], shipped: ForecastOptions, folds = 10): DatasetResult {
  const base = { ...shipped, correction: [] };
  const fitG = tables(cascades, base);
  const byG = new Map(fitG);
  if (!byG.has(shipped.followerExponent))
    byG.set(
      shipped.followerExponent,
      observe(cascades, KNOT_AGES, { ...base, followerExponent: shipped.followerExponent }),
    );
  const train = pick(fitG, (i) => i % 2 === 0);
  const fit = fitForecast(train, KNOT_AGES, shipped.maxRatio);
  const factors = fitNaive(train.get(1)!, KNOT_AGES);
  const test = (g: number): SeenTable => byG.get(g)!.filter((_, i) => i % 2 === 1);
  // k-fold: the whole fit (exponent, table, naive factors) redone without each fold, scored on it
  const cvModel: number[][] = HORIZONS.map(() => []);
  const cvNaive: number[][] = HORIZONS.map(() => []);
  for (let f = 0; f < folds; f++) {
    const fFit = fitForecast(
      pick(fitG, (i) => i % folds !== f),
      KNOT_AGES,
      shipped.maxRatio,
    );
    const fNaive = fitNaive(
      fitG.get(1)!.filter((_, i) => i % folds !== f),
      KNOT_AGES,
    );
    HORIZONS.forEach((h, k) => {
      const e = errors(
        fitG.get(fFit.followerExponent)!.filter((_, i) => i % folds === f),
        at(h),
        fFit.correction,
        fNaive,
        shipped.maxRatio,
      );
      cvModel[k]!.push(...e.model);
      cvNaive[k]!.push(...e.naive);
    });
  }
  const pooled = { forecast: [] as number[], naive: [] as number[], plain: [] as number[] };
  const horizons = HORIZONS.map((h, k): HorizonResult => {
    const a = at(h);
    const t = test(fit.followerExponent);
    const e = errors(t, a, fit.correction, factors, shipped.maxRatio);
    const plain = test(1).map((c) => ape(c[a]!.raw, c[a]!.final));
    const shippedErr = test(shipped.followerExponent).map((c) =>
      ape(correctedAt(c[a]!, h, shipped.correction, shipped.maxRatio), c[a]!.final),
    );
    const growing = t.map((c) => c[a]!.final > c[a]!.n);
    pooled.forecast.push(...e.model);
    pooled.naive.push(...e.naive);
    pooled.plain.push(...plain);
    return {
      horizon: h,
      test: t.length,
      complete: growing.filter((g) => !g).length,
      fewPosts: t.filter((c) => c[a]!.n < shipped.minPosts).length,
      forecast: median(e.model),
      naive: median(e.naive),
      plain: median(plain),
      shipped: median(shippedErr),
      growing: {
        forecast: median(e.model.filter((_, i) => growing[i])),
        naive: median(e.naive.filter((_, i) => growing[i])),
      },
      ci: bootstrapDifference(e.model, e.naive),
      cv: { forecast: median(cvModel[k]!), naive: median(cvNaive[k]!) },
      naiveFactor: factors[a]!,
      knot: fit.correction[a]!,
    };
  });
  return {
    cascades: cascades.length,
    fit,
    horizons,
    pooled: { forecast: median(pooled.forecast), naive: median(pooled.naive), plain: median(pooled.plain) },
    shippedIsFit:
      shipped.followerExponent === fit.followerExponent &&
      JSON.stringify(shipped.correction) === JSON.stringify(fit.correction),
  };
}

export function loadAll(dataDir: string, work: string): { seismic_738: Cascade[]; twitter15: Cascade[] } {
  if (!existsSync(join(work, 'seismic_kobayashi_rt'))) extract(join(dataDir, 'cascades', 'seismic_738.tar.gz'), work);
  if (!existsSync(join(work, 'twitter15'))) extract(join(dataDir, 'cascades', 'twitter15.tar.gz'), work);
  return { seismic_738: loadSeismic(work), twitter15: loadTwitter15(work) };
}

/** The shipped defaults of cascade/forecast: what the live detector runs with. */
export const shippedOptions = (): ForecastOptions => forecastDetector.options.parse({});

export function forecastSection(dataDir: string, work: string): Record<string, DatasetResult> {
  const data = loadAll(dataDir, work);
  const shipped = shippedOptions();
  return { seismic_738: evaluate(data.seismic_738, shipped), twitter15: evaluate(data.twitter15, shipped) };
}

/** `--fit`: the training-half fit of a data set, as the detector's options. */
export function fitOnTraining(cascades: readonly Cascade[]): FittedForecast {
  const shipped = shippedOptions();
  const byG = tables(cascades, { ...shipped, correction: [] });
  return fitForecast(
    pick(byG, (i) => i % 2 === 0),
    KNOT_AGES,
    shipped.maxRatio,
  );
}
