/**
 * decodeRecord alone, before and after, side by side in one run:
 *   npx tsx bench/decode/run.ts [--events 100000] [--rounds 7] [--baseline <commit>]
 * The baseline is src/decode/decode-record.ts as of <commit>, copied into
 * .cache/decode-bench with its imports pointed at today's src (so only the
 * decode file differs). Input: the bench/kafka workload (Simulation seed 42).
 * Both sides must give the same results byte for byte, else the run fails.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { decodeRecord } from '../../src/decode/index.js';
import type { RawRecord } from '../../src/contract/index.js';
import { Simulation } from '../../src/simulate/index.js';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '7' },
    baseline: { type: 'string', default: '03e8168' },
  },
});

type Decode = typeof decodeRecord;

async function loadBaseline(commit: string): Promise<Decode> {
  const src = execFileSync('git', ['show', `${commit}:src/decode/decode-record.ts`], { encoding: 'utf8' });
  const dir = join('.cache', 'decode-bench');
  mkdirSync(dir, { recursive: true });
  const rewritten = src.replaceAll("from '../", "from '../../src/").replaceAll("from './", "from '../../src/decode/");
  const file = join(dir, `decode-record-${commit}.ts`);
  writeFileSync(file, rewritten);
  const mod = (await import(join(process.cwd(), file))) as { decodeRecord: Decode };
  return mod.decodeRecord;
}

const sim = new Simulation({ seed: 42, backgroundEvents: Number(args.events), doxxing: 4, viral: 2 });
const records: RawRecord[] = [...sim.lines()].map((v, i) => ({
  value: Buffer.from(v),
  key: null,
  position: { kind: 'kafka', topic: 'core', partition: i % 6, offset: String(i) },
}));
const baseline = await loadBaseline(args.baseline);

function digest(decode: Decode): string {
  const h = createHash('sha256');
  for (const r of records) h.update(JSON.stringify(decode(r))).update('\n');
  return h.digest('hex').slice(0, 16);
}

function round(decode: Decode): number {
  let ok = 0;
  const t0 = performance.now();
  for (const r of records) if (decode(r).ok) ok++;
  const ms = performance.now() - t0;
  if (ok === 0) throw new Error('nothing decoded');
  return records.length / (ms / 1000);
}

const before = digest(baseline);
const after = digest(decodeRecord);
if (before !== after) throw new Error(`outputs differ: baseline ${before}, current ${after}`);
// warm both up before timing
round(baseline);
round(decodeRecord);
const times: { before: number[]; after: number[] } = { before: [], after: [] };
for (let i = 0; i < Number(args.rounds); i++) {
  // alternate the order so drift on a shared machine hits both sides alike
  if (i % 2 === 0) {
    times.before.push(round(baseline));
    times.after.push(round(decodeRecord));
  } else {
    times.after.push(round(decodeRecord));
    times.before.push(round(baseline));
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const b = median(times.before);
const a = median(times.after);
console.log(`machine: ${cpus().length} cpus, ${cpus()[0]?.model ?? '?'}, node ${process.version}`);
console.log(`records ${records.length}, outputs identical (sha256 ${after})`);
console.log(
  `baseline ${args.baseline}: median ${Math.round(b)} records/s  [${times.before.map(Math.round).join(', ')}]`,
);
console.log(`current:          median ${Math.round(a)} records/s  [${times.after.map(Math.round).join(', ')}]`);
console.log(`ratio current/baseline: ${(a / b).toFixed(2)}`);
