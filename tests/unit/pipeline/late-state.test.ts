import { describe, expect, it } from 'vitest';
import { eventLine, T0 } from '../../helpers/events.js';
import { runLines, testConfig } from '../../helpers/pipeline.js';

const HOUR = 3600_000;

/** `count` unrelated posts, one a second from `start`. */
const posts = (prefix: string, start: number, count: number): string[] =>
  Array.from({ length: count }, (_, i) =>
    eventLine({ eventId: `${prefix}${i}`, postId: `${prefix}${i}`, createdAt: start + i * 1000, text: 'hello' }),
  );

describe('state of events later than the idle TTL', () => {
  it('one far-future time (a flipped digit) does not make every later event stay in memory', async () => {
    const config = testConfig();
    const future = eventLine({ eventId: 'f', postId: 'f', createdAt: T0 + 2000 * 24 * HOUR, text: 'hello' });
    // before the fix, the 3,000 posts after it each kept a live incident: no tick came to expire them
    const { pipeline } = await runLines([...posts('a', T0, 100), future, ...posts('b', T0 + 200_000, 3000)], config);
    expect(pipeline.stats.late).toBe(3000);
    expect(pipeline.store.liveCount).toBeLessThanOrEqual(2);
  });

  it('keeps events that are late by less than the idle TTL', async () => {
    const config = testConfig();
    const { pipeline } = await runLines([...posts('a', T0 + 2 * HOUR, 50), ...posts('b', T0 + HOUR, 50)], config);
    expect(pipeline.stats.late).toBe(50);
    expect(pipeline.store.liveCount).toBe(100);
  });
});
