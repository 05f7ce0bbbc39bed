export { createFileSink, CHANNEL_FILES, PARTIAL_SUFFIX } from './file-sink.js';
export { createStreamSink, createMemorySink, teeSink } from './stream-sink.js';
