/**
 * Renders bench/core/out/results.json as the tables of bench/core/REPORT.md (the notes below them are
 * written by hand after looking at the run): `npx tsx bench/core/report.ts > bench/core/tables.md`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// a type only: erased, so measure.ts (which runs a part when loaded) is not loaded
import type { LiveHeap } from './measure.js';

type Row = Record<string, Record<string, number | string>>;
interface Results {
  command: string;
  date: string;
  machine: Record<string, unknown>;
  workload: { file: string; records: number; partitions: number; rounds: number; realistic: number | null };
  rounds: Row[];
  medians: Record<string, number>;
  digests: Record<string, string[]>;
  long: {
    /** rssAtGcMB: absent in results.json written before measure.ts settled RSS (rssMB was then read right after the GC) */
    perPass: { pass: number; rssMB: number; rssAtGcMB?: number; heapMB: number }[];
    peakRssMB: number;
    records: number;
  } | null;
  flood: Record<string, number> | null;
  nodes: { nodes: number; bytesPerNode: number } | null;
  profile: {
    top: { fn: string; pct: number }[];
    gcPct: number;
    bytesPerRecord: number;
    /** absent in results.json written before the stage table existed */
    stages?: { stage: string; pct: number }[];
    /** absent in results.json written before 2026-12-04 */
    allocStages?: { stage: string; bytes: number }[];
    allocTop?: { fn: string; bytes: number }[];
  } | null;
  /** absent in results.json written before threads were measured; a run's `threads` null off Linux */
  threads?: Record<
    string,
    { cpuSeconds: number; threads: { main: number; workers: number[]; other: number } | null } | null
  >;
  kafka: {
    records: number;
    through: number[];
    /** through the broker with the other kafka.producerThread than the default (absent before 2026-12-04 18:41) */
    other?: number[];
    otherProducerThread?: boolean;
    core: number[];
    ratio: number;
    otherRatio?: number;
    /**
     * CPU µs per record, each round: this process through the broker (and its main thread), the same with the producer
     * on a thread of its own, the core alone, the broker's JVM (each absent before it was measured)
     */
    cpu?: {
      throughUs: number;
      throughMainUs?: number | null;
      otherUs?: number;
      otherMainUs?: number | null;
      coreUs: number;
      brokerUs: number | null;
    }[];
    maxRate: number;
    latency: (Record<string, number> & { pace?: string; slowestStagesMs?: Record<string, number> })[];
  } | null;
}

const r = JSON.parse(readFileSync(join(import.meta.dirname, 'out', 'results.json'), 'utf8')) as Results;
/** The broker rounds' other kafka.producerThread setting, if measured: its rates, ratio and setting. */
const other = ((): { rates: number[]; ratio: number; producerThread: boolean; what: string } | null => {
  const kafka = r.kafka;
  const rates = kafka?.other;
  const ratio = kafka?.otherRatio;
  const producerThread = kafka?.otherProducerThread;
  if (!rates || ratio === undefined || producerThread === undefined) return null;
  const what = producerThread ? 'outputs sent from a thread of their own' : "outputs sent from the pipeline's thread";
  return { rates, ratio, producerThread, what };
})();
const k = (x: number): string => `${(x / 1000).toFixed(1)}k`;
const f2 = (x: number): string => x.toFixed(2);
const f3 = (x: number): string => x.toFixed(3);
const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const m = r.medians;
const lines: string[] = [];
const out = (s = ''): number => lines.push(s);

out(`Run: \`${r.command}\`, ${r.date.slice(0, 16)} UTC, main at ${String(r.machine.commit)}.`);
out(
  `Machine: ${String(r.machine.nproc)} vCPU (${String(r.machine.cpu)}, shared), Node ${String(r.machine.node)}, Apache Kafka ${String(r.machine.kafka)} on the same machine; load average ${JSON.stringify(r.machine.loadAtStart)} at the start, ${JSON.stringify(r.machine.loadAtEnd)} at the end. Code: ${r.machine.code === undefined ? 'tsx transform (runs before the compiled bench)' : String(r.machine.code)}.`,
);
out(
  `Workload: ${r.workload.records.toLocaleString('en')} simulated records (${r.workload.file}), ${r.workload.partitions} partitions where partitioned; ${r.workload.rounds} rounds, medians.`,
);
out();
out(
  '| round | JSON.parse loop | decode + PII scan | default, 1 thread | 1 worker, ' +
    r.workload.partitions +
    ' partitions | 2 workers, ' +
    r.workload.partitions +
    ' partitions | realistic: parse / floor / default |',
);
out('|---|---:|---:|---:|---:|---:|---:|');
r.rounds.forEach((row, i) => {
  const v = (n: string): string => (row[n] ? k(row[n].rate as number) : '-');
  const real = row.realParse ? `${v('realParse')} / ${v('realFloor')} / ${v('realDefault')}` : '-';
  out(
    `| ${i + 1} | ${v('parse')} | ${v('floor')} | ${v('default')} | ${v('oneWorker')} | ${v('twoWorkers')} | ${real} |`,
  );
});
out(
  `| **median** | **${k(m.parse!)}** | **${k(m.floor!)}** | **${k(m.default!)}** | **${k(m.oneWorker!)}** | **${k(m.twoWorkers!)}** | ${m.realParse ? `**${k(m.realParse)} / ${k(m.realFloor!)} / ${k(m.realDefault!)}**` : '-'} |`,
);
out();
out('| figure | measured | target |');
out('|---|---:|---|');
out(`| default pipeline ÷ JSON.parse loop (simulated) | ${f3(m.default! / m.parse!)} | ≥ 0.25 |`);
out(`| default pipeline ÷ decode + PII scan (simulated) | ${f3(m.default! / m.floor!)} | ≥ 0.5 |`);
if (m.realParse) {
  out(`| default pipeline ÷ JSON.parse loop (realistic) | ${f3(m.realDefault! / m.realParse)} | ≥ 0.25 |`);
  out(`| default pipeline ÷ decode + PII scan (realistic) | ${f3(m.realDefault! / m.realFloor!)} | ≥ 0.5 |`);
}
out(
  `| two workers ÷ one worker (same ${r.workload.partitions} partitions) | ${f2(m.twoWorkers! / m.oneWorker!)}× | ≥ 1.7× |`,
);
if (m.realTwoWorkers)
  out(
    `| two workers ÷ one worker, realistic workload (same ${r.workload.partitions} partitions) | ${f2(m.realTwoWorkers / m.realOneWorker!)}× | ≥ 1.7× |`,
  );
if (r.kafka) {
  out(
    `| through the broker ÷ core alone (${r.kafka.records.toLocaleString('en')} records) | ${f2(r.kafka.ratio)} | ≥ 0.9 |`,
  );
  if (other !== null)
    out(
      `| the same with \`kafka.producerThread: ${String(other.producerThread)}\` (${other.what}), same rounds | ${f2(other.ratio)} | (for comparison) |`,
    );
}
out(`| peak RSS, default run (median) | ${Math.round(m.defaultPeakRssMB!)} MB | ≤ 400 MB |`);
if (r.long) {
  const p = r.long.perPass;
  const first = p[0]!;
  // the highest of the later passes, below pass 1 too (settled RSS: pass 1 still holds its heap's first growth)
  const worst = p.slice(1).reduce((a, b) => (b.rssMB > a.rssMB ? b : a), p[1] ?? first);
  const pct = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(Math.round(x * 100))}%`;
  const later = p.slice(1).map((x) => x.rssMB);
  // settled: after the GC has handed its freed pages back (measure.ts passMemory); older results read RSS at once
  const settled = first.rssAtGcMB !== undefined;
  const range = settled
    ? `; passes 2–${p.length} ${Math.round(Math.min(...later))}–${Math.round(Math.max(...later))} MB`
    : '';
  out(
    `| ${p.length}× the run at the same live state: RSS ${settled ? 'settled ' : ''}after pass 1 → highest later pass (heap after GC) | ${Math.round(first.rssMB)} → ${Math.round(worst.rssMB)} MB (${pct(worst.rssMB / first.rssMB - 1)}${range}; heap ${Math.round(first.heapMB)} → ${Math.round(p.at(-1)!.heapMB)} MB) | flat within 10% |`,
  );
}
if (r.nodes)
  out(
    `| heap per live graph node, cascades of 1,000 reposts without text (bench/pipeline/worker.ts nodes) | ${Math.round(r.nodes.bytesPerNode)} B | ≤ 1 KB |`,
  );
// the same figure on the run's own workload: the one-thread run's heap after a full collection at its end
// (measure.ts liveHeap; absent in results.json written before 2026-12-04 09:00)
const liveOf = (name: string): LiveHeap | null => {
  const xs = r.rounds.map((x) => (x[name] as { live?: LiveHeap } | undefined)?.live).filter((x) => x != null);
  return xs.length ? xs.sort((a, b) => a.bytesPerNode - b.bytesPerNode)[Math.floor(xs.length / 2)]! : null;
};
for (const [name, label] of [
  ['default', 'simulated'],
  ['realDefault', 'realistic'],
] as const) {
  const l = liveOf(name);
  // the realistic file's units span years of event time: at its end almost nothing is live
  if (l && l.nodes < 1000)
    out(
      `| heap per live graph node at the end of the default run, ${label} | not measurable: ${l.nodes} live posts at the end | ≤ 1 KB |`,
    );
  else if (l)
    out(
      `| heap per live graph node at the end of the default run, ${label} (heap after a full collection ÷ ${l.nodes.toLocaleString('en')} live posts, ${l.incidents.toLocaleString('en')} live incidents; less the heap before the first batch) | ${l.bytesPerNode.toLocaleString('en')} B (${Math.round(l.heapMB)} MB; ${l.bytesPerNodeOverStart.toLocaleString('en')} B) | ≤ 1 KB |`,
    );
}
if (r.flood)
  out(
    `| flood of ${r.flood.posts!.toLocaleString('en')} unique one-post cascades, caps ${r.flood.maxLiveNodes} nodes / ${r.flood.maxLiveIncidents} incidents | at most ${r.flood.maxNodes} nodes, ${r.flood.maxIncidents} incidents live; ${r.flood.evictions} evicted; peak RSS ${Math.round(r.flood.peakRssMB!)} MB | within the caps |`,
  );
// pace: how fast event time ran in a latency round (bench/kafka/latency.ts Pace); absent before it was measured
const paceOf = (l: Record<string, unknown>): string => (l.pace as string | undefined) ?? 'compressed';
if (r.kafka) {
  const PACE: Record<string, string> = {
    compressed: '12 h of event time in the round',
    live: 'event time at the wall-clock pace',
  };
  for (const pace of [...new Set(r.kafka.latency.map(paceOf))])
    for (const rate of [...new Set(r.kafka.latency.filter((l) => paceOf(l) === pace).map((l) => l.rate!))]) {
      const at = r.kafka.latency.filter((l) => l.rate === rate && paceOf(l) === pace).map((l) => l.warningP99ms!);
      out(
        `| warning p99 through the broker at ${rate.toLocaleString('en')} events/s, ${PACE[pace] ?? pace} (rounds: ${at.join(' / ')} ms) | ${med(at)} ms | < 250 ms |`,
      );
    }
}
out(
  `| output digest, default / 1 worker / 2 workers, every round | ${[...new Set(r.digests.default)].join(', ')} / ${[...new Set(r.digests.oneWorker)].join(', ')} / ${[...new Set(r.digests.twoWorkers)].join(', ')} | one per partitioning |`,
);
if (r.digests.realTwoWorkers?.length)
  out(
    `| output digest, realistic 1 worker / 2 workers, every round | ${[...new Set(r.digests.realOneWorker)].join(', ')} / ${[...new Set(r.digests.realTwoWorkers)].join(', ')} | one per partitioning |`,
  );
// ---- the design limits (point 1): the same rounds without the cascade family, and without any detector
if (m.lean !== undefined) {
  type Decisions = { digest: string; commands: number; warnings: number; watch: number };
  const decisionsOf = (name: string): Decisions[] =>
    r.rounds.map((row) => row[name]?.decisions as unknown as Decisions | undefined).filter((d) => d !== undefined);
  const asDefault = (name: string, base: string): string => {
    const mine = decisionsOf(name);
    const theirs = decisionsOf(base);
    if (mine.length === 0 || theirs.length === 0) return '-';
    const same = mine.every((d, i) => d.digest === theirs[i]?.digest);
    return same ? 'the same, every round' : 'different';
  };
  const counts = (name: string): string => {
    const d = decisionsOf(name)[0];
    return d ? `${d.commands.toLocaleString('en')} / ${d.warnings} / ${d.watch.toLocaleString('en')}` : '-';
  };
  /** A run of the table: its median rate and peak RSS (`<name>PeakRssMB`), against its workload's floors (`base`'s). */
  const row = (label: string, name: string, base: 'default' | 'realDefault'): void => {
    const rate = m[name]!;
    const rss = m[`${name}PeakRssMB`];
    const [parse, floor] = base === 'default' ? [m.parse!, m.floor!] : [m.realParse!, m.realFloor!];
    out(
      `| ${label} | ${k(rate)} | ${f3(rate / parse)} | ${f3(rate / floor)} | ${rss === undefined ? '-' : `${Math.round(rss)} MB`} | ${counts(name)} | ${name === base ? '(the default)' : asDefault(name, base)} |`,
    );
  };
  out();
  out(
    'The design limits (same rounds, medians): the default pipeline without the cascade family (`cascade/*`: velocity, reach, structure, cross-platform, forecast; run with `MEASURE_OVERRIDES`), and without any detector. A compact form for cascades that carry no signal can at most spare their detectors; what is left (decode, PII scan, graph, incidents, risk, policy, outputs) is the floor of that design:',
  );
  out();
  out(
    '| run | records/s | ÷ JSON.parse loop | ÷ decode + PII scan | peak RSS | commands / warnings and criticals / watch alerts | decisions (commands, warnings, criticals) |',
  );
  out('|---|---:|---:|---:|---:|---:|---|');
  row('default (simulated)', 'default', 'default');
  row('no cascade detectors (simulated)', 'lean', 'default');
  row('no detector at all (simulated)', 'noDetectors', 'default');
  if (m.tightHeap !== undefined) row('default, `limits.heapGrowingPercent: 50` (simulated)', 'tightHeap', 'default');
  if (m.realLean !== undefined) {
    row('default (realistic)', 'realDefault', 'realDefault');
    row('no cascade detectors (realistic)', 'realLean', 'realDefault');
  }
}
const threadRows = Object.entries(r.threads ?? {}).filter(([, t]) => t?.threads);
if (threadRows.length > 0) {
  out();
  out(
    'Where the CPU went, by thread (the run of median CPU-s of each kind, first batch to last flush; Linux task ' +
      'CPU time; the worker threads are taken to be the busiest non-main threads; "other" is V8\'s ' +
      'garbage-collector and compiler helpers, libuv and the loader):',
  );
  out();
  out('| run | CPU-s | main thread | worker threads | other threads |');
  out('|---|---:|---:|---:|---:|');
  const NAME: Record<string, string> = {
    default: 'default, 1 thread (simulated)',
    oneWorker: `1 worker, ${r.workload.partitions} partitions (simulated)`,
    twoWorkers: `2 workers, ${r.workload.partitions} partitions (simulated)`,
    realOneWorker: `1 worker, ${r.workload.partitions} partitions (realistic)`,
    realTwoWorkers: `2 workers, ${r.workload.partitions} partitions (realistic)`,
  };
  for (const [name, t] of threadRows) {
    const th = t!.threads!;
    const workers = th.workers.length ? th.workers.map((x) => x.toFixed(1)).join(' + ') : '-';
    out(
      `| ${NAME[name] ?? name} | ${t!.cpuSeconds.toFixed(1)} | ${th.main.toFixed(1)} | ${workers} | ${th.other.toFixed(1)} |`,
    );
  }
  ceiling('simulated', 'oneWorker', 'twoWorkers', r.workload.records);
  if (r.workload.realistic !== null) ceiling('realistic', 'realOneWorker', 'realTwoWorkers', r.workload.realistic);
}

/**
 * Point 3's ceiling on this machine: two workers that kept every core busy at their own CPU per record would run
 * at nproc ÷ (CPU-s ÷ records); against one worker's rate, that is the most the ratio can be. One worker is not one
 * core: V8's collector and compiler helpers run beside it on the others.
 */
function ceiling(label: string, one: string, two: string, records: number): void {
  const cpu1 = r.threads?.[one]?.cpuSeconds;
  const cpu2 = r.threads?.[two]?.cpuSeconds;
  const rate1 = m[one];
  const rate2 = m[two];
  if (cpu1 === undefined || cpu2 === undefined || rate1 === undefined || rate2 === undefined) return;
  const nproc = Number(r.machine.nproc);
  const cores = (cpu: number, rate: number): number => cpu / (records / rate);
  const best = (nproc * records) / cpu2;
  out();
  out(
    `Point 3's ceiling on this machine (${label}; CPU-s of the median-CPU runs above, rates the medians): one worker kept ${f2(cores(cpu1, rate1))} of the ${nproc} cores busy, two workers ${f2(cores(cpu2, rate2))}, at ${f2(cpu2 / cpu1)}× one worker's CPU per record. Two workers keeping all ${nproc} cores busy at that CPU per record would run at ${k(best)} records/s: **${f2(best / rate1)}× one worker** at most, against the measured ${f2(rate2 / rate1)}×.`,
  );
}
if (r.profile) {
  out();
  out(
    `CPU profile of the default run (self time, share of busy time; GC ${r.profile.gcPct}%), allocation ${Math.round(r.profile.bytesPerRecord).toLocaleString('en')} bytes per record:`,
  );
  out();
  out('| function | self |');
  out('|---|---:|');
  for (const t of r.profile.top) out(`| \`${t.fn}\` | ${t.pct}% |`);
  if (r.profile.stages) {
    out();
    out("The same profile by stage (bench/core/profile.ts `stageShares`: share of the pipeline's CPU):");
    out();
    out('| stage | share |');
    out('|---|---:|');
    for (const s of r.profile.stages) out(`| ${s.stage} | ${s.pct}% |`);
    budget(r.profile.stages);
  }
  if (r.profile.allocStages && r.profile.allocTop) {
    out();
    out(
      "Allocation of the default run by stage, bytes per record (bench/core/profile.ts `allocationShares`: V8's sampling heap profiler with collected objects included, each sample given to its innermost stage as for time; bytes allocated outside the pipeline left out):",
    );
    out();
    out('| stage | B per record |');
    out('|---|---:|');
    for (const a of r.profile.allocStages) out(`| ${a.stage} | ${a.bytes.toLocaleString('en')} |`);
    out();
    out('The functions allocating most themselves (anywhere in the process), bytes per record:');
    out();
    out('| function | B per record |');
    out('|---|---:|');
    for (const a of r.profile.allocTop) out(`| \`${a.fn}\` | ${a.bytes.toLocaleString('en')} |`);
  }
}
if (r.kafka) {
  out();
  out(
    `Broker rounds (records/s): through the broker ${r.kafka.through.map((x) => k(x)).join(' / ')}${other !== null ? `, with \`kafka.producerThread: ${String(other.producerThread)}\` ${other.rates.map((x) => k(x)).join(' / ')}` : ''}, core alone ${r.kafka.core.map((x) => k(x)).join(' / ')}.`,
  );
  const cpu = r.kafka.cpu;
  if (cpu && cpu.length > 0) {
    const us = (xs: number[]): string => `${med(xs).toFixed(1)} µs`;
    const broker = cpu.flatMap((c) => (c.brokerUs === null ? [] : [c.brokerUs]));
    const mainOf = (xs: (number | null | undefined)[]): number[] =>
      xs.flatMap((x) => (typeof x === 'number' ? [x] : []));
    const defaultMain = mainOf(cpu.map((c) => c.throughMainUs));
    const otherMain = mainOf(cpu.map((c) => c.otherMainUs));
    const otherAll = mainOf(cpu.map((c) => c.otherUs));
    if (other !== null && defaultMain.length > 0 && otherMain.length > 0) {
      // [with the producer on its own thread, with it in the pipeline's]
      const [ownMain, inMain] = other.producerThread ? [otherMain, defaultMain] : [defaultMain, otherMain];
      const all = cpu.map((c) => c.throughUs);
      const [ownAll, inAll] = other.producerThread ? [otherAll, all] : [all, otherAll];
      out();
      out(
        `The producer's thread (median of rounds, CPU per record): the main thread, where the pipeline runs, spent ${us(ownMain)} with outputs sent from a thread of their own against ${us(inMain)} with them sent from its own thread; the whole process ${us(ownAll)} against ${us(inAll)} (a run starts its producer thread, and under tsx compiles its modules there: ~1 s of CPU in 100,000 records).`,
      );
    }
    out();
    out(
      `CPU per record (median of rounds): this process through the broker ${us(cpu.map((c) => c.throughUs))} (pipeline, kafkajs, V8's helpers), the core alone ${us(cpu.map((c) => c.coreUs))}: ${f2(med(cpu.map((c) => c.throughUs / c.coreUs)))}× the core's work per record. ${broker.length > 0 ? `The broker's JVM, on the same ${String(r.machine.nproc)} cores, used ${us(broker)} per record in the same window.` : "The broker's CPU was not measured (not a local deploy/kafka broker)."}`,
    );
  }
  out();
  out(
    '| event time | rate asked | achieved | warnings | warning p99 | all outputs p99 | event-loop max | produce ack p99 |',
  );
  out('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const l of r.kafka.latency)
    out(
      `| ${paceOf(l)} | ${l.rate} | ${l.achievedRate} | ${l.warnings} | ${l.warningP99ms} ms | ${l.allP99ms} ms | ${l.loopDelayMaxms} ms | ${l.produceAckP99ms} ms |`,
    );
  const staged = r.kafka.latency.filter((l) => l.slowestStagesMs !== undefined);
  if (staged.length > 0) {
    // bench/kafka/latency.ts Breakdown: the record waits for the fetch that brings it, the fetch, its chunk waits
    // its turn, the chunk is processed up to it and after it, the outputs are flushed (acked), the reader reads them
    const stages = ['waitFetch', 'fetch', 'queued', 'beforeIt', 'restOfChunk', 'flush', 'reader'] as const;
    out();
    out(
      "Where the slowest 2% of each round's warnings spent their time (mean ms per stage; the stages add up to the total):",
    );
    out();
    out(`| event time | rate | total | ${stages.join(' | ')} |`);
    out(`|---|---:|---:|${stages.map(() => '---:').join('|')}|`);
    for (const l of staged) {
      const s = l.slowestStagesMs!;
      out(`| ${paceOf(l)} | ${l.rate} | ${s.total} | ${stages.map((k) => s[k]).join(' | ')} |`);
    }
  }
}
console.log(lines.join('\n'));

/**
 * Point 1's targets as time per record: what the whole pipeline may spend to reach them, beside what each stage
 * spends now (the default run's median time per record split by the profile's stage shares, which are shares of
 * the pipeline's busy time). Shows how far each stage alone is from the budget.
 */
function budget(stages: { stage: string; pct: number }[]): void {
  const us = (rate: number): number => 1e6 / rate;
  const now = us(m.default!);
  const toParse = us(m.parse!) / 0.25;
  const toFloor = us(m.floor!) / 0.5;
  out();
  out(
    `Point 1 as time per record (simulated run, medians): the bare JSON.parse loop takes ${f2(us(m.parse!))} µs, ` +
      `decode + PII scan ${f2(us(m.floor!))} µs. To reach 0.25 of the first the whole pipeline may spend ` +
      `**${f2(toParse)} µs** per record, to reach 0.5 of the second **${f2(toFloor)} µs**; it spends ` +
      `**${f2(now)} µs** now (${f2(now / toParse)}× the first budget). By stage (the profile's shares of that time):`,
  );
  out();
  out('| stage | µs per record | × the 0.25-of-JSON.parse budget |');
  out('|---|---:|---:|');
  for (const s of stages) {
    const t = (now * s.pct) / 100;
    out(`| ${s.stage} | ${f2(t)} | ${f2(t / toParse)} |`);
  }
  if (m.outputsUs === undefined) return;
  // what any design that reads these records and writes these outputs spends, measured apart in the same rounds
  const floorUs = us(m.floor!);
  const fixed = floorUs + m.outputsUs;
  out();
  out(
    `What no design doing this job escapes (same rounds, medians): decoding and PII-scanning each record ` +
      `(${f2(floorUs)} µs), and one \`JSON.stringify\` and one SHA-256 of each output line the default run writes ` +
      `(${f2(m.outputsUs)} µs per input record: ${Math.round(m.outputsBytes!)} B of output per record; \`measure.ts ` +
      `outputs\`). Together **${f2(fixed)} µs**, ${Math.round((fixed / toParse) * 100)}% of the 0.25-of-JSON.parse ` +
      `budget, which leaves **${f2(toParse - fixed)} µs** per record for the graph, the incidents, every detector, ` +
      `risk and policy` +
      (m.noDetectors === undefined
        ? '.'
        : `; the pipeline without any detector spends ${f2(us(m.noDetectors) - fixed)} µs on what is not in those ` +
          `two floors.`),
  );
}
