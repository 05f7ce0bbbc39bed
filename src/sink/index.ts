export {
  checkOutputSet,
  createFileSink,
  CHANNEL_FILES,
  MANIFEST,
  PARTIAL_SUFFIX,
  type FileSinkOptions,
} from './file-sink.js';
export { createStreamSink, createMemorySink, teeSink } from './stream-sink.js';
