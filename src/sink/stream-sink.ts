import type { Writable } from 'node:stream';
import type { OutputRecord, Sink } from '../contract/index.js';
import { jsonOf } from '../util/index.js';

/** Every record as one NDJSON line on a stream (stdout by default), all channels interleaved. */
export function createStreamSink(stream: Writable = process.stdout, name = 'stdout'): Sink {
  let buffer: string[] = [];
  return {
    name,
    emit(record) {
      buffer.push(jsonOf(record) + '\n');
    },
    emitJson(_channel, json) {
      buffer.push(json + '\n');
    },
    async flush() {
      if (!buffer.length) return;
      const chunk = buffer.join('');
      buffer = [];
      if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve));
    },
    async close() {
      await this.flush();
    },
  };
}

/** Keeps records in memory: tests and in-process analysis (reports, what-if). */
export function createMemorySink(): Sink & { readonly records: OutputRecord[] } {
  const records: OutputRecord[] = [];
  return {
    name: 'memory',
    records,
    emit: (r) => void records.push(r),
    flush: async () => {},
    close: async () => {},
  };
}

/** Sends every record to each of several sinks (e.g. Kafka and an evidence log). */
export function teeSink(...sinks: Sink[]): Sink {
  return {
    name: sinks.map((s) => s.name).join('+'),
    emit: (r) => sinks.forEach((s) => s.emit(r)),
    flush: async () => void (await Promise.all(sinks.map((s) => s.flush()))),
    close: async (outcome) => void (await Promise.all(sinks.map((s) => s.close(outcome)))),
  };
}
