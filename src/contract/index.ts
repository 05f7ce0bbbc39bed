/**
 * The contract: every type and fixed vocabulary that crosses a stage. It
 * imports nothing else of the project, so everything else may import it and
 * the import graph runs downhill (as graphology-types sits under graphology).
 */
export * from './input-schema.js';
export * from './events.js';
export * from './records.js';
export * from './dlq-reasons.js';
export * from './signal-codes.js';
export * from './detector.js';
export * from './scanner.js';
export * from './source.js';
export * from './sink.js';
export * from './hooks.js';
export * from './link-claim.js';
export * from './input-formats.js';
