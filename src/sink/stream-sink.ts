import type { Writable } from 'node:stream';
import type { OutputRecord, Sink } from '../contract/index.js';
import { jsonOf, LineChunks } from '../util/index.js';

/** Every record as one NDJSON line on a stream (stdout by default), all channels interleaved. */
export function createStreamSink(stream: Writable = process.stdout, name = 'stdout'): Sink {
  // encoded as they come, as the file sink's (util/line-chunks.ts: why)
  const lines = new LineChunks();
  return {
    name,
    emit(record) {
      lines.add(jsonOf(record));
    },
    emitJson(_channel, json) {
      lines.add(json);
    },
    async flush() {
      let ready = true;
      for (const chunk of lines.take()) ready = stream.write(chunk);
      if (!ready) await new Promise<void>((resolve) => stream.once('drain', resolve));
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
