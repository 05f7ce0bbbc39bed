/**
 * Memory under a million random records, for the decoder of every input format
 * and for the whole pipeline:
 *   node --expose-gc --import tsx bench/fuzz/run.ts [--records 1000000] [--every 100000] [--seed 19] [--skip pipeline]
 *       [--kinds bytes,json,shaped,valid,mutated] [--dedupe-capacity N]
 * After each `--every` records: a full GC, then heapUsed and RSS. The decoder
 * keeps nothing between records, so its heap must stay flat; the pipeline keeps
 * state for the valid events (a fifth of the mix, fresh ids) up to config.limits,
 * and nothing for the dead letters. Prints a Markdown report (bench/fuzz/REPORT.md).
 */
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigSchema } from '../../src/config/index.js';
import type { OutputRecord, RawRecord } from '../../src/contract/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INPUT_FORMATS, NO_HOOKS, type InputFormat } from '../../src/contract/index.js';
import { createDecoder, type SourceDecodeResult } from '../../src/decode/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import { KINDS, RandomRecords, type Kind } from './records.js';

const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    every: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '19' },
    skip: { type: 'string', multiple: true, default: [] },
    /** only these kinds of record (comma-separated): bytes, json, shaped, valid, mutated */
    kinds: { type: 'string', default: KINDS.join(',') },
    /** limits.dedupeCapacity for the pipeline run (default: the config's, 1,000,000 event ids) */
    'dedupe-capacity': { type: 'string' },
  },
});
const TOTAL = Number(args.records);
const EVERY = Number(args.every);
const SEED = Number(args.seed);
const MIX = args.kinds.split(',') as Kind[];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc --import tsx bench/fuzz/run.ts');

/** Valid messages of a platform format to mutate: its documented messages (the adapters' test fixtures). */
const templatesOf = (format: InputFormat): string[] | undefined =>
  format === 'doxguard'
    ? undefined
    : readFileSync(join(import.meta.dirname, '../../tests/fixtures/formats', `${format}.ndjson`), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{'));

interface Checkpoint {
  readonly records: number;
  readonly heapMB: number;
  readonly rssMB: number;
  /** the pipeline's own gauges at that point: graph nodes, live incidents */
  readonly state?: string;
}

const mb = (n: number): number => Math.round((n / 2 ** 20) * 10) / 10;
function checkpoint(records: number): Checkpoint {
  gc!();
  const m = process.memoryUsage();
  return { records, heapMB: mb(m.heapUsed), rssMB: mb(m.rss) };
}

interface Run {
  readonly name: string;
  readonly checkpoints: Checkpoint[];
  readonly outcomes: Record<string, number>;
  readonly seconds: number;
  readonly threw: number;
}

function position(n: number): RawRecord['position'] {
  return { kind: 'kafka', topic: 'fuzz', partition: 0, offset: String(n) };
}

function runDecoder(format: InputFormat): Run {
  const decode: (r: RawRecord) => SourceDecodeResult = createDecoder({ format });
  const gen = new RandomRecords(SEED, MIX, templatesOf(format));
  const outcomes: Record<string, number> = {};
  const checkpoints = [checkpoint(0)];
  let threw = 0;
  const t0 = process.hrtime.bigint();
  for (let n = 1; n <= TOTAL; n++) {
    const { value } = gen.next();
    try {
      const r = decode({ value, key: null, position: position(n) });
      const key = r.ok === 'skipped' ? `skipped ${r.kind}` : r.ok ? r.record.type : r.deadLetter.reason;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    } catch {
      threw++;
    }
    if (n % EVERY === 0) checkpoints.push(checkpoint(n));
  }
  return {
    name: `decoder: ${format}`,
    checkpoints,
    outcomes,
    threw,
    seconds: Number(process.hrtime.bigint() - t0) / 1e9,
  };
}

async function runPipeline(): Promise<Run> {
  const dedupe = args['dedupe-capacity'];
  const config = ConfigSchema.parse({
    fingerprintSecret: 'bench-fuzz-secret-0123456789',
    ...(dedupe === undefined ? {} : { limits: { dedupeCapacity: Number(dedupe) } }),
  });
  const outcomes: Record<string, number> = {};
  // a sink that counts and keeps nothing: the pipeline's own memory is what is measured
  const sink = {
    name: 'count',
    emit(r: OutputRecord) {
      const key = r.schema === 'doxguard.dlq/1' ? `dlq ${r.reason}` : r.schema;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    },
    flush: async () => {},
    close: async () => {},
  };
  let gauges = { graphNodes: 0, liveIncidents: 0, watermark: 0 };
  const hooks = { ...NO_HOOKS, gauges: (g: typeof gauges) => (gauges = g) };
  const pipeline = createPipeline({ config, sink, hooks });
  const gen = new RandomRecords(SEED, MIX);
  const checkpoints = [checkpoint(0)];
  const t0 = process.hrtime.bigint();
  let batch: RawRecord[] = [];
  for (let n = 1; n <= TOTAL; n++) {
    batch.push({ value: gen.next().value, key: null, position: position(n) });
    if (batch.length === 1000) {
      await pipeline.handleBatch({ records: batch, commit: async () => {} });
      batch = [];
    }
    if (n % EVERY === 0)
      checkpoints.push({
        ...checkpoint(n),
        state:
          `${gauges.graphNodes} graph nodes, ${gauges.liveIncidents} live incidents, watermark ` +
          `${Number.isFinite(gauges.watermark) ? new Date(gauges.watermark).toISOString().slice(0, 10) : '-'}, ` +
          `late ${pipeline.stats.late}, expired ${pipeline.stats.expired}`,
      });
  }
  await pipeline.finish();
  return {
    name: `pipeline (${dedupe === undefined ? 'default config' : `dedupeCapacity ${dedupe}`}, every detector)`,
    checkpoints,
    outcomes,
    threw: 0,
    seconds: Number(process.hrtime.bigint() - t0) / 1e9,
  };
}

function mix(): Record<Kind, number> {
  const gen = new RandomRecords(SEED, MIX);
  const out = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  for (let n = 0; n < Math.min(TOTAL, 100_000); n++) out[gen.next().kind]++;
  return out;
}

const runs: Run[] = [];
for (const format of INPUT_FORMATS) if (!args.skip.includes(format)) runs.push(runDecoder(format));
if (!args.skip.includes('pipeline')) runs.push(await runPipeline());

const lines: string[] = [];
lines.push(
  `Command: \`node --expose-gc --import tsx bench/fuzz/run.ts --records ${TOTAL} --every ${EVERY} --seed ${SEED}${MIX.length < KINDS.length ? ` --kinds ${MIX.join(',')}` : ''}${args['dedupe-capacity'] === undefined ? '' : ` --dedupe-capacity ${args['dedupe-capacity']}`}\``,
);
lines.push(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(mb(totalmem()) / 1024) | 0} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
const m = mix();
lines.push(`Mix (first 100k): ${KINDS.map((k) => `${k} ${m[k]}`).join(', ')}`);
for (const r of runs) {
  const after = r.checkpoints.slice(1);
  const base = r.checkpoints[Math.min(2, r.checkpoints.length - 1)]!;
  const heaps = after.map((c) => c.heapMB);
  lines.push('');
  lines.push(`## ${r.name}`);
  lines.push('');
  lines.push(
    `${TOTAL.toLocaleString('en')} records in ${r.seconds.toFixed(1)} s (${Math.round(TOTAL / r.seconds).toLocaleString('en')} records/s); threw: ${r.threw}`,
  );
  lines.push(
    `Heap after GC: ${r.checkpoints[0]!.heapMB} MB at start, ${base.heapMB} MB at ${base.records.toLocaleString('en')}, max ${Math.max(...heaps)} MB, ${heaps.at(-1)} MB at the end (end − ${base.records.toLocaleString('en')}: ${(heaps.at(-1)! - base.heapMB).toFixed(1)} MB)`,
  );
  lines.push('');
  lines.push('| records | heap used MB | RSS MB | state |');
  lines.push('|---|---|---|---|');
  for (const c of r.checkpoints)
    lines.push(`| ${c.records.toLocaleString('en')} | ${c.heapMB} | ${c.rssMB} | ${c.state ?? ''} |`);
  lines.push('');
  lines.push(
    `Outcomes: ${Object.entries(r.outcomes)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
}
console.log(lines.join('\n'));
