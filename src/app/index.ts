/**
 * The application: a running pipeline built from config (source, sink,
 * scanner, metrics, evidence) for `run`, `demo`, `replay` and `report` alike.
 * The CLI parses arguments and calls it.
 */
export {
  buildRuntime,
  closeRuntime,
  openSource,
  openSink,
  resolveSecret,
  evidencePathOf,
  type Runtime,
  type RuntimeOptions,
} from './runtime.js';
export { createScanner } from './scanner.js';
export { runConfigured, outcomeNote, type RunOptions } from './run.js';
export { Progress, formatDuration, type ProgressFields, type ProgressLog, type ProgressStream } from './progress.js';
export { summarise } from './summary.js';
export { PACKAGE_VERSION } from './version.js';
