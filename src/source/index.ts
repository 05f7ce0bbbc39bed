export type { BatchHandler, RawBatch, RawRecord, Source } from './types.js';
export { fileSource, streamSource, readLines, LineSource } from './line-source.js';
