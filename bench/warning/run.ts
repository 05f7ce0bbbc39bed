/**
 * bench/warning: does doxguard warn early, on the right incidents, and does
 * its forecast beat a naive one? Writes bench/warning/REPORT.md.
 *
 *   npx tsx bench/warning/run.ts [--seed 1] [--doxxing 20] [--background 1000]
 *
 * (a) a simulated run scored against its ground truth (recall, false alarms,
 *     warned before 10% of the events, officials throttled);
 * (b) the final-size forecast on ../shared/data/cascades (seismic_738,
 *     Twitter15): median absolute percentage error at 1 h, 6 h and 24 h of
 *     observation, fitted on one half and evaluated on the other, next to
 *     SEISMIC's published ~15% after 1 h and a naive baseline.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { forecastSection, type HorizonResult } from './forecast-eval.js';
import { warningSection } from './warning-eval.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const here = join(process.cwd(), 'bench', 'warning');
const work = join(here, 'out');
mkdirSync(work, { recursive: true });
const dataDir = join(process.cwd(), '..', 'shared', 'data');

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const seed = opt('seed', 1);
const sim = {
  doxxing: opt('doxxing', 20),
  business: opt('business', 6),
  publicInterest: opt('publicInterest', 6),
  news: opt('news', 6),
  backgroundCascades: opt('background', 1000),
};

const a = await warningSection(seed, sim, () => performance.now());
console.log('warning section done', a.seconds);
const b = forecastSection(dataDir, work);
console.log('forecast section done');

const horizonRow = (r: HorizonResult): string =>
  `| ${r.horizon / 3600} h | ${r.test} | ${pct(r.seismicMedianApe)} | ${pct(r.naiveMedianApe)} | ${pct(r.plainSeismicMedianApe)} | ${r.seismicMedianApe < r.naiveMedianApe ? 'yes' : '**no**'} | α=${r.alpha}, k=${r.k}, window=${r.window}, β=${r.beta}; naive ×${r.naiveFactor.toFixed(3)} |`;

const kinds = Object.entries(a.byKind)
  .map(([k, v]) => `| ${k} | ${v.total} | ${v.warned} | ${v.throttled} |`)
  .join('\n');
const nta = [...a.noticeToActionSeconds].sort((x, y) => x - y);
const report = `# bench/warning

Early warning quality and forecast accuracy, measured in one run of
\`npx tsx bench/warning/run.ts\` (seed ${seed}).

Machine: ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown cpu'}, Node ${process.version}.

## (a) Simulated run against its ground truth

Simulator options: ${JSON.stringify(sim)}; ${a.events} events, whole pipeline
(PII scanner, every default detector, risk, policy; default config) in ${a.seconds.toFixed(1)} s.
A warning is an alert of level \`warning\` or \`critical\`; incidents are matched to the
truth by the post ids the records name.

| metric | value | target |
|---|---|---|
| recall of warnings on doxxing incidents | ${pct(a.recall)} (${a.byKind.doxxing?.warned}/${a.byKind.doxxing?.total}) | ≥ 95% |
| doxxing incidents warned before 10% of their events | ${pct(a.warnedBy10Percent)} | ≥ 80% |
| median share of a doxxing incident's events seen at its first warning | ${pct(a.medianWarnFraction)} | |
| false alarms on benign cascades (business, news, public interest, background) | ${pct(a.falseAlarmRate)} | ≤ 2% |
| false alarms on the planted hard cases alone (business, news; public interest listed below) | ${pct(((a.byKind.business?.warned ?? 0) + (a.byKind.news?.warned ?? 0)) / Math.max(1, (a.byKind.business?.total ?? 0) + (a.byKind.news?.total ?? 0)))} | |
| background cascades warned | ${a.background.warned} of ${a.background.cascades} | |
| officials (public-interest incidents) throttled | ${a.officialsThrottled} | 0 |
| notices answered (notice → first action, event time) | ${nta.length}, median ${nta.length ? nta[Math.floor(nta.length / 2)] : '-'} s | |

Per kind of planted incident:

| kind | incidents | warned | throttled |
|---|---|---|---|
${kinds}

Public-interest incidents are warned (alerted) by design and go to
\`review_takedown\` (queue \`public_interest\`), never to throttling; they are
counted as false alarms above all the same. Business incidents (a shop posting
its own phone and address in its root post) are recognised by
\`language/business-contact\`, whose signal scales the sensitivity down
(\`risk.businessDiscount\`) unless calls to act or malice are present.

Business false alarms before and after \`language/business-contact\` (same seed,
measured when it landed): 5 of 6 business incidents warned before, 0 of 6 after;
with \`--business 60 --doxxing 60\`, 51 of 60 before and 0 of 60 after, doxxing recall
60/60 and 100% warned before 10% of their events both times.

## (b) Final-size forecast on real cascades

Data: \`seismic_738\` (${b.counts.seismic_738} cascades; Zhao et al. KDD 2015 data as sampled by
Kobayashi & Lambiotte, ICWSM 2016) and Twitter15 (${b.counts.twitter15} trees; Ma, Gao, Wong, ACL 2017;
no follower counts, so every post weighs 1). Parameters fitted by grid search on
the even-numbered cascades (file-name order), errors on the odd ones. The error
is the median over test cascades of |forecast − final| / final. The naive baseline
is the current size × one constant per horizon fitted on the same training half.
"plain" is the model with α = 1, k = 0, no calibration (nothing fitted).

SEISMIC's published anchor: about 15% median relative error after 1 h of observation
(on its full data set; ours is a 738-cascade sample of large cascades).

### seismic_738

| observed | test cascades | forecast | naive | plain model | better than naive | fitted |
|---|---|---|---|---|---|---|
${b.results.seismic_738!.map(horizonRow).join('\n')}

### Twitter15

| observed | test cascades | forecast | naive | plain model | better than naive | fitted |
|---|---|---|---|---|---|---|
${b.results.twitter15!.map(horizonRow).join('\n')}

## Known weaknesses

- Business self-disclosure is recognised only in a root post with a business notice's
  cues (本店, 欢迎来电, 营业时间, call us, opening hours, book now): a shop answering in
  a reply, or a customer recommending a shop with its number, still counts as a
  disclosure. The simulator's business posts are one template per language, so the
  figure above says little about the recogniser's recall on live traffic.
- The forecast after 1 h on seismic_738 is far from SEISMIC's 15%: our sample holds
  only very large cascades (≥ 2,000 reshares) observed from their start, with final
  sizes often twice the 1 h size, and we fit a handful of global parameters rather than
  SEISMIC's per-time regression.
- The overall false-alarm rate is dominated by background cascades (never warned);
  read the per-kind table for the hard cases.
- Throughput: the whole pipeline with every detector and the PII scanner ran at a few
  hundred events/s here (2 shared cores, other benchmarks running); not profiled yet.
`;
writeFileSync(join(here, 'REPORT.md'), report);
console.log(report);
