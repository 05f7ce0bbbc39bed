/**
 * The latency part of bench/kafka: a steady load into a fresh topic, one pipeline instance consuming
 * it, every alert and command read back and timed from the record that caused it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ConfigSchema } from '../../src/config/index.js';
import { createPartitionedPipeline } from '../../src/pipeline/index.js';
import type { Sink } from '../../src/contract/index.js';
import { createKafkaSink } from '../../src/sink/kafka/index.js';
import { createKafkaClient } from '../../src/kafka/index.js';
import { createKafkaSource } from '../../src/source/kafka/index.js';
import { scannerFor, silent, stat, workload, type Bench, type WorkloadMessage } from './setup.js';

/** One latency round: a steady `load.rate` events/s for `load.seconds` on a fresh topic, each output read back. */
export async function latencyRound(
  bench: Bench,
  round: number,
  load: { rate: number; seconds: number },
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
  const latInput = `${bench.run}.steady${round}`;
  await bench.createTopics([latInput]);
  const steady = workload(load.rate * load.seconds, 7, bench.partitions);
  // The record that caused an output: the first one produced on the output's partition whose event time
  // reaches the output's eventTime (the causing event's time, or the watermark for a tick). The partition
  // is the one the output's first cascade root was keyed to (the producer's partitioner, as in coreOnly);
  // an output whose root is unknown here falls back to all partitions (earlier, so it can only overstate).
  const causes = new CauseIndex(steady, bench.partitions);
  const sentAt: number[] = new Array<number>(steady.length).fill(-1);
  const cfg = bench.config(`${bench.run}.lat${round}`);
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
  const reader = createKafkaClient(latCfg.kafka, silent, 'bench-reader').consumer({
    groupId: `${bench.run}.reader${round}`,
  });
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
  const acks = await bench.produce(
    latInput,
    steady,
    (i, at) => {
      sentAt[i] = at;
    },
    load.rate,
  );
  const producedFor = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 5000));
  loop.disable();
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
    produceAck: delayOf(acks),
    commit: { p50ms: stat(commits, 50), p99ms: stat(commits, 99), batches: commits.length },
    warningToEmit: delayOf(toEmit),
    warningAfterEmit: delayOf(afterEmit),
  };
}

/** Finds the record that caused an output, per partition (see latencyRound). */
class CauseIndex {
  private readonly partitionOfRoot = new Map<string, number>();
  /** per partition, then for all records: running max of event times in produce order, and produce index */
  private readonly maxTimes: number[][];
  private readonly indices: number[][];

  constructor(msgs: readonly WorkloadMessage[], partitions: number) {
    this.maxTimes = Array.from({ length: partitions + 1 }, () => []);
    this.indices = Array.from({ length: partitions + 1 }, () => []);
    msgs.forEach((m, i) => {
      this.partitionOfRoot.set(m.key.slice(m.key.indexOf(':') + 1), m.partition);
      for (const q of [m.partition, partitions]) {
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

const delayOf = (ms: number[]): Delay => ({ p99ms: stat(ms, 99), maxms: stat(ms, 100) });

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
