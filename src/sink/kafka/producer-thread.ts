/**
 * The producer thread (src/sink/kafka/threaded-sink.ts starts it): a KafkaSink
 * whose outputs arrive from the main thread. Encoding a record batch in kafkajs
 * (buffers grown by copying, a CRC32C in JavaScript) costs ~60–110 µs of CPU per
 * output of ~3 KB; here it runs beside the pipeline instead of inside it.
 * Messages are handled as they arrive: emits in order, and a flush answers once
 * everything emitted before it is acknowledged, while later emits go on.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connectKafkaSink } from './connect.js';
import type { KafkaSink } from './kafka-sink.js';
import { toWireError } from '../../errors/index.js';
import type { FromProducer, ProducerInit, ToProducer } from './producer-protocol.js';

const init = workerData as ProducerInit;
const port = parentPort!;
const post = (m: FromProducer): void => port.postMessage(m);

function handle(sink: KafkaSink, m: ToProducer): void {
  switch (m.t) {
    case 'emit':
      for (const [topic, key, value, headers] of m.messages) sink.emitMessage(topic, { key, value, headers });
      return;
    case 'flush':
      sink.flush().then(
        () => post({ t: 'flushed', id: m.id }),
        (e: unknown) => post({ t: 'failed', id: m.id, error: toWireError(e) }),
      );
      return;
    case 'close':
      // a failed flush was answered already: close still disconnects; the main thread then ends this one
      sink
        .close()
        .catch(() => {})
        .then(() => post({ t: 'closed' }));
      return;
  }
}

connectKafkaSink(init.config, {
  ...(init.sendThreshold !== undefined ? { sendThreshold: init.sendThreshold } : {}),
  ...(init.sendBytes !== undefined ? { sendBytes: init.sendBytes } : {}),
}).then(
  (sink) => {
    port.on('message', (m: ToProducer) => handle(sink, m));
    post({ t: 'ready' });
  },
  (e: unknown) => {
    post({ t: 'failed', id: null, error: toWireError(e) });
    port.close();
  },
);
