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
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Partitioners } from 'kafkajs';
import { ConfigSchema, type Config } from '../../src/config/index.js';
import { decodeRecord } from '../../src/decode/index.js';
import { createLogger } from '../../src/log/index.js';
import { createPartitionedPipeline } from '../../src/pipeline/index.js';
import { createMemorySink, type Sink } from '../../src/sink/index.js';
import { createKafkaSink } from '../../src/sink/kafka/index.js';
import { createKafkaClient, createKafkaSource } from '../../src/source/kafka/index.js';
import { createAndWait } from '../../src/source/kafka/topics.js';
import { Simulation } from '../../src/simulate/index.js';
import type { RawRecord } from '../../src/source/types.js';
import { createScanner } from '../../src/cli/scanner.js';

/** The PII scanner `doxguard run` builds: the full pipeline includes disclosure detection. */
const scannerFor = (cfg: Readonly<Config>) => createScanner(cfg, cfg.fingerprintSecret!);

const ROOT = join(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '30' },
    rounds: { type: 'string', default: '3' },
    'latency-rounds': { type: 'string', default: '5' },
    partitions: { type: 'string', default: '6' },
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
const silent = createLogger({ level: 'silent' });
const run = `bench.${Date.now().toString(36)}`;

function broker(): { brokers: string[]; stop: () => void } {
  if (process.env.KAFKA_BROKERS) return { brokers: process.env.KAFKA_BROKERS.split(','), stop: () => {} };
  const sh = (cmd: string): boolean =>
    spawnSync('bash', [join(ROOT, 'deploy/kafka/kafka.sh'), cmd], { stdio: 'inherit' }).status === 0;
  const already = spawnSync('bash', [join(ROOT, 'deploy/kafka/kafka.sh'), 'status']).status === 0;
  if (!already && !sh('up')) throw new Error('cannot start deploy/kafka');
  return { brokers: [`127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`], stop: () => void (already || sh('down')) };
}

/**
 * Simulated lines keyed by cascade root (the keying contract), as produce-ready messages, each with its
 * event time (epoch ms; -Infinity for a malformed line).
 */
function workload(events: number, seed: number): { key: string; value: string; time: number }[] {
  const sim = new Simulation({
    seed,
    backgroundEvents: events,
    doxxing: Math.max(4, Math.round(events / 25_000)),
    viral: 2,
  });
  const rootOf = new Map<string, string>();
  const out: { key: string; value: string; time: number }[] = [];
  for (const value of sim.lines()) {
    let key = `line-${out.length}`;
    let time = -Infinity;
    try {
      const e = JSON.parse(value) as {
        createdAt?: unknown;
        receivedAt?: unknown;
        decidedAt?: unknown;
        platform?: string;
        postId?: string;
        parentId?: string;
        rootId?: string;
        type?: string;
      };
      if (e.platform && e.postId) {
        const self = `${e.platform}:${e.postId}`;
        if (e.type === 'notice') key = rootOf.get(self) ?? self;
        else {
          const parent = e.parentId
            ? (rootOf.get(`${e.platform}:${e.parentId}`) ?? `${e.platform}:${e.parentId}`)
            : null;
          key = e.rootId ? `${e.platform}:${e.rootId}` : (parent ?? self);
          rootOf.set(self, key);
        }
      }
      const t = e.createdAt ?? e.receivedAt ?? e.decidedAt;
      time = typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) || -Infinity : -Infinity;
    } catch {
      // malformed lines keep their line key
    }
    out.push({ key, value, time });
  }
  return out;
}

function config(brokers: string[], name: string): Readonly<Config> {
  return ConfigSchema.parse({
    fingerprintSecret: 'bench-secret-0123456789abcdef',
    log: { level: 'silent' },
    source: { kind: 'kafka' },
    output: { kind: 'kafka' },
    kafka: {
      brokers,
      groupId: `${name}.group`,
      inputTopics: [`${run}.events`],
      feedbackTopic: `${run}.feedback`,
      topics: {
        alerts: `${name}.alerts`,
        interventions: `${name}.interventions`,
        incidents: `${name}.incidents`,
        dlq: `${name}.dlq`,
      },
      createTopics: { partitions: PARTITIONS },
      maxBatchRecords: 5000,
    },
  });
}

async function createTopics(brokers: string[], topics: string[]): Promise<void> {
  const admin = createKafkaClient(config(brokers, 'x').kafka, silent, 'bench').admin();
  await admin.connect();
  await createAndWait(
    admin,
    topics.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })),
  );
  await admin.disconnect();
}

async function produce(
  brokers: string[],
  topic: string,
  msgs: readonly { key: string; value: string }[],
  onSent?: (i: number, at: number) => void,
  rate = 0,
): Promise<number[]> {
  const producer = createKafkaClient(config(brokers, 'x').kafka, silent, 'bench-producer').producer({
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  const chunk = rate > 0 ? Math.max(1, Math.round(rate / 100)) : 2000; // paced: every 10 ms
  const start = performance.now();
  const acks: number[] = []; // ms from send to the broker's acks=all answer, per chunk
  for (let i = 0; i < msgs.length; i += chunk) {
    if (rate > 0) {
      const due = start + (i / rate) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const part = msgs.slice(i, i + chunk);
    const at = performance.now();
    await producer.send({ topic, acks: -1, messages: part.map((m) => ({ key: m.key, value: m.value })) });
    acks.push(performance.now() - at);
    if (onSent) for (let j = 0; j < part.length; j++) onSent(i + j, at);
  }
  await producer.disconnect();
  return acks;
}

/**
 * A bare kafkajs group consumer: resolve, commit per batch, nothing else. With `perRecord`, the same loop
 * doing that much work on each record (the floor: decode and PII scan, what any pipeline must do).
 */
async function bareLoop(
  brokers: string[],
  topic: string,
  total: number,
  perRecord?: (value: Buffer | null, partition: number, offset: string) => void,
): Promise<number> {
  const kafka = createKafkaClient(config(brokers, 'x').kafka, silent, 'bench-bare');
  const consumer = kafka.consumer({ groupId: `${run}.bare.${Math.random().toString(36).slice(2)}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let seen = 0;
  let t0 = 0;
  const elapsed = await new Promise<number>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        if (t0 === 0) t0 = performance.now();
        for (const m of batch.messages) {
          perRecord?.(m.value, batch.partition, m.offset);
          seen++;
          resolveOffset(m.offset);
        }
        await consumer.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: String(BigInt(batch.lastOffset()) + 1n) },
        ]);
        await heartbeat();
        if (seen >= total) resolve(performance.now() - t0);
      },
    });
  });
  await consumer.disconnect();
  return total / (elapsed / 1000);
}

/** JSON.parse of each value and nothing else: no pipeline of JSON events can do less. */
const parseOnly = (value: Buffer | null): void => {
  if (value) JSON.parse(value.toString('utf8'));
};

/** Decode (validation included) and the PII scan of each event's text, on one record: the floor. */
async function decodeAndScan(
  cfg: Readonly<Config>,
  topic: string,
): Promise<(value: Buffer | null, partition: number, offset: string) => void> {
  const scanner = await scannerFor(cfg);
  return (value, partition, offset) => {
    const d = decodeRecord({ value, key: null, position: { kind: 'kafka', topic, partition, offset } });
    if (d.ok && d.record.type === 'event' && d.record.text) scanner.scan(d.record.text, d.record);
  };
}

/** The full pipeline (Kafka source → decode … policy → Kafka sink, flush, commit), in process. */
async function pipelineRun(
  brokers: string[],
  total: number,
  name: string,
  onOutput?: (batch: number) => void,
): Promise<{ rate: number; stop: () => Promise<void>; done: Promise<void> }> {
  const cfg = config(brokers, name);
  const sink = await createKafkaSink(cfg, { logger: silent });
  const source = await createKafkaSource(cfg, { logger: silent });
  const pipeline = createPartitionedPipeline({ config: cfg, sink, scanner: await scannerFor(cfg) });
  const ac = new AbortController();
  let seen = 0;
  let t0 = 0;
  let elapsed = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const running = source.run(async (batch) => {
    if (t0 === 0) t0 = performance.now();
    await pipeline.handleBatch(batch);
    onOutput?.(batch.records.length);
    seen += batch.records.length;
    if (seen >= total && elapsed === 0) {
      elapsed = performance.now() - t0;
      resolveDone();
    }
  }, ac.signal);
  const stop = async (): Promise<void> => {
    ac.abort();
    await running;
    await sink.close();
  };
  return {
    get rate() {
      return total / (elapsed / 1000);
    },
    stop,
    done,
  };
}

/** The partition the producer's default partitioner (murmur2 of the key, as Java's) sends a key to. */
function partitionerFor(partitions: number): (key: string) => number {
  const partitionOf = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
  }));
  return (key) => partitionOf({ topic: 'any', partitionMetadata, message: { key, value: null } });
}

/** The core-alone run and the latency attribution rely on partitionerFor: check it against the broker. */
async function checkPartitioner(brokers: string[], topic: string, msgs: readonly { key: string }[]): Promise<void> {
  const partitionOf = partitionerFor(PARTITIONS);
  const predicted = new Array<number>(PARTITIONS).fill(0);
  for (const m of msgs) predicted[partitionOf(m.key)]!++;
  const admin = createKafkaClient(config(brokers, 'x').kafka, silent, 'bench').admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const actual = new Array<number>(PARTITIONS).fill(0);
  for (const o of offsets) actual[o.partition] = Number(o.high) - Number(o.low);
  if (actual.join() !== predicted.join())
    throw new Error(`partitionerFor disagrees with the producer: ${predicted.join()} vs ${actual.join()} records`);
}

/**
 * The same pipeline on the same records with no broker at all (memory sink): what the core alone costs.
 * Records go to the partitions the producer's default partitioner (murmur2 of the key) sent them to, in
 * produce order, so each partition's pipeline sees what it sees through Kafka.
 */
async function coreOnly(msgs: readonly { key: string; value: string }[], name: string): Promise<number> {
  const cfg = config(['unused:9092'], name);
  const pipeline = createPartitionedPipeline({ config: cfg, sink: createMemorySink(), scanner: await scannerFor(cfg) });
  const partitionOf = partitionerFor(PARTITIONS);
  const byPartition: RawRecord[][] = Array.from({ length: PARTITIONS }, () => []);
  for (const m of msgs) {
    const partition = partitionOf(m.key);
    const part = byPartition[partition]!;
    part.push({
      value: Buffer.from(m.value),
      key: Buffer.from(m.key),
      position: { kind: 'kafka', topic: 'core', partition, offset: String(part.length) },
    });
  }
  const t0 = performance.now();
  for (const part of byPartition)
    for (let i = 0; i < part.length; i += 5000)
      await pipeline.handleBatch({ records: part.slice(i, i + 5000), commit: async () => {} });
  return msgs.length / ((performance.now() - t0) / 1000);
}

/** One latency round: steady RATE events/s for SECONDS on a fresh topic, each output read back. */
async function latencyRound(
  brokers: string[],
  round: number,
): Promise<{
  all: number[];
  warnings: number[];
  achievedRate: number;
  records: number;
  loopDelay: Delay;
  produceAck: Delay;
  commit: { p50ms: number; p99ms: number; batches: number };
  warningToEmit: Delay;
  warningAfterEmit: Delay;
}> {
  const latInput = `${run}.steady${round}`;
  await createTopics(brokers, [latInput]);
  const steady = workload(RATE * SECONDS, 7);
  // The record that caused an output: the first one produced on the output's partition whose event time
  // reaches the output's eventTime (the causing event's time, or the watermark for a tick). The partition
  // is the one the output's first cascade root was keyed to (the producer's partitioner, as in coreOnly);
  // an output whose root is unknown here falls back to all partitions (earlier, so it can only overstate).
  const causes = new CauseIndex(steady, PARTITIONS);
  const sentAt: number[] = new Array<number>(steady.length).fill(-1);
  const cfg = config(brokers, `${run}.lat${round}`);
  const latCfg = ConfigSchema.parse({
    ...cfg,
    kafka: { ...cfg.kafka, inputTopics: [latInput], maxBatchRecords: 500 },
  });
  const sink = await createKafkaSink(latCfg, { logger: silent });
  // when the pipeline emitted each output (first time per id): splits a latency into before and after
  const emittedAt = new Map<string, number>();
  const timedSink: Sink = {
    name: sink.name,
    emit: (r) => {
      if (!emittedAt.has(r.id)) emittedAt.set(r.id, performance.now());
      sink.emit(r);
    },
    flush: () => sink.flush(),
    close: () => sink.close(),
  };
  const source = await createKafkaSource(latCfg, { logger: silent });
  const pipeline = createPartitionedPipeline({ config: latCfg, sink: timedSink, scanner: await scannerFor(latCfg) });
  const ac = new AbortController();
  const commits: number[] = []; // ms each batch's offset commit took (the pipeline awaits it)
  const running = source.run(
    (b) =>
      pipeline.handleBatch({
        ...b,
        commit: async () => {
          const at = performance.now();
          await b.commit();
          commits.push(performance.now() - at);
        },
      }),
    ac.signal,
  );
  // read the outputs back as a platform would
  const reader = createKafkaClient(latCfg.kafka, silent, 'bench-reader').consumer({ groupId: `${run}.reader${round}` });
  await reader.connect();
  await reader.subscribe({
    topics: [latCfg.kafka.topics.alerts, latCfg.kafka.topics.interventions],
    fromBeginning: true,
  });
  const latencies: number[] = [];
  const warnings: number[] = [];
  const toEmit: number[] = []; // warnings: causing record sent → the pipeline emitted the output
  const afterEmit: number[] = []; // warnings: emitted → read back (acks=all send, reader's fetch)
  await reader.run({
    eachMessage: async ({ message }) => {
      const now = performance.now();
      const rec = JSON.parse(message.value!.toString()) as {
        id: string;
        eventTime: string;
        rootIds: string[];
        level?: string;
        action?: string;
      };
      const cause = causes.of(Date.parse(rec.eventTime), rec.rootIds[0]);
      const sent = cause < 0 ? -1 : sentAt[cause]!;
      if (sent < 0) return;
      latencies.push(now - sent);
      // a warning: an alert at warning or critical, or a command other than a lift
      if (rec.level === 'warning' || rec.level === 'critical' || (rec.action && rec.action !== 'lift')) {
        warnings.push(now - sent);
        const emitted = emittedAt.get(rec.id);
        if (emitted !== undefined) {
          toEmit.push(emitted - sent);
          afterEmit.push(now - emitted);
        }
      }
    },
  });
  await new Promise((r) => setTimeout(r, 3000)); // members settle before the load starts
  // this process's event-loop stalls (pipeline batches, GC; the producer and reader share the loop)
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t0 = performance.now();
  const acks = await produce(
    brokers,
    latInput,
    steady,
    (i, at) => {
      sentAt[i] = at;
    },
    RATE,
  );
  const producedFor = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 5000));
  loop.disable();
  const produceAck = { p99ms: stat(acks, 99), maxms: stat(acks, 100) };
  const loopDelay = {
    p99ms: Number((loop.percentile(99) / 1e6).toFixed(1)),
    maxms: Number((loop.max / 1e6).toFixed(1)),
  };
  ac.abort();
  await running;
  await sink.close();
  await reader.disconnect();

  return {
    all: latencies,
    warnings,
    achievedRate: steady.length / producedFor,
    records: steady.length,
    loopDelay,
    produceAck,
    commit: { p50ms: stat(commits, 50), p99ms: stat(commits, 99), batches: commits.length },
    warningToEmit: { p99ms: stat(toEmit, 99), maxms: stat(toEmit, 100) },
    warningAfterEmit: { p99ms: stat(afterEmit, 99), maxms: stat(afterEmit, 100) },
  };
}

/** Finds the record that caused an output, per partition (see latencyRound). */
class CauseIndex {
  private readonly partitionOfRoot = new Map<string, number>();
  /** per partition, then for all records: running max of event times in produce order, and produce index */
  private readonly maxTimes: number[][];
  private readonly indices: number[][];

  constructor(msgs: readonly { key: string; time: number }[], partitions: number) {
    const partitionOf = partitionerFor(partitions);
    this.maxTimes = Array.from({ length: partitions + 1 }, () => []);
    this.indices = Array.from({ length: partitions + 1 }, () => []);
    msgs.forEach((m, i) => {
      const p = partitionOf(m.key);
      this.partitionOfRoot.set(m.key.slice(m.key.indexOf(':') + 1), p);
      for (const q of [p, partitions]) {
        const times = this.maxTimes[q]!;
        times.push(Math.max(times.at(-1) ?? -Infinity, m.time));
        this.indices[q]!.push(i);
      }
    });
  }

  /** produce index of the causing record, -1 when none */
  of(eventTime: number, rootId: string | undefined): number {
    const p = (rootId !== undefined ? this.partitionOfRoot.get(rootId) : undefined) ?? this.maxTimes.length - 1;
    const at = firstAtLeast(this.maxTimes[p]!, eventTime);
    return at < 0 ? -1 : this.indices[p]![at]!;
  }
}

/** a latency round's event-loop delay, its producer's send → acks=all answer, or a part of a warning's latency, ms */
interface Delay {
  readonly p99ms: number;
  readonly maxms: number;
}

/** Index of the first element of a non-decreasing array that is ≥ t, or -1. */
function firstAtLeast(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! >= t) hi = mid;
    else lo = mid + 1;
  }
  return lo < sorted.length ? lo : -1;
}

/** a percentile rounded to 0.1 (100: the maximum); NaN when nothing was measured */
const stat = (xs: number[], p: number): number => (xs.length ? Number(pct(xs, p).toFixed(1)) : Number.NaN);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main(): Promise<void> {
  const { brokers, stop } = broker();
  try {
    const kafkaVersion = spawnSync('bash', [join(ROOT, 'deploy/kafka/kafka.sh'), 'version'], {
      encoding: 'utf8',
    }).stdout.trim();
    // ---- throughput: the same topic, bare loop and pipeline alternating
    const input = `${run}.events`;
    await createTopics(brokers, [input, `${run}.feedback`]);
    const msgs = workload(EVENTS, 42);
    await produce(brokers, input, msgs);
    console.log(`produced ${msgs.length} records to ${input} (${PARTITIONS} partitions)`);
    await checkPartitioner(brokers, input, msgs);
    const bare: number[] = [];
    const parsed: number[] = [];
    const floor: number[] = [];
    const full: number[] = [];
    const core: number[] = [];
    const perRecord = await decodeAndScan(config(brokers, 'x'), input);
    for (let r = 0; r < ROUNDS; r++) {
      if (!skipped('bare')) bare.push(await bareLoop(brokers, input, msgs.length));
      if (!skipped('parse')) parsed.push(await bareLoop(brokers, input, msgs.length, parseOnly));
      if (!skipped('floor')) floor.push(await bareLoop(brokers, input, msgs.length, perRecord));
      if (!skipped('pipeline')) {
        const p = await pipelineRun(brokers, msgs.length, `${run}.tp${r}`);
        await p.done;
        full.push(p.rate);
        await p.stop();
      }
      if (!skipped('core')) core.push(await coreOnly(msgs, `${run}.core${r}`));
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
      const l = await latencyRound(brokers, r);
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
      });
      console.log(`latency round ${r + 1}: ${JSON.stringify(lat[r])}`);
    }

    const ratio = median(full) / median(bare);
    const report = {
      machine: { nproc: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, kafka: kafkaVersion },
      workload: { records: msgs.length, partitions: PARTITIONS, rounds: ROUNDS },
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
    stop();
  }
}

await main();
process.exit(0);
