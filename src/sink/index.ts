export * from './records.js';
export type { Sink } from './types.js';
export { createFileSink, CHANNEL_FILES } from './file-sink.js';
export { createStreamSink, createMemorySink, teeSink } from './stream-sink.js';
