/**
 * Fits the risk model on the TUNE split of bench/realistic (never on `report`): a logistic regression of
 * "this incident is a human flesh search" over the risk dimensions, monotone (every coefficient ≥ 0: more of a
 * harm never lowers the risk), then the level thresholds of the weighted score it implies, chosen on the same
 * tune units so that real benign cascades stay below `warning` and nothing but doxxing reaches `critical`.
 *
 *   npx tsx bench/realistic/fit.ts [--data ../shared/data] [--config my.yaml] [--seed 1] [--limit-real N]
 *       [--reuse-tracks: refit from bench/realistic/out/fit-tracks-tune.json, the assessments of the last run]
 *       [--no-amplifier: ship the model without spread's amplifier (both are fitted and reported)]
 *
 * The model: P(doxxing) = σ(b + Σ c_d·x_d + a_s·sensitivity·spread + a_m·mobilisation·spread) over the harm
 * dimensions x = (sensitivity, mobilisation, malice) as the incident's detectors score them (each the strongest
 * signal of its dimension) and spread only as an amplifier of harm, never a term of its own. The shipped score is
 * the weighted mean Σ w_d·x_d with w_d = c_d / Σc, plus the amplifier a/Σc once that mean reaches `warning`
 * (risk.amplifier: spread never creates a warning), so a threshold t on it is the probability σ(b + Σc·t). The
 * risk gates (src/risk/gates.ts) stay on top: the model ranks, the gates say what a level needs.
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

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

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

// the model with spread's amplifier and without it, from the same assessments: both are reported, one is shipped
const variants = [true, false].map((amplify) => {
  const model = fitLogistic(tracks, undefined, undefined, undefined, amplify);
  const levels = chooseLevels(tracks, model, config.risk.harmFloor, config.risk.levels.watch);
  const weights: RiskWeights = { ...model.weights, publicInterest: 0 };
  // the chosen levels replayed through the pipeline's own combination (gates and amplifier included), as a check
  const gate = {
    ...config.risk,
    levels,
    amplifier: model.amplifier,
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
    const critical = ts.map((t) => reached(t, levels.critical));
    return {
      cls,
      units: ts.length,
      warned: r3(warned.filter((w) => w !== null).length / ts.length),
      warnedEarly: r3(ts.filter((t, i) => warned[i] !== null && warned[i]! <= t.tenth).length / ts.length),
      critical: critical.filter((c) => c !== null).length,
      criticalEarly: ts.filter((t, i) => critical[i] !== null && critical[i]! <= t.tenth).length,
    };
  });
  return {
    amplifier: amplify,
    intercept: model.intercept,
    coefficients: model.coefficients,
    weights,
    spreadAmplifier: model.amplifier,
    levels,
    figures,
    samples: model.samples,
  };
});
const shipped = variants[args.includes('--no-amplifier') ? 1 : 0]!;
const out = {
  command: `npx tsx bench/realistic/fit.ts ${args.join(' ')}`.trim(),
  split: 'tune',
  samples: shipped.samples,
  features: ['sensitivity', 'mobilisation', 'malice', 'sensitivity×spread', 'mobilisation×spread'],
  shipped: shipped.amplifier ? 'with amplifier' : 'without amplifier',
  intercept: shipped.intercept,
  coefficients: shipped.coefficients,
  weights: shipped.weights,
  amplifier: shipped.spreadAmplifier,
  levels: shipped.levels,
  figures: shipped.figures,
  other: variants.find((v) => v !== shipped),
};
writeFileSync(join(here, 'fit.json'), JSON.stringify(out, null, 2) + '\n');
const table = (v: (typeof variants)[number]): string[] => [
  `## ${v.amplifier ? 'with' : 'without'} spread's amplifier: intercept ${v.intercept}, coefficients ${JSON.stringify(v.coefficients)}`,
  ...v.figures.map(
    (f) =>
      `${f.cls.padEnd(40)} units ${String(f.units).padStart(5)}  warned ${(100 * f.warned).toFixed(1).padStart(5)}%  ` +
      `early ${(100 * f.warnedEarly).toFixed(1).padStart(5)}%  critical ${f.critical} (early ${f.criticalEarly})`,
  ),
];
const { weights, levels } = shipped;
process.stdout.write(
  [
    `# fitted on the tune split: ${out.command} (${out.shipped})`,
    'risk:',
    '  weights:',
    ...(['sensitivity', 'spread', 'mobilisation', 'malice', 'publicInterest'] as const).map(
      (k) => `    ${k}: ${weights[k]}`,
    ),
    '  levels:',
    `    watch: ${levels.watch}`,
    `    warning: ${levels.warning}`,
    `    critical: ${levels.critical}`,
    '  amplifier:',
    `    sensitivity: ${shipped.spreadAmplifier.sensitivity}`,
    `    mobilisation: ${shipped.spreadAmplifier.mobilisation}`,
    `  spreadWatch: ${config.risk.spreadWatch}`,
    '',
    ...table(variants[0]!),
    '',
    ...table(variants[1]!),
  ].join('\n') + '\n',
);
