/**
 * Fits the risk model on the TUNE split of bench/realistic (never on `report`): a logistic regression of
 * "this incident is a human flesh search" over the risk dimensions, monotone (every coefficient ≥ 0: more of a
 * harm never lowers the risk), then the level thresholds of the weighted score it implies, chosen on the same
 * tune units so that real benign cascades stay below `warning` and nothing but doxxing reaches `critical`.
 *
 *   npx tsx bench/realistic/fit.ts [--data ../shared/data] [--config my.yaml] [--seed 1] [--limit-real N]
 *       [--reuse-tracks: refit from bench/realistic/out/fit-tracks-tune.json, the assessments of the last run]
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
 * and both classes weigh the same. Writes bench/realistic/fit.json and prints, per variant (the fit with and
 * without the amplifier, the amplifier set by hand at a few strengths, the config as shipped), what each tune class
 * reaches in a replay of the assessments through combineRisk: units warned, warned by their 10% post, critical.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { combineRisk, type RiskWeights } from '../../src/risk/index.js';
import { build } from './build.js';
import { runUnits } from './pipeline-run.js';
import { chooseLevels, fitLogistic, type Levels, type Model, type Row, type Track } from './fit-model.js';

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

interface Variant {
  readonly name: string;
  readonly weights: RiskWeights;
  readonly amplifier: { sensitivity: number; mobilisation: number };
  readonly levels: { watch: number; warning: number; critical: number };
}
/** A variant's levels replayed through the pipeline's own combination (gates and amplifier included) on every tune unit. */
function evaluate(v: Variant) {
  const { levels, weights } = v;
  const gate = {
    ...config.risk,
    levels,
    amplifier: v.amplifier,
    spreadOnlyCap: Math.min(config.risk.spreadOnlyCap, levels.warning - 0.05),
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
      warned: warned.filter((w) => w !== null).length,
      warnedEarly: ts.filter((t, i) => warned[i] !== null && warned[i]! <= t.tenth).length,
      critical: critical.filter((c) => c !== null).length,
      criticalEarly: ts.filter((t, i) => critical[i] !== null && critical[i]! <= t.tenth).length,
    };
  });
  return { ...v, figures };
}

// the model with spread's amplifier and without it, from the same assessments; then the amplifier set by hand
// at a few strengths on the fitted weights (critical chosen by the same rule), and the config as shipped
const fitted = [true, false].map((amplify) => {
  const model = fitLogistic(tracks, undefined, undefined, undefined, amplify);
  return { model, levels: chooseLevels(tracks, model, config.risk.harmFloor, config.risk.levels.watch) };
});
const base = fitted[1]!.model;
const variant = (name: string, model: Model, levels: Levels): Variant => ({
  name,
  weights: { ...model.weights, publicInterest: 0 },
  amplifier: model.amplifier,
  levels: { watch: levels.watch, warning: levels.warning, critical: levels.critical },
});
const variants = [
  variant('fitted with the amplifier', fitted[0]!.model, fitted[0]!.levels),
  variant('fitted without the amplifier', base, fitted[1]!.levels),
  ...[0.1, 0.2, 0.4, 0.6].map((a) => {
    const model = { ...base, amplifier: { sensitivity: a, mobilisation: 0 } };
    return variant(
      `fitted weights, amplifier.sensitivity ${a} set by hand`,
      model,
      chooseLevels(tracks, model, config.risk.harmFloor, config.risk.levels.watch),
    );
  }),
  {
    name: 'shipped (config/default.yaml)',
    weights: config.risk.weights,
    amplifier: config.risk.amplifier,
    levels: config.risk.levels,
  },
].map(evaluate);
const out = {
  command: `npx tsx bench/realistic/fit.ts ${args.join(' ')}`.trim(),
  split: 'tune',
  samples: base.samples,
  features: ['sensitivity', 'mobilisation', 'malice', 'sensitivity×spread', 'mobilisation×spread'],
  model: { withAmplifier: fitted[0]!.model, withoutAmplifier: base },
  levels: { withAmplifier: fitted[0]!.levels, withoutAmplifier: fitted[1]!.levels },
  variants,
};
writeFileSync(join(here, 'fit.json'), JSON.stringify(out, null, 2) + '\n');
const table = (v: (typeof variants)[number]): string[] => [
  `## ${v.name}: weights ${JSON.stringify(v.weights)} amplifier ${JSON.stringify(v.amplifier)} levels ${JSON.stringify(v.levels)}`,
  ...v.figures.map(
    (f) =>
      `${f.cls.padEnd(40)} units ${String(f.units).padStart(5)}  warned ${String(f.warned).padStart(4)} ` +
      `(early ${String(f.warnedEarly).padStart(3)})  critical ${String(f.critical).padStart(3)} (early ${f.criticalEarly})`,
  ),
];
process.stdout.write(
  [
    `# fitted on the tune split: ${out.command}`,
    ...(['withAmplifier', 'withoutAmplifier'] as const).map(
      (k) => `${k}: intercept ${out.model[k].intercept}, coefficients ${JSON.stringify(out.model[k].coefficients)}`,
    ),
    ...variants.flatMap((v) => ['', ...table(v)]),
  ].join('\n') + '\n',
);
