/**
 * The throughput parts of bench/kafka, each reading the same topic from the start: a bare kafkajs
 * consumer loop (optionally doing a fixed amount of work per record: the floors), the full pipeline
 * through the broker, and the same pipeline with no broker at all.
 */
import type { Config } from '../../src/config/index.js';
import { decodeRecord } from '../../src/decode/index.js';
import { createPartitionedPipeline } from '../../src/pipeline/index.js';
import { createMemorySink } from '../../src/sink/index.js';
import { createKafkaSink } from '../../src/sink/kafka/index.js';
import { createKafkaClient } from '../../src/kafka/index.js';
import { createKafkaSource } from '../../src/source/kafka/index.js';
import type { RawRecord } from '../../src/contract/index.js';
import { toRawRecord } from '../../src/source/kafka/batch-runner.js';
import type { KafkaMessage } from 'kafkajs';
import { scannerFor, silent, type Bench, type WorkloadMessage } from './setup.js';

/**
 * A bare kafkajs group consumer: resolve, commit per batch, nothing else. With `perRecord`, the same loop
 * doing that much work on each record (the floor: decode and PII scan, what any pipeline must do).
 */
export async function bareLoop(bench: Bench, topic: string, total: number, perRecord?: PerRecord): Promise<number> {
  const kafka = createKafkaClient(bench.config('x').kafka, silent, 'bench-bare');
  const consumer = kafka.consumer({ groupId: `${bench.run}.bare.${Math.random().toString(36).slice(2)}` });
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
          perRecord?.(batch.topic, batch.partition, m);
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

/** Work a floor loop does on each record it fetched. */
type PerRecord = (topic: string, partition: number, message: KafkaMessage) => void;

/** JSON.parse of each value and nothing else: no pipeline of JSON events can do less. */
export const parseOnly: PerRecord = (_topic, _partition, { value }) => {
  if (value) JSON.parse(value.toString('utf8'));
};

/** Decode (validation included) and the PII scan of each event's text, on one record: the floor. */
export async function decodeAndScan(cfg: Readonly<Config>): Promise<PerRecord> {
  const scanner = await scannerFor(cfg);
  return (topic, partition, message) => {
    const d = decodeRecord(toRawRecord(topic, partition, message));
    if (d.ok && d.record.type === 'event' && d.record.text) scanner.scan(d.record.text, d.record);
  };
}

/** The full pipeline (Kafka source → decode … policy → Kafka sink, flush, commit), in process. */
export async function pipelineRun(
  bench: Bench,
  total: number,
  name: string,
  onOutput?: (batch: number) => void,
  producerThread?: boolean,
): Promise<{ rate: number; stop: () => Promise<void>; done: Promise<void> }> {
  const base = bench.config(name);
  // kafka.producerThread: outputs encoded and sent on a thread of their own (undefined: the config's default)
  const cfg = producerThread === undefined ? base : { ...base, kafka: { ...base.kafka, producerThread } };
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

/**
 * The same pipeline on the same records with no broker at all (memory sink): what the core alone costs.
 * Records go to the partitions the producer's default partitioner (murmur2 of the key) sent them to, in
 * produce order, so each partition's pipeline sees what it sees through Kafka.
 */
export async function coreOnly(bench: Bench, msgs: readonly WorkloadMessage[], name: string): Promise<number> {
  const cfg = bench.config(name, ['unused:9092']);
  const pipeline = createPartitionedPipeline({ config: cfg, sink: createMemorySink(), scanner: await scannerFor(cfg) });
  const byPartition: RawRecord[][] = Array.from({ length: bench.partitions }, () => []);
  for (const m of msgs) {
    const { partition } = m;
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
