import { describe, expect, it } from 'vitest';
import { crossPlatform, jumpOf } from '../../../../detectors/cascade/cross-platform.js';
import { conformance, ev, run } from './fixtures.js';

describe('cascade/cross-platform', () => {
  const events = [
    ev({ platform: 'weibo', time: 0 }),
    ev({ platform: 'weibo', time: 60_000 }),
    ev({ platform: 'douyin', time: 10 * 60_000 }),
    ev({ platform: 'x', time: 30 * 60_000 }),
  ];

  it('passes conformance', () => conformance(crossPlatform, events));

  it('is silent on one platform', () => {
    expect(run(crossPlatform, events.slice(0, 2)).signals).toEqual([]);
  });

  it('records the moment of the jump and its evidence', () => {
    const { state, signals } = run(crossPlatform, events);
    expect(jumpOf(state)).toEqual({ from: 'weibo', to: 'douyin', afterMs: 600_000, eventId: events[2]!.eventId });
    expect(signals[0]!.message).toContain('weibo → douyin after 10 min');
    expect(signals[0]!.evidence).toEqual([events[0]!.eventId, events[2]!.eventId, events[3]!.eventId]);
  });

  it('scores more platforms and faster jumps higher, whatever the arrival order', () => {
    const three = run(crossPlatform, events).signals[0]!.score;
    const two = run(crossPlatform, events.slice(0, 3)).signals[0]!.score;
    const slow = run(crossPlatform, [events[0]!, ev({ platform: 'douyin', time: 6 * 3600_000 })]).signals[0]!.score;
    expect(three).toBeGreaterThan(two);
    expect(two).toBeGreaterThan(slow);
    expect(run(crossPlatform, [...events].reverse()).state).toEqual(run(crossPlatform, events).state);
  });
});
