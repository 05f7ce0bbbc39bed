/**
 * bench/realistic: doxguard on real traffic. Real cascades with their real
 * text (Weibo CHECKED, RumourEval, Ma 2016 events), real posts of the other
 * corpora laid on real cascade shapes, the simulator's doxxing cases and
 * hard negatives laid over real cascades, all through the pipeline
 * `doxguard run` uses; per-post fires of every recognizer and word list
 * through `doxguard scan`'s code; the Chinese recognizers on CLUENER and
 * Weibo NER. Progress on stderr; results in bench/realistic/out/results-<split>.json.
 *
 *   npx tsx bench/realistic/run.ts [--split report|tune|all] [--config my.yaml] [--seed 1]
 *       [--zh 40] [--en 20] [--laid 150] [--max-host-posts 400] [--max-event-posts 1000]
 *       [--post-sample 20000] [--judge-sample 6] [--sections pipeline,posts,ner]
 *       [--limit-real N (smoke run)] [--data ../shared/data] [--write-report] [--baseline]
 *
 * The split (bench/realistic/split.ts) is fixed: fit on `tune`, report on `report`.
 * A section left out of --sections keeps its figures from the last results file of the split.
 * --write-report writes bench/realistic/REPORT.md and results.json (report split only);
 * --baseline stores the figures as bench/realistic/baseline.json (the shipped default before issue 14).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { build } from './build.js';
import { nerFigures } from './ner.js';
import { runUnits } from './pipeline-run.js';
import { fireFunction, postFigures } from './post-fires.js';
import { renderReport, type Results } from './report.js';
import { classFigures } from './score.js';
import { parseSplit } from './split.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const num = (name: string, dflt: number): number => Number(opt(name) ?? dflt);

const split = parseSplit(opt('split'));
const sections = new Set((opt('sections') ?? 'pipeline,posts,ner').split(','));
const here = join(process.cwd(), 'bench', 'realistic');
const work = join(here, 'out');
mkdirSync(work, { recursive: true });
const dataDir = opt('data') ?? join(process.cwd(), '..', 'shared', 'data');
const configFile = opt('config');
const secret = 'bench-realistic-secret-0123456789';
const config = loadConfig({ file: configFile, env: {}, overrides: { fingerprintSecret: secret } });
const clock = (): number => performance.now();
const load0 = loadavg();
const t0 = clock();
const resultsFile = join(work, `results-${split}.json`);
const previous = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Results) : null;

const built = build({
  dataDir,
  work,
  split,
  seed: num('seed', 1),
  zhPerKind: num('zh', 40),
  enPerKind: num('en', 20),
  laidPerCorpus: num('laid', 150),
  maxHostPosts: num('max-host-posts', 400),
  maxEventPosts: num('max-event-posts', 1000),
  limitReal: num('limit-real', Infinity),
});

let pipeline: Pick<Results, 'events' | 'classes' | 'allWeibo' | 'command'> | null = null;
if (sections.has('pipeline')) {
  process.stderr.write(`bench/realistic: run A ${built.runA.length} units, run B ${built.runB.length} units\n`);
  const a = await runUnits(built.runA, config, secret, 'run A (real)', clock);
  const b = await runUnits(built.runB, config, secret, 'run B (overlays)', clock);
  const inChoice = (u: { split: string }): boolean => split === 'all' || u.split === split;
  const checkedAll = built.runA
    .map((u, i) => ({ u, o: a.outcomes[i]! }))
    .filter((x) => x.u.cls === 'real:weibo_checked');
  pipeline = {
    command: `npx tsx bench/realistic/run.ts ${args.join(' ')}`.trim(),
    events: { runA: a.events, runB: b.events, secondsA: a.seconds, secondsB: b.seconds },
    classes: [
      ...classFigures(
        built.runA.filter(inChoice),
        a.outcomes.filter((_, i) => inChoice(built.runA[i]!)),
      ),
      ...classFigures(built.runB, b.outcomes),
    ],
    allWeibo: {
      cascades: checkedAll.length,
      events: checkedAll.reduce((s, x) => s + x.u.posts.length, 0),
      warned: checkedAll.filter((x) => x.o.firstWarn !== null).length,
      throttled: checkedAll.filter((x) => (x.o.actions.throttle ?? 0) > 0).length,
      popup: checkedAll.filter((x) => (x.o.actions.popup_warning ?? 0) > 0).length,
    },
  };
  writeFileSync(
    join(work, `units-${split}.json`),
    JSON.stringify(
      [
        ...built.runA.map((u, i) => [u, a.outcomes[i]!] as const),
        ...built.runB.map((u, i) => [u, b.outcomes[i]!] as const),
      ].map(([u, o]) => ({
        source: `${u.sourceFile}:${u.unitId}`,
        split: u.split,
        cls: u.cls,
        posts: u.posts.length,
        ...o,
      })),
    ) + '\n',
  );
} else if (!previous) throw new Error(`--sections without pipeline needs a previous ${resultsFile}`);

const results: Results = {
  ...(pipeline ?? previous!),
  split,
  config: configFile ?? 'config/default.yaml',
  machine: `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  load: [load0, loadavg()].map((l) => l.map((x) => x.toFixed(2)).join(' / ')),
  posts: sections.has('posts')
    ? postFigures(built.posts, fireFunction(config, secret), num('post-sample', 20_000), num('judge-sample', 6))
    : (previous?.posts ?? null),
  ner: sections.has('ner') ? nerFigures(join(dataDir, 'text'), split, config, secret) : (previous?.ner ?? null),
  seconds: (clock() - t0) / 1000,
};
writeFileSync(resultsFile, JSON.stringify(results, null, 1) + '\n');
if (args.includes('--baseline')) writeFileSync(join(here, 'baseline.json'), JSON.stringify(results, null, 1) + '\n');
if (args.includes('--write-report')) {
  if (split !== 'report') throw new Error('--write-report writes the committed report: use it with --split report');
  writeFileSync(join(here, 'results.json'), JSON.stringify(results, null, 1) + '\n');
  writeFileSync(join(here, 'REPORT.md'), renderReport(results, here));
}
process.stderr.write(`bench/realistic: done in ${results.seconds.toFixed(0)} s; results in ${resultsFile}\n`);
process.stdout.write(renderReport(results, here));
