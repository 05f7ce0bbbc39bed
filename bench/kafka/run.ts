/**
 * Kafka benchmark: the full pipeline through a real broker next to a bare
 * kafkajs consume loop on the same topic, in the same run (the ratio is the
 * figure), the same loop doing only JSON.parse, or only decode and the PII scan
 * (the floors any pipeline has to pay), the core alone without a broker, and event-to-output
 * latency at a steady load.
 *
 *   npx tsx bench/kafka/run.ts [--events 100000] [--rate 5000] [--seconds 30] [--rounds 3] [--latency-rounds 5]
 *     [--skip bare,parse,floor,pipeline,core,latency|throughput]
 *
 * Uses KAFKA_BROKERS, or starts deploy/kafka (and stops it at the end).
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { latencyRound, type Pace } from './latency.js';
import { Bench, median, stat, workload } from './setup.js';
import { bareLoop, coreOnly, decodeAndScan, parseOnly, pipelineRun } from './throughput.js';

const ROOT = join(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '30' },
    rounds: { type: 'string', default: '3' },
    'latency-rounds': { type: 'string', default: '5' },
    partitions: { type: 'string', default: '6' },
    /** latency rounds' event time: compressed (12 h of simulated time in --seconds) or live (--seconds of it) */
    pace: { type: 'string', default: 'compressed' },
    /** parts to leave out, comma-separated: bare, parse, floor, pipeline, core (or throughput: all five), latency */
    skip: { type: 'string', default: '' },
  },
});
const EVENTS = Number(args.events);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const ROUNDS = Number(args.rounds);
const LATENCY_ROUNDS = Number(args['latency-rounds']);
const PARTITIONS = Number(args.partitions);
const SKIP = new Set(args.skip.split(',').filter(Boolean));
const skipped = (part: 'bare' | 'parse' | 'floor' | 'pipeline' | 'core' | 'latency'): boolean =>
  SKIP.has(part) || (part !== 'latency' && SKIP.has('throughput'));

function broker(): { brokers: string[]; stop: () => void } {
  if (process.env.KAFKA_BROKERS) return { brokers: process.env.KAFKA_BROKERS.split(','), stop: () => {} };
  const sh = (cmd: string): boolean =>
    spawnSync('bash', [join(ROOT, 'deploy/kafka/kafka.sh'), cmd], { stdio: 'inherit' }).status === 0;
  const already = spawnSync('bash', [join(ROOT, 'deploy/kafka/kafka.sh'), 'status']).status === 0;
  if (!already && !sh('up')) throw new Error('cannot start deploy/kafka');
  return { brokers: [`127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`], stop: () => void (already || sh('down')) };
}

async function main(): Promise<void> {
  const { brokers, stop } = broker();
  const bench = new Bench(brokers, `bench.${Date.now().toString(36)}`, PARTITIONS);
  try {
    const kafkaVersion = spawnSync('bash', [join(ROOT, 'deploy/kafka/kafka.sh'), 'version'], {
      encoding: 'utf8',
    }).stdout.trim();
    // ---- throughput: the same topic, bare loop and pipeline alternating
    const input = `${bench.run}.events`;
    await bench.createTopics([input, `${bench.run}.feedback`]);
    const msgs = workload(EVENTS, 42, bench.partitions);
    await bench.produce(input, msgs);
    console.log(`produced ${msgs.length} records to ${input} (${bench.partitions} partitions)`);
    await bench.checkPartitioner(input, msgs);
    const bare: number[] = [];
    const parsed: number[] = [];
    const floor: number[] = [];
    const full: number[] = [];
    const core: number[] = [];
    const perRecord = await decodeAndScan(bench.config('x'));
    for (let r = 0; r < ROUNDS; r++) {
      if (!skipped('bare')) bare.push(await bareLoop(bench, input, msgs.length));
      if (!skipped('parse')) parsed.push(await bareLoop(bench, input, msgs.length, parseOnly));
      if (!skipped('floor')) floor.push(await bareLoop(bench, input, msgs.length, perRecord));
      if (!skipped('pipeline')) {
        const p = await pipelineRun(bench, msgs.length, `${bench.run}.tp${r}`);
        await p.done;
        full.push(p.rate);
        await p.stop();
      }
      if (!skipped('core')) core.push(await coreOnly(bench, msgs, `${bench.run}.core${r}`));
      const show = (xs: number[]): string => {
        const x = xs[r];
        return x === undefined ? '-' : `${Math.round(x)} rec/s`;
      };
      console.log(
        `round ${r + 1}: bare ${show(bare)}, JSON.parse ${show(parsed)}, decode+scan ${show(floor)}, pipeline ${show(full)}, core alone ${show(core)}`,
      );
    }

    // ---- latency: steady RATE events/s for SECONDS, event produced → output record read back
    const lat = [];
    for (let r = 0; r < (skipped('latency') ? 0 : LATENCY_ROUNDS); r++) {
      const l = await latencyRound(bench, r, { rate: RATE, seconds: SECONDS, pace: args.pace as Pace });
      lat.push({
        achievedRate: Math.round(l.achievedRate),
        records: l.records,
        outputsMeasured: l.all.length,
        p50ms: stat(l.all, 50),
        p99ms: stat(l.all, 99),
        maxms: stat(l.all, 100),
        warningsMeasured: l.warnings.length,
        warningP50ms: stat(l.warnings, 50),
        warningP99ms: stat(l.warnings, 99),
        eventLoopDelayP99ms: l.loopDelay.p99ms,
        eventLoopDelayMaxms: l.loopDelay.maxms,
        produceAckP99ms: l.produceAck.p99ms,
        produceAckMaxms: l.produceAck.maxms,
        commitP50ms: l.commit.p50ms,
        commitP99ms: l.commit.p99ms,
        batches: l.commit.batches,
        warningToEmitP99ms: l.warningToEmit.p99ms,
        warningAfterEmitP99ms: l.warningAfterEmit.p99ms,
        // where the warnings' time went, stage by stage (latency.ts Breakdown)
        breakdown: l.breakdown,
      });
      console.log(`latency round ${r + 1}: ${JSON.stringify(lat[r])}`);
    }

    const ratio = median(full) / median(bare);
    const report = {
      machine: { nproc: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, kafka: kafkaVersion },
      workload: { records: msgs.length, partitions: bench.partitions, rounds: ROUNDS },
      throughput: {
        bareMedian: Math.round(median(bare)),
        pipelineMedian: Math.round(median(full)),
        ratio: Number(ratio.toFixed(3)),
        coreOnlyMedian: Math.round(median(core)),
        pipelineVsCore: Number((median(full) / median(core)).toFixed(3)),
        parseOnlyMedian: Math.round(median(parsed)),
        parseOnlyVsBare: Number((median(parsed) / median(bare)).toFixed(3)),
        decodeAndScanMedian: Math.round(median(floor)),
        decodeAndScanVsBare: Number((median(floor) / median(bare)).toFixed(3)),
        bare: bare.map(Math.round),
        parseOnly: parsed.map(Math.round),
        decodeAndScan: floor.map(Math.round),
        pipeline: full.map(Math.round),
        coreOnly: core.map(Math.round),
      },
      latency: {
        targetRate: RATE,
        rounds: lat,
        medianP50ms: median(lat.map((l) => l.p50ms)),
        medianP99ms: median(lat.map((l) => l.p99ms)),
        medianWarningP99ms: median(lat.map((l) => l.warningP99ms)),
      },
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await bench.deleteTopics().catch((e: unknown) => console.error(`could not delete this run's topics: ${String(e)}`));
    stop();
  }
}

await main();
process.exit(0);
