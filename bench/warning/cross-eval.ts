/**
 * Cross-dataset validation of the forecast: every family fitted on one data
 * set (its even-numbered cascades) and scored on the odd-numbered cascades of
 * the same set and on all cascades of every other set, at 1 h, 6 h and 24 h;
 * and the leave-one-dataset-out fit (all other sets pooled, each capped at
 * POOL_CAP cascades so no set dominates) scored on the one left out: that is
 * how the shipped configuration is measured, since it is fitted on every set.
 * No figure is computed on a cascade the scored fit was fitted on.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ForecastOptions } from '../../detectors/cascade/forecast.js';
import { DATASETS, type DatasetName, loadDataset } from './datasets.js';
import { type Seen, ape, median, mulberry32 } from './forecast-fit.js';
import { FAMILIES, type Family, HORIZONS, type Row, ageIndex, column, observeTable } from './forecast-models.js';

export const POOL_CAP = 600;
export type Tables = Record<DatasetName, Row[]>;

/** Raw-forecast tables of every data set, cached under `work`/cache (keyed by the options that shape them). */
export function loadTables(data: string, work: string, o: ForecastOptions): Tables {
  const key = [o.followerExponent, o.s0Seconds, o.theta, o.windowShare, o.minWindowSeconds, o.maxWindowSeconds]
    .concat([o.alpha, o.k, o.maxRatio, o.maxBuckets, o.minPosts, o.defaultFollowers])
    .join('_');
  // v2: each cascade seen also carries its silence
  const file = join(work, 'cache', `tables.v2.${key}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Tables;
  const tables = Object.fromEntries(
    DATASETS.map((name) => [name, observeTable(loadDataset(name, data, work, o.minPosts), o)]),
  ) as Tables;
  mkdirSync(join(work, 'cache'), { recursive: true });
  writeFileSync(file, JSON.stringify(tables));
  return tables;
}

export const even = (rows: readonly Row[]): Row[] => rows.filter((_, i) => i % 2 === 0);
export const odd = (rows: readonly Row[]): Row[] => rows.filter((_, i) => i % 2 === 1);
/** At most `cap` rows, evenly strided (deterministic). */
export const capped = (rows: readonly Row[], cap = POOL_CAP): Row[] =>
  rows.length <= cap ? [...rows] : Array.from({ length: cap }, (_, i) => rows[Math.floor((i * rows.length) / cap)]!);

/** 95% bootstrap interval of a median (percentile, deterministic seed). */
export function bootstrapMedian(xs: readonly number[], rounds = 1000, seed = 7): [number, number] {
  if (xs.length === 0) return [NaN, NaN];
  const rand = mulberry32(seed);
  // typed arrays sort numerically without a comparator: the bootstrap is most of the matrix's CPU
  const sample = new Float64Array(xs.length);
  const meds = new Float64Array(rounds);
  const mid = xs.length >> 1;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < xs.length; i++) sample[i] = xs[Math.floor(rand() * xs.length)]!;
    sample.sort();
    meds[r] = xs.length % 2 ? sample[mid]! : (sample[mid - 1]! + sample[mid]!) / 2;
  }
  meds.sort();
  return [meds[Math.floor(rounds * 0.025)]!, meds[Math.ceil(rounds * 0.975) - 1]!];
}

const typedMedian = (s: Float64Array): number => {
  s.sort();
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** 95% paired-bootstrap interval of MdAPE(a) − MdAPE(b) over the same cascades. */
export function bootstrapPairedDifference(
  a: readonly number[],
  b: readonly number[],
  rounds = 1000,
  seed = 11,
): [number, number] {
  if (a.length === 0) return [NaN, NaN];
  const rand = mulberry32(seed);
  const xa = new Float64Array(a.length);
  const xb = new Float64Array(a.length);
  const diffs = new Float64Array(rounds);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < a.length; i++) {
      const j = Math.floor(rand() * a.length);
      xa[i] = a[j]!;
      xb[i] = b[j]!;
    }
    diffs[r] = typedMedian(xa) - typedMedian(xb);
  }
  diffs.sort();
  return [diffs[Math.floor(rounds * 0.025)]!, diffs[Math.ceil(rounds * 0.975) - 1]!];
}

export const BOOTSTRAPPED: ReadonlySet<string> = new Set(['no-growth', 'naive', 'corrected', 'quiet']);

export interface Cell {
  readonly cascades: number;
  /** MdAPE and its 95% bootstrap interval, per family name */
  readonly mdape: Record<string, { readonly value: number; readonly ci: readonly [number, number] }>;
  /** share of cascades a family over-forecasts */
  readonly over: Record<string, number>;
  /** 95% paired-bootstrap interval of MdAPE(family) − MdAPE(naive), for the bootstrapped families */
  readonly vsNaive: Record<string, readonly [number, number]>;
}

/** Scores fitted predictors on `test` at each horizon. */
export function score(
  fitted: readonly { name: string; predict: (x: Seen, a: number) => number }[],
  test: readonly Row[],
  /** families given a bootstrap interval (the rest: NaN) */
  bootstrap: ReadonlySet<string> = BOOTSTRAPPED,
  /** also the paired interval against naive (the leave-one-out cells: what the target is judged on) */
  paired = false,
): Cell[] {
  return HORIZONS.map((h) => {
    const a = ageIndex(h);
    const seen = column(test, a);
    const mdape: Cell['mdape'] = {};
    const over: Record<string, number> = {};
    const vsNaive: Record<string, readonly [number, number]> = {};
    const errors = new Map<string, number[]>();
    for (const f of fitted) {
      const preds = seen.map((x) => f.predict(x, a));
      const errs = seen.map((x, i) => ape(preds[i]!, x.final));
      errors.set(f.name, errs);
      mdape[f.name] = { value: median(errs), ci: bootstrap.has(f.name) ? bootstrapMedian(errs) : [NaN, NaN] };
      over[f.name] = seen.filter((x, i) => preds[i]! > x.final).length / Math.max(1, seen.length);
    }
    const naive = errors.get('naive');
    if (naive && paired)
      for (const f of fitted)
        if (f.name !== 'naive' && bootstrap.has(f.name))
          vsNaive[f.name] = bootstrapPairedDifference(errors.get(f.name)!, naive);
    return { cascades: seen.length, mdape, over, vsNaive };
  });
}

export interface Matrix {
  /** [train][test] → per horizon */
  readonly cells: Record<DatasetName, Record<DatasetName, Cell[]>>;
  /** leave one data set out: fitted on the others pooled, scored on it */
  readonly lodo: Record<DatasetName, Cell[]>;
}

const fitAll = (families: readonly Family[], train: readonly Row[], maxRatio: number) =>
  families.map((f) => ({ name: f.name, ...f.fit(train, maxRatio) }));

/** Every data set but `out`, each capped: one group per data set. */
export const pooledGroups = (tables: Tables, out: DatasetName | null): Row[][] =>
  DATASETS.filter((d) => d !== out).map((d) => capped(tables[d]));
/** Rows pooled from every data set but `out`, each capped. */
export const pooledWithout = (tables: Tables, out: DatasetName | null): Row[] => pooledGroups(tables, out).flat();

export function crossMatrix(tables: Tables, maxRatio: number, families: readonly Family[] = FAMILIES): Matrix {
  const cells = {} as Matrix['cells'];
  for (const train of DATASETS) {
    const fitted = fitAll(families, even(tables[train]), maxRatio);
    cells[train] = {} as Record<DatasetName, Cell[]>;
    for (const test of DATASETS) cells[train][test] = score(fitted, train === test ? odd(tables[test]) : tables[test]);
  }
  const lodo = {} as Matrix['lodo'];
  for (const test of DATASETS)
    lodo[test] = score(fitAll(families, pooledWithout(tables, test), maxRatio), tables[test], BOOTSTRAPPED, true);
  return { cells, lodo };
}
