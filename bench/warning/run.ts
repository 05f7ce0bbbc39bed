/**
 * bench/warning: does doxguard warn early, on the right incidents, and does
 * its forecast beat a naive one? Writes bench/warning/REPORT.md.
 *
 *   npx tsx bench/warning/run.ts [--seed 1] [--doxxing 20] [--background 1000]
 *   npx tsx bench/warning/run.ts --fit    # only fit the forecast's defaults (six data sets pooled)
 *   npx tsx bench/warning/run.ts --fit --input history.ndjson [--platform NAME] [--family quiet | --interval-only]
 *   --data DIR: the public data sets (default ../shared/data from the working directory)
 *
 * (a) a simulated run scored against its ground truth (recall, false alarms,
 *     warned before 10% of the events, officials throttled);
 * (b) the final-size forecast across every data set with times in
 *     ../shared/data (bench/warning/cross-eval.ts): fitted on one, scored on
 *     the others at 1 h, 6 h and 24 h, beside the naive and no-growth
 *     baselines; the family that generalises best is what ships.
 *
 * --fit fits the shipped family and its 80% interval on every data set
 * pooled and prints the config/default.yaml lines (also written to
 * bench/warning/out/forecast-fit.yaml); --fit --input FILE fits them on a
 * platform's own history (doxguard events NDJSON, one cascade per root); with
 * --platform NAME only that platform's cascades, printed as its block under
 * options.platforms (its own calibration; other platforms keep the pooled one).
 * Parsed data sets are cached in bench/warning/out/cache (delete to re-read).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { crossMarkdown } from './cross-report.js';
import { SHIPPED_FAMILY, crossSection, fitPooled, fitYaml } from './forecast-ship.js';
import { fitOwnHistory, fitOwnInterval } from './own-history.js';
import { FAMILIES } from './forecast-models.js';
import { warningSection } from './warning-eval.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const here = join(process.cwd(), 'bench', 'warning');
const work = join(here, 'out');
mkdirSync(work, { recursive: true });
const dataDir = args.includes('--data')
  ? args[args.indexOf('--data') + 1]!
  : join(process.cwd(), '..', 'shared', 'data');

if (args.includes('--fit')) {
  const input = args.includes('--input') ? args[args.indexOf('--input') + 1] : undefined;
  const platform = args.includes('--platform') ? args[args.indexOf('--platform') + 1] : undefined;
  const name = args.includes('--family') ? args[args.indexOf('--family') + 1]! : SHIPPED_FAMILY;
  if (!FAMILIES.some((f) => f.name === name && f.name !== 'no-growth'))
    throw new Error(`--family ${name}: one of ${FAMILIES.map((f) => f.name).join(', ')}`);
  const intervalOnly = input !== undefined && args.includes('--interval-only');
  const fit = intervalOnly
    ? fitOwnInterval(input, platform)
    : input
      ? fitOwnHistory(input, platform, name)
      : fitPooled(dataDir, work, name);
  const yaml = fitYaml(fit, input ? platform : undefined, intervalOnly);
  writeFileSync(join(work, 'forecast-fit.yaml'), yaml + '\n');
  console.log(yaml);
  console.log(`written to ${join(work, 'forecast-fit.yaml')}: paste under detectors.cascade/forecast.options`);
  process.exit(0);
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const seed = opt('seed', 1);
const sim = {
  doxxing: opt('doxxing', 20),
  business: opt('business', 6),
  publicInterest: opt('publicInterest', 6),
  news: opt('news', 6),
  backgroundCascades: opt('background', 1000),
};

const load0 = loadavg();
const t0 = performance.now();
const a = await warningSection(seed, sim, () => performance.now());
console.log('warning section done', a.seconds);
const b = crossSection(dataDir, work);
writeFileSync(join(work, 'forecast-fit.yaml'), fitYaml(b.fit) + '\n');
if (b.shipped !== SHIPPED_FAMILY)
  console.log(`the matrix chose ${b.shipped}, SHIPPED_FAMILY is ${SHIPPED_FAMILY}: update it and refit (--fit)`);
const forecastSeconds = (performance.now() - t0) / 1000 - a.seconds;
console.log('forecast section done', forecastSeconds);
const load1 = loadavg();
const loads = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' / ');

const kinds = Object.entries(a.byKind)
  .map(([k, v]) => `| ${k} | ${v.total} | ${v.warned} | ${v.throttled} |`)
  .join('\n');
const nta = [...a.noticeToActionSeconds].sort((x, y) => x - y);
const report = `# bench/warning

Early warning quality and forecast accuracy, measured in one run of
\`npx tsx bench/warning/run.ts\` (seed ${seed}; from a checkout beside ../shared, else add \`--data DIR\`); part (b) in ${forecastSeconds.toFixed(0)} s${b.cached ? ' (its matrix read from bench/warning/out/cache, computed by an earlier run of the same code: about 10 min on this machine under load ~18)' : ''}.

Machine: ${cpus().length} cores (nproc), ${cpus()[0]?.model ?? 'unknown cpu'}, Node ${process.version};
load average (1 / 5 / 15 min) ${loads(load0)} before, ${loads(load1)} after.

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

The forecast (part (b)) reaches part (a) only through risk's spread dimension, and since the risk
model fitted on bench/realistic's tune split (\`risk.weights.spread\` 0, \`risk.spreadWatch\` 0.7) spread
decides \`watch\` and nothing above it: by construction the forecast no longer moves the warning figures above (not rerun to check; it is carried in
incident records, alert reasons and the HTML timeline). Before that fit, with the raw model instead of the
fitted correction, recall, warned before 10%, false alarms and officials throttled were the same.

${crossMarkdown(b)}
## Known weaknesses

- Business self-disclosure is recognised only in a root post with a business notice's
  cues (本店, 欢迎来电, 营业时间, call us, opening hours, book now): a shop answering in
  a reply, or a customer recommending a shop with its number, still counts as a
  disclosure. The simulator's business posts are one template per language, so the
  figure above says little about the recogniser's recall on live traffic.
- The overall false-alarm rate is dominated by background cascades (never warned);
  read the per-kind table for the hard cases.
- Throughput is not what part (a) measures: ${a.events} events through the whole pipeline in
  ${a.seconds.toFixed(1)} s of wall time here; bench/pipeline measures it.
`;
writeFileSync(join(here, 'REPORT.md'), report);
console.log(report);
