/**
 * Part (b) of bench/warning/REPORT.md: the cross-dataset matrix, the choice
 * of the shipped family it implies, the calibration of the shipped 80%
 * interval on each held-out data set, and what was tried and rejected.
 */
import { type Cell, type Matrix, type Tables } from './cross-eval.js';
import { DATASETS, DATASET_NOTES, type DatasetName } from './datasets.js';
import { FAMILIES, HORIZONS, KNOT_AGES, ageIndex } from './forecast-models.js';

const pct = (x: number): string => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}`);
const ci = (c: { value: number; ci: readonly [number, number] }): string =>
  Number.isNaN(c.ci[0]) ? pct(c.value) : `${pct(c.value)} (${pct(c.ci[0])}–${pct(c.ci[1])})`;
const pts = (x: number): string => (Number.isNaN(x) ? '–' : `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}`);
export const hours = (s: number): string => `${s / 3600} h`;

/** Families other than the baselines, which are what a choice is made among. */
export const CANDIDATES = FAMILIES.map((f) => f.name).filter((n) => n !== 'naive' && n !== 'no-growth');
const EARLY = [0, 1]; // horizon indices the target is set at: 1 h, 6 h

const beats = (c: Cell, f: string): boolean => c.mdape[f]!.value < c.mdape.naive!.value;

export interface FamilyScore {
  readonly name: string;
  /** held-out data sets (leave one out) where it beats the naive factor fitted on the same sets, at 1 h and 6 h */
  readonly lodoWins: number;
  /** off-diagonal cells of the matrix (train ≠ test) where it beats the naive factor fitted on the same set, at 1 h and 6 h */
  readonly crossWins: number;
  /** median over those cells of MdAPE ÷ naive MdAPE */
  readonly crossRatio: number;
}

export function familyScores(m: Matrix): FamilyScore[] {
  return CANDIDATES.map((name) => {
    const lodo = DATASETS.flatMap((t) => EARLY.map((h) => m.lodo[t][h]!));
    const cross = DATASETS.flatMap((tr) =>
      DATASETS.filter((t) => t !== tr).flatMap((t) => EARLY.map((h) => m.cells[tr][t][h]!)),
    );
    const ratios = cross
      .filter((c) => c.mdape.naive!.value > 0)
      .map((c) => c.mdape[name]!.value / c.mdape.naive!.value)
      .sort((a, b) => a - b);
    return {
      name,
      lodoWins: lodo.filter((c) => beats(c, name)).length,
      crossWins: cross.filter((c) => beats(c, name)).length,
      crossRatio: ratios[Math.floor(ratios.length / 2)] ?? NaN,
    };
  });
}

/** The family that generalises best: most held-out wins (leave one out), then most cross wins, then the lower ratio. */
export const choose = (scores: readonly FamilyScore[]): FamilyScore =>
  [...scores].sort((a, b) => b.lodoWins - a.lodoWins || b.crossWins - a.crossWins || a.crossRatio - b.crossRatio)[0]!;

function datasetTable(tables: Tables): string {
  const rows = DATASETS.map(
    (d) =>
      `| ${d} | ${tables[d].length} | ${HORIZONS.map((h) => tables[d].filter((r) => r[ageIndex(h)]).length).join(' / ')} | ${DATASET_NOTES[d]} |`,
  );
  return [
    '| data set | cascades ≥ 5 posts | forecastable at 1 h / 6 h / 24 h | what it is; what "final" is |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Median of final ÷ size at each horizon: how much growth is still to come, per data set. */
function growthTable(tables: Tables): string {
  const med = (xs: number[]): number => {
    const v = [...xs].sort((a, b) => a - b);
    return v.length ? v[Math.floor(v.length / 2)]! : NaN;
  };
  const rows = DATASETS.map(
    (d) =>
      `| ${d} | ${HORIZONS.map((h) =>
        med(tables[d].flatMap((r) => (r[ageIndex(h)] ? [r[ageIndex(h)]!.final / r[ageIndex(h)]!.n] : []))).toFixed(2),
      ).join(' | ')} |`,
  );
  return ['| data set | 1 h | 6 h | 24 h |', '|---|---|---|---|', ...rows].join('\n');
}

/** What was tried and not shipped, with this run's figures. */
function rejected(m: Matrix, scores: readonly FamilyScore[], shipped: string): string {
  const s738 = (t: DatasetName): string =>
    `${pct(m.cells.seismic_738[t][0]!.mdape.corrected!.value)}% (shipped, fitted without it: ${pct(m.lodo[t][0]!.mdape[shipped]!.value)}%)`;
  const lodoLoss = (f: string): string =>
    DATASETS.flatMap((d) =>
      EARLY.filter((k) => !beats(m.lodo[d][k]!, f)).map(
        (k) =>
          `${d} ${hours(HORIZONS[k]!)} (${pct(m.lodo[d][k]!.mdape[f]!.value)}% vs ${pct(m.lodo[d][k]!.mdape.naive!.value)}%)`,
      ),
    ).join(', ') || 'none';
  const score = (f: string): FamilyScore => scores.find((x) => x.name === f)!;
  return [
    `- **corrected, fitted on seismic_738 alone** (what shipped before): its row of the matrix. At 1 h on`,
    `  Twitter15 ${s738('twitter15')}, on r/ireland ${s738('reddit_ireland')}, on RumourEval`,
    `  ${s738('rumoureval')}: cascades selected for ≥ 2,000 reshares teach it growth ordinary cascades do not have.`,
    ...CANDIDATES.filter((f) => f !== shipped).map(
      (f) =>
        `- **${f}**: ${score(f).crossWins} of 60 pairwise wins (median ratio to naive ${score(f).crossRatio.toFixed(3)}), but left out it loses to naive at ${lodoLoss(f)}.`,
    ),
    `- **Follower weighting** (posts weigh followers^g): only seismic_738 has follower counts; there g = 0 won the`,
    `  earlier cross-validation, so every family here counts posts (\`followerExponent: 0\`). Not revisited.`,
    `- **Pooling without a cap**: r/ireland alone has ${m.lodo.reddit_ireland[2]!.cascades} cascades forecastable at 24 h and would decide the fit;`,
    `  each data set is capped at 600 cascades (evenly strided) instead. Other caps were not tried.`,
    `- **Refitting the kernel** (s0, θ) per data set, and a smoother correction (fewer knots, a penalty on jumps): not tried.`,
  ].join('\n');
}

function lodoTable(m: Matrix, shipped: string, coverage: Record<DatasetName, number[]>): string {
  const others = CANDIDATES.filter((f) => f !== shipped);
  const rows = DATASETS.flatMap((d) =>
    HORIZONS.map((h, k) => {
      const c = m.lodo[d][k]!;
      const d95 = c.vsNaive[shipped] ?? [NaN, NaN];
      const win = beats(c, shipped) ? (d95[1]! < 0 ? 'yes' : 'yes, within noise') : '**no**';
      const diff = `${pts(c.mdape[shipped]!.value - c.mdape.naive!.value)} [${pts(d95[0]!)}, ${pts(d95[1]!)}]`;
      return `| ${d} | ${hours(h)} | ${c.cascades} | ${ci(c.mdape[shipped]!)} | ${ci(c.mdape.naive!)} | ${ci(c.mdape['no-growth']!)} | ${diff} | ${win} | ${others.map((f) => pct(c.mdape[f]!.value)).join(' | ')} | ${pct(c.over[shipped]!)} | ${pct(coverage[d][k]!)} |`;
    }),
  );
  return [
    `| held out | observed | cascades | shipped (${shipped}) | naive | no-growth | shipped − naive, points [95% paired CI] | beats naive | ${others.join(' | ')} | over-forecast share | 80% interval covers |`,
    `|---|---|---|---|---|---|---|---|${others.map(() => '---|').join('')}---|---|`,
    ...rows,
  ].join('\n');
}

function matrixTable(m: Matrix, shipped: string, k: number): string {
  const head = `| train ↓ test → | ${DATASETS.join(' | ')} |`;
  const rows = DATASETS.map((tr) => {
    const cells = DATASETS.map((t) => {
      const c = m.cells[tr][t][k]!;
      const mark = beats(c, shipped) ? '' : ' ✗';
      return `${ci(c.mdape[shipped]!)} · ${ci(c.mdape.naive!)} · ${pct(c.mdape['no-growth']!.value)}${mark}`;
    });
    return `| ${tr} | ${cells.join(' | ')} |`;
  });
  return [head, `|---|${DATASETS.map(() => '---|').join('')}`, ...rows].join('\n');
}

export interface CrossSection {
  readonly tables: Tables;
  readonly matrix: Matrix;
  readonly scores: readonly FamilyScore[];
  readonly shipped: string;
  /** per held-out data set, per horizon: share of final sizes within the shipped 80% interval (fitted without it) */
  readonly coverage: Record<DatasetName, number[]>;
  readonly seconds: number;
}

export function crossMarkdown(x: CrossSection): string {
  const { matrix: m, shipped } = x;
  const missed = DATASETS.flatMap((d) =>
    EARLY.filter((k) => !beats(m.lodo[d][k]!, shipped)).map((k) => `${d} at ${hours(HORIZONS[k]!)}`),
  );
  const t1 = m.lodo.twitter15[0]!.mdape[shipped]!.value;
  const noisy = DATASETS.flatMap((d) =>
    EARLY.filter((k) => beats(m.lodo[d][k]!, shipped) && !((m.lodo[d][k]!.vsNaive[shipped]?.[1] ?? 0) < 0)).map(
      (k) => `${d} at ${hours(HORIZONS[k]!)}`,
    ),
  );
  const badCover = DATASETS.flatMap((d) =>
    HORIZONS.map((h, k) => [d, h, x.coverage[d][k]!] as const).filter(([, , c]) => c < 0.75 || c > 0.85),
  );
  return `## (b) Final-size forecast across data sets

The error is the median over cascades of |forecast − final| / final (MdAPE, in %), with a 95%
bootstrap interval (1,000 resamples of the cascades) in brackets. A cascade is forecast at an age
(time since its first post) once it has the detector's \`minPosts\` (5) posts; every figure is on
cascades the scored fit never saw. Families (each fitted by the MdAPE itself, knot by knot at
${KNOT_AGES.map((a) => a / 60).join(', ')} min):

${FAMILIES.map((f) => `- **${f.name}**: ${f.what}`).join('\n')}

${datasetTable(x.tables)}

### Choice of the shipped family

Each candidate is fitted on each data set (its even-numbered cascades) and scored on every other
one (30 pairs), and fitted on five data sets pooled (each capped at 600 cascades, evenly strided)
and scored on the sixth ("leave one out"), at 1 h and 6 h, against the naive factor fitted on the
same training cascades. Chosen: most leave-one-out wins, then most pairwise wins, then the lower
median ratio to naive.

| family | leave-one-out wins over naive (of 12) | pairwise wins over naive (of 60) | median MdAPE ÷ naive, pairwise |
|---|---|---|---|
${x.scores.map((s) => `| ${s.name}${s.name === shipped ? ' (shipped)' : ''} | ${s.lodoWins} | ${s.crossWins} | ${s.crossRatio.toFixed(3)} |`).join('\n')}

The shipped configuration is **${shipped}** fitted on all six data sets pooled (\`--fit\`); its
figures on a data set are those of the same fit redone without that data set:

${lodoTable(m, shipped, x.coverage)}

**Beats naive on every held-out data set at 1 h and 6 h: ${missed.length ? `no — missed at ${missed.join(', ')}` : 'yes'}${noisy.length ? `, but within noise (the paired 95% interval of the difference reaches 0) at ${noisy.join(', ')}` : ''}.**
**≤ 20% at 1 h on Twitter-like cascades (Twitter15, all sizes): ${pct(t1)}% — ${t1 <= 0.2 ? 'met' : 'not met'}.**
**80% interval covering 75–85% per held-out data set: ${badCover.length ? `not everywhere — outside at ${badCover.map(([d, h, c]) => `${d} ${hours(h)} (${pct(c)}%)`).join(', ')}` : 'met everywhere'}.**

Growth still to come after each horizon (median over forecastable cascades of final ÷ size then):
what no fit on other data can know, and why one interval cannot be calibrated on every data set.

${growthTable(x.tables)}

### Tried and rejected

${rejected(m, x.scores, shipped)}

### The matrix, per horizon

Each cell: shipped family · naive (both fitted on the row's even-numbered cascades, bootstrap
interval in brackets) · no-growth; ✗ where the family does not beat naive. On the diagonal the
scores are on the row's odd-numbered cascades.

${HORIZONS.map((h, k) => `#### ${hours(h)}\n\n${matrixTable(m, shipped, k)}`).join('\n\n')}
`;
}
