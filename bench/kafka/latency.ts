/**
 * The latency part of bench/kafka: a steady load into a fresh topic, one pipeline instance consuming
 * it, every alert and command read back and timed from the record that caused it. The pipeline runs in
 * a thread of its own (latency-worker.ts), as `doxguard run` runs in a process of its own: the producer
 * and the reader here are the platform's, and must not wait on the pipeline's event loop.
 */
import { siblingModule, startWorker } from '../../src/util/index.js';
import { ConfigSchema, type Config } from '../../src/config/index.js';
import { createKafkaClient } from '../../src/kafka/index.js';
import { silent, stat, workload, type Bench, type WorkloadMessage } from './setup.js';
import type { ChunkTiming } from './latency-worker.js';

/**
 * How fast event time runs against the wall clock in a round. `compressed`: the simulator's 12 hours of
 * event time in the round's seconds (1,440x at 30 s: every per-minute tick, decay and expiry of 12 hours
 * falls in those seconds). `live`: the round's seconds of event time, as a platform's live stream at that
 * rate has (records stamped about when they are sent).
 */
export type Pace = 'compressed' | 'live';

/** One latency round: a steady `load.rate` events/s for `load.seconds` on a fresh topic, each output read back. */
export async function latencyRound(
  bench: Bench,
  round: number,
  load: { rate: number; seconds: number; pace?: Pace },
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
  breakdown: Breakdown;
}> {
  const latInput = `${bench.run}.steady${round}`;
  await bench.createTopics([latInput]);
  const steady = workload(
    load.rate * load.seconds,
    7,
    bench.partitions,
    load.pace === 'live' ? load.seconds * 1000 : undefined,
  );
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
  // the pipeline in a thread of its own (latency-worker.ts); when it emitted each output (first time per id)
  // and when the stages of the chunk that emitted it happened, on this thread's clock
  const emittedAt = new Map<string, { at: number; chunk: ChunkTiming }>();
  const chunks: ChunkTiming[] = [];
  const pipeline = startPipelineThread(latCfg, (chunk) => {
    const t = shifted(chunk);
    chunks.push(t);
    for (const [id, at] of t.emitted) if (!emittedAt.has(id)) emittedAt.set(id, { at, chunk: t });
  });
  await pipeline.ready;
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
  // warnings: id, when the causing record was sent, when the warning was read back; joined with the chunks the
  // pipeline thread reports once the round is over (a chunk is reported after its commit, which may be after
  // its outputs were read)
  const readBack: { id: string; sent: number; read: number }[] = [];
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
        readBack.push({ id: rec.id, sent, read: now });
      }
    },
  });
  await new Promise((r) => setTimeout(r, 3000)); // members settle before the load starts
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
  // the pipeline thread's event-loop stalls (batches, GC) and its commits
  const { loopDelay, commits } = await pipeline.stop();
  await reader.disconnect();
  const toEmit: number[] = []; // warnings: causing record sent → the pipeline emitted the output
  const afterEmit: number[] = []; // warnings: emitted → read back (acks=all send, reader's fetch)
  const parts: Parts[] = []; // warnings: the whole latency in stages (Parts)
  for (const { id, sent, read } of readBack) {
    const emitted = emittedAt.get(id);
    if (emitted === undefined) continue;
    toEmit.push(emitted.at - sent);
    afterEmit.push(read - emitted.at);
    parts.push(partsOf(sent, emitted.at, emitted.chunk, read));
  }

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
    breakdown: breakdownOf(parts, chunks),
  };
}

/** A chunk's times moved onto this thread's performance.now() clock. */
function shifted(c: ChunkTiming): ChunkTiming {
  const o = performance.timeOrigin;
  return {
    ...c,
    fetchStart: c.fetchStart - o,
    fetched: c.fetched - o,
    handed: c.handed - o,
    processed: c.processed - o,
    flushed: c.flushed - o,
    committed: c.committed - o,
    emitted: c.emitted.map(([id, at]) => [id, at - o]),
  };
}

/**
 * A warning's latency (causing record sent → read back) in the stages it passed, ms; they add up to the whole.
 * waitFetch: sent until the fetch that brought it was requested (a record sent while that fetch was on its way
 * counts 0 here); fetch: that request until its answer; queued: the answer until the pipeline was handed the
 * chunk (other partitions' chunks processed first, the partition's previous chunk's flush and commit);
 * beforeIt: the chunk's records processed before the output's; restOfChunk: after it, to the chunk's end;
 * flush: the chunk's end until every output of it was acknowledged (acks=all); reader: acknowledged → read back.
 */
interface Parts {
  total: number;
  waitFetch: number;
  fetch: number;
  queued: number;
  beforeIt: number;
  restOfChunk: number;
  flush: number;
  reader: number;
}

function partsOf(sent: number, at: number, c: ChunkTiming, read: number): Parts {
  const fetchFrom = Math.max(sent, c.fetchStart);
  return {
    total: read - sent,
    waitFetch: fetchFrom - sent,
    fetch: c.fetched - fetchFrom,
    queued: c.handed - c.fetched,
    beforeIt: at - c.handed,
    restOfChunk: c.processed - at,
    flush: c.flushed - c.processed,
    reader: read - c.flushed,
  };
}

/**
 * Where the warnings' time went: each stage's p50 and p99 over all warnings, and its mean over the slowest 2%
 * (what the tail is made of); and the chunks: records per chunk, processing time per chunk, the pause between
 * fetches (one answered → the next requested: kafkajs requests the next once every batch of the last returned).
 */
export interface Breakdown {
  readonly stages: Record<keyof Parts, { p50: number; p99: number; tailMean: number }>;
  readonly chunks: { count: number; recordsP50: number; recordsMax: number; processP99: number; processMax: number };
  readonly fetchGapP50: number;
  readonly fetchGapP99: number;
}

function breakdownOf(parts: Parts[], chunks: ChunkTiming[]): Breakdown {
  const keys: (keyof Parts)[] = ['total', 'waitFetch', 'fetch', 'queued', 'beforeIt', 'restOfChunk', 'flush', 'reader'];
  const slow = [...parts].sort((a, b) => b.total - a.total).slice(0, Math.max(1, Math.ceil(parts.length / 50)));
  const mean = (xs: number[]): number => Number((xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)).toFixed(1));
  const stages = Object.fromEntries(
    keys.map((k) => {
      const xs = parts.map((p) => p[k]);
      return [k, { p50: stat(xs, 50), p99: stat(xs, 99), tailMean: mean(slow.map((p) => p[k])) }];
    }),
  ) as Breakdown['stages'];
  const fetches = [...new Map(chunks.map((c) => [c.fetchStart, c])).values()].sort(
    (a, b) => a.fetchStart - b.fetchStart,
  );
  const gaps = fetches.slice(1).map((c, i) => c.fetchStart - fetches[i]!.fetched);
  const proc = chunks.map((c) => c.processed - c.handed);
  const recs = chunks.map((c) => c.records);
  return {
    stages,
    chunks: {
      count: chunks.length,
      recordsP50: stat(recs, 50),
      recordsMax: stat(recs, 100),
      processP99: stat(proc, 99),
      processMax: stat(proc, 100),
    },
    fetchGapP50: stat(gaps, 50),
    fetchGapP99: stat(gaps, 99),
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

/** The pipeline thread of a round: ready once consuming; stop() ends it and hands back its loop delay and commits. */
function startPipelineThread(
  config: Readonly<Config>,
  onChunk: (timing: ChunkTiming) => void,
): { ready: Promise<void>; stop(): Promise<{ loopDelay: Delay; commits: number[] }> } {
  const worker = startWorker(siblingModule('latency-worker', import.meta.url), config);
  let done!: (r: { loopDelay: Delay; commits: number[] }) => void;
  const finished = new Promise<{ loopDelay: Delay; commits: number[] }>((r) => (done = r));
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'chunk') onChunk(m.timing);
      else if (m.kind === 'ready') resolve();
      else done({ loopDelay: m.loop, commits: m.commits });
    });
  });
  return {
    ready,
    async stop() {
      worker.postMessage('stop');
      const r = await finished;
      await worker.terminate();
      return r;
    },
  };
}

type WorkerMessage =
  { kind: 'chunk'; timing: ChunkTiming } | { kind: 'ready' } | { kind: 'done'; commits: number[]; loop: Delay };
