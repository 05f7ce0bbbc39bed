import { describe, expect, it } from 'vitest';
import { MAP_FROM, reach, topEvents, type ReachState } from '../../../../detectors/cascade/reach.js';
import { conformance, ctxOf, ev, run } from './fixtures.js';

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
    expect(state.remembered).toBe(10);
    expect(state.authors?.size).toBe(10);
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

  it('finds authors by a scan below MAP_FROM and by a Map from it on, through steps, merges and restores', () => {
    const o = reach.options.parse({});
    // authors come back (with more followers) after the Map is built and before
    const events = Array.from({ length: 3 * MAP_FROM }, (_, i) =>
      ev({ authorId: `m${(i * 5) % (2 * MAP_FROM)}`, authorFollowers: 100 * ((i * 7) % 11) + i }),
    );
    const whole = run(reach, events).state;
    expect(whole.authors?.size).toBe(2 * MAP_FROM);
    for (let cut = 0; cut <= events.length; cut++) {
      const left = run(reach, events.slice(0, cut)).state;
      expect(left.authors === null).toBe(left.remembered < MAP_FROM);
      const right = run(reach, events.slice(cut)).state;
      const merged = reach.merge(left, right, o);
      expect(merged.authors === null).toBe(merged.remembered < MAP_FROM);
      for (const s of [merged, reach.restore(JSON.parse(JSON.stringify(reach.save(merged))), o)]) {
        expect([s.remembered, s.reach, topEvents(s)]).toEqual([whole.remembered, whole.reach, topEvents(whole)]);
        // one more post of a known author with more followers: counted once, at its new reach
        const next = reach.step(s, ev({ authorId: 'm3', authorFollowers: 5_000 }), ctxOf(), o).state;
        expect([next.remembered, next.reach]).toEqual([whole.remembered, whole.reach + 5_000 - followers(whole, 'm3')]);
      }
    }
  });
});

/** The follower count a state holds for `author` (through its saved form). */
const followers = (s: ReachState, author: string): number =>
  (reach.save(s) as { authors: Record<string, [number, string]> }).authors[author]![0];
