/**
 * Side-by-side timing of the detectors against a baseline copy of them, on
 * the bench/kafka core workload (no broker), rounds alternating base/new in
 * one process so both see the same machine load:
 *   mkdir -p .cache/det-base && git archive <rev> detectors | tar -x -C .cache/det-base
 *   ln -s "$PWD/src" .cache/det-base/src; ln -s "$PWD/node_modules" .cache/det-base/node_modules
 *   npx tsx bench/detectors/compare.ts [--base .cache/det-base] [--rounds 3] [--events 100000]
 * Prints, per variant, the output digest (must match), the median wall time of
 * the whole core and the median time inside each detector's step/tick/init
 * (timed by wrapping them; the wrapper costs the same on both sides).
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigSchema } from '../../src/config/index.js';
import { createPartitionedPipeline } from '../../src/pipeline/index.js';
import { createMemorySink } from '../../src/sink/index.js';
import { coreRecords, feedPartitions, outputDigest } from '../kafka/core-workload.js';
import { createScanner } from '../../src/app/index.js';
import type { ActiveDetector } from '../../detectors/registry.js';
import * as current from '../../detectors/registry.js';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '3' },
    base: { type: 'string', default: '.cache/det-base' },
  },
});
type Registry = typeof current;
const base = (await import(pathToFileURL(path.resolve(args.base, 'detectors/registry.ts')).href)) as Registry;

const records = coreRecords(Number(args.events));

/** Wraps each detector's init/step/tick with a timer into `acc` (ms by detector name). */
function timed(active: ActiveDetector[], acc: Map<string, number>): ActiveDetector[] {
  return active.map(({ detector, options }) => {
    const d = detector;
    const add = (t0: number): void => {
      acc.set(d.name, (acc.get(d.name) ?? 0) + performance.now() - t0);
    };
    const wrapped: typeof d = {
      ...d,
      init(o) {
        const t0 = performance.now();
        const r = d.init(o);
        add(t0);
        return r;
      },
      step(s, e, c, o) {
        const t0 = performance.now();
        const r = d.step(s, e, c, o);
        add(t0);
        return r;
      },
    };
    const tick = d.tick;
    if (tick)
      wrapped.tick = (s, c, o) => {
        const t0 = performance.now();
        const r = tick(s, c, o);
        add(t0);
        return r;
      };
    else delete wrapped.tick;
    return { detector: wrapped, options };
  });
}

async function round(
  reg: Registry,
  wrap: boolean,
): Promise<{ ms: number; cpu: number; digest: string; per: Map<string, number> }> {
  const cfg = ConfigSchema.parse({ fingerprintSecret: 'bench-secret-0123456789abcdef', log: { level: 'silent' } });
  const sink = createMemorySink();
  const scanner = await createScanner(cfg, cfg.fingerprintSecret!);
  const per = new Map<string, number>();
  const active = reg.activateDetectors(cfg.detectors, reg.DETECTORS);
  const pipeline = createPartitionedPipeline({
    config: cfg,
    sink,
    scanner,
    detectors: wrap ? timed(active, per) : active,
  });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await feedPartitions(pipeline, records);
  const ms = performance.now() - t0;
  const c1 = process.cpuUsage(c0);
  await pipeline.finish();
  const digest = outputDigest(sink.records);
  return { ms, cpu: (c1.user + c1.system) / 1000, digest, per };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const variants = { base, new: current } as const;
const wall: Record<string, number[]> = { base: [], new: [] };
const cpu: Record<string, number[]> = { base: [], new: [] };
const inside: Record<string, Map<string, number[]>> = { base: new Map(), new: new Map() };
const digests: Record<string, Set<string>> = { base: new Set(), new: new Set() };
for (let r = 0; r < Number(args.rounds); r++) {
  // alternate the order so neither side always runs on a warmer heap
  const order = r % 2 ? (['new', 'base'] as const) : (['base', 'new'] as const);
  for (const v of order) {
    for (const wrap of [false, true]) {
      const res = await round(variants[v], wrap);
      digests[v]!.add(res.digest);
      if (!wrap) wall[v]!.push(res.ms);
      if (!wrap) cpu[v]!.push(res.cpu);
      for (const [name, ms] of res.per) {
        const list = inside[v]!.get(name) ?? [];
        list.push(ms);
        inside[v]!.set(name, list);
      }
    }
    console.error(`round ${r + 1} ${v}: ${wall[v]!.at(-1)!.toFixed(0)} ms wall, ${cpu[v]!.at(-1)!.toFixed(0)} ms cpu`);
  }
}
console.log(`digests base ${[...digests.base!].join(',')} new ${[...digests.new!].join(',')}`);
console.log(`records ${records.length}, rounds ${args.rounds}; medians (ms), ratio new/base`);
const row = (label: string, b: number, n: number): string =>
  `${label.padEnd(26)} ${b.toFixed(0).padStart(7)} ${n.toFixed(0).padStart(7)}  ${(n / b).toFixed(2)}`;
console.log(`${'what'.padEnd(26)} ${'base'.padStart(7)} ${'new'.padStart(7)}  ratio`);
console.log(row('core wall (unwrapped)', median(wall.base!), median(wall.new!)));
console.log(row('core cpu (unwrapped)', median(cpu.base!), median(cpu.new!)));
let sb = 0;
let sn = 0;
for (const [name, b] of inside.base!) {
  const n = inside.new!.get(name) ?? [];
  sb += median(b);
  sn += median(n);
  console.log(row(name, median(b), median(n)));
}
console.log(row('all detectors', sb, sn));
