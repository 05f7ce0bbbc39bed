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

  it('keeps the earliest post of its one platform, and every platform from a second on, through save and merge', () => {
    const o = crossPlatform.options.parse({});
    // one platform, posts out of order: the earliest is kept (an equal time: the smaller event id)
    const late = ev({ platform: 'weibo', time: 60_000, eventId: 'e-late' });
    const early = ev({ platform: 'weibo', time: 0, eventId: 'e-early' });
    const one = run(crossPlatform, [late, early]).state;
    expect(crossPlatform.save(one)).toEqual([['weibo', 0, 'e-early']]);
    expect(crossPlatform.restore(crossPlatform.save(one), o)).toEqual({ ...one, signals: null });
    expect(crossPlatform.restore([], o)).toEqual(crossPlatform.init(o));
    // a second platform from the one-platform form, then merged with another one-platform state
    const two = run(crossPlatform, [late, early, ev({ platform: 'x', time: 30_000, eventId: 'e-x' })]).state;
    expect(crossPlatform.save(two)).toEqual([
      ['weibo', 0, 'e-early'],
      ['x', 30_000, 'e-x'],
    ]);
    expect(crossPlatform.restore(crossPlatform.save(two), o)).toEqual({ ...two, signals: null });
    const other = run(crossPlatform, [ev({ platform: 'douyin', time: 10_000, eventId: 'e-d' })]).state;
    const merged = crossPlatform.merge(two, other, o);
    expect(crossPlatform.save(merged)).toEqual([
      ['weibo', 0, 'e-early'],
      ['douyin', 10_000, 'e-d'],
      ['x', 30_000, 'e-x'],
    ]);
    expect(jumpOf(merged)).toEqual({ from: 'weibo', to: 'douyin', afterMs: 10_000, eventId: 'e-d' });
  });
});
