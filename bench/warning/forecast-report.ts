/** Markdown of part (b) of bench/warning/REPORT.md, and the `--fit` output. */
import type { AgeCorrection } from '../../detectors/cascade/forecast-correction.js';
import { type DatasetResult, type HorizonResult, SEISMIC_PUBLISHED_1H } from './forecast-eval.js';
import type { FittedForecast } from './forecast-fit.js';

/** one decimal, two below 10% (so that small errors still compare) */
const pct = (x: number): string => `${(100 * x).toFixed(Math.abs(x) < 0.1 ? 2 : 1)}%`;
const pts = (x: number): string =>
  `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(100 * x).toFixed(Math.abs(x) < 0.1 ? 2 : 1)}`;
const hours = (s: number): string => (s < 3600 ? `${s / 60} min` : `${s / 3600} h`);

export function verdict(r: HorizonResult): string {
  if (!(r.forecast < r.naive)) return '**no**';
  return r.ci[1] < 0 ? 'yes' : 'yes (within noise)';
}

function mainTable(d: DatasetResult, transfer: boolean): string {
  const rows = d.horizons.map(
    (r) =>
      `| ${hours(r.horizon)} | ${r.test} | ${pct(r.forecast)} | ${pct(r.naive)} | ${pct(r.plain)} | ${
        r.horizon === 3600 ? `~${Math.round(100 * SEISMIC_PUBLISHED_1H)}%` : ''
      } | ${pts(r.forecast - r.naive)} [${pts(r.ci[0])}, ${pts(r.ci[1])}] | ${verdict(r)} |${transfer ? ` ${pct(r.shipped)} |` : ''}`,
  );
  return [
    `| observed | test cascades | forecast | naive | plain SEISMIC | SEISMIC published | forecast − naive, points [95% CI] | better than naive |${transfer ? ' shipped (seismic_738 fit) |' : ''}`,
    `|---|---|---|---|---|---|---|---|${transfer ? '---|' : ''}`,
    ...rows,
    `| pooled (all three) | ${d.horizons.reduce((s, r) => s + r.test, 0)} | ${pct(d.pooled.forecast)} | ${pct(d.pooled.naive)} | ${pct(d.pooled.plain)} | | | |${transfer ? ' |' : ''}`,
  ].join('\n');
}

function detailTable(d: DatasetResult): string {
  const rows = d.horizons.map(
    (r) =>
      `| ${hours(r.horizon)} | ${pct(r.cv.forecast)} vs ${pct(r.cv.naive)} | ${r.complete} | ${pct(r.growing.forecast)} vs ${pct(r.growing.naive)} | ${r.fewPosts} | a=${r.knot.intercept}, b=${r.knot.slope} | ×${r.naiveFactor.toFixed(3)} |`,
  );
  return [
    '| observed | 10-fold CV, all cascades: forecast vs naive | test cascades complete by then | still growing: forecast vs naive | test cascades under minPosts | correction knot | naive factor |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export const knotsYaml = (k: AgeCorrection): string =>
  k.map((x) => `        - { ageSeconds: ${x.ageSeconds}, intercept: ${x.intercept}, slope: ${x.slope} }`).join('\n');

export function fitText(name: string, f: FittedForecast): string {
  return [
    `${name}: follower exponent ${f.followerExponent} (5-fold CV on the training half, forecast ÷ naive MdAPE averaged over ages: ${f.cv
      .map((c) => `${c.exponent} → ${c.ratio.toFixed(3)}`)
      .join(', ')})`,
    `config/default.yaml, detectors.cascade/forecast.options:`,
    `      followerExponent: ${f.followerExponent}`,
    `      correction:`,
    knotsYaml(f.correction),
  ].join('\n');
}

function targetLine(results: Record<string, DatasetResult>): string {
  const missed = Object.entries(results).flatMap(([name, d]) =>
    d.horizons.filter((r) => !(r.forecast < r.naive)).map((r) => `${name} at ${hours(r.horizon)}`),
  );
  const noisy = Object.entries(results).flatMap(([name, d]) =>
    d.horizons.filter((r) => r.forecast < r.naive && r.ci[1] >= 0).map((r) => `${name} at ${hours(r.horizon)}`),
  );
  const cvNot = Object.entries(results).flatMap(([name, d]) =>
    d.horizons
      .filter((r) => !(r.cv.forecast < r.cv.naive))
      .map((r) => `${name} at ${hours(r.horizon)} (${pct(r.cv.forecast)} vs ${pct(r.cv.naive)})`),
  );
  const head = missed.length
    ? `**Target (better than naive at every horizon): missed** at ${missed.join(', ')}.`
    : '**Target (better than naive at every horizon): met** on the test half.';
  return [
    head,
    noisy.length ? `Better but within noise (the 95% interval of the difference includes 0): ${noisy.join(', ')}.` : '',
    cvNot.length
      ? `The 10-fold cross-validation does not confirm it at ${cvNot.join(', ')}.`
      : 'The 10-fold cross-validation over all cascades agrees at every horizon.',
  ]
    .filter(Boolean)
    .join(' ');
}

export function forecastMarkdown(results: Record<string, DatasetResult>): string {
  const s = results.seismic_738!;
  const t = results.twitter15!;
  return `## (b) Final-size forecast on real cascades

Data: \`seismic_738\` (${s.cascades} cascades; Zhao et al. KDD 2015 data as sampled by
Kobayashi & Lambiotte, ICWSM 2016: only tweets with more than 2,000 retweets, observed ~7 days)
and Twitter15 (${t.cascades} trees; Ma, Gao, Wong, ACL 2017; the source tweet included; no
follower counts, so every post counts as the detector's \`defaultFollowers\`). The error is the
median over test cascades of |forecast − final| / final (MdAPE), \`final\` being the size at the
end of the data.

What is measured is what \`cascade/forecast\` reports: the same functions
(\`detectors/cascade/forecast-correction.ts\`) with the detector's option defaults — SEISMIC's
power-law kernel, infectiousness over SEISMIC's triangular window (half the age, 5 min to 2 h),
the raw forecast corrected by the observation age: ln(final / n) = max(0, a(t) + b(t) · ln(raw / n))
with knots at 10 min … 4 days (linear in ln t between them). Fitted on the even-numbered cascades
(file-name order) only: the follower exponent (posts weigh followers^g, g chosen by 5-fold
cross-validation within the training half) and (a, b) per knot, by the MdAPE itself; the naive
baseline (current size × one factor per age) is fitted the same way with b held at 0, so the
correction nests it. Scored on the odd-numbered cascades. The 10-fold column repeats the whole fit
without each tenth of all cascades and scores that tenth. "plain SEISMIC" is the raw model
(followers weighed as they are, triangular window, no correction: nothing fitted). SEISMIC's
published anchor is about 15% median error after 1 h on its full data set; ours is a sample of very
large cascades, whose growth after 1 h is both larger and more varied.

${targetLine(results)}

### seismic_738

${mainTable(s, false)}

${detailTable(s)}

Fitted on its training half: ${fitText('seismic_738', s.fit).split('\n')[0]!.replace('seismic_738: ', '')}.
The shipped defaults (\`config/default.yaml\`) ${s.shippedIsFit ? 'are exactly this fit' : '**differ from this fit** (re-run `--fit`)'}.

### Twitter15

${mainTable(t, true)}

${detailTable(t)}

Fitted on its own training half (no follower counts: the exponent cannot matter and stays 1).
The last column is the shipped correction, fitted on seismic_738, applied unchanged: what the live
detector would have said on these cascades.
`;
}

/** The forecast's known weaknesses, with this run's figures. */
export function forecastWeaknesses(results: Record<string, DatasetResult>): string {
  const s = results.seismic_738!;
  const t = results.twitter15!;
  const worse = t.horizons.filter((r) => r.shipped > r.naive);
  const h1 = s.horizons[0]!;
  const t1 = t.horizons[0]!;
  return [
    `- The shipped correction is fitted on seismic_738, whose cascades all grew past 2,000 retweets:`,
    `  its intercepts carry that selection (a cascade the raw model sees as finished is still`,
    `  expected to grow ×${Math.exp(s.fit.correction[0]?.intercept ?? 0).toFixed(1)} from 10 min). Applied unchanged to Twitter15, cascades of every`,
    `  size, it is ${worse.length === t.horizons.length ? 'worse than Twitter15’s own naive factor at every horizon' : worse.length ? `worse than Twitter15’s own naive factor at ${worse.map((r) => hours(r.horizon)).join(', ')}` : 'still better than Twitter15’s own naive factor'}`,
    `  (${t.horizons.map((r) => `${hours(r.horizon)}: ${pct(r.shipped)} vs ${pct(r.naive)}`).join(', ')}): on ordinary`,
    `  cascades the live detector overestimates growth. Spread alone cannot warn (risk's harm gate),`,
    `  so this raises the spread dimension rather than alarms; part (a) above is measured with it.`,
    `  A correction fitted on cascades sampled regardless of their final size (a platform's own`,
    `  history) is what a deployment should ship; \`--fit\` reads only these two data sets today.`,
    `- After 1 h on seismic_738 the forecast (${pct(h1.forecast)}) is still far from SEISMIC's ~15%: the`,
    `  sample holds only very large cascades, often doubling after 1 h. Its gain over the naive factor`,
    `  there (${pts(h1.forecast - h1.naive)} points, 95% CI ${pts(h1.ci[0])} to ${pts(h1.ci[1])}) rests on a knot fitted from ${Math.ceil(s.cascades / 2)} cascades.`,
    `- Follower weighting: on seismic_738 weighing posts by followers (SEISMIC's n_i) made the`,
    `  cross-validated forecast worse, so the fit ships followerExponent ${s.fit.followerExponent}: the forecast counts`,
    `  posts${s.fit.followerExponent === 0 ? ' and ignores audiences (cascade/reach scores those)' : ''}. Set 1 for SEISMIC's weighting.`,
    `- The knots are fitted independently and their slopes jump between neighbours; on Twitter15 at`,
    `  1 h the plain model (${pct(t1.plain)}) beats the fitted correction (${pct(t1.forecast)}) on the test half.`,
    `  A smoother fit (fewer knots, a penalty on jumps) was not tried.`,
  ].join('\n');
}
