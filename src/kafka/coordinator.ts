import type { Admin } from 'kafkajs';
import type { Logger } from '../log/index.js';

/** Errors that mean "the group coordinator is not serving yet", not a fault (KIP: coordinator loading). */
const COORDINATOR_STARTING = new Set([
  'GROUP_LOAD_IN_PROGRESS',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR_FOR_GROUP',
]);

/** The innermost cause's kafkajs protocol type (a retrier wraps the last error it saw). */
function coordinatorStarting(e: unknown): boolean {
  let cur = e as { type?: unknown; cause?: unknown; originalError?: unknown } | null;
  for (let depth = 0; cur && depth < 5; depth++) {
    if (typeof cur.type === 'string' && COORDINATOR_STARTING.has(cur.type)) return true;
    cur = (cur.originalError ?? cur.cause ?? null) as typeof cur;
  }
  return false;
}

/**
 * Wait until the group's coordinator answers. A broker that has just started
 * (a fresh cluster creates and loads `__consumer_offsets` on the first group
 * request) answers "coordinator loading" for a while; the consumer's join would
 * spend its retries on that and crash. So the source asks first, for up to
 * `timeoutMs`, and only then joins; any other error is thrown as it is.
 */
export async function awaitGroupCoordinator(
  admin: Admin,
  groupId: string,
  logger: Logger,
  timeoutMs: number,
  now: () => number = Date.now,
): Promise<void> {
  const deadline = now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      await admin.describeGroups([groupId]);
      return;
    } catch (e) {
      if (!coordinatorStarting(e) || now() >= deadline) throw e;
      if (!told) logger.info({ groupId, timeoutMs }, 'waiting for the group coordinator (the broker is loading it)');
      told = true;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
