/**
 * Which settings of the online calibration ship, chosen without the data set each figure is reported on: every
 * candidate is run prequentially on every data set (online-eval.ts); for each data set left out, the candidate
 * with the most (data set × horizon) cells covering 75–85% on the OTHER data sets wins (ties: the lower mean
 * |coverage − 80%| there, then the earlier candidate), and the left-out data set's cells are reported with it.
 * The default shipped is the candidate chosen the same way on all six data sets (a platform is none of them).
 */
import type { OnlineCalibration } from '../../detectors/cascade/forecast-online.js';
import type { DatasetName } from './datasets.js';
import type { OnlineCell } from './online-eval.js';

export interface Candidate {
  readonly name: string;
  readonly options: Partial<OnlineCalibration>;
}

/** The step rule (plain ACI as shipped before, or DtACI's defaults) × the outcomes before a knot moves. */
const RULES: readonly Candidate[] = [30, 20, 10].flatMap((minPoints) => [
  { name: `ACI γ 0.005, minPoints ${minPoints}`, options: { gammas: [0.005], minPoints } },
  { name: `DtACI, minPoints ${minPoints}`, options: { minPoints } },
]);

/** What each outcome teaches: as before; upper misses learnt early (censored); β as emitted; both. */
const FEEDBACK: readonly Candidate[] = [
  { name: '', options: {} },
  { name: ', early misses', options: { earlyMisses: true } },
  { name: ', β as emitted', options: { asEmitted: true } },
  { name: ', early misses, β as emitted', options: { earlyMisses: true, asEmitted: true } },
];

/**
 * Outcomes cut by the horizon (the incident still posting) treated as censored (`censored`, forecast-censored.ts):
 * Kaplan–Meier weights in the ring, the levels learning on the size seen or on the sizes it may end at. DtACI only
 * (plain ACI was never chosen in the runs before these were added).
 */
const CENSORED: readonly Candidate[] = (['kaplanMeier', 'kaplanMeierImputed'] as const).flatMap((censored) =>
  RULES.filter((r) => r.options.gammas === undefined).map((r) => ({
    name: `${r.name}, censored ${censored === 'kaplanMeier' ? 'Kaplan–Meier' : 'Kaplan–Meier, imputed β'}`,
    options: { ...r.options, censored },
  })),
);

/**
 * Provisional outcomes (`provisionalSeconds`, `provisionalShare`; forecast-online-ring.ts learnProvisional) on top
 * of DtACI, minPoints 10, censored Kaplan–Meier (the default they would replace): a point whose incident has been
 * quiet 2 h and half (or three quarters) of its age is learnt as censored at the size seen until its outcome
 * settles it.
 */
const PROVISIONAL: readonly Candidate[] = [0.5, 0.75].map((share) => ({
  name: `DtACI, minPoints 10, censored Kaplan–Meier, provisional after 2 h and ${share === 0.5 ? 'half' : 'three quarters'} of its age quiet`,
  options: { minPoints: 10, censored: 'kaplanMeier', provisionalSeconds: 7200, provisionalShare: share },
}));

/**
 * The candidates: every rule under every feedback (those of before first: a tie keeps what shipped), then the
 * censored ones, then the provisional ones; every candidate says how it takes cut outcomes and provisional ones
 * (0: none), so none depends on the default.
 */
export const CANDIDATES: readonly Candidate[] = [
  ...[
    ...FEEDBACK.flatMap((f) =>
      RULES.map((r) => ({ name: r.name + f.name, options: { censored: 'asFinal', ...r.options, ...f.options } })),
    ),
    ...CENSORED,
  ].map((c) => ({ ...c, options: { ...c.options, provisionalSeconds: 0, provisionalShare: 0 } })),
  ...PROVISIONAL,
] as Candidate[];

const inRange = (c: number): boolean => c >= 0.75 && c <= 0.85;

/** How a candidate does on some data sets: cells in 75–85%, and the mean |coverage − 0.8| (lower is better). */
export function merit(cells: readonly OnlineCell[]): { inside: number; error: number } {
  const cov = cells.map((c) => c.online.coverage);
  return {
    inside: cov.filter(inRange).length,
    error: cov.reduce((s, c) => s + Math.abs(c - 0.8), 0) / Math.max(1, cov.length),
  };
}

/** The index of the best candidate on `sets` (results[candidate][set] = its cells per horizon). */
export function best(results: readonly Record<DatasetName, OnlineCell[]>[], sets: readonly DatasetName[]): number {
  let win = 0;
  let top = { inside: -1, error: Infinity };
  results.forEach((r, i) => {
    const m = merit(sets.flatMap((d) => r[d]));
    if (m.inside > top.inside || (m.inside === top.inside && m.error < top.error)) {
      win = i;
      top = m;
    }
  });
  return win;
}
