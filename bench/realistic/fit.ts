/**
 * Fits the risk model on the TUNE split of bench/realistic (never on `report`): a logistic regression of
 * "this incident is a human flesh search" over the risk dimensions, monotone (every coefficient ≥ 0: more of a
 * harm never lowers the risk), then the level thresholds of the weighted score it implies, chosen on the same
 * tune units so that real benign cascades stay below `warning` and nothing but doxxing reaches `critical`.
 *
 *   npx tsx bench/realistic/fit.ts [--data ../shared/data] [--config my.yaml] [--seed 1] [--limit-real N]
 *       [--reuse-tracks: refit from bench/realistic/out/fit-tracks-tune.json, the assessments of the last run]
 *
 * The model: P(doxxing) = σ(b + Σ c_d·x_d) over x = (sensitivity, spread, mobilisation, malice) as the
 * incident's detectors score them (each the strongest signal of its dimension). The shipped score is the
 * weighted mean Σ w_d·x_d with w_d = c_d / Σc, so a threshold t on it is the probability σ(b + Σc·t): the fit
 * prints both. The risk gates (src/risk/gates.ts) stay on top: the model ranks, the gates say what a level needs.
 *
 * Samples: every assessment the pipeline makes (each event and tick of an incident), rounded and de-duplicated,
 * at most 60 per unit evenly spaced; a doxxing unit's from its first harm signal on. Each unit weighs the same
 * and both classes weigh the same. Writes bench/realistic/fit.json and prints the config block.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { combineRisk, type RiskWeights } from '../../src/risk/index.js';
import { build } from './build.js';
import { runUnits } from './pipeline-run.js';
import { chooseLevels, fitLogistic, type Row, type Track } from './fit-model.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const here = join(process.cwd(), 'bench', 'realistic');
const secret = 'bench-realistic-secret-0123456789';
const config = loadConfig({ file: opt('config'), env: {}, overrides: { fingerprintSecret: secret } });
const clock = (): number => performance.now();
const built = build({
  dataDir: opt('data') ?? join(process.cwd(), '..', 'shared', 'data'),
  work: join(here, 'out'),
  split: 'tune',
  seed: Number(opt('seed') ?? 1),
  zhPerKind: 40,
  enPerKind: 20,
  laidPerCorpus: 150,
  maxHostPosts: 400,
  maxEventPosts: 1000,
  limitReal: Number(opt('limit-real') ?? Infinity),
});

const tracksFile = join(here, 'out', 'fit-tracks-tune.json');
const tracks: Track[] = args.includes('--reuse-tracks')
  ? (JSON.parse(readFileSync(tracksFile, 'utf8')) as Track[])
  : [];
for (const [units, label] of tracks.length
  ? []
  : ([
      [built.runA, 'fit run A (real)'],
      [built.runB, 'fit run B (overlays)'],
    ] as const)) {
  const mine: Track[] = units.map((u) => {
    const times = u.posts.map((p) => p.time).sort((a, b) => a - b);
    return {
      cls: u.cls,
      tenth: times[Math.max(0, Math.ceil(0.1 * times.length) - 1)]!,
      rows: [],
    };
  });
  await runUnits(units, config, secret, label, clock, (ids, a, time) => {
    const d = a.dimensions;
    const row: Row = {
      time,
      x: [d.sensitivity, Math.round(d.spread * 100) / 100, d.mobilisation, d.malice],
      publicInterest: d.publicInterest,
      identifying: a.facts?.identifying ?? 0,
      call: a.facts?.call ?? false,
    };
    for (const i of ids) {
      const t = mine[i]!;
      const last = t.rows[t.rows.length - 1];
      if (last && last.x.every((v, k) => v === row.x[k]) && last.identifying === row.identifying) continue;
      t.rows.push(row);
    }
  });
  tracks.push(...mine);
}
if (!args.includes('--reuse-tracks')) writeFileSync(tracksFile, JSON.stringify(tracks));

const model = fitLogistic(tracks);
const levels = chooseLevels(tracks, model, config.risk.harmFloor, config.risk.levels.watch);
const weights: RiskWeights = { ...model.weights, publicInterest: 0 };
// the chosen levels replayed through the pipeline's own combination (gates included), as a check
const gate = {
  ...config.risk,
  spreadOnlyCap: levels.warning - 0.05,
  gates: { enabled: true, noTargetCap: levels.warning - 0.05, noDossierCap: levels.critical - 0.05 },
};
const reached = (t: Track, at: number): number | null => {
  for (const r of t.rows) {
    const [sensitivity, spread, mobilisation, malice] = r.x;
    const dims = { sensitivity, spread, mobilisation, malice, publicInterest: r.publicInterest };
    const facts = { identifying: r.identifying, call: r.call };
    if (combineRisk(dims, dims, facts, weights, gate).score >= at) return r.time;
  }
  return null;
};
const classes = [...new Set(tracks.map((t) => t.cls))].sort();
const figures = classes.map((cls) => {
  const ts = tracks.filter((t) => t.cls === cls);
  const warned = ts.map((t) => reached(t, levels.warning));
  return {
    cls,
    units: ts.length,
    warned: warned.filter((w) => w !== null).length / ts.length,
    warnedEarly: ts.filter((t, i) => warned[i] !== null && warned[i]! <= t.tenth).length / ts.length,
    critical: ts.filter((t) => reached(t, levels.critical) !== null).length,
  };
});
const out = {
  command: `npx tsx bench/realistic/fit.ts ${args.join(' ')}`.trim(),
  split: 'tune',
  samples: model.samples,
  features: ['sensitivity', 'spread', 'mobilisation', 'malice'],
  intercept: model.intercept,
  coefficients: model.coefficients,
  weights,
  levels,
  probabilities: levels.probabilities,
  figures,
};
writeFileSync(join(here, 'fit.json'), JSON.stringify(out, null, 2) + '\n');
process.stdout.write(
  [
    `# fitted on the tune split: ${out.command}`,
    'risk:',
    '  weights:',
    ...(['sensitivity', 'spread', 'mobilisation', 'malice', 'publicInterest'] as const).map(
      (k) => `    ${k}: ${weights[k]}`,
    ),
    '  levels:',
    `    watch: ${levels.watch}`,
    `    warning: ${levels.warning}`,
    `    critical: ${levels.critical}`,
    `  spreadWatch: ${config.risk.spreadWatch}`,
    '',
    ...figures.map(
      (f) =>
        `${f.cls.padEnd(40)} units ${String(f.units).padStart(5)}  warned ${(100 * f.warned).toFixed(1).padStart(5)}%  ` +
        `early ${(100 * f.warnedEarly).toFixed(1).padStart(5)}%  critical ${f.critical}`,
    ),
  ].join('\n') + '\n',
);
