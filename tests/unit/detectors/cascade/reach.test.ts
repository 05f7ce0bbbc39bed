import { describe, expect, it } from 'vitest';
import { reach } from '../../../../detectors/cascade/reach.js';
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
    expect(Object.keys(state.authors)).toHaveLength(10);
    expect(state.overflow).toBe(20);
    expect(state.reach).toBe(300);
  });
});
