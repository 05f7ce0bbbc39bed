/**
 * The pipeline of a latency round, in its own thread: a Kafka source, the pipeline and the Kafka sink, as
 * `doxguard run` runs them in a process of their own. The bench thread producing the load and reading the
 * outputs back (a platform's consumer) must not share the pipeline's event loop: a batch being processed
 * would otherwise delay the producer's sends and the reader's clock, and be counted as latency.
 *
 * Messages to the bench thread: `{ kind: 'emitted', id, at }` the first time each output is emitted (`at`
 * is performance.timeOrigin + performance.now(), comparable across threads), `{ kind: 'ready' }` once
 * consuming, `{ kind: 'done', commits, loop }` after a stop; the bench thread sends `'stop'`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigSchema } from '../../src/config/index.js';
import type { Sink } from '../../src/contract/index.js';
import { createPartitionedPipeline } from '../../src/pipeline/index.js';
import { createKafkaSink } from '../../src/sink/kafka/index.js';
import { createKafkaSource } from '../../src/source/kafka/index.js';
import { scannerFor, silent } from './setup.js';

const port = parentPort!;
const config = ConfigSchema.parse(workerData);
const now = (): number => performance.timeOrigin + performance.now();
const sink = await createKafkaSink(config, { logger: silent });
const seen = new Set<string>();
const timedSink: Sink = {
  name: sink.name,
  emit: (r) => {
    if (!seen.has(r.id)) {
      seen.add(r.id);
      port.postMessage({ kind: 'emitted', id: r.id, at: now() });
    }
    sink.emit(r);
  },
  flush: () => sink.flush(),
  close: () => sink.close(),
};
const source = await createKafkaSource(config, { logger: silent });
const pipeline = createPartitionedPipeline({ config, sink: timedSink, scanner: await scannerFor(config) });
const ac = new AbortController();
const commits: number[] = []; // ms each batch's offset commit took (the pipeline awaits it)
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
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
