export { checkInputFiles, fileSource, streamSource, readLines, LineSource } from './line-source.js';
export {
  liveSource,
  jetstreamCursor,
  LiveSource,
  sseTransport,
  websocketTransport,
  type LiveSourceOptions,
  type Transport,
} from './live/index.js';
