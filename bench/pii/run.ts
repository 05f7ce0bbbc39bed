/**
 * PII evaluation: span P/R/F1/F2 (presidio-research scoring, see score.ts) on
 * Presidio's synthetic set and on MultiPriv zh/en, plus throughput per core.
 * Run: npx tsx bench/pii/run.ts [--verbose] [--baseline DIR]. Reads ../shared/data/pii (not in the repo).
 * --baseline DIR: an older tree (`git archive <commit> detectors src | tar -x -C DIR`, with node_modules
 * linked) measured side by side with this one, interleaved on the same texts.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { execSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createPiiScanner, type Detection } from '../../detectors/pii/index.js';
import type { RepostEvent } from '../../src/event/types.js';
import { simulate } from '../../src/simulate/index.js';
import { gb11643Valid } from '../../src/util/gb11643.js';
import { metrics, scoreSample, sum, type Span, type Tally } from './score.js';

const DATA = resolve(import.meta.dirname, '../../../shared/data/pii');
const VERBOSE = process.argv.includes('--verbose');
const scanner = createPiiScanner({}, 'bench-secret-not-for-production');
const baselineAt = process.argv.indexOf('--baseline');
const baseline =
  baselineAt > 0
    ? ((await import(resolve(process.argv[baselineAt + 1]!, 'detectors/pii/index.js'))) as {
        createPiiScanner: typeof createPiiScanner;
      })
    : null;

// doxguard category (and recognizer) -> Presidio entity type
function presidioType(d: Detection): string | null {
  if (d.recognizer === 'us_ssn') return 'US_SSN';
  const map: Record<string, string> = {
    phone: 'PHONE_NUMBER',
    email: 'EMAIL_ADDRESS',
    bank_card: 'CREDIT_CARD',
    ip_address: 'IP_ADDRESS',
    home_address: 'STREET_ADDRESS',
    national_id: 'NATIONAL_ID',
    passport: 'PASSPORT',
  };
  return map[d.category] ?? null;
}
const SYNTH_COVERED = ['STREET_ADDRESS', 'PHONE_NUMBER', 'EMAIL_ADDRESS', 'CREDIT_CARD', 'US_SSN', 'IP_ADDRESS'];

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
      const type = presidioType(d);
      if (type) pred.push({ type, start: d.originalStart, end: d.originalEnd });
    }
    const before = VERBOSE ? JSON.stringify([...tallies]) : '';
    scoreSample(s.full_text, gold, pred, threshold, tallies);
    if (VERBOSE && threshold === 0.9 && before !== JSON.stringify([...tallies])) {
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

/**
 * What a perfect recognizer could score on STREET_ADDRESS if it followed one convention consistently: the
 * whole postal block (street, unit, then the city/region/country/postcode spans that follow it). The set
 * labels the same layout both ways (sometimes one span, sometimes street + separate GPE/ZIP_CODE spans).
 */
function addressCeiling(threshold: number): ReturnType<typeof metrics> {
  const data = JSON.parse(readFileSync(`${DATA}/synth_dataset_v2.json`, 'utf8')) as {
    full_text: string;
    spans: { entity_type: string; start_position: number; end_position: number }[];
  }[];
  const tallies = new Map<string, Tally>();
  const block = ['STREET_ADDRESS', 'GPE', 'ZIP_CODE'];
  for (const s of data) {
    const spans = [...s.spans].sort((a, b) => a.start_position - b.start_position);
    const gold: Span[] = [];
    const pred: Span[] = [];
    for (let i = 0; i < spans.length; i++) {
      const x = spans[i]!;
      if (x.entity_type !== 'STREET_ADDRESS') continue;
      gold.push({ type: 'A', start: x.start_position, end: x.end_position });
      let end = x.end_position;
      let j = i + 1;
      while (j < spans.length && block.includes(spans[j]!.entity_type)) {
        if (!/^[\s,>]*$/.test(s.full_text.slice(end, spans[j]!.start_position))) break;
        if (spans[j]!.entity_type === 'STREET_ADDRESS')
          gold.push({ type: 'A', start: spans[j]!.start_position, end: spans[j]!.end_position });
        end = spans[j]!.end_position;
        j++;
      }
      pred.push({ type: 'A', start: x.start_position, end });
      i = j - 1;
    }
    scoreSample(s.full_text, gold, pred, threshold, tallies);
  }
  return metrics(tallies.get('A') ?? { tp: 0, fp: 0, fn: 0 });
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

const out: string[] = [];
for (const thr of [0.9, 0.5]) {
  out.push(`## IoU threshold ${thr}\n`);
  out.push(table(`Presidio synthetic set (synth_dataset_v2.json), covered types`, evalSynth(thr)));
  out.push(
    table(`Synthetic set, STREET_ADDRESS ceiling: perfect whole-block predictions`, [
      { type: 'STREET_ADDRESS (oracle, whole postal block)', m: addressCeiling(thr) },
    ]),
  );
  for (const lang of ['zh', 'en'] as const) {
    const { rows, skipped } = evalMultiPriv(lang, thr);
    out.push(table(`MultiPriv ${lang} (${skipped} field values not verbatim in the paragraph, not scored)`, rows));
  }
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
