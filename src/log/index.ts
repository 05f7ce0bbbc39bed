export { createLogger, stageLogger, type Logger, type Stage } from './logger.js';
export { scrub, REDACTED_KEYS, CENSOR } from './redact.js';
export { startupSummary, logStartup, type StartupParts, type StartupSummary } from './startup-summary.js';
