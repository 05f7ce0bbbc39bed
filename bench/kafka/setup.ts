/**
 * What every part of bench/kafka shares: the run's topics and configs, producing, the simulated
 * workload keyed as the keying contract says, the producer's partitioner, and percentiles.
 */
import { createScanner } from '../../src/app/index.js';
import { partitionOfKey } from '../../src/app/workers/index.js';
import { ConfigSchema, type Config } from '../../src/config/index.js';
import { createLogger } from '../../src/log/index.js';
import { Simulation } from '../../src/simulate/index.js';
import { createKafkaClient, createAndWait } from '../../src/kafka/index.js';

export const silent = createLogger({ level: 'silent' });

/** The PII scanner `doxguard run` builds: the full pipeline includes disclosure detection. */
export const scannerFor = (cfg: Readonly<Config>) => createScanner(cfg, cfg.fingerprintSecret!);

/** One benchmark run: its brokers, the prefix of every topic and group it makes, the partitions per topic. */
export class Bench {
  constructor(
    readonly brokers: string[],
    readonly run: string,
    readonly partitions: number,
  ) {}

  /** A doxguard config on this run's input topic, with outputs and group named after `name`. */
  config(name: string, brokers: string[] = this.brokers): Readonly<Config> {
    return ConfigSchema.parse({
      fingerprintSecret: 'bench-secret-0123456789abcdef',
      log: { level: 'silent' },
      source: { kind: 'kafka' },
      output: { kind: 'kafka' },
      kafka: {
        brokers,
        groupId: `${name}.group`,
        inputTopics: [`${this.run}.events`],
        feedbackTopic: `${this.run}.feedback`,
        topics: {
          alerts: `${name}.alerts`,
          interventions: `${name}.interventions`,
          incidents: `${name}.incidents`,
          dlq: `${name}.dlq`,
        },
        createTopics: { partitions: this.partitions },
        maxBatchRecords: 5000,
      },
    });
  }

  async createTopics(topics: string[]): Promise<void> {
    const admin = createKafkaClient(this.config('x').kafka, silent, 'bench').admin();
    await admin.connect();
    await createAndWait(
      admin,
      // record timestamps are event time, months old for simulated input: keep them from time-based retention
      topics.map((topic) => ({
        topic,
        numPartitions: this.partitions,
        replicationFactor: 1,
        configEntries: [{ name: 'retention.ms', value: '-1' }],
      })),
    );
    await admin.disconnect();
  }

  /**
   * Produce `msgs` (idempotent, acks=all), as fast as possible or paced at `rate` records/s; `onSent`
   * learns when each record's send started. Returns each send's time to the broker's answer, ms.
   */
  async produce(
    topic: string,
    msgs: readonly { key: string; value: string }[],
    onSent?: (i: number, at: number) => void,
    rate = 0,
  ): Promise<number[]> {
    const producer = createKafkaClient(this.config('x').kafka, silent, 'bench-producer').producer({
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    const chunk = rate > 0 ? Math.max(1, Math.round(rate / 100)) : 2000; // paced: every 10 ms
    const start = performance.now();
    const acks: number[] = [];
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
   * Delete every topic this run made (inputs, outputs, the groups' topics): a local broker would
   * otherwise keep hundreds of partitions per run and take minutes to load them at its next start.
   */
  async deleteTopics(): Promise<void> {
    const admin = createKafkaClient(this.config('x').kafka, silent, 'bench').admin();
    await admin.connect();
    try {
      const mine = (await admin.listTopics()).filter((t) => t.startsWith(`${this.run}.`));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine });
    } finally {
      await admin.disconnect();
    }
  }

  /** The core-alone run and the latency attribution rely on WorkloadMessage.partition: check it against the broker. */
  async checkPartitioner(topic: string, msgs: readonly WorkloadMessage[]): Promise<void> {
    const predicted = new Array<number>(this.partitions).fill(0);
    for (const m of msgs) predicted[m.partition]!++;
    const admin = createKafkaClient(this.config('x').kafka, silent, 'bench').admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    const actual = new Array<number>(this.partitions).fill(0);
    for (const o of offsets) actual[o.partition] = Number(o.high) - Number(o.low);
    if (actual.join() !== predicted.join())
      throw new Error(`partitionerFor disagrees with the producer: ${predicted.join()} vs ${actual.join()} records`);
  }
}

/** A produce-ready simulated line. */
export interface WorkloadMessage {
  readonly key: string;
  readonly value: string;
  /** event time, epoch ms; -Infinity for a malformed line */
  readonly time: number;
  /** the partition the producer's default partitioner sends `key` to (checked by Bench.checkPartitioner) */
  readonly partition: number;
}

/** Simulated lines keyed by cascade root (the keying contract), for a topic of `partitions` partitions. */
export function workload(events: number, seed: number, partitions: number, durationMs?: number): WorkloadMessage[] {
  const partitionOf = partitionerFor(partitions);
  const sim = new Simulation({
    seed,
    backgroundEvents: events,
    doxxing: Math.max(4, Math.round(events / 25_000)),
    viral: 2,
    // the simulator's default is 12 h of event time, whatever the number of events
    ...(durationMs !== undefined ? { durationMs } : {}),
  });
  const rootOf = new Map<string, string>();
  const out: WorkloadMessage[] = [];
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
    out.push({ key, value, time, partition: partitionOf(key) });
  }
  return out;
}

/**
 * The partition the producer's default partitioner (murmur2 of the key, as Java's) sends a key to: the
 * function file mode partitions by (src/app/workers/partition-key.ts, tested against kafkajs's partitioner).
 */
function partitionerFor(partitions: number): (key: string) => number {
  return (key) => partitionOfKey(key, partitions);
}

/** a percentile rounded to 0.1 (100: the maximum); NaN when nothing was measured */
export const stat = (xs: number[], p: number): number => (xs.length ? Number(pct(xs, p).toFixed(1)) : Number.NaN);
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
