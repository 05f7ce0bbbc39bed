/**
 * Where a partitioned run's CPU goes over time, thread by thread (issue 17 point 3): `doxguard run`'s runtime on
 * one file (as bench/core/measure.ts `run`), per-thread Linux CPU sampled every `--interval` ms from before the
 * runtime is built (start-up: module loading, scanner and detectors in each worker) through the window (first
 * batch to last flush), and, with `--gc`, each isolate's collections from V8's --trace-gc (counts and pause
 * time per isolate: the main thread's and each worker's heap). `--node` passes V8/Node flags to the measured
 * process (e.g. `--node=--single-threaded-gc`). Prints a summary line per phase and a JSON line.
 *
 *   npx tsx bench/core/threads.ts <file.ndjson> <workers> <partitions> [--interval 500] [--gc] [--node=<flags>]
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildRuntime, closeRuntime } from '../../src/app/index.js';
import type { RawBatch } from '../../src/contract/index.js';
import { benchConfig } from './config.js';

const { values: a, positionals } = parseArgs({
  options: {
    interval: { type: 'string', default: '500' },
    gc: { type: 'boolean', default: false },
    node: { type: 'string', default: '' },
    child: { type: 'string' },
  },
  allowPositionals: true,
});
const [file, workersArg, partitionsArg] = positionals as [string, string, string];

/** CPU ns of every thread of this process by task id (Linux), or an empty map elsewhere. */
function threadCpu(): Map<number, number> {
  try {
    return new Map(
      readdirSync('/proc/self/task').map((t) => [
        Number(t),
        Number(readFileSync(`/proc/self/task/${t}/schedstat`, 'utf8').split(' ')[0]),
      ]),
    );
  } catch {
    return new Map();
  }
}

interface Sample {
  /** ms since the process's first sample */
  at: number;
  phase: 'start' | 'window' | 'close';
  cpu: [tid: number, ns: number][];
}

async function child(resultPath: string): Promise<void> {
  const samples: Sample[] = [];
  const t0 = performance.now();
  let phase: Sample['phase'] = 'start';
  const sample = (): void => void samples.push({ at: performance.now() - t0, phase, cpu: [...threadCpu()] });
  sample();
  const timer = setInterval(sample, Number(a.interval));
  const out = mkdtempSync(join(tmpdir(), 'i17w-threads-'));
  const config = benchConfig(file, out, Number(workersArg), Number(partitionsArg));
  const runtime = await buildRuntime(config);
  let records = 0;
  let w0 = 0;
  await runtime.source.run(async (batch: RawBatch) => {
    if (w0 === 0) {
      // the first sample of a phase marks its start
      phase = 'window';
      sample();
      w0 = performance.now();
    }
    await runtime.pipeline.handleBatch(batch);
    records += batch.records.length;
  }, new AbortController().signal);
  await runtime.pipeline.finish();
  const seconds = (performance.now() - w0) / 1000;
  phase = 'close';
  sample();
  clearInterval(timer);
  await closeRuntime(runtime, 'completed');
  const h = createHash('sha256');
  for (const f of readdirSync(out).sort()) if (f !== 'SHA256SUMS') h.update(f).update(readFileSync(join(out, f)));
  rmSync(out, { recursive: true, force: true });
  writeFileSync(resultPath, JSON.stringify({ records, seconds, pid: process.pid, samples, digest: h.digest('hex') }));
}

interface GcTally {
  isolate: string;
  scavenges: number;
  scavengeMs: number;
  marks: number;
  markMs: number;
  firstMs: number;
}

/** --trace-gc lines by isolate: `[pid:0xISOLATE]  123 ms: Scavenge 3.9 (4.4) -> 3.6 (5.4) MB, 0.75 / 0.00 ms ...` */
function gcByIsolate(text: string): GcTally[] {
  const by = new Map<string, GcTally>();
  const re =
    /^\[\d+:(0x[0-9a-f]+)\]\s+(\d+) ms: (Scavenge|Mark-Compact|Mark-Sweep|Minor Mark-Compact)[^,]*, ([\d.]+) \//gm;
  for (const m of text.matchAll(re)) {
    const t = by.get(m[1]!) ?? {
      isolate: m[1]!,
      scavenges: 0,
      scavengeMs: 0,
      marks: 0,
      markMs: 0,
      firstMs: Number(m[2]),
    };
    by.set(m[1]!, t);
    if (m[3] === 'Scavenge' || m[3] === 'Minor Mark-Compact') {
      t.scavenges++;
      t.scavengeMs += Number(m[4]);
    } else {
      t.marks++;
      t.markMs += Number(m[4]);
    }
  }
  return [...by.values()];
}

function parent(): void {
  const dir = mkdtempSync(join(tmpdir(), 'i17w-threads-r-'));
  const result = join(dir, 'result.json');
  const compiled = import.meta.url.endsWith('.js');
  const node = [...(a.node ? a.node.split(' ').filter(Boolean) : []), ...(a.gc ? ['--trace-gc'] : [])];
  const self = compiled ? [new URL(import.meta.url).pathname] : ['--import', 'tsx', new URL(import.meta.url).pathname];
  const stdout = execFileSync(
    'nice',
    [
      '-n',
      '5',
      process.execPath,
      ...node,
      ...self,
      file,
      workersArg,
      partitionsArg,
      `--interval=${a.interval}`,
      `--child=${result}`,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 30 },
  );
  const r = JSON.parse(readFileSync(result, 'utf8')) as {
    records: number;
    seconds: number;
    pid: number;
    samples: Sample[];
    digest: string;
  };
  rmSync(dir, { recursive: true, force: true });
  const workers = Number(workersArg);
  const first = new Map(r.samples[0]!.cpu);
  const last = new Map(r.samples.at(-1)!.cpu);
  const used = (from: Map<number, number>, to: Map<number, number>, tid: number): number =>
    ((to.get(tid) ?? 0) - (from.get(tid) ?? 0)) / 1e9;
  // the worker threads: the busiest threads other than main over the whole run (they dwarf the rest)
  const others = [...last.keys()]
    .filter((t) => t !== r.pid)
    .sort((x, y) => used(first, last, y) - used(first, last, x));
  const workerTids = workers > 1 ? others.slice(0, workers) : [];
  const split = (from: Map<number, number>, to: Map<number, number>): number[] => {
    const main = used(from, to, r.pid);
    const ws = workerTids.map((t) => used(from, to, t));
    const all = [...to.keys()].reduce((s, t) => s + used(from, to, t), 0);
    return [main, ...ws, all - main - ws.reduce((x, y) => x + y, 0)];
  };
  const at = (phase: Sample['phase']): Sample => r.samples.find((s) => s.phase === phase)!;
  const windowStart = new Map(at('window').cpu);
  const windowEnd = new Map(at('close').cpu);
  const fmt = (xs: number[]): string => xs.map((x) => x.toFixed(2)).join(' / ');
  const head = `main / ${workerTids.map((_, i) => `w${i + 1} / `).join('')}other`;
  const lines = [
    `${file} ${workers} worker(s) ${partitionsArg} partitions ${a.node}: ${r.records} records in ${r.seconds.toFixed(2)} s = ${Math.round(r.records / r.seconds)}/s, digest ${r.digest.slice(0, 16)}`,
    `CPU-s ${head}`,
    `  start-up (runtime built):  ${fmt(split(first, windowStart))}`,
    `  window (first batch → last flush): ${fmt(split(windowStart, windowEnd))} = ${split(windowStart, windowEnd)
      .reduce((x, y) => x + y, 0)
      .toFixed(2)}`,
  ];
  // the window by second
  const win = r.samples.filter((s) => s.phase === 'window' || s === at('close'));
  const bySecond: string[] = [];
  let prev = at('window');
  for (const s of win) {
    if (s.at - prev.at < 1000 && s !== win.at(-1)) continue;
    bySecond.push(
      `  +${((s.at - at('window').at) / 1000).toFixed(1)}s ${fmt(split(new Map(prev.cpu), new Map(s.cpu)))}`,
    );
    prev = s;
  }
  lines.push(`window by ~1 s (${head}):`, ...bySecond);
  const gc = a.gc ? gcByIsolate(stdout).sort((x, y) => x.firstMs - y.firstMs) : [];
  if (gc.length)
    lines.push(
      'GC by isolate (first seen first; pause ms on the isolate thread):',
      ...gc.map(
        (g) =>
          `  ${g.isolate}: ${g.scavenges} scavenges ${g.scavengeMs.toFixed(0)} ms, ${g.marks} mark-compacts ${g.markMs.toFixed(0)} ms`,
      ),
    );
  process.stderr.write(lines.join('\n') + '\n');
  console.log(
    JSON.stringify({
      records: r.records,
      seconds: r.seconds,
      digest: r.digest.slice(0, 16),
      node: a.node,
      startup: split(first, windowStart),
      window: split(windowStart, windowEnd),
      gc,
    }),
  );
}

if (a.child) await child(a.child);
else parent();
process.exit(0);
