import { describe, expect, it } from 'vitest';
import { reach, topEvents } from '../../../../detectors/cascade/reach.js';
import { conformance, ev, run } from './fixtures.js';

describe('cascade/reach', () => {
  const crowd = Array.from({ length: 60 }, (_, i) => ev({ authorId: `u${i % 50}`, authorFollowers: 1000 * (i + 1) }));

  it('passes conformance', () => conformance(reach, crowd));

  it('counts distinct authors once, at their largest reach', () => {
    const events = [
      ev({ authorId: 'a', authorFollowers: 10 }),
      ev({ authorId: 'a', authorFollowers: 500 }),
      ev({ authorId: 'b', authorFollowers: 1000 }),
    ];
    const { state } = run(reach, events);
    expect(state.remembered).toBe(2);
    expect(state.reach).toBe(1500);
  });

  it('one account reposting a hundred times is not a crowd', () => {
    const solo = run(
      reach,
      Array.from({ length: 100 }, () => ev({ authorId: 'same', authorFollowers: 50 })),
    );
    const many = run(reach, crowd);
    expect(solo.signals[0]?.score ?? 0).toBe(0);
    expect(many.signals[0]!.score).toBeGreaterThan(0.7);
    expect(many.signals[0]!.evidence.length).toBeLessThanOrEqual(5);
  });

  it('stays bounded past maxAuthors but keeps counting', () => {
    const events = Array.from({ length: 30 }, (_, i) => ev({ authorId: `x${i}`, authorFollowers: 10 }));
    const { state } = run(reach, events, undefined, { maxAuthors: 10 });
    expect(state.authors.size).toBe(10);
    expect(state.overflow).toBe(20);
    expect(state.reach).toBe(300);
  });
  it('names the widest-reaching authors as evidence, as a full sort would, while reach grows', () => {
    // authors come back with more followers; evidence must follow each author's largest reach
    const events = Array.from({ length: 400 }, (_, i) =>
      ev({ authorId: `g${(i * 37) % 61}`, authorFollowers: ((i * 7919) % 1000) + (i % 13 === 0 ? 5 * i : 0) }),
    );
    for (const n of [1, 7, 60, 200, 400]) {
      const { state, signals } = run(reach, events.slice(0, n));
      const best = new Map<string, [number, string]>();
      for (const e of events.slice(0, n)) {
        const known = best.get(e.authorId);
        if (!known) best.set(e.authorId, [e.authorFollowers!, e.eventId]);
        else if (e.authorFollowers! > known[0]) known[0] = e.authorFollowers!;
      }
      const expected = [...best.values()]
        .sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1))
        .slice(0, 5)
        .map(([, id]) => id);
      if (signals.length) expect(signals[0]!.evidence).toEqual(expected);
      const restored = reach.restore(JSON.parse(JSON.stringify(reach.save(state))), reach.options.parse({}));
      expect(topEvents(restored)).toEqual(expected);
      expect(topEvents(state)).toEqual(expected);
    }
  });
});
