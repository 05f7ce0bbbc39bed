/**
 * The pipeline of a latency round, in its own thread: a Kafka source, the pipeline and the Kafka sink, as
 * `doxguard run` runs them in a process of their own. The bench thread producing the load and reading the
 * outputs back (a platform's consumer) must not share the pipeline's event loop: a batch being processed
 * would otherwise delay the producer's sends and the reader's clock, and be counted as latency.
 *
 * Messages to the bench thread: `{ kind: 'chunk', … }` after each chunk's offsets were committed, with the
 * outputs it emitted (the first time per id) and when its stages happened (ChunkTiming), `{ kind: 'ready' }`
 * once consuming, `{ kind: 'done', commits, loop }` after a stop; the bench thread sends `'stop'`. Times are
 * performance.timeOrigin + performance.now(), comparable across threads.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigSchema } from '../../src/config/index.js';
import type { Sink } from '../../src/contract/index.js';
import { createPartitionedPipeline } from '../../src/pipeline/index.js';
import { createKafkaSink } from '../../src/sink/kafka/index.js';
import { createKafkaSource, type KafkaSource } from '../../src/source/kafka/index.js';
import { scannerFor, silent } from './setup.js';

/** When one chunk's stages happened, epoch ms (fractional). */
export interface ChunkTiming {
  readonly partition: number;
  readonly records: number;
  /** the fetch that brought the chunk's kafkajs batch: requested, answered */
  readonly fetchStart: number;
  readonly fetched: number;
  /** the pipeline was handed the chunk, finished processing it, its outputs were acknowledged, its offsets committed */
  readonly handed: number;
  readonly processed: number;
  readonly flushed: number;
  readonly committed: number;
  /** [id, emitted at] of each output emitted for the first time while the chunk was processed */
  readonly emitted: [string, number][];
}

const port = parentPort!;
const config = ConfigSchema.parse(workerData);
const now = (): number => performance.timeOrigin + performance.now();
const sink = await createKafkaSink(config, { logger: silent });
const seen = new Set<string>();
let emitted: [string, number][] = [];
const timedSink: Sink = {
  name: sink.name,
  emit: (r) => {
    if (!seen.has(r.id)) {
      seen.add(r.id);
      emitted.push([r.id, now()]);
    }
    sink.emit(r);
  },
  flush: () => sink.flush(),
  close: () => sink.close(),
};
const source = await createKafkaSource(config, { logger: silent });
// kafkajs's instrumentation: when the fetch that brought each partition's batch was requested and answered
const consumer = (source as KafkaSource).instrumentation;
// per partition, each batch's last offset and its fetch: the source takes a live partition's next batch (fetching
// ahead) while the previous one's chunks are still handed over, so a chunk finds its fetch by its first offset
let lastFetch = { start: 0, end: 0 };
const batchFetch = new Map<number, { last: bigint; fetch: { start: number; end: number } }[]>();
consumer.on(consumer.events.FETCH, (e) => {
  const end = now();
  lastFetch = { start: end - e.payload.duration, end };
});
consumer.on(consumer.events.START_BATCH_PROCESS, (e) => {
  const { partition, lastOffset } = e.payload;
  const batches = batchFetch.get(partition) ?? [];
  batches.push({ last: BigInt(lastOffset), fetch: lastFetch });
  batchFetch.set(partition, batches);
});
/** The fetch that brought the record at `offset` of `partition` (batches of earlier offsets are let go). */
const fetchOf = (partition: number, offset: bigint): { start: number; end: number } => {
  const batches = batchFetch.get(partition) ?? [];
  while (batches.length > 1 && batches[0]!.last < offset) batches.shift();
  return batches[0]?.fetch ?? { start: 0, end: 0 };
};
const pipeline = createPartitionedPipeline({ config, sink: timedSink, scanner: await scannerFor(config) });
const ac = new AbortController();
const commits: number[] = []; // ms each batch's offset commit took (the pipeline awaits it)
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const running = source.run((b) => {
  const first = b.records[0]?.position;
  const partition = first?.kind === 'kafka' ? first.partition : 0;
  const fetch = first?.kind === 'kafka' ? fetchOf(partition, BigInt(first.offset)) : { start: 0, end: 0 };
  const handed = now();
  let processed = 0;
  let flushed = 0;
  emitted = [];
  const mine = emitted;
  const done = pipeline.handleBatch({
    ...b,
    processed: () => {
      processed = now();
      b.processed?.();
    },
    commit: async () => {
      flushed = now();
      await b.commit();
      const committed = now();
      commits.push(committed - flushed);
      const timing: ChunkTiming = {
        partition,
        records: b.records.length,
        fetchStart: fetch.start,
        fetched: fetch.end,
        handed,
        processed,
        flushed,
        committed,
        emitted: mine,
      };
      port.postMessage({ kind: 'chunk', timing });
    },
  });
  emitted = [];
  return done;
}, ac.signal);
port.postMessage({ kind: 'ready' });
port.once('message', async () => {
  loop.disable();
  ac.abort();
  await running;
  await sink.close();
  port.postMessage({
    kind: 'done',
    commits,
    loop: { p99ms: Number((loop.percentile(99) / 1e6).toFixed(1)), maxms: Number((loop.max / 1e6).toFixed(1)) },
  });
  port.close();
});
