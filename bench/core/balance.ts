/**
 * How far two workers can get on a workload at a given partitioning, from the records alone (issue 17 point
 * 3): each record is routed as the round pipeline routes it (the keying contract, murmur2), rounds are
 * source batches, a record costs one unit, and a worker may start round r only once it finished round r-1
 * and every worker finished round r-lag (the claims of round r-lag are delivered with round r; lag 2 is
 * src/app/workers' DEPTH). Prints the speed-up ceiling of two workers over one for partition→worker
 * assignments: p mod 2 (what runs), first seen → least loaded so far (records), and the best split in
 * hindsight of the totals (largest first, not realisable online), with the largest share of one key in a
 * round (a round mostly one cascade cannot be split: one key is one partition).
 *
 *   npx tsx bench/core/balance.ts <file.ndjson> [--partitions 8,16,32] [--batch 1000] [--lags 2,4,8]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CascadeKeyer, partitionOfKey } from '../../src/app/workers/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { RawRecord } from '../../src/contract/index.js';
import { createDecoder } from '../../src/decode/index.js';

const { values: a, positionals } = parseArgs({
  options: {
    partitions: { type: 'string', default: '8,16,32' },
    batch: { type: 'string', default: '1000' },
    lags: { type: 'string', default: '2,4,8' },
  },
  allowPositionals: true,
});
const file = positionals[0]!;
const B = Number(a.batch);
const list = (s: string): number[] => s.split(',').map(Number);
const config = loadConfig({ env: {}, overrides: { source: { kind: 'file', files: [file] } } });
const decode = createDecoder(config.source);
const lines = readFileSync(file).toString().split('\n').filter(Boolean);
const keyer = new CascadeKeyer(config.limits.dedupeCapacity);
// as RoundPipeline.route: the keyer's key when the record decodes, else the raw value (verdict owners aside)
const keys = lines.map((line, i) => {
  const r: RawRecord = { value: Buffer.from(line), key: null, position: { kind: 'file', file, line: i + 1 } };
  const d = decode(r);
  return d.ok === true ? keyer.keyOf(d.record) : r.value!;
});

const shares: number[] = [];
for (let i = 0; i < keys.length; i += B) {
  const count = new Map<string | Uint8Array, number>();
  for (const k of keys.slice(i, i + B)) count.set(k, (count.get(k) ?? 0) + 1);
  shares.push(Math.max(...count.values()) / Math.min(B, keys.length - i));
}
console.log(`${file}: ${keys.length} records, ${shares.length} rounds of ${B}`);
console.log(`largest share of one key per round: ${shares.map((s) => s.toFixed(2)).join(' ')}`);

/** Two workers' finishing time under the round dependencies; the ceiling is the one-worker time over it. */
function ceiling(rounds: number[][], owner: (p: number) => number, lag: number): number {
  const done: number[][] = [[], []];
  for (let r = 0; r < rounds.length; r++)
    for (let w = 0; w < 2; w++) {
      const work = rounds[r]!.reduce((s, c, p) => s + (owner(p) === w ? c : 0), 0);
      const claims = r - lag >= 0 ? Math.max(done[0]![r - lag]!, done[1]![r - lag]!) : 0;
      done[w]![r] = Math.max(done[w]![r - 1] ?? 0, claims) + work;
    }
  return keys.length / Math.max(done[0]!.at(-1)!, done[1]!.at(-1)!);
}

const least = (load: number[]): number => (load[0]! <= load[1]! ? 0 : 1);
for (const P of list(a.partitions)) {
  const rounds: number[][] = [];
  keys.forEach((k, i) => (rounds[Math.floor(i / B)] ??= new Array<number>(P).fill(0))[partitionOfKey(k, P)]!++);
  const total = new Array<number>(P).fill(0);
  for (const r of rounds) r.forEach((c, p) => (total[p]! += c));
  const seen = new Map<number, number>();
  const load = [0, 0];
  for (const r of rounds) {
    r.forEach((c, p) => seen.has(p) && (load[seen.get(p)!]! += c));
    const fresh = r.map((c, p) => [p, c] as const).filter(([p, c]) => c > 0 && !seen.has(p));
    for (const [p, c] of fresh.sort((x, y) => y[1] - x[1] || x[0] - y[0])) {
      const w = least(load);
      seen.set(p, w);
      load[w]! += c;
    }
  }
  const best = new Map<number, number>();
  const bl = [0, 0];
  for (const [p, c] of total.map((c, p) => [p, c] as const).sort((x, y) => y[1] - x[1])) {
    const w = least(bl);
    best.set(p, w);
    bl[w]! += c;
  }
  const cells = list(a.lags).map((lag) => {
    const f = (o: (p: number) => number): string => ceiling(rounds, o, lag).toFixed(2);
    return `lag ${lag}: mod ${f((p) => p % 2)}, first seen ${f((p) => seen.get(p) ?? 0)}, hindsight ${f((p) => best.get(p)!)}`;
  });
  console.log(`${P} partitions (largest ${Math.max(...total)} records) | ${cells.join(' | ')}`);
}
