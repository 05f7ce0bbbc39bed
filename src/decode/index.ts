export { decodeRecord, type DecodeResult } from './decode-record.js';
export { DedupeWindow } from './dedupe.js';
export { DLQ_REASONS, type DlqReason } from './reasons.js';
