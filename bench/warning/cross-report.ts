/**
 * Part (b) of bench/warning/REPORT.md: the cross-dataset matrix, the choice
 * of the shipped family it implies, the calibration of the shipped 80%
 * interval on each held-out data set, and what was tried and rejected.
 */
import { type Cell, type Matrix, type Tables } from './cross-eval.js';
import { DATASETS, DATASET_NOTES, type DatasetName } from './datasets.js';
import { FAMILIES, HORIZONS, KNOT_AGES, ageIndex } from './forecast-models.js';
import type { IntervalStats } from './interval-fit.js';
import type { OnlineCalibration } from '../../detectors/cascade/forecast-online.js';
import type { OnlineCell } from './online-eval.js';
import { onlineMarkdown, onlineOutside } from './online-report.js';

const pct = (x: number): string => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}`);
const ci = (c: { value: number; ci: readonly [number, number] }): string =>
  Number.isNaN(c.ci[0]) ? pct(c.value) : `${pct(c.value)} (${pct(c.ci[0])}–${pct(c.ci[1])})`;
const pts = (x: number): string => (Number.isNaN(x) ? '–' : `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}`);
export const hours = (s: number): string => `${s / 3600} h`;

/** Families other than the baselines, which are what a choice is made among. */
export const CANDIDATES = FAMILIES.map((f) => f.name).filter((n) => n !== 'naive' && n !== 'no-growth');
const EARLY = [0, 1]; // horizon indices the target is set at: 1 h, 6 h

const beats = (c: Cell, f: string): boolean => c.mdape[f]!.value < c.mdape.naive!.value;
/** beats naive beyond noise: the paired 95% interval of the difference lies below 0 */
const beatsSurely = (c: Cell, f: string): boolean => beats(c, f) && (c.vsNaive[f]?.[1] ?? 0) < 0;

export interface FamilyScore {
  readonly name: string;
  /** the issue's bar: ≤ 20% at 1 h on Twitter-like cascades (Twitter15 left out) */
  readonly twitterBar: boolean;
  /** held-out data sets (leave one out) where it beats naive beyond noise (paired 95% interval below 0), at 1 h and 6 h */
  readonly lodoSure: number;
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
      twitterBar: m.lodo.twitter15[0]!.mdape[name]!.value <= TWITTER_BAR,
      lodoSure: lodo.filter((c) => beatsSurely(c, name)).length,
      lodoWins: lodo.filter((c) => beats(c, name)).length,
      crossWins: cross.filter((c) => beats(c, name)).length,
      crossRatio: ratios[Math.floor(ratios.length / 2)] ?? NaN,
    };
  });
}

/** MdAPE at 1 h on Twitter-like cascades the shipped model must not exceed (issue 16; SEISMIC reports 15%) */
export const TWITTER_BAR = 0.2;

/**
 * The family that ships: among those meeting the Twitter bar, most held-out wins beyond noise (leave
 * one out), then most held-out wins, then most cross wins, then the lower ratio.
 */
export const choose = (scores: readonly FamilyScore[]): FamilyScore =>
  [...scores].sort(
    (a, b) =>
      Number(b.twitterBar) - Number(a.twitterBar) ||
      b.lodoSure - a.lodoSure ||
      b.lodoWins - a.lodoWins ||
      b.crossWins - a.crossWins ||
      a.crossRatio - b.crossRatio,
  )[0]!;

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
  const lodoNoise = (f: string): string =>
    DATASETS.flatMap((d) =>
      EARLY.filter((k) => beats(m.lodo[d][k]!, f) && !beatsSurely(m.lodo[d][k]!, f)).map(
        (k) => `${d} ${hours(HORIZONS[k]!)}`,
      ),
    ).join(', ') || 'none';
  const score = (f: string): FamilyScore => scores.find((x) => x.name === f)!;
  return [
    `- **corrected, fitted on seismic_738 alone** (what shipped first): its row of the matrix. At 1 h on`,
    `  Twitter15 ${s738('twitter15')}, on r/ireland ${s738('reddit_ireland')}, on RumourEval`,
    `  ${s738('rumoureval')}: cascades selected for ≥ 2,000 reshares teach it growth ordinary cascades do not have.`,
    ...CANDIDATES.filter((f) => f !== shipped).map(
      (f) =>
        `- **${f}**: left out, ${score(f).lodoSure} of 12 wins beyond noise (${score(f).lodoWins} wins; loses at ${lodoLoss(f)}; within noise at ${lodoNoise(f)}); ${score(f).crossWins} of 60 pairwise wins (median ratio to naive ${score(f).crossRatio.toFixed(3)}).`,
    ),
    `- **Other inputs to the correction**, tried in a prototype on the same tables (leave one out, 1 h and 6 h; not`,
    `  rerun by this bench): the silence as a term of its own beside the slope's change (no better than \`quiet\`, one`,
    `  parameter more); the share of posts in the latest half of the age (lost to naive on Twitter15 at 1 h and r/ireland`,
    `  at 6 h); ln(posts) and ln(posts) × multiplier (Twitter15 1 h ≈ 20–22%, r/ireland 1 h still within noise).`,
    `- **Fitting objectives balanced over data sets** instead of the pooled MdAPE (mean, or worst, over the training`,
    `  data sets of ln(MdAPE ÷ naive)), prototype as above: the mean lost to naive at 6 h on r/ireland and Weibo, the`,
    `  worst case at 6 h on seismic_738.`,
    `- **Intervals**: the 10th / 90th percentiles of ln(final ÷ forecast) over the pooled training cascades (what shipped`,
    `  before: 37–100% across held-out sets) ignored that a bound never falls below the posts seen, and let the largest`,
    `  data set decide; replaced by the calibration on the bounds as emitted, each data set weighing the same. In a`,
    `  prototype, size × silence classes moved as many cells out of 75–85% as into it; calibrating on residuals taken`,
    `  out of data set (each training set forecast by a fit on the other four, as a new platform would be) widened`,
    `  the interval and left 5 of 18 left-out cells in 75–85% against 8 (Twitter15 1 h 92.5%, Weibo 6 h 92.2%): not`,
    `  shipped.`,
    `- **Follower weighting** (posts weigh followers^g): only seismic_738 has follower counts; there g = 0 won the`,
    `  earlier cross-validation, so every family here counts posts (\`followerExponent: 0\`). Not revisited.`,
    `- **Pooling without a cap**: r/ireland alone has ${m.lodo.reddit_ireland[2]!.cascades} cascades forecastable at 24 h and would decide the fit;`,
    `  each data set is capped at 600 cascades (evenly strided) instead. Other caps were not tried.`,
    `- **Refitting the kernel** (s0, θ) per data set, and a smoother correction (fewer knots, a penalty on jumps): not tried.
- **Censored scores in the ring** (with \`earlyMisses\`, an outgrown forecast's score entered the ring at once on the
  posts then — a lower bound — and was replaced by its outcome's while still there), prototype, DtACI \`minPoints\`
  10, not rerun by this bench: ma2016 24 h 75.4% (second half 76.2%) but seismic_738 1 h 66.2% and 6 h 72.9% (its
  ring filled with under-stated misses while its cascades grew for days); not kept.
- **Cut outcomes as censored, β imputed on both sides** (\`censored\` Kaplan–Meier weights, and both levels' β taken
  over the sizes a cut outcome may end at), prototype, DtACI \`minPoints\` 10, not rerun by this bench:
  seismic_738 1 h 64.7% and 6 h 65.3% (its cut outcomes are final, its data stop at about 7 days; imputed growth
  told the lower side it covered, its level climbed to 0.74 and the both-sides one to 0.99), ma2016 85.4 / 86.0 /
  80.4%; replaced by the two censored forms in the candidate table.
- **Outcomes learnt in the order their forecasts were made** (for RumourEval 6 h: a knot learns an outcome only once
  every earlier forecast there has its own, so the slow ones — the growing threads, misses — are not the last
  learnt before the next burst of forecasts), prototype, DtACI \`minPoints\` 10, cut outcomes taken as final, not
  rerun by this bench: rumoureval 6 h 86.2% (second half 80.3%) against 89.0% (85.9%), but rumoureval 24 h second
  half 68.5%, ma2016 24 h 72.8%: learning waits for the slowest outcome; not kept.`,
  ].join('\n');
}

function lodoTable(m: Matrix, shipped: string): string {
  const others = CANDIDATES.filter((f) => f !== shipped);
  const rows = DATASETS.flatMap((d) =>
    HORIZONS.map((h, k) => {
      const c = m.lodo[d][k]!;
      const d95 = c.vsNaive[shipped] ?? [NaN, NaN];
      const win = beats(c, shipped) ? (beatsSurely(c, shipped) ? 'yes' : 'yes, within noise') : '**no**';
      const diff = `${pts(c.mdape[shipped]!.value - c.mdape.naive!.value)} [${pts(d95[0]!)}, ${pts(d95[1]!)}]`;
      return `| ${d} | ${hours(h)} | ${c.cascades} | ${ci(c.mdape[shipped]!)} | ${ci(c.mdape.naive!)} | ${ci(c.mdape['no-growth']!)} | ${diff} | ${win} | ${others.map((f) => pct(c.mdape[f]!.value)).join(' | ')} | ${pct(c.over[shipped]!)} |`;
    }),
  );
  return [
    `| held out | observed | cascades | shipped (${shipped}) | naive | no-growth | shipped − naive, points [95% paired CI] | beats naive | ${others.join(' | ')} | over-forecast share |`,
    `|---|---|---|---|---|---|---|---|${others.map(() => '---|').join('')}---|`,
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

/** The shipped family refitted on a data set's own history (even half) against naive fitted alike, on the odd half. */
function ownTable(x: CrossSection): string {
  const f = x.shipped;
  const rows = DATASETS.flatMap((d) =>
    EARLY.map((k) => {
      const c = x.ownCells[d][k]!;
      const d95 = c.vsNaive[f] ?? [NaN, NaN];
      const win = beats(c, f) ? (beatsSurely(c, f) ? 'yes' : 'yes, within noise') : '**no**';
      return `| ${d} | ${hours(HORIZONS[k]!)} | ${c.cascades} | ${ci(c.mdape[f]!)} | ${ci(c.mdape.naive!)} | ${pts(c.mdape[f]!.value - c.mdape.naive!.value)} [${pts(d95[0]!)}, ${pts(d95[1]!)}] | ${win} |`;
    }),
  );
  const sure = DATASETS.flatMap((d) => EARLY.map((k) => x.ownCells[d][k]!)).filter((c) => beatsSurely(c, f)).length;
  return `### Refitted on a platform's own history

What \`--fit --input --platform\` gives a platform, for the forecast itself: ${f} and naive both fitted on
a data set's even-numbered cascades, scored on its odd-numbered ones (the matrix's diagonal, with the
paired interval). Beyond noise in ${sure} of 12 cells. Where the own fit does not beat naive — a few
hundred cascades or fewer (RumourEval, ma2016: it overfits them), or sizes so small that the median
error sits on a step of whole posts (r/ireland) — a platform keeps the pooled correction and takes
only its own interval (\`--interval-only\`: \`options.platforms.NAME.interval\` alone; its coverage is the
"own interval only" column below).

| data set | observed | cascades | ${f}, own fit | naive, own fit | difference, points [95% paired CI] | beats naive |
|---|---|---|---|---|---|---|
${rows.join('\n')}

`;
}

function intervalSection(x: CrossSection): string {
  const cell = (v: IntervalStats): string => `${pct(v.coverage)} | ${v.width.toFixed(2)}`;
  const rows = DATASETS.flatMap((d) =>
    HORIZONS.map((h, k) => {
      const v = x.intervals[d][k]!;
      return `| ${d} | ${hours(h)} | ${pct(v.lodo.done)} | ${cell(v.lodo)} | ${cell(v.own)} | ${cell(v.ownInterval)} |`;
    }),
  );
  return `### The 80% interval, per data set

Calibrated on the bounds as the detector emits them (never below the posts seen, whole posts): per
knot age and size class (< 20 posts, < 100, the rest; a smaller class never narrower, so young and
small cascades carry the wider interval), the offsets below and above the forecast that miss 10% of
the training cascades on each side, each training data set weighing the same. "Left out" is the
shipped interval's situation on a platform it never saw (fitted on the other five data sets);
"own history" is what a platform gets from its own calibration (\`--fit --input FILE --platform NAME\`,
selected by \`options.platforms\`): fitted on the data set's even-numbered cascades, scored on its
odd-numbered ones; "own interval only" keeps the left-out correction and calibrates only the interval
on the even half (\`--fit --input FILE --platform NAME --interval-only\`). Width: median of high ÷ low.

| data set | observed | already at final size | left out: covers | left out: width | own history: covers | own history: width | own interval only: covers | own interval only: width |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Where a data set's cascades are mostly finished at a horizon (r/ireland and RumourEval threads at 6 h
and 24 h), every interval that contains the posts already seen covers at least the share already at
its final size: coverage above 85% there is forced by the data (the interval is then narrow, not
wide). Where a data set grows far more than any other after the horizon (ma2016: median final ÷ size
6.7 at 1 h, 3.2 at 6 h, table below; the other five at most 2.8 and 1.6), no interval calibrated on
the others covers it: only its own history can.

`;
}

export interface CrossSection {
  readonly tables: Tables;
  readonly matrix: Matrix;
  readonly scores: readonly FamilyScore[];
  readonly shipped: string;
  /** per data set, per horizon: the shipped family's 80% interval fitted without it (lodo) and on its own even half (own) */
  readonly intervals: Record<
    DatasetName,
    { readonly lodo: IntervalStats; readonly own: IntervalStats; readonly ownInterval: IntervalStats }[]
  >;
  /** per data set: the shipped family and naive both fitted on its even-numbered cascades, scored on its odd ones */
  readonly ownCells: Record<DatasetName, Cell[]>;
  /** per data set, per horizon: the left-out interval fixed and calibrated online, prequentially (online-eval.ts) */
  readonly online: Record<DatasetName, OnlineCell[]>;
  /** per data set: the candidate setting (online-select.ts) its cells are reported with, chosen on the other five */
  readonly onlineChoice: Record<DatasetName, string>;
  /** every candidate on every data set, and the one chosen on all six (what ships) */
  readonly onlineCandidates: readonly { readonly name: string; readonly cells: Record<DatasetName, OnlineCell[]> }[];
  readonly onlineShipped: string;
  /** the candidate chosen on all six data sets (what would ship by the protocol alone) */
  readonly onlineChosen: string;
  /** the same with quiet incidents calibrated apart (quietShare QUIET_APART) */
  readonly onlineQuiet: Record<DatasetName, OnlineCell[]>;
  /** the shipped settings with every outcome learnt as soon as the forecast is made (an oracle: not realisable) */
  readonly onlineAtOnce: Record<DatasetName, OnlineCell[]>;
  readonly onlineOptions: OnlineCalibration;
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
  const outside = (side: 'lodo' | 'own' | 'ownInterval'): string => {
    const bad = DATASETS.flatMap((d) =>
      HORIZONS.map((h, k) => [d, h, x.intervals[d][k]![side].coverage] as const).filter(
        ([, , c]) => c < 0.75 || c > 0.85,
      ),
    );
    const cells = DATASETS.length * HORIZONS.length;
    return bad.length
      ? `${cells - bad.length} of ${cells} cells; outside at ${bad.map(([d, h, c]) => `${d} ${hours(h)} (${pct(c)}%)`).join(', ')}`
      : `all ${cells} cells`;
  };
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
same training cascades. Chosen: among the families within the issue's bar (≤ 20% at 1 h on Twitter15
left out), most leave-one-out wins beyond noise (the paired 95% bootstrap interval of the difference
below 0), then most leave-one-out wins, then most pairwise wins, then the lower median ratio to naive.

| family | Twitter15 at 1 h, left out | leave-one-out wins over naive beyond noise (of 12) | leave-one-out wins (of 12) | pairwise wins over naive (of 60) | median MdAPE ÷ naive, pairwise |
|---|---|---|---|---|---|
${x.scores.map((s) => `| ${s.name}${s.name === shipped ? ' (shipped)' : ''} | ${pct(m.lodo.twitter15[0]!.mdape[s.name]!.value)}${s.twitterBar ? '' : ' (> 20%)'} | ${s.lodoSure} | ${s.lodoWins} | ${s.crossWins} | ${s.crossRatio.toFixed(3)} |`).join('\n')}

The shipped configuration is **${shipped}** fitted on all six data sets pooled (\`--fit\`); its
figures on a data set are those of the same fit redone without that data set:

${lodoTable(m, shipped)}

**Beats naive on every held-out data set at 1 h and 6 h: ${missed.length ? `no — missed at ${missed.join(', ')}` : 'yes'}${noisy.length ? `, but within noise (the paired 95% interval of the difference reaches 0) at ${noisy.join(', ')}` : ''}.**
**≤ 20% at 1 h on Twitter-like cascades (Twitter15, all sizes): ${pct(t1)}% — ${t1 <= 0.2 ? 'met' : 'not met'}.**
**80% interval covering 75–85%, calibrated online (prequential on each data set, starting from the interval fitted without it, the calibrator's settings chosen on the other five; the shipped default's own cells are its row of the candidate table): ${onlineOutside(x.online, 'online')}.**
**80% interval covering 75–85%, calibrated online with quiet incidents apart (\`quietShare\` 0.5, not the default): ${onlineOutside(x.onlineQuiet, 'online')}.**
**80% interval covering 75–85%, left out (the pooled interval fixed, on a platform it never saw): ${outside('lodo')}.**
**80% interval covering 75–85%, own history (a platform's own calibration, \`--fit --input --platform\`): ${outside('own')}.**
**80% interval covering 75–85%, own interval only (pooled correction kept, \`--interval-only\`): ${outside('ownInterval')}.**

${ownTable(x)}${intervalSection(x)}${onlineMarkdown(x)}

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
