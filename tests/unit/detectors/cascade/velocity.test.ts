import { describe, expect, it } from 'vitest';
import { velocity } from '../../../../detectors/cascade/velocity.js';
import { conformance, ctxOf, ev, run } from './fixtures.js';

const burst = (n: number, start: number, gapMs: number) =>
  Array.from({ length: n }, (_, i) => ev({ time: start + i * gapMs }));

describe('cascade/velocity', () => {
  it('passes conformance', () => conformance(velocity, burst(40, 0, 5_000)));

  it('scores a fast, accelerating burst higher than a slow trickle', () => {
    const fast = run(velocity, [...burst(5, 0, 60_000), ...burst(100, 300_000, 2_000)]);
    const slow = run(velocity, burst(12, 0, 60_000));
    expect(fast.signals[0]!.score).toBeGreaterThan(0.7);
    expect(slow.signals[0]?.score ?? 0).toBeLessThan(0.2);
    expect(fast.signals[0]!.message).toMatch(/acceleration [1-9]/);
  });

  it('names the latest events of the window as evidence, bounded', () => {
    const events = burst(30, 0, 1_000);
    const { signals } = run(velocity, events);
    expect(signals[0]!.evidence).toEqual(events.slice(-5).map((e) => e.eventId));
  });

  it('decays to silence on tick once the window is quiet', () => {
    const r = run(velocity, burst(30, 0, 1_000));
    const later = velocity.tick!(r.state, ctxOf(undefined, 3_600_000), r.options);
    expect(later.signals).toEqual([]);
  });

  it('restores the 1.0.0 save format (bucket list alone)', () => {
    const o = velocity.options.parse({});
    const s = velocity.restore([[0, 3]], o);
    expect(s.buckets).toEqual([[0, 3]]);
    expect(s.recent).toEqual([]);
  });
});
