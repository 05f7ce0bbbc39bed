/**
 * Part (b) of bench/warning: the final-size forecast (cascade/forecast's
 * SEISMIC model) on real cascades, against SEISMIC's published figure and a
 * naive baseline (current size × a constant). Parameters of both are fitted
 * on one half of the cascades (even positions in file-name order) and
 * evaluated on the other half.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SEISMIC_KERNEL,
  addPost,
  emptySeismic,
  forecast,
  type ForecastParams,
  type SeismicState,
} from '../../detectors/cascade/seismic-model.js';

export const HORIZONS = [3600, 6 * 3600, 24 * 3600] as const;
const MAX_BUCKETS = 64;

export interface Cascade {
  readonly id: string;
  /** [seconds since the first post, followers], ascending */
  readonly events: readonly (readonly [number, number])[];
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

/** Twitter15 trees: distinct child tuples, delay (minutes) as time; no followers (weight 1 each). */
export function loadTwitter15(dir: string): Cascade[] {
  const tree = join(dir, 'twitter15', 'tree');
  return readdirSync(tree)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const seen = new Map<string, number>();
      for (const line of readFileSync(join(tree, f), 'utf8').split('\n')) {
        const m = /->\['([^']*)', '([^']*)', '([^']*)'\]/.exec(line);
        if (!m || m[1] === 'ROOT') continue;
        const key = `${m[1]}|${m[2]}`;
        const t = Math.max(0, Number(m[3]) * 60);
        if (!seen.has(key) || seen.get(key)! > t) seen.set(key, t);
      }
      const events = [...seen.values()].sort((a, b) => a - b).map((t) => [t, 1] as const);
      return { id: f, events };
    })
    .filter((c) => c.events.length >= 2);
}

interface Observed {
  readonly state: SeismicState;
  readonly size: number;
  readonly final: number;
}

/** The model state of each cascade after observing each horizon. */
export function observe(cascades: readonly Cascade[]): Observed[][] {
  return cascades.map((c) => {
    const out: Observed[] = [];
    let s = emptySeismic();
    let i = 0;
    for (const h of HORIZONS) {
      while (i < c.events.length && c.events[i]![0] <= h) {
        s = addPost(s, c.events[i]![0], c.events[i]![1], MAX_BUCKETS);
        i++;
      }
      out.push({ state: s, size: s.posts, final: c.events.length });
    }
    return out;
  });
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ape = (pred: number, truth: number): number => Math.abs(pred - truth) / truth;

const ALPHAS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1, 1.2, 1.5, 2, 2.5, 3, 4, 6, 8, 12, 16, 24, 32];
const KS = [0, 10, 25, 50, 100, 200, 400, 800, 1600, 3200];

const WINDOWS = [1, 0.75, 0.5, 0.35, 0.25, 0.1];
const BETAS = [0.9, 0.95, 1, 1.02, 1.05, 1.1, 1.2, 1.35, 1.5];

function seismicParams(alpha: number, k: number, window = 1, beta = 1): ForecastParams {
  return { ...SEISMIC_KERNEL, alpha, k, maxRatio: 50, window, beta };
}

export interface HorizonResult {
  readonly horizon: number;
  readonly test: number;
  readonly alpha: number;
  readonly k: number;
  readonly window: number;
  readonly beta: number;
  readonly naiveFactor: number;
  readonly seismicMedianApe: number;
  readonly naiveMedianApe: number;
  readonly plainSeismicMedianApe: number;
}

/** Fit on even positions, evaluate on odd ones, per horizon. */
export function evaluate(observed: readonly Observed[][]): HorizonResult[] {
  const train = observed.filter((_, i) => i % 2 === 0);
  const test = observed.filter((_, i) => i % 2 === 1);
  return HORIZONS.map((horizon, h) => {
    let best = { alpha: 1, k: 0, window: 1, beta: 1, err: Infinity };
    for (const window of WINDOWS)
      for (const alpha of ALPHAS)
        for (const k of KS) {
          // the calibration is a scale: fit it on the uncalibrated forecasts
          const raw = train.map(
            (o) => [forecast(o[h]!.state, horizon, seismicParams(alpha, k, window)).finalSize, o[h]!.final] as const,
          );
          for (const beta of BETAS) {
            const err = median(raw.map(([pred, truth]) => ape(Math.min(pred * beta, 50 * pred), truth)));
            if (err < best.err) best = { alpha, k, window, beta, err };
          }
        }
    const ratios = train.map((o) => o[h]!.final / Math.max(1, o[h]!.size)).sort((a, b) => a - b);
    let naive = { factor: 1, err: Infinity };
    for (const factor of ratios) {
      const err = median(train.map((o) => ape(Math.max(1, o[h]!.size) * factor, o[h]!.final)));
      if (err < naive.err) naive = { factor, err };
    }
    const p = seismicParams(best.alpha, best.k, best.window, best.beta);
    return {
      horizon,
      test: test.length,
      alpha: best.alpha,
      k: best.k,
      window: best.window,
      beta: best.beta,
      naiveFactor: naive.factor,
      seismicMedianApe: median(test.map((o) => ape(forecast(o[h]!.state, horizon, p).finalSize, o[h]!.final))),
      naiveMedianApe: median(test.map((o) => ape(Math.max(1, o[h]!.size) * naive.factor, o[h]!.final))),
      plainSeismicMedianApe: median(
        test.map((o) => ape(forecast(o[h]!.state, horizon, seismicParams(1, 0)).finalSize, o[h]!.final)),
      ),
    };
  });
}

export function forecastSection(
  dataDir: string,
  work: string,
): { results: Record<string, HorizonResult[]>; counts: Record<string, number> } {
  const seismicTar = join(dataDir, 'cascades', 'seismic_738.tar.gz');
  const t15Tar = join(dataDir, 'cascades', 'twitter15.tar.gz');
  if (!existsSync(join(work, 'seismic_kobayashi_rt'))) extract(seismicTar, work);
  if (!existsSync(join(work, 'twitter15'))) extract(t15Tar, work);
  const seismic = loadSeismic(work);
  const t15 = loadTwitter15(work);
  return {
    results: { seismic_738: evaluate(observe(seismic)), twitter15: evaluate(observe(t15)) },
    counts: { seismic_738: seismic.length, twitter15: t15.length },
  };
}
