import { pino, stdTimeFunctions, type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config/index.js';
import { scrub } from './redact.js';

export type { Logger } from 'pino';

/** Pipeline stages that log through their own child logger (`stage` field). */
export type Stage =
  | 'cli'
  | 'source'
  | 'decode'
  | 'enrich'
  | 'graph'
  | 'incident'
  | 'links'
  | 'detector'
  | 'risk'
  | 'policy'
  | 'sink'
  | 'metrics'
  | 'replay'
  | 'report';

/**
 * Structured JSON logs (one object a line, ISO time, textual level) with
 * every field that could carry text or personal information censored at any
 * depth (see REDACTED_KEYS). The logger is passed to whoever needs one, never
 * kept in a global. `destination` defaults to stderr, so stdout stays free
 * for records (`output.kind: stdout`).
 */
export function createLogger(config: Readonly<Config['log']>, destination?: DestinationStream): Logger {
  const options = {
    level: config.level,
    base: { service: 'doxguard' },
    timestamp: stdTimeFunctions.isoTime,
    formatters: {
      level: (label: string) => ({ level: label }),
      bindings: (bindings: Record<string, unknown>) => scrub(bindings) as Record<string, unknown>,
      log: (object: Record<string, unknown>) => scrub(object) as Record<string, unknown>,
    },
    // scrub() handles errors itself; the default serializer would run first and copy every field.
    serializers: { err: (e: unknown) => e },
  };
  const logger = pino(options, destination ?? pino.destination({ fd: 2, sync: false }));
  // pino does not run the bindings formatter on children; scrub their bindings here. Children are
  // created with Object.create(parent), so every descendant inherits this override.
  const child = logger.child; // unbound: `this` is whichever logger the child is made from
  const scrubbingChild = function (this: Logger, bindings: Record<string, unknown>, opts?: object) {
    return child.call(this, scrub(bindings) as Record<string, unknown>, opts);
  };
  Object.defineProperty(logger, 'child', { value: scrubbingChild, writable: true, configurable: true });
  return logger;
}

/** A child logger for one stage of the pipeline: every line carries `stage`. */
export function stageLogger(parent: Logger, stage: Stage, bindings: Record<string, unknown> = {}): Logger {
  return parent.child({ stage, ...bindings });
}
