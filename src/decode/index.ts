export { decodeRecord, type DecodeResult } from './decode-record.js';
export {
  createDecoder,
  formatLinkPatterns,
  formatsOf,
  type Decoder,
  type DecoderOptions,
  type SourceDecodeResult,
} from './decode-format.js';
export { DedupeWindow } from './dedupe.js';
