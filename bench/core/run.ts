/**
 * bench/core (issue 17): every figure of the lean-core issue side by side in one run, medians of
 * --rounds rounds, each measured part in its own process (bench/core/measure.ts) so its peak RSS is
 * its own; the broker parts reuse bench/kafka. Writes bench/core/out/results.json and prints it.
 *
 *   KAFKA_BROKERS=127.0.0.1:9092 npx tsx bench/core/run.ts [--events 300000] [--rounds 3] [--partitions 8]
 *     [--long-passes 10] [--flood 300000] [--kafka-events 100000] [--rate 5000] [--seconds 30]
 *     [--latency-rounds 3] [--kafka-rounds <--rounds>] [--skip floors,threads,limits,long,flood,nodes,profile,kafka,latency]
 *
 * Workload: bench/kafka's simulated one (seed 42), keyed by cascade root; as a file for the core parts
 * and produced to a topic of --partitions partitions for the broker parts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { latencyRound } from '../kafka/latency.js';
import { Bench, median, stat, workload } from '../kafka/setup.js';
import { coreOnly, pipelineRun } from '../kafka/throughput.js';
import { allocationShares, stageShares, topSelfTime } from './profile.js';
import { DETECTORS } from '../../detectors/index.js';
import { ConfigSchema } from '../../src/config/index.js';

/**
 * The figures are of the code as it ships: `doxguard run` runs what `npm run build` compiles (tsc), not the
 * development transform (tsx). Started as .ts, this script compiles src, detectors and bench with the build's
 * compiler settings into dist-bench/ and runs its compiled self with plain node; every part it starts (measure,
 * workers, the latency thread) is then compiled code too. `--tsx` measures the transform instead.
 */
const COMPILED = import.meta.url.endsWith('.js');
const ROOT = join(import.meta.dirname, COMPILED ? '../../..' : '../..');
if (!COMPILED && !process.argv.includes('--tsx')) {
  process.stderr.write('bench/core: compiling (tsc -p tsconfig.bench.json → dist-bench/)\n');
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.bench.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  const run = spawnSync(process.execPath, [join(ROOT, 'dist-bench/bench/core/run.js'), ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}
/** how a part runs a bench script of this tree: compiled by node, or the .ts through tsx */
const script = (path: string): string[] =>
  COMPILED ? [join(ROOT, 'dist-bench', `${path}.js`)] : ['--import', 'tsx', join(ROOT, `${path}.ts`)];
const HERE = join(ROOT, 'bench/core');
const OUT = join(HERE, 'out');
const { values: a } = parseArgs({
  options: {
    events: { type: 'string', default: '300000' },
    rounds: { type: 'string', default: '3' },
    partitions: { type: 'string', default: '8' },
    'long-passes': { type: 'string', default: '10' },
    /** the base of the long run (default: --events): the run is --long-passes times this workload */
    'long-events': { type: 'string' },
    flood: { type: 'string', default: '300000' },
    'kafka-events': { type: 'string', default: '100000' },
    rate: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '30' },
    'latency-rounds': { type: 'string', default: '3' },
    // the broker's ratio moves between runs of one commit on a shared host: more rounds steady its median
    'kafka-rounds': { type: 'string' },
    skip: { type: 'string', default: '' },
    /** the realistic workload as a file (bench/core/realistic.ts writes it): floors and the default run on it too */
    realistic: { type: 'string' },
    /** measure the development transform (tsx) instead of the compiled code */
    tsx: { type: 'boolean', default: false },
  },
});
const EVENTS = Number(a.events);
const ROUNDS = Number(a.rounds);
const PARTITIONS = Number(a.partitions);
const SKIP = new Set(a.skip.split(',').filter(Boolean));
const log = (s: string): void => void process.stderr.write(`bench/core: ${s}\n`);
mkdirSync(OUT, { recursive: true });

/** One measure.ts part in a fresh process (nice 5: the machine is shared). */
function measure(node: string[], ...args: string[]): Record<string, unknown> {
  return measureWith({}, node, ...args);
}
/** measure.ts with settings under test over the default config (its MEASURE_OVERRIDES) */
function measureWith(overrides: object, node: string[], ...args: string[]): Record<string, unknown> {
  const out = execFileSync(
    'nice',
    ['-n', '5', process.execPath, '--expose-gc', ...node, ...script('bench/core/measure'), ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      env: { ...process.env, MEASURE_OVERRIDES: JSON.stringify(overrides) },
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}

/**
 * The default config with detectors turned off (`which` of the registry): what the pipeline costs without them, for
 * the design limits (a compact form for cascades that carry no signal can at most spare their detectors).
 */
function withoutDetectors(which: (d: (typeof DETECTORS)[number]) => boolean): object {
  return {
    detectors: Object.fromEntries(DETECTORS.filter(which).map((d) => [d.name, { enabled: false }])),
  };
}
const LEAN = withoutDetectors((d) => d.family === 'cascade');
const NO_DETECTORS = withoutDetectors(() => true);
/** The default pipeline with `limits.heapGrowingPercent: 50`: what peak RSS the heap's own headroom accounts for. */
const TIGHT_HEAP = { limits: { heapGrowingPercent: 50 } };
const num = (r: Record<string, unknown>, k: string): number => r[k] as number;
const round1 = (x: number): number => Math.round(x * 10) / 10;

const machine = {
  nproc: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  kafka: spawnSync('bash', [join(ROOT, 'deploy/kafka/kafka.sh'), 'version'], { encoding: 'utf8' }).stdout.trim(),
  commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
  loadAtStart: loadavg().map(round1),
  code: COMPILED ? 'compiled by tsc (tsconfig.bench.json: the build settings), run by node' : 'tsx transform',
};
log(`machine ${JSON.stringify(machine)}`);

// ---- the workload as a file: bench/kafka's simulated records, in produce order
function simulated(events: number): string {
  const path = join(OUT, `sim-${events}.ndjson`);
  if (!existsSync(path))
    writeFileSync(
      path,
      workload(events, 42, PARTITIONS)
        .map((m) => m.value)
        .join('\n') + '\n',
    );
  return path;
}
const file = simulated(EVENTS);
const records = readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
log(`workload ${file}: ${records} records`);

// ---- throughput: floors, the default pipeline on one core, one worker vs two at the same partitions
const rounds: Record<string, Record<string, unknown>>[] = [];
for (let r = 0; r < (['threads', 'floors', 'limits'].every((p) => SKIP.has(p)) ? 0 : ROUNDS); r++) {
  const row: Record<string, Record<string, unknown>> = {};
  const run = (name: string, workers: number, partitions: number, input = file, overrides: object = {}): void => {
    const dir = join(OUT, `run-${name}-${r}`);
    rmSync(dir, { recursive: true, force: true });
    row[name] = measureWith(overrides, [], 'run', input, dir, String(workers), String(partitions));
    // the outputs' floor: serialising and hashing what the default run wrote (a bound no design writing them escapes)
    if (name === 'default' && !SKIP.has('floors'))
      row.outputs = measure([], 'outputs', dir, String(num(row[name]!, 'records')));
    rmSync(dir, { recursive: true, force: true });
  };
  if (!SKIP.has('floors')) {
    row.parse = measure([], 'parse', file);
    row.floor = measure([], 'floor', file);
  }
  if (!SKIP.has('threads')) {
    run('default', 1, 1);
    run('oneWorker', 1, PARTITIONS);
    run('twoWorkers', 2, PARTITIONS);
  }
  if (!SKIP.has('limits')) {
    // the design limits: the default pipeline without the cascade family, and without any detector
    if (SKIP.has('threads')) run('default', 1, 1);
    run('lean', 1, 1, file, LEAN);
    run('noDetectors', 1, 1, file, NO_DETECTORS);
    // point 2's peak RSS with the heap's growth between full collections capped (README "Memory")
    run('tightHeap', 1, 1, file, TIGHT_HEAP);
  }
  if (a.realistic) {
    row.realParse = measure([], 'parse', a.realistic);
    row.realFloor = measure([], 'floor', a.realistic);
    run('realDefault', 1, 1, a.realistic);
    if (!SKIP.has('limits')) run('realLean', 1, 1, a.realistic, LEAN);
    if (!SKIP.has('threads')) {
      // point 3 on the realistic workload too: its cost per record is not the simulated one's
      run('realOneWorker', 1, PARTITIONS, a.realistic);
      run('realTwoWorkers', 2, PARTITIONS, a.realistic);
    }
  }
  rounds.push(row);
  log(
    `round ${r + 1}: ${Object.entries(row)
      .map(([k, v]) => `${k} ${Math.round(num(v, 'rate'))}/s`)
      .join(', ')}`,
  );
}
const med = (name: string, k = 'rate'): number => median(rounds.filter((x) => x[name]).map((x) => num(x[name]!, k)));
const digests = (name: string): string[] => rounds.filter((x) => x[name]).map((x) => x[name]!.digest as string);

// ---- memory: 10x the run at the same live state; a flood of one-post cascades; heap per live node
const longFile = a['long-events'] ? simulated(Number(a['long-events'])) : file;
const long = SKIP.has('long') ? null : measure([], 'long', longFile, join(OUT, 'run-long'), a['long-passes']);
rmSync(join(OUT, 'run-long'), { recursive: true, force: true });
if (long) log(`long: ${JSON.stringify(long.perPass)}`);
const flood = SKIP.has('flood') ? null : measure([], 'flood', a.flood, '100000', '50000');
if (flood) log(`flood: max nodes ${String(flood.maxNodes)}, max incidents ${String(flood.maxIncidents)}`);
const nodes = SKIP.has('nodes')
  ? null
  : (JSON.parse(
      execFileSync(
        'nice',
        ['-n', '5', process.execPath, '--expose-gc', ...script('bench/pipeline/worker'), 'nodes', '100000'],
        { cwd: ROOT, encoding: 'utf8' },
      )
        .trim()
        .split('\n')
        .pop()!,
    ) as Record<string, number>);

// ---- profile: CPU (V8's profiler, self time) and allocation (sampling heap profiler, collected objects included)
let profile: {
  top: { fn: string; pct: number }[];
  gcPct: number;
  bytesPerRecord: number;
  stages: { stage: string; pct: number }[];
  allocStages: { stage: string; bytes: number }[];
  allocTop: { fn: string; bytes: number }[];
} | null = null;
if (!SKIP.has('profile')) {
  const dir = join(OUT, 'prof');
  rmSync(dir, { recursive: true, force: true });
  measure(['--cpu-prof', `--cpu-prof-dir=${dir}`], 'run', file, join(OUT, 'run-prof'), '1', '1');
  const prof = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
  const cpu = topSelfTime(join(dir, prof), 15);
  const heapProfile = join(dir, 'alloc.heapprofile');
  const alloc = measure([], 'alloc', file, join(OUT, 'run-alloc'), heapProfile);
  const allocation = allocationShares(heapProfile, num(alloc, 'records'), 12);
  profile = {
    top: cpu.top,
    gcPct: cpu.gcPct,
    bytesPerRecord: num(alloc, 'bytesPerRecord'),
    stages: stageShares(join(dir, prof)),
    allocStages: allocation.stages,
    allocTop: allocation.top,
  };
  rmSync(join(OUT, 'run-prof'), { recursive: true, force: true });
  rmSync(join(OUT, 'run-alloc'), { recursive: true, force: true });
}

/** CPU seconds this process has used (every thread: the pipeline, kafkajs, V8's helpers). */
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** CPU seconds of this process's main thread alone (its task's stat), or null elsewhere. */
const mainThreadCpuSeconds = (): number | null => statCpuSeconds(`/proc/self/task/${process.pid}/stat`);

/** The pid of the local broker (deploy/kafka's JVM) serving the first of `brokers`, or null (not local, not Linux). */
function brokerPid(brokers: string | undefined): number | null {
  const port = brokers?.split(',')[0]?.split(':')[1];
  if (!port || !existsSync('/proc')) return null;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes('kafka.Kafka') && cmd.includes(`node-${port}/server.properties`)) return Number(pid);
    } catch {
      // a process that ended meanwhile
    }
  }
  return null;
}

/** CPU seconds a process has used, or null. */
const processCpuSeconds = (pid: number | null): number | null =>
  pid === null ? null : statCpuSeconds(`/proc/${pid}/stat`);

/** utime + stime of a Linux stat file (a process's or a task's, 100 ticks a second), or null (not there, not Linux). */
function statCpuSeconds(path: string): number | null {
  try {
    const fields = readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

// ---- the broker: full pipeline through Kafka vs the core alone; latency at 5k/s and at half the maximum
let kafka: Record<string, unknown> | null = null;
if (!SKIP.has('kafka') && process.env.KAFKA_BROKERS) {
  const bench = new Bench(process.env.KAFKA_BROKERS.split(','), `core.${Date.now().toString(36)}`, PARTITIONS);
  try {
    const input = `${bench.run}.events`;
    await bench.createTopics([input, `${bench.run}.feedback`]);
    const msgs = workload(Number(a['kafka-events']), 42, PARTITIONS);
    await bench.produce(input, msgs);
    await bench.checkPartitioner(input, msgs);
    const through: number[] = [];
    // the same with the other kafka.producerThread (outputs encoded and sent on a thread of their own, or in the
    // pipeline's), in the same rounds
    const other: number[] = [];
    const core: number[] = [];
    // where the time through the broker goes: this process's CPU per record (pipeline + kafkajs) and its main
    // thread's beside the core alone's, and the broker's own CPU in the same window (it shares this machine's cores)
    const cpu: {
      throughUs: number;
      throughMainUs: number | null;
      otherUs: number;
      otherMainUs: number | null;
      coreUs: number;
      brokerUs: number | null;
    }[] = [];
    const broker = brokerPid(process.env.KAFKA_BROKERS);
    // the default kafka.producerThread (the figure), and the other setting beside it
    const PRODUCER_THREAD = ConfigSchema.parse({}).kafka.producerThread;
    // one unmeasured run of the core first: round 1 through the broker would otherwise pay the JIT's warm-up that
    // the core alone after it is spared
    await coreOnly(bench, msgs, `${bench.run}.warm`);
    for (let r = 0; r < Number(a['kafka-rounds'] ?? ROUNDS); r++) {
      const used: Record<'default' | 'other', { rate: number; us: number; mainUs: number | null }> = {} as never;
      let brokerUs: number | null = null;
      // the two settings alternate which goes first
      for (const producerThread of r % 2 === 0
        ? [PRODUCER_THREAD, !PRODUCER_THREAD]
        : [!PRODUCER_THREAD, PRODUCER_THREAD]) {
        // over the whole run, connecting and joining the group included (a few ms of CPU): batches of several
        // partitions are in hand at once, so no later point splits the records from the CPU spent on them
        const from = { own: cpuSeconds(), main: mainThreadCpuSeconds(), broker: processCpuSeconds(broker) };
        const name = `${bench.run}.${producerThread === PRODUCER_THREAD ? 'tp' : 'op'}${r}`;
        const p = await pipelineRun(bench, msgs.length, name, undefined, producerThread);
        await p.done;
        const own = cpuSeconds() - from.own;
        const main = mainThreadCpuSeconds();
        const brokerEnd = processCpuSeconds(broker);
        used[producerThread === PRODUCER_THREAD ? 'default' : 'other'] = {
          rate: p.rate,
          us: (own / msgs.length) * 1e6,
          mainUs: main === null || from.main === null ? null : ((main - from.main) / msgs.length) * 1e6,
        };
        if (producerThread === PRODUCER_THREAD && brokerEnd !== null && from.broker !== null)
          brokerUs = ((brokerEnd - from.broker) / msgs.length) * 1e6;
        await p.stop();
      }
      through.push(used.default.rate);
      other.push(used.other.rate);
      const cpu0 = cpuSeconds();
      core.push(await coreOnly(bench, msgs, `${bench.run}.core${r}`));
      cpu.push({
        throughUs: used.default.us,
        throughMainUs: used.default.mainUs,
        otherUs: used.other.us,
        otherMainUs: used.other.mainUs,
        coreUs: ((cpuSeconds() - cpu0) / msgs.length) * 1e6,
        brokerUs,
      });
      log(
        `kafka round ${r + 1}: through the broker ${Math.round(through[r]!)}/s (kafka.producerThread ${String(!PRODUCER_THREAD)}: ${Math.round(other[r]!)}/s), core alone ${Math.round(core[r]!)}/s; CPU µs per record ${JSON.stringify(cpu[r])}`,
      );
    }
    const latency: Record<string, unknown>[] = [];
    const maxRate = median(through);
    const rates = SKIP.has('latency') ? [] : [Number(a.rate), Math.round(maxRate / 2)];
    for (const [p, pace] of (['compressed', 'live'] as const).entries())
      for (const [i, rate] of rates.entries())
        for (let r = 0; r < Number(a['latency-rounds']); r++) {
          const l = await latencyRound(bench, p * 100 + i * 10 + r, { rate, seconds: Number(a.seconds), pace });
          const row = {
            pace,
            rate,
            achievedRate: Math.round(l.achievedRate),
            warnings: l.warnings.length,
            warningP99ms: stat(l.warnings, 99),
            allP99ms: stat(l.all, 99),
            loopDelayMaxms: l.loopDelay.maxms,
            produceAckP99ms: l.produceAck.p99ms,
            // where the slowest 2% of warnings' time went: the mean of each stage over them (the stages add up)
            slowestStagesMs: Object.fromEntries(Object.entries(l.breakdown.stages).map(([k, v]) => [k, v.tailMean])),
          };
          latency.push(row);
          log(`latency ${JSON.stringify(row)}`);
        }
    kafka = {
      records: msgs.length,
      through,
      other,
      otherProducerThread: !PRODUCER_THREAD,
      core,
      ratio: median(through) / median(core),
      otherRatio: median(other) / median(core),
      cpu,
      maxRate,
      latency,
    };
  } finally {
    await bench.deleteTopics().catch((e: unknown) => log(`could not delete this run's topics: ${String(e)}`));
  }
}

const results = {
  command: `npx tsx bench/core/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
  date: new Date().toISOString(),
  machine: { ...machine, loadAtEnd: loadavg().map(round1) },
  workload: {
    file: `sim-${EVENTS}.ndjson`,
    records,
    partitions: PARTITIONS,
    rounds: ROUNDS,
    realistic: a.realistic ? readFileSync(a.realistic, 'utf8').split('\n').filter(Boolean).length : null,
  },
  rounds,
  medians: {
    parse: med('parse'),
    floor: med('floor'),
    ...(rounds.some((x) => x.outputs)
      ? { outputsUs: med('outputs', 'usPerRecord'), outputsBytes: med('outputs', 'bytesPerRecord') }
      : {}),
    default: med('default'),
    oneWorker: med('oneWorker'),
    twoWorkers: med('twoWorkers'),
    defaultPeakRssMB: med('default', 'peakRssMB'),
    ...(SKIP.has('limits')
      ? {}
      : {
          lean: med('lean'),
          noDetectors: med('noDetectors'),
          tightHeap: med('tightHeap'),
          leanPeakRssMB: med('lean', 'peakRssMB'),
          noDetectorsPeakRssMB: med('noDetectors', 'peakRssMB'),
          tightHeapPeakRssMB: med('tightHeap', 'peakRssMB'),
          ...(a.realistic ? { realLean: med('realLean'), realLeanPeakRssMB: med('realLean', 'peakRssMB') } : {}),
        }),
    ...(a.realistic
      ? {
          realParse: med('realParse'),
          realFloor: med('realFloor'),
          realDefault: med('realDefault'),
          realDefaultPeakRssMB: med('realDefault', 'peakRssMB'),
          realOneWorker: med('realOneWorker'),
          realTwoWorkers: med('realTwoWorkers'),
        }
      : {}),
  },
  digests: {
    default: digests('default'),
    oneWorker: digests('oneWorker'),
    twoWorkers: digests('twoWorkers'),
    realDefault: digests('realDefault'),
    realOneWorker: digests('realOneWorker'),
    realTwoWorkers: digests('realTwoWorkers'),
  },
  // CPU seconds per thread of the run with the median CPU-s (measure.ts ThreadSeconds): where the work went
  threads: Object.fromEntries(
    ['default', 'oneWorker', 'twoWorkers', 'realOneWorker', 'realTwoWorkers'].map((name) => {
      const runs = rounds
        .map((x) => x[name])
        .filter((x) => x !== undefined)
        .sort((x, y) => num(x, 'cpuSeconds') - num(y, 'cpuSeconds'));
      const mid = runs[Math.floor(runs.length / 2)];
      return [name, mid ? { cpuSeconds: mid.cpuSeconds, threads: mid.threads } : null];
    }),
  ),
  long: long ? { ...long, base: longFile.slice(longFile.lastIndexOf('/') + 1) } : null,
  flood,
  nodes,
  profile,
  kafka,
};
writeFileSync(join(OUT, 'results.json'), JSON.stringify(results, null, 2));
console.log(JSON.stringify(results, null, 2));
process.exit(0);
