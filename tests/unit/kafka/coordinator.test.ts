import type { Admin } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { awaitGroupCoordinator } from '../../../src/kafka/index.js';
import { createLogger } from '../../../src/log/index.js';

const logger = createLogger({ level: 'silent' });

/** kafkajs's shapes: a protocol error with its type, wrapped by the retrier after its retries. */
function protocolError(type: string): Error {
  return Object.assign(new Error(type), { name: 'KafkaJSProtocolError', type, retriable: true });
}
function retriesExceeded(cause: Error): Error {
  return Object.assign(new Error(cause.message), { name: 'KafkaJSNumberOfRetriesExceeded', cause });
}

/** An admin whose describeGroups fails with `errors` in turn, then answers. */
function adminFailing(errors: Error[]): { admin: Admin; calls: () => number } {
  let calls = 0;
  const admin = {
    describeGroups: async () => {
      const e = errors[calls++];
      if (e) throw e;
      return { groups: [] };
    },
  } as unknown as Admin;
  return { admin, calls: () => calls };
}

describe('awaitGroupCoordinator', () => {
  it('waits while a fresh broker loads the coordinator, then returns', async () => {
    const { admin, calls } = adminFailing([
      retriesExceeded(protocolError('GROUP_COORDINATOR_NOT_AVAILABLE')),
      protocolError('GROUP_LOAD_IN_PROGRESS'),
    ]);
    await awaitGroupCoordinator(admin, 'g', logger, 10_000);
    expect(calls()).toBe(3);
  });

  it('throws any other error at once', async () => {
    const auth = Object.assign(new Error('SASL authentication failed'), { name: 'KafkaJSSASLAuthenticationError' });
    const { admin, calls } = adminFailing([auth]);
    await expect(awaitGroupCoordinator(admin, 'g', logger, 10_000)).rejects.toBe(auth);
    expect(calls()).toBe(1);
  });

  it('gives up with the last error when the coordinator is still loading at the deadline', async () => {
    const loading = protocolError('GROUP_LOAD_IN_PROGRESS');
    const { admin, calls } = adminFailing(Array.from({ length: 100 }, () => loading));
    let t = 0;
    const clock = (): number => (t += 1_000); // every look at the clock is a second later
    // deadline 1 s + 2.5 s; the failures are seen at 2 s and 3 s (asked again) and 4 s (past it: thrown)
    await expect(awaitGroupCoordinator(admin, 'g', logger, 2_500, clock)).rejects.toBe(loading);
    expect(calls()).toBe(3);
  });
});
