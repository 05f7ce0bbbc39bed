/**
 * Two workers against one at the same partitions, side by side (issue 17 point 3): for each file, `--rounds`
 * rounds alternating one worker and two, each run its own process (bench/core/measure.ts run, nice 5).
 * Reports records/s (first batch to last flush), CPU seconds of every thread in the same window (the work
 * done, which a loaded machine inflates far less than wall time) and how they split between threads (Linux:
 * the main thread, each worker, and the rest — V8's garbage-collector and compiler helpers), the output digest of every run (one per
 * partitioning) and the load average around each run.
 *
 *   npx tsx bench/core/workers.ts [--rounds 3] [--partitions 8] <file.ndjson>...
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from '../kafka/setup.js';

const ROOT = join(import.meta.dirname, '../..');
const { values: a, positionals: files } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, partitions: { type: 'string', default: '8' } },
  allowPositionals: true,
});
const log = (s: string): void => void process.stderr.write(`bench/core/workers: ${s}\n`);

interface Run {
  workers: number;
  rate: number;
  cpuSeconds: number;
  /** CPU seconds per thread in the window (measure.ts ThreadSeconds); null off Linux */
  threads: { main: number; workers: number[]; other: number } | null;
  seconds: number;
  digest: string;
  load: number;
}

function run(file: string, workers: number): Run {
  const dir = join(ROOT, 'bench/core/out', `workers-${workers}`);
  rmSync(dir, { recursive: true, force: true });
  const load = loadavg()[0]!;
  const out = execFileSync(
    'nice',
    [
      '-n',
      '5',
      process.execPath,
      '--expose-gc',
      '--import',
      'tsx',
      'bench/core/measure.ts',
      'run',
      file,
      dir,
      String(workers),
      a.partitions,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  rmSync(dir, { recursive: true, force: true });
  const r = JSON.parse(out.trim().split('\n').pop()!) as Omit<Run, 'workers' | 'load'>;
  return {
    workers,
    rate: r.rate,
    cpuSeconds: r.cpuSeconds,
    threads: r.threads,
    seconds: r.seconds,
    digest: r.digest,
    load,
  };
}

/** main / each worker / other threads, CPU seconds */
function split(x: Run): string {
  const t = x.threads;
  if (!t) return 'threads: n/a';
  return [t.main, ...t.workers, t.other].map((v) => v.toFixed(2)).join(' / ');
}

const results: Record<string, Run[]> = {};
for (const file of files) {
  const runs: Run[] = (results[basename(file)] = []);
  for (let r = 0; r < Number(a.rounds); r++)
    for (const w of r % 2 === 0 ? [1, 2] : [2, 1]) {
      const x = run(file, w);
      runs.push(x);
      log(
        `${basename(file)} round ${r + 1}: ${w} worker(s) ${Math.round(x.rate)}/s, ${x.cpuSeconds.toFixed(1)} cpu-s (${split(x)}), load ${x.load.toFixed(1)}, ${x.digest}`,
      );
    }
}

const f = (x: number, d = 0): string => x.toFixed(d);
console.log(
  '| workload | 1 worker: records/s (rounds) | 2 workers | 2 ÷ 1 | CPU-s in the window, 1 / 2 | thread CPU-s, 1 worker: main / other | 2 workers: main / worker / worker / other | digests | load |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---|---|');
for (const [file, runs] of Object.entries(results)) {
  const of = (w: number): Run[] => runs.filter((x) => x.workers === w);
  const rates = (w: number): string =>
    of(w)
      .map((x) => f(x.rate))
      .join(' / ');
  const m = (w: number, k: 'rate' | 'cpuSeconds'): number => median(of(w).map((x) => x[k]));
  // the run of median CPU-s of each kind stands for its threads' split
  const mid = (w: number): Run => {
    const byCpu = [...of(w)].sort((x, y) => x.cpuSeconds - y.cpuSeconds);
    return byCpu[Math.floor(byCpu.length / 2)]!;
  };
  console.log(
    `| ${file}, ${a.partitions} partitions | ${f(m(1, 'rate'))} (${rates(1)}) | ${f(m(2, 'rate'))} (${rates(2)}) | ${f(m(2, 'rate') / m(1, 'rate'), 2)}× | ${f(m(1, 'cpuSeconds'), 1)} / ${f(m(2, 'cpuSeconds'), 1)} | ${split(mid(1))} | ${split(mid(2))} | ${[...new Set(runs.map((x) => x.digest))].join(', ')} | ${f(Math.min(...runs.map((x) => x.load)), 1)}–${f(Math.max(...runs.map((x) => x.load)), 1)} |`,
  );
}
console.log(JSON.stringify(results));
