import { DoxguardError, type ErrorCode } from '../errors/index.js';
import { classifyKafkaError } from './diagnose.js';

/** kafkajs protocol errors that mean "this member's view of the group is out of date", not a failure. */
const REBALANCE_ERRORS = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
  'NOT_COORDINATOR',
  'FENCED_INSTANCE_ID',
]);

export function isRebalanceError(e: unknown): boolean {
  const type = (e as { type?: unknown } | null)?.type;
  return typeof type === 'string' && REBALANCE_ERRORS.has(type);
}

/**
 * kafkajs marks errors retriable; keep that next to our code in the context. A
 * certificate or SASL failure keeps its own code (DG_ERR_KAFKA_TLS / _AUTH)
 * whatever the operation was: retrying or restarting cannot fix a setting.
 */
export function kafkaError(
  code: ErrorCode,
  message: string,
  cause: unknown,
  context: Record<string, unknown> = {},
): DoxguardError {
  if (cause instanceof DoxguardError) return cause;
  const security = classifyKafkaError(cause, null);
  if (security) return security;
  const c = cause as { name?: unknown; type?: unknown; retriable?: unknown } | null;
  return new DoxguardError(code, message, {
    context: {
      ...context,
      kafkaError: c?.name ?? null,
      kafkaType: c?.type ?? null,
      kafkaRetriable: c?.retriable ?? null,
    },
    cause,
  });
}
