import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { append } from '../../../../src/util/index.js';
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
    expect(velocity.save(s)).toEqual({ buckets: [[0, 3]], recent: [] });
  });

  it('keeps the latest events by time then id as a plain sorted list does, in any order, repeats and ties included', () => {
    const o = velocity.options.parse({});
    const events = Array.from({ length: 80 }, (_, i) =>
      ev({ eventId: `v${(i * 17) % 23}`, time: 1_000 * ((i * 7) % 13) }),
    );
    let state = velocity.init(o);
    // the plain computation: insert after every pair not later, unless the id is kept; drop the oldest past the cap
    const plain: [number, string][] = [];
    for (const e of events) {
      state = velocity.step(state, e, ctxOf(undefined, e.time), o).state;
      if (!plain.some(([, id]) => id === e.eventId)) {
        let i = plain.length;
        while (i > 0 && (plain[i - 1]![0] > e.time || (plain[i - 1]![0] === e.time && plain[i - 1]![1] > e.eventId)))
          i--;
        plain.splice(i, 0, [e.time, e.eventId]);
        if (plain.length > o.maxEvidence) plain.shift();
      }
      expect((velocity.save(state) as { recent: [number, string][] }).recent).toEqual(plain);
    }
  });

  it('keeps its buckets a list of unboxed doubles (not one heap number per bucket)', () => {
    setFlagsFromString('--allow-natives-syntax');
    const doubles = new Function('a', 'return %HasDoubleElements(a)') as (list: unknown) => boolean;
    // small-list's shared insert has made lists of strings, as the incident store's post keys do
    let keys: string[] = [];
    for (let i = 0; i < 20_000; i++) keys = append(i % 8 === 0 ? [] : keys, `post-${i}`);
    const { state } = run(velocity, burst(30, 1_700_000_000_000, 61_000));
    expect(state.buckets.length).toBeGreaterThan(2);
    expect(doubles(state.buckets)).toBe(true);
  });
});
