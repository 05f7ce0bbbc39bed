/**
 * What the peak RSS of the default run is made of (issue 17, point 2). Prints one JSON line.
 *
 *   peak <events.ndjson> <outDir> [snapshotAtRecords]
 *       the default `doxguard run` (one thread, as bench/core/measure.ts run), sampled after every batch:
 *       RSS, the heap's used/total, each V8 space, external and array buffers. Reports the sample at the
 *       highest RSS, a timeline of ~20 samples, and (with --expose-gc) the heap left live by a full collection
 *       at the end. With snapshotAtRecords, writes a heap snapshot into outDir once that many records are in
 *       (open it in DevTools' Memory tab); the snapshot's own memory then spoils the peak.
 *       MEMORY_OVERRIDES (JSON) is merged into the config's overrides: settings under test.
 *
 * Run compiled, like measure.ts: `npx tsc -p tsconfig.bench.json && node --expose-gc
 * dist-bench/bench/core/memory.js peak FILE OUT`. Node flags under test (`--max-semi-space-size=…`) go before
 * the script.
 */
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildRuntime, closeRuntime } from '../../src/app/index.js';
import type { RawBatch } from '../../src/contract/index.js';
import { benchConfig } from './config.js';

const MB = 2 ** 20;
const round1 = (x: number): number => Math.round(x * 10) / 10;

export interface MemorySample {
  records: number;
  rssMB: number;
  heapUsedMB: number;
  heapTotalMB: number;
  externalMB: number;
  arrayBuffersMB: number;
  /** each V8 space: used / committed (MB) */
  spaces: Record<string, { usedMB: number; sizeMB: number }>;
  /** bytes written to the output folder so far (MB) */
  outMB?: number;
}

/** Committed large-object space, old and young (objects over V8's page-object limit: long strings, big arrays). */
const largeMB = (s: MemorySample): number =>
  round1((s.spaces.large_object_space?.sizeMB ?? 0) + (s.spaces.new_large_object_space?.sizeMB ?? 0));

function folderMB(dir: string): number {
  let bytes = 0;
  for (const f of readdirSync(dir)) bytes += statSync(join(dir, f)).size;
  return round1(bytes / MB);
}

export function sample(records: number): MemorySample {
  const m = process.memoryUsage();
  const spaces: MemorySample['spaces'] = {};
  for (const s of getHeapSpaceStatistics())
    spaces[s.space_name] = { usedMB: round1(s.space_used_size / MB), sizeMB: round1(s.space_size / MB) };
  return {
    records,
    rssMB: round1(m.rss / MB),
    heapUsedMB: round1(m.heapUsed / MB),
    heapTotalMB: round1(m.heapTotal / MB),
    externalMB: round1(m.external / MB),
    arrayBuffersMB: round1(m.arrayBuffers / MB),
    spaces,
  };
}

async function peak(file: string, out: string, snapshotAt: number | null): Promise<object> {
  // a run appends to its folder's evidence log and the next one checks that whole chain at start: its memory
  // would be measured too, growing run after run
  if (existsSync(join(out, 'evidence.ndjson')))
    throw new Error(`${out} holds an earlier run's evidence log: measure into a fresh folder`);
  // settings under test, e.g. MEMORY_OVERRIDES='{"limits":{"packColdStatesAfter":4096}}'
  const more = JSON.parse(process.env.MEMORY_OVERRIDES ?? '{}') as Record<string, unknown>;
  const config = benchConfig(file, out, 1, 1, more);
  const runtime = await buildRuntime(config, {});
  const samples: MemorySample[] = [];
  let top = sample(0);
  let records = 0;
  let snapshot: string | null = null;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await runtime.source.run(async (batch: RawBatch) => {
    await runtime.pipeline.handleBatch(batch);
    records += batch.records.length;
    const s = { ...sample(records), outMB: folderMB(out) };
    samples.push(s);
    if (s.rssMB > top.rssMB) top = s;
    if (snapshotAt !== null && snapshot === null && records >= snapshotAt)
      snapshot = writeHeapSnapshot(join(out, `peak-${records}.heapsnapshot`));
  }, new AbortController().signal);
  await runtime.pipeline.finish();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const end = sample(records);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const afterGc = gc ? sample(records) : null;
  await closeRuntime(runtime, 'completed');
  const every = Math.max(1, Math.floor(samples.length / 20));
  return {
    records,
    seconds: round1(seconds),
    cpuSeconds: round1((cpu.user + cpu.system) / 1e6),
    peakRssMB: round1(process.resourceUsage().maxRSS / 1024),
    atPeak: top,
    end,
    afterGc,
    snapshot,
    /** [records, rss, heap used, heap total, external, large-object space, output MB] (MB) */
    timeline: samples
      .filter((_, i) => i % every === 0)
      .map((s) => [s.records, s.rssMB, s.heapUsedMB, s.heapTotalMB, s.externalMB, largeMB(s), s.outMB ?? 0]),
  };
}

const [mode, ...args] = process.argv.slice(2);
if (mode !== 'peak') throw new Error(`unknown mode ${mode}`);
const result = await peak(args[0]!, args[1]!, args[2] === undefined ? null : Number(args[2]));
console.log(JSON.stringify(result));
process.exit(0);
