/**
 * From the cross-dataset matrix to the shipped configuration: the family
 * that generalises best, fitted on every data set pooled, with its 80%
 * interval; and the same fit on a platform's own history (`--fit --input`).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ForecastOptions } from '../../detectors/cascade/forecast.js';
import { forecast as forecastDetector } from '../../detectors/cascade/forecast.js';
import type { AgeCorrection } from '../../detectors/cascade/forecast-correction.js';
import type { ForecastInterval } from '../../detectors/cascade/forecast-interval.js';
import { type Matrix, type Tables, crossMatrix, even, loadTables, odd, pooledGroups, score } from './cross-eval.js';
import { type CrossSection, choose, familyScores } from './cross-report.js';
import { DATASETS, loadDataset } from './datasets.js';
import { HORIZONS, type Row, ageIndex, family } from './forecast-models.js';
import { fitInterval, intervalStats } from './interval-fit.js';
import { type OnlineCell, QUIET_APART, prequential } from './online-eval.js';
import { CANDIDATES, best } from './online-select.js';

/**
 * The family config/default.yaml ships, as chosen by the last run of the
 * matrix (bench/warning/REPORT.md; the run says so if its choice differs).
 */
export const SHIPPED_FAMILY = 'corrected';

/** The detector's own defaults: what the raw tables are computed with (the correction is refitted on top). */
export const shippedOptions = (): ForecastOptions => forecastDetector.options.parse({});

export interface ShippedFit {
  readonly family: string;
  readonly correction: AgeCorrection;
  readonly interval: ForecastInterval;
  readonly cascades: number;
}

/** The family fitted on `groups` pooled (one group per data set or platform), as the detector's options. */
export function fitShipped(name: string, groups: readonly (readonly Row[])[], maxRatio: number): ShippedFit {
  const train = groups.flat();
  const fit = family(name).fit(train, maxRatio);
  return {
    family: name,
    correction: fit.correction ?? [],
    interval: fitInterval(groups, fit.predict),
    cascades: train.length,
  };
}

/** `--fit`: the shipped family (or `name`) on every data set pooled (no matrix: the full run chose the family). */
export function fitPooled(data: string, work: string, name = SHIPPED_FAMILY): ShippedFit {
  const o = shippedOptions();
  return fitShipped(name, pooledGroups(loadTables(data, work, o), null), o.maxRatio);
}

/**
 * The matrix is most of the run's CPU: cached under out/cache, keyed by a hash of the code that
 * computes it and of the detector's defaults other than the fitted ones (any change recomputes it).
 */
function cachedMatrix(work: string, compute: () => Matrix): { matrix: Matrix; cached: boolean } {
  const here = dirname(fileURLToPath(import.meta.url));
  const code = [
    'cross-eval.ts',
    'forecast-models.ts',
    'forecast-fit.ts',
    'datasets.ts',
    '../../detectors/cascade/forecast-correction.ts',
  ]
    .map((f) => readFileSync(join(here, f), 'utf8'))
    // the options the raw tables depend on: the fitted ones (correction, interval, platforms) are refitted here,
    // the online calibration does not enter the matrix
    .concat(JSON.stringify({ ...shippedOptions(), correction: null, interval: null, platforms: null, online: null }));
  const file = join(
    work,
    'cache',
    `matrix.${createHash('sha256').update(code.join('\0')).digest('hex').slice(0, 16)}.json`,
  );
  if (existsSync(file)) return { matrix: JSON.parse(readFileSync(file, 'utf8')) as Matrix, cached: true };
  const matrix = compute();
  writeFileSync(file, JSON.stringify(matrix));
  return { matrix, cached: false };
}

export function crossSection(data: string, work: string): CrossSection & { fit: ShippedFit; cached: boolean } {
  const t0 = performance.now();
  const o = shippedOptions();
  const tables: Tables = loadTables(data, work, o);
  const { matrix, cached } = cachedMatrix(work, () => crossMatrix(tables, o.maxRatio));
  const scores = familyScores(matrix);
  const shipped = choose(scores).name;
  const intervals = {} as CrossSection['intervals'];
  const ownCells = {} as CrossSection['ownCells'];
  const candidates = CANDIDATES.map(() => ({}) as Record<(typeof DATASETS)[number], OnlineCell[]>);
  const onlineQuiet = {} as CrossSection['online'];
  const onlineAtOnce = {} as CrossSection['online'];
  for (const d of DATASETS) {
    // left out: fitted (model and interval) on the other data sets, scored on every cascade of this one
    const groups = pooledGroups(tables, d);
    const fit = family(shipped).fit(groups.flat(), o.maxRatio);
    const iv = fitInterval(groups, fit.predict);
    // the same forecasts with the interval calibrated online from that start, streamed in time order, under
    // each candidate setting of the calibrator (online-select.ts: which one a data set is reported with is
    // chosen on the other five)
    const cascades = loadDataset(d, data, work, o.minPosts);
    CANDIDATES.forEach((c, i) => {
      candidates[i]![d] = prequential(cascades, tables[d], fit.predict, iv, { ...o.online, ...c.options });
    });
    // the variant with quiet incidents calibrated apart (options.online.quietShare)
    onlineQuiet[d] = prequential(cascades, tables[d], fit.predict, iv, { ...o.online, quietShare: QUIET_APART });
    // how much of what the calibrator misses is the wait for outcomes: the same, every outcome known at once
    onlineAtOnce[d] = prequential(cascades, tables[d], fit.predict, iv, o.online, true);
    // own history: fitted on this data set's even-numbered cascades, scored on its odd-numbered ones
    const own = family(shipped).fit(even(tables[d]), o.maxRatio);
    const ownIv = fitInterval([even(tables[d])], own.predict);
    // --interval-only: the left-out (pooled) correction kept, the interval calibrated on the even half
    const pooledOwnIv = fitInterval([even(tables[d])], fit.predict);
    const ownNaive = family('naive').fit(even(tables[d]), o.maxRatio);
    ownCells[d] = score(
      [
        { name: 'naive', predict: ownNaive.predict },
        { name: shipped, predict: own.predict },
      ],
      odd(tables[d]),
      new Set(['naive', shipped]),
      true,
    );
    intervals[d] = HORIZONS.map((h) => ({
      lodo: intervalStats(tables[d], ageIndex(h), fit.predict, iv),
      own: intervalStats(odd(tables[d]), ageIndex(h), own.predict, ownIv),
      ownInterval: intervalStats(odd(tables[d]), ageIndex(h), fit.predict, pooledOwnIv),
    }));
  }
  const onlineChoice = {} as CrossSection['onlineChoice'];
  const online = {} as CrossSection['online'];
  for (const d of DATASETS) {
    const i = best(
      candidates,
      DATASETS.filter((x) => x !== d),
    );
    onlineChoice[d] = CANDIDATES[i]!.name;
    online[d] = candidates[i]![d];
  }
  const fit = fitShipped(shipped, pooledGroups(tables, null), o.maxRatio);
  const seconds = (performance.now() - t0) / 1000;
  return {
    tables,
    matrix,
    scores,
    shipped,
    intervals,
    ownCells,
    online,
    onlineChoice,
    onlineCandidates: CANDIDATES.map((c, i) => ({ name: c.name, cells: candidates[i]! })),
    // the candidate the detector's defaults are (config/default.yaml), and the one chosen on all six
    onlineShipped:
      CANDIDATES.find((c) => JSON.stringify({ ...o.online, ...c.options }) === JSON.stringify(o.online))?.name ??
      'none of the candidates',
    onlineChosen: CANDIDATES[best(candidates, DATASETS)]!.name,
    onlineQuiet,
    onlineAtOnce,
    onlineOptions: o.online,
    fit,
    cached,
    seconds,
  };
}

const knotLine = (k: AgeCorrection[number]): string =>
  `        - { ageSeconds: ${k.ageSeconds}, intercept: ${k.intercept}, slope: ${k.slope}${k.silenceSlope === undefined ? '' : `, silenceSlope: ${k.silenceSlope}`} }`;
const ivLine = (k: ForecastInterval['knots'][number]): string =>
  `          - { ageSeconds: ${k.ageSeconds}, low: [${k.low.join(', ')}], high: [${k.high.join(', ')}] }`;

/**
 * The fit as the lines of config/default.yaml under detectors.cascade/forecast.options; with `platform`,
 * as that platform's block under options.platforms (its own calibration, the pooled one kept for the rest).
 */
export function fitYaml(f: ShippedFit, platform?: string, intervalOnly = false): string {
  const pad = platform === undefined ? '' : '    ';
  return [
    `# ${f.family}, fitted on ${f.cascades} cascades${platform === undefined ? '' : ` of ${platform}`}`,
    ...(platform === undefined ? [] : [`      platforms:`, `        ${JSON.stringify(platform)}:`]),
    ...(intervalOnly ? [] : [`${pad}      correction:${f.correction.length ? '' : ' []'}`]),
    ...(intervalOnly ? [] : f.correction.map((k) => pad + knotLine(k))),
    `${pad}      interval:`,
    `${pad}        sizes: [${f.interval.sizes.join(', ')}]`,
    `${pad}        knots:`,
    ...f.interval.knots.map((k) => pad + ivLine(k)),
  ].join('\n');
}
