export { createFileSink, CHANNEL_FILES } from './file-sink.js';
export { createStreamSink, createMemorySink, teeSink } from './stream-sink.js';
