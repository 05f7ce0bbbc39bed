import { setFlagsFromString } from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { append } from '../../../../src/util/index.js';
import { bucketsOf, velocity, type VelocityState } from '../../../../detectors/cascade/velocity.js';
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
    expect(state.buckets!.length).toBeGreaterThan(2);
    expect(doubles(state.buckets)).toBe(true);
  });

  it('answers the same while its buckets are derived from its evidence as with a list of its own from the start', () => {
    // events out of order, repeated ids, ticks between them, and small options so that every path is taken:
    // the evidence filling up, a repeat, pruning of derived buckets, merges
    const step = fc.record({
      time: fc.integer({ min: 0, max: 40 * 60_000 }),
      id: fc.integer({ min: 0, max: 9 }),
      tick: fc.option(fc.integer({ min: 0, max: 60 * 60_000 }), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 25 }),
        fc.array(step, { maxLength: 6 }),
        fc.constantFrom(1, 3, 5),
        fc.constantFrom(0, 1, 2),
        (steps, others, maxEvidence, minEvents) => {
          const o = velocity.options.parse({ maxEvidence, minEvents, windowMs: 5 * 60_000, bucketMs: 30_000 });
          const own = (): VelocityState => ({ ...velocity.init(o), buckets: [] });
          let derived = velocity.init(o);
          let listed = own();
          const same = () => {
            expect(bucketsOf(derived, o)).toEqual(bucketsOf(listed, o));
            expect(derived.recent).toEqual(listed.recent);
            // saved and restored (derived buckets save as null: 1.2.0), it is the same state
            expect(bucketsOf(velocity.restore(velocity.save(derived), o), o)).toEqual(bucketsOf(derived, o));
          };
          for (const x of steps) {
            const e = ev({ time: x.time, eventId: `e${x.id}` });
            const a = velocity.step(derived, e, ctxOf(undefined, x.time), o);
            const b = velocity.step(listed, e, ctxOf(undefined, x.time), o);
            derived = a.state;
            listed = b.state;
            expect(a.signals).toEqual(b.signals);
            same();
            if (x.tick !== null) {
              const ta = velocity.tick!(derived, ctxOf(undefined, x.tick), o);
              const tb = velocity.tick!(listed, ctxOf(undefined, x.tick), o);
              expect([ta.signals, ta.dueAt]).toEqual([tb.signals, tb.dueAt]);
              same();
            }
          }
          // a merge with another incident's state, derived or listed alike
          let other = velocity.init(o);
          let otherListed = own();
          for (const x of others) {
            const e = ev({ time: x.time, eventId: `f${x.id}` });
            other = velocity.step(other, e, ctxOf(undefined, x.time), o).state;
            otherListed = velocity.step(otherListed, e, ctxOf(undefined, x.time), o).state;
          }
          expect(velocity.save(velocity.merge(derived, other, o))).toEqual(
            velocity.save(velocity.merge(listed, otherListed, o)),
          );
        },
      ),
      { numRuns: 400 },
    );
  });
});
