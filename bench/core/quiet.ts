/**
 * Quiet incidents (issue 17, points 1 and 2): what share of the records, detector steps, ticks, CPU and live heap
 * belongs to incidents that never carry a non-empty signal list nor produce an output over the run, and at which
 * post count and age the others first did. One pipeline, the default config, the PII scanner; prints one JSON.
 *
 *   node --expose-gc --import tsx bench/core/quiet.ts bench/core/out/sim-300000.ndjson
 *
 * An incident absorbed by a merge counts with the one that absorbed it (a lineage is loud when any part was).
 * CPU is what each stage spent on an incident (store.place, runner.step/tick, judge.evaluate/snapshotIfDue),
 * timed per call (the timers add their own cost; the shares, not the sums, are the figure). The heap is measured
 * at the end: after a full collection, with every live quiet incident removed from the store, then every other.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../src/config/index.js';
import type { RawRecord } from '../../src/contract/index.js';
import { createScanner } from '../../src/app/index.js';
import { Incident, IncidentStore } from '../../src/incident/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import { DetectorRunner } from '../../src/pipeline/detector-runner.js';
import { Judge } from '../../src/pipeline/judge.js';
import { PipelineOutputs } from '../../src/pipeline/outputs.js';
import { Housekeeping } from '../../src/pipeline/housekeeping.js';
import { BENCH_SECRET } from './config.js';

const file = process.argv[2];
if (!file) throw new Error('usage: quiet.ts <events.ndjson>');
const gc = (globalThis as { gc?: () => void }).gc;

interface Lineage {
  posts: number;
  steps: number;
  ticks: number;
  evaluations: number;
  cpuMs: number;
  /** the same by stage */
  stageMs: Record<string, number>;
  /** posts and age (ms) when a non-empty signal list or an output first appeared; null: never */
  firstSignal: { posts: number; ageMs: number } | null;
  firstOutput: { posts: number; ageMs: number } | null;
  /** the detectors of the first non-empty signal lists */
  firstDetectors: string[];
  /** absorbed into another lineage */
  folded: boolean;
}
// (weak: the instrument keeps no retired incident alive, so the heap at the end is the pipeline's)
const lineageOf = new WeakMap<Incident, Lineage>();
const lineages: Lineage[] = [];
const of = (i: Incident): Lineage => {
  let l = lineageOf.get(i);
  if (!l) {
    l = {
      posts: 0,
      steps: 0,
      ticks: 0,
      evaluations: 0,
      cpuMs: 0,
      stageMs: {},
      firstSignal: null,
      firstOutput: null,
      firstDetectors: [],
      folded: false,
    };
    lineageOf.set(i, l);
    lineages.push(l);
  }
  return l;
};
const earlier = <T extends { ageMs: number }>(a: T | null, b: T | null): T | null =>
  a === null ? b : b === null ? a : a.ageMs <= b.ageMs ? a : b;
const loud = (l: Lineage): boolean => l.firstSignal !== null || l.firstOutput !== null;

/** inside the housekeeping tick (its evaluations and snapshots are the tick's) */
let inTick = false;
let tickMs = 0;
let ticksRun = 0;
const spend = (i: Incident, stage: string, ms: number): void => {
  const l = of(i);
  l.cpuMs += ms;
  const k = inTick && stage !== 'tick' ? `tick.${stage}` : stage;
  l.stageMs[k] = (l.stageMs[k] ?? 0) + ms;
};

/** the incident whose evaluation or snapshot is running (outputs emitted meanwhile are its) */
let current: Incident | null = null;
let now = 0;
const mark = (i: Incident, at: 'firstSignal' | 'firstOutput'): void => {
  const l = of(i);
  if (l[at] !== null) return;
  l[at] = { posts: i.size, ageMs: now - i.firstTime };
  if (at === 'firstSignal') for (const [name, list] of i.signals) if (list.length > 0) l.firstDetectors.push(name);
};

function timed<T extends object, K extends keyof T>(
  proto: T,
  name: K,
  stage: string,
  who: (args: unknown[], r: unknown) => Incident | null,
  after?: (i: Incident, args: unknown[]) => void,
): void {
  const f = proto[name] as unknown as (...a: unknown[]) => unknown;
  (proto as Record<K, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    const r = f.apply(this, args);
    const i = who(args, r);
    if (i) {
      spend(i, stage, performance.now() - t0);
      after?.(i, args);
    }
    return r;
  };
}

timed(IncidentStore.prototype, 'place', 'place', (a, r) => {
  now = (a[0] as { time: number }).time;
  return (r as { incident: Incident }).incident;
});
timed(
  DetectorRunner.prototype,
  'step',
  'step',
  (a) => a[0] as Incident,
  (i) => {
    const l = of(i);
    l.posts++;
    l.steps++;
    if (i.signals.size > 0) mark(i, 'firstSignal');
  },
);
timed(
  DetectorRunner.prototype,
  'tick',
  'tick',
  (a) => a[0] as Incident,
  (i, a) => {
    now = a[2] as number;
    of(i).ticks++;
    if (i.signals.size > 0) mark(i, 'firstSignal');
  },
);
const evaluate = Judge.prototype.evaluate;
Judge.prototype.evaluate = function (incident, time) {
  current = incident;
  now = time;
  of(incident).evaluations++;
  const t0 = performance.now();
  evaluate.call(this, incident, time);
  spend(incident, 'evaluate', performance.now() - t0);
  current = null;
};
const snapshotIfDue = Judge.prototype.snapshotIfDue;
Judge.prototype.snapshotIfDue = function (incident, time, force) {
  const outer = current;
  current = incident;
  const t0 = performance.now();
  snapshotIfDue.call(this, incident, time, force);
  spend(incident, 'snapshot', performance.now() - t0);
  current = outer;
};
const emit = PipelineOutputs.prototype.emit;
PipelineOutputs.prototype.emit = function (record) {
  if (current) mark(current, 'firstOutput');
  emit.call(this, record);
};
const houseTick = (Housekeeping.prototype as unknown as { tick: (wm: number) => void }).tick;
(Housekeeping.prototype as unknown as { tick: (wm: number) => void }).tick = function (wm) {
  inTick = true;
  ticksRun++;
  const t0 = performance.now();
  houseTick.call(this, wm);
  tickMs += performance.now() - t0;
  inTick = false;
};
const merge = DetectorRunner.prototype.merge;
DetectorRunner.prototype.merge = function (into, gone) {
  merge.call(this, into, gone);
  const a = of(into);
  const b = lineageOf.get(gone);
  if (!b || b === a) return;
  b.folded = true;
  if (a.firstSignal === null && b.firstSignal !== null) a.firstDetectors = b.firstDetectors;
  a.posts += b.posts;
  a.steps += b.steps;
  a.ticks += b.ticks;
  a.evaluations += b.evaluations;
  a.cpuMs += b.cpuMs;
  for (const [k, v] of Object.entries(b.stageMs)) a.stageMs[k] = (a.stageMs[k] ?? 0) + v;
  a.firstSignal = earlier(a.firstSignal, b.firstSignal);
  a.firstOutput = earlier(a.firstOutput, b.firstOutput);
};

const config = loadConfig({
  env: {},
  overrides: { fingerprintSecret: BENCH_SECRET, log: { level: 'silent' } },
});
const scanner = await createScanner(config, config.fingerprintSecret!);
let outputs = 0;
const sink = { name: 'count', emit: () => void outputs++, flush: async () => {}, close: async () => {} };
const pipeline = createPipeline({ config, sink, scanner, timer: null });
let lines = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.length > 0);
const cpu0 = process.cpuUsage();
for (let i = 0; i < lines.length; i += 5000) {
  const records: RawRecord[] = lines
    .slice(i, i + 5000)
    .map((l, j) => ({ value: Buffer.from(l), key: null, position: { kind: 'file', file, line: i + j + 1 } }));
  await pipeline.handleBatch({ records, commit: async () => {} });
}
const cpu = process.cpuUsage(cpu0);
const busyMs = (cpu.user + cpu.system) / 1000;

const kept = lineages.filter((l) => !l.folded);
/** the part of `f` summed over quiet lineages, and over those that never produce an output */
const share = (f: (l: Lineage) => number) => {
  let q = 0;
  let s = 0;
  let all = 0;
  for (const l of kept) {
    const v = f(l);
    all += v;
    if (!loud(l)) q += v;
    if (l.firstOutput === null) s += v;
  }
  const r = (x: number): number => (all === 0 ? 0 : Math.round((x / all) * 1000) / 1000);
  return { all: Math.round(all), quietShare: r(q), noOutputShare: r(s) };
};
const firstDetectors: Record<string, number> = {};
for (const l of kept) for (const d of l.firstDetectors) firstDetectors[d] = (firstDetectors[d] ?? 0) + 1;
/** the distribution of a first appearance over the loud lineages: by post count, and by age in minutes */
const firsts = (at: 'firstSignal' | 'firstOutput') => {
  const posts: Record<string, number> = {};
  const minutes: Record<string, number> = {};
  for (const l of kept) {
    const f = l[at];
    if (!f) continue;
    const p = f.posts <= 5 ? String(f.posts) : f.posts <= 10 ? '6-10' : f.posts <= 50 ? '11-50' : '>50';
    const m = f.ageMs / 60_000;
    const a = m < 1 ? '<1' : m < 10 ? '1-10' : m < 60 ? '10-60' : '>=60';
    posts[p] = (posts[p] ?? 0) + 1;
    minutes[a] = (minutes[a] ?? 0) + 1;
  }
  return { posts, minutes };
};

const records = lines.length;
lines = [];
// (counted, not listed: a list of the live incidents would keep them alive through the heap measurement)
const liveAtEnd = { incidents: 0, quiet: 0, noOutput: 0, nodes: pipeline.store.graph.order };
for (const i of pipeline.store.coldestFirst()) {
  liveAtEnd.incidents++;
  if (!loud(of(i))) liveAtEnd.quiet++;
  if (of(i).firstOutput === null) liveAtEnd.noOutput++;
}
/** removes the live incidents `which` picks (the store's list lets go of the one handed out) */
const removeLive = (which: (l: Lineage) => boolean): void => {
  for (const i of pipeline.store.coldestFirst())
    if (which(of(i))) {
      pipeline.store.remove(i);
      judge.forget(i);
    }
};
const heap = (): number => {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const judge = (pipeline as unknown as { judge: Judge }).judge;
const h0 = heap();
removeLive((l) => !loud(l));
const h1 = heap();
removeLive((l) => l.firstOutput === null);
const h2 = heap();
removeLive(() => true);
const h3 = heap();
const round = (x: number): number => Math.round(x * 10) / 10;

console.log(
  JSON.stringify({
    file,
    records,
    outputs,
    busyMs: Math.round(busyMs),
    lineages: {
      all: kept.length,
      quiet: kept.filter((l) => !loud(l)).length,
      noOutput: kept.filter((l) => l.firstOutput === null).length,
    },
    posts: share((l) => l.posts),
    steps: share((l) => l.steps),
    ticks: share((l) => l.ticks),
    evaluations: share((l) => l.evaluations),
    cpuMs: share((l) => l.cpuMs),
    stageMs: Object.fromEntries(
      [...new Set(kept.flatMap((l) => Object.keys(l.stageMs)))].map((k) => [k, share((l) => l.stageMs[k] ?? 0)]),
    ),
    housekeepingTicks: { runs: ticksRun, ms: Math.round(tickMs) },
    onePostLineages: share((l) => (l.posts === 1 ? 1 : 0)),
    firstSignal: firsts('firstSignal'),
    firstOutput: firsts('firstOutput'),
    firstDetectors,
    liveAtEnd,
    heapMB: gc
      ? {
          atEnd: round(h0),
          quietIncidents: round(h0 - h1),
          signalNoOutputIncidents: round(h1 - h2),
          outputIncidents: round(h2 - h3),
          rest: round(h3),
        }
      : 'run with --expose-gc',
  }),
);
