/**
 * PII evaluation: span P/R/F1/F2 on Presidio's synthetic set and on MultiPriv zh/en, plus throughput per core.
 * The synthetic set is scored first as presidio-research scores it for Presidio's own figures (entity types
 * aligned to LOCATION, SpanEvaluator: synth-aligned.ts, presidio-span.ts), then per original label (score.ts).
 * Run: npx tsx bench/pii/run.ts [--verbose [strict|zh|en]] [--baseline DIR] [--tokens FILE] [--synth-only | --no-throughput].
 * Reads ../shared/data/pii (not in the repo).
 * --baseline DIR: an older tree (`git archive <commit> detectors src | tar -x -C DIR`, with node_modules
 * linked) measured side by side with this one, interleaved on the same texts.
 * --tokens FILE: spaCy's own tokens (bench/pii/spacy_tokens.py) instead of the built-in approximation.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { execSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createPiiScanner } from '../../detectors/pii/index.js';
import type { RepostEvent } from '../../src/contract/index.js';
import { simulate } from '../../src/simulate/index.js';
import { gb11643Valid } from '../../src/util/gb11643.js';
import { metrics, scoreSample, sum, type Span, type Tally } from './score.js';
import type { CharSpan } from './presidio-span.js';
import type { Token } from './spacy-tokenize.js';
import { ALIGNED_COVERED, evalAligned, presidioType, spanMetrics, type SynthSample } from './synth-aligned.js';

const DATA = resolve(import.meta.dirname, '../../../shared/data/pii');
const VERBOSE = process.argv.includes('--verbose');
const SYNTH_ONLY = process.argv.includes('--synth-only');
const NO_THROUGHPUT = SYNTH_ONLY || process.argv.includes('--no-throughput');
const tokensAt = process.argv.indexOf('--tokens');
const spacyTokens =
  tokensAt > 0
    ? (JSON.parse(readFileSync(process.argv[tokensAt + 1]!, 'utf8')) as { tokens: [number, string][][] }).tokens.map(
        (row): Token[] => row.map(([start, text]) => ({ start, text })),
      )
    : undefined;
const scanner = createPiiScanner({}, 'bench-secret-not-for-production');
const baselineAt = process.argv.indexOf('--baseline');
const baseline =
  baselineAt > 0
    ? ((await import(resolve(process.argv[baselineAt + 1]!, 'detectors/pii/index.js'))) as {
        createPiiScanner: typeof createPiiScanner;
      })
    : null;

const SYNTH_COVERED = [
  'STREET_ADDRESS',
  'ZIP_CODE',
  'PHONE_NUMBER',
  'EMAIL_ADDRESS',
  'CREDIT_CARD',
  'US_SSN',
  'IP_ADDRESS',
];

interface Row {
  readonly type: string;
  readonly m: ReturnType<typeof metrics>;
}
const fmt = (x: number): string => x.toFixed(3);
function table(title: string, rows: Row[], f: 'f1' | 'f2' | 'both' = 'both'): string {
  const head = `| type | support | precision | recall | F1 | F2 |\n|---|---:|---:|---:|---:|---:|`;
  const lines = rows.map(
    ({ type, m }) =>
      `| ${type} | ${m.support} | ${fmt(m.precision)} | ${fmt(m.recall)} | ${fmt(m.f1)} | ${fmt(m.f2)} |`,
  );
  void f;
  return `### ${title}\n\n${head}\n${lines.join('\n')}\n`;
}

function evalSynth(threshold: number): Row[] {
  const data = JSON.parse(readFileSync(`${DATA}/synth_dataset_v2.json`, 'utf8')) as {
    full_text: string;
    spans: { entity_type: string; start_position: number; end_position: number }[];
  }[];
  const tallies = new Map<string, Tally>();
  for (const s of data) {
    const gold: Span[] = s.spans
      .filter((x) => SYNTH_COVERED.includes(x.entity_type))
      .map((x) => ({ type: x.entity_type, start: x.start_position, end: x.end_position }));
    const pred: Span[] = [];
    for (const d of scanner.analyze(s.full_text)) {
      const type = presidioType(d, 'STREET_ADDRESS');
      if (type) pred.push({ type, start: d.originalStart, end: d.originalEnd });
    }
    const before = VERBOSE ? JSON.stringify([...tallies]) : '';
    scoreSample(s.full_text, gold, pred, threshold, tallies);
    if (VERBOSE && process.argv.includes('strict') && threshold === 0.9 && before !== JSON.stringify([...tallies])) {
      const errs = [...tallies].some(([, t]) => t.fp + t.fn > 0);
      if (errs) debugSample(s.full_text, gold, pred);
    }
  }
  const rows = [...tallies].filter(([t]) => SYNTH_COVERED.includes(t)).sort();
  const other = [...tallies].filter(([t]) => !SYNTH_COVERED.includes(t));
  return [
    ...rows.map(([type, t]) => ({ type, m: metrics(t) })),
    ...other.map(([type, t]) => ({ type: `${type} (not in the set: FP only)`, m: metrics(t) })),
    { type: '**overall (covered types)**', m: metrics(sum(tallies.values())) },
  ];
}

const seen = new Set<string>();
function debugSample(text: string, gold: Span[], pred: Span[]): void {
  const g = gold.map((s) => `${s.type}:${JSON.stringify(text.slice(s.start, s.end))}`).join(' ');
  const p = pred.map((s) => `${s.type}:${JSON.stringify(text.slice(s.start, s.end))}`).join(' ');
  if (g === p || seen.has(g + p)) return;
  seen.add(g + p);
  console.error(`GOLD ${g}\nPRED ${p}\n`);
}

interface PrivRecord {
  location: string;
  idCardNumbers: number | string;
  emailAddress: string;
  phoneNumbers: string;
  naturalParagraph: string;
}

/** The id numbers are bare 18-digit JSON numbers: read them as strings before they lose precision. */
function readPriv(lang: string): PrivRecord[] {
  const raw = readFileSync(`${DATA}/multipriv_${lang}.json`, 'utf8').replace(/("idCardNumbers":\s*)(\d+)/g, '$1"$2"');
  return JSON.parse(raw) as PrivRecord[];
}

function evalMultiPriv(lang: 'zh' | 'en', threshold: number): { rows: Row[]; skipped: number } {
  const data = readPriv(lang);
  const groups = { valid: new Map<string, Tally>(), format: new Map<string, Tally>() };
  let skipped = 0;
  const all = new Map<string, Tally>();
  for (const r of data) {
    const text = r.naturalParagraph;
    const id = String(r.idCardNumbers);
    const fields: [string, string][] = [
      ['home_address', r.location],
      ['national_id', id],
      ['email', r.emailAddress],
      ['phone', r.phoneNumbers],
    ];
    const gold: Span[] = [];
    for (const [type, value] of fields) {
      const at = text.indexOf(value);
      if (at < 0) skipped++;
      else gold.push({ type, start: at, end: at + value.length });
    }
    const pred: Span[] = scanner
      .analyze(text)
      .filter((d) => ['home_address', 'national_id', 'email', 'phone'].includes(d.category))
      .map((d) => ({ type: d.category, start: d.originalStart, end: d.originalEnd }));
    scoreSample(text, gold, pred, threshold, all);
    const byId = new Map<string, Tally>();
    scoreSample(
      text,
      gold.filter((s) => s.type === 'national_id'),
      pred.filter((s) => s.type === 'national_id'),
      threshold,
      byId,
    );
    const target = gb11643Valid(id) ? groups.valid : groups.format;
    for (const [k, t] of byId) {
      const acc = target.get(k) ?? { tp: 0, fp: 0, fn: 0 };
      target.set(k, { tp: acc.tp + t.tp, fp: acc.fp + t.fp, fn: acc.fn + t.fn });
    }
    if (VERBOSE && threshold === 0.9 && process.argv.includes(lang)) debugSample(text, gold, pred);
  }
  const rows: Row[] = [...all].sort().map(([type, t]) => ({ type, m: metrics(t) }));
  rows.push({ type: 'national_id, checksum-valid', m: metrics(sum(groups.valid.values())) });
  rows.push({ type: 'national_id, format-only (checksum fails)', m: metrics(sum(groups.format.values())) });
  rows.push({ type: '**overall**', m: metrics(sum(all.values())) });
  return { rows, skipped };
}

interface Throughput {
  readonly mbPerS: number;
  readonly bytes: number;
  readonly runs: number[];
  readonly base: number[];
  readonly ratio: number;
}
const RUNS = 9;
const median = (v: readonly number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1] ?? 0;

/**
 * MB of text per CPU second of this process (user + system), so that other load on a shared machine
 * counts less than in wall time. With --baseline, each run scans with the baseline then this tree.
 */
function measure(texts: readonly string[]): Throughput {
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const event = { mediaHashes: [] } as unknown as RepostEvent;
  const once = (make: typeof createPiiScanner): number => {
    // a fresh scanner per run: the phone recognizer's memo must not carry over between runs
    const fresh = make({}, 'bench-secret-not-for-production');
    const c0 = process.cpuUsage();
    for (const t of texts) fresh.scan(t, event);
    const c = process.cpuUsage(c0);
    return bytes / 1e6 / ((c.user + c.system) / 1e6);
  };
  once(createPiiScanner); // warm-up
  if (baseline) once(baseline.createPiiScanner);
  const runs: number[] = [];
  const base: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    if (baseline) base.push(once(baseline.createPiiScanner));
    runs.push(once(createPiiScanner));
    if (baseline) ratios.push(runs[r]! / base[r]!);
  }
  return { mbPerS: median(runs), bytes, runs, base, ratio: median(ratios) };
}

/** Post texts from doxguard's own simulator (chatter, viral cascades, planted doxxing), seeds 1..6. */
function trafficTexts(): string[] {
  const texts: string[] = [];
  for (let seed = 1; seed <= 6; seed++) {
    for (const line of simulate({ seed }).lines) {
      try {
        const t = (JSON.parse(line) as { text?: unknown }).text;
        if (typeof t === 'string' && t.length > 0) texts.push(t);
      } catch {
        // malformed records are part of the simulation
      }
    }
  }
  return texts;
}

function denseTexts(): string[] {
  const texts: string[] = [];
  const synth = JSON.parse(readFileSync(`${DATA}/synth_dataset_v2.json`, 'utf8')) as { full_text: string }[];
  for (const s of synth) texts.push(s.full_text);
  for (const lang of ['zh', 'en']) {
    for (const r of readPriv(lang)) texts.push(r.naturalParagraph);
  }
  return texts;
}

/** The synthetic set aligned as presidio-research's notebook 5 aligns it, scored with its SpanEvaluator. */
function alignedTable(threshold: number, gpe: 'exclude' | 'miss'): string {
  const data = JSON.parse(readFileSync(`${DATA}/synth_dataset_v2.json`, 'utf8')) as SynthSample[];
  const predict = (text: string): CharSpan[] =>
    scanner.analyze(text).flatMap((d) => {
      const type = presidioType(d, 'LOCATION');
      return type ? [{ type, start: d.originalStart, end: d.originalEnd }] : [];
    });
  const onError =
    VERBOSE && threshold === 0.9 && gpe === 'exclude'
      ? (text: string, gold: CharSpan[], pred: CharSpan[]): void => debugSample(text, gold, pred)
      : undefined;
  const r = evalAligned(data, predict, { threshold, gpe, tokens: spacyTokens, onError });
  const micro = { tp: 0, predicted: 0, annotated: 0 };
  const lines: string[] = [];
  const row = (name: string, c: { tp: number; predicted: number; annotated: number }): string => {
    const m = spanMetrics(c);
    return `| ${name} | ${c.annotated} | ${c.predicted} | ${fmt(m.precision)} | ${fmt(m.recall)} | ${fmt(m.f1)} | ${fmt(m.f2)} |`;
  };
  for (const [type, c] of [...r.perType].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const covered = ALIGNED_COVERED.includes(type);
    lines.push(row(covered ? type : `${type} (not in the set: FP only)`, c));
    micro.tp += c.tp;
    micro.predicted += c.predicted;
    micro.annotated += c.annotated;
  }
  lines.push(row('**overall: global PII figure (types merged, as Presidio reports)**', r.global));
  lines.push(row('overall: micro over the per-type rows', micro));
  const title =
    gpe === 'exclude'
      ? `Synthetic set aligned (STREET_ADDRESS/GPE/ZIP_CODE -> LOCATION), stand-alone GPE out of scope (${r.excluded} spans)`
      : 'Synthetic set aligned, stand-alone GPE counted as misses';
  return `### ${title}\n\n| type | gold | predicted | precision | recall | F1 | F2 |\n|---|---:|---:|---:|---:|---:|---:|\n${lines.join('\n')}\n`;
}

const out: string[] = [];
for (const thr of [0.9, 0.5]) {
  out.push(`## IoU threshold ${thr}\n`);
  out.push(alignedTable(thr, 'exclude'));
  out.push(alignedTable(thr, 'miss'));
  out.push(table(`Synthetic set, strict per-label view (bench/pii/score.ts), covered types`, evalSynth(thr)));
  if (SYNTH_ONLY) continue;
  for (const lang of ['zh', 'en'] as const) {
    const { rows, skipped } = evalMultiPriv(lang, thr);
    out.push(table(`MultiPriv ${lang} (${skipped} field values not verbatim in the paragraph, not scored)`, rows));
  }
}
if (NO_THROUGHPUT) {
  console.log(out.join('\n'));
  process.exit(0);
}
const cpu = cpus()[0]?.model ?? 'unknown';
const nproc = execSync('nproc').toString().trim();
const fx = (v: readonly number[]): string => v.map((x) => x.toFixed(1)).join(', ');
const line = (name: string, tp: Throughput): string =>
  baseline
    ? `| ${name} | ${(tp.bytes / 1e6).toFixed(2)} | ${median(tp.base).toFixed(1)} | **${tp.mbPerS.toFixed(1)}** | ${tp.ratio.toFixed(2)} | ${fx(tp.base)} | ${fx(tp.runs)} |`
    : `| ${name} | ${(tp.bytes / 1e6).toFixed(2)} | **${tp.mbPerS.toFixed(1)}** | ${fx(tp.runs)} |`;
const head = baseline
  ? `| corpus | MB | baseline MB/s | MB/s | ratio (median of pairs) | baseline runs | runs |\n|---|---:|---:|---:|---:|---|---|`
  : `| corpus | MB | MB/s | runs |\n|---|---:|---:|---|`;
const load0 = loadavg();
const dense = measure(denseTexts());
const traffic = measure(trafficTexts());
const load1 = loadavg();
out.push(
  `## Throughput (scan() with fingerprints, MB per CPU second of one core, median of ${RUNS} runs)\n\n${head}\n${line('simulated traffic (src/simulate seeds 1-6: chatter + planted doxxing)', traffic)}\n${line('PII-dense (the three evaluation corpora)', dense)}\n\nMachine: ${nproc} cores, ${cpu}, node ${process.version}. Load average (1/5/15 min) ${load0.map((x) => x.toFixed(1)).join('/')} before, ${load1.map((x) => x.toFixed(1)).join('/')} after.${baseline ? ` Baseline: ${process.argv[baselineAt + 1]}.` : ''}\n`,
);
console.log(out.join('\n'));
