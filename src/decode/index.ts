export { decodeRecord, type DecodeResult } from './decode-record.js';
export { DedupeWindow } from './dedupe.js';
