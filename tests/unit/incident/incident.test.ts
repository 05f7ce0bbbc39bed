import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Incident } from '../../../src/incident/index.js';
import { T0 } from '../../helpers/events.js';
import { ev, store } from './store-fixtures.js';

describe('an incident holds nothing it has not used', () => {
  it('shares one platform Set between incidents on that platform alone, and owns one from a second platform', () => {
    const a = new Incident('inc_a', T0);
    const b = new Incident('inc_b', T0);
    expect(a.platforms.size).toBe(0);
    a.addPlatform('weibo');
    b.addPlatform('weibo');
    expect(a.platforms).toBe(b.platforms);
    expect(() => (a.platforms as Set<string>).add('x')).toThrow(/shared/);
    a.addPlatform('weibo');
    a.addPlatform('x');
    expect([...a.platforms]).toEqual(['weibo', 'x']);
    expect([...b.platforms]).toEqual(['weibo']);
    a.addPlatform('reddit');
    expect([...a.platforms]).toEqual(['weibo', 'x', 'reddit']);
    expect([...b.platforms]).toEqual(['weibo']);
  });

  it('counts posts per author in order of arrival, from one author to several', () => {
    const i = new Incident('inc_a', T0);
    expect(i.authors).toBe(0);
    i.authorPosts.add('u1');
    i.authorPosts.add('u1');
    expect(i.authors).toBe(1);
    expect(i.authorPosts.get('u1')).toBe(2);
    expect(i.authorPosts.get('u2')).toBeUndefined();
    i.authorPosts.add('u2', 3);
    i.authorPosts.add('u1');
    expect(i.authors).toBe(2);
    expect([...i.authorPosts]).toEqual([
      ['u1', 3],
      ['u2', 3],
    ]);
    const seen: [string, number][] = [];
    i.authorPosts.forEach((n, a) => seen.push([a, n]));
    expect(seen).toEqual([...i.authorPosts]);
  });

  it('makes its reach counts, notices and policy memory on their first write, never writing a shared one', () => {
    const a = new Incident('inc_a', T0);
    const b = new Incident('inc_b', T0);
    expect(a.authorReach).toBe(b.authorReach);
    expect(() => a.authorReach.add('u')).toThrow();
    a.drew('u');
    expect(a.authorReach.get('u')).toBe(1);
    expect(b.authorReach.size).toBe(0);
    expect(a.policyState).toBe(b.policyState);
    a.ownPolicyState().x = 1;
    expect(a.policyState).toEqual({ x: 1 });
    expect(b.policyState).toEqual({});
    expect(() => ((b.policyState as Record<string, number>).y = 1)).toThrow();
    const notice = { noticeId: 'n1', postKey: 'weibo:p', time: T0, reporter: 'victim', firstActionTime: null };
    a.addNotice(notice);
    expect(a.noticeEntries).toEqual([notice]);
    expect(b.noticeEntries).toEqual([]);
    expect(b.notices).toBe(0);
  });

  it('keeps platforms, authors, reach and notices across a merge of a small incident into a large one', () => {
    const s = store();
    const big = s.place(ev('r', { authorId: 'u1' })).incident;
    s.place(ev('c1', { parentId: 'r', kind: 'repost', authorId: 'u2', time: T0 + 1 }));
    s.place(ev('c2', { parentId: 'r', kind: 'repost', authorId: 'u2', time: T0 + 2 }));
    const small = s.place(ev('d', { platform: 'x', authorId: 'u3', time: T0 + 3 })).incident;
    small.addNotice({ noticeId: 'n1', postKey: 'x:d', time: T0 + 3, reporter: 'victim', firstActionTime: null });
    small.ownPolicyState()['lifted:r'] = T0;
    expect(small.platforms).not.toBe(big.platforms);
    const joined = s.place(
      ev('d2', {
        platform: 'x',
        parentId: 'd',
        kind: 'repost',
        authorId: 'u1',
        time: T0 + 4,
        linkedNodeKeys: ['weibo:r'],
      }),
    );
    expect(joined.incident).toBe(big);
    expect(joined.absorbed).toEqual([small]);
    expect([...big.platforms].sort()).toEqual(['weibo', 'x']);
    expect([...big.authorPosts].sort()).toEqual([
      ['u1', 2],
      ['u2', 2],
      ['u3', 1],
    ]);
    expect([...big.authorReach].sort()).toEqual([
      ['u1', 2],
      ['u3', 1],
    ]);
    expect(big.noticeEntries.map((n) => n.noticeId)).toEqual(['n1']);
    expect(big.policyState).toEqual({ 'lifted:r': T0 });
    // the single-platform incidents still share their Set, untouched by the merge
    expect([...s.place(ev('q', { platform: 'x', time: T0 + 5 })).incident.platforms]).toEqual(['x']);
  });

  it('keeps its roots and recent posts as the lists always were, one as itself', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 12 }),
        fc.array(fc.string({ minLength: 1, maxLength: 3 }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 4 }),
        (roots, posts, keep) => {
          const i = new Incident('inc_p', T0);
          let rootRef: string[] = [];
          for (const r of roots) {
            if (!rootRef.includes(r)) rootRef = [...rootRef, r];
            i.addRoot(r);
            expect(i.rootKeys).toEqual(rootRef);
            expect(i.hasRoot(r)).toBe(true);
          }
          expect(i.hasRoot('z')).toBe(false);
          let recentRef: string[] = [];
          for (const p of posts) {
            recentRef = [...recentRef, p];
            if (recentRef.length > keep * 2) recentRef = recentRef.slice(-keep);
            i.addRecent(p, keep);
            expect(i.recentPosts).toEqual(recentRef);
          }
        },
      ),
    );
  });

  it('joins roots and recent posts of a small incident into a large one', () => {
    const s = store();
    const big = s.place(ev('r')).incident;
    for (let k = 0; k < 20; k++) s.place(ev(`c${k}`, { parentId: 'r', kind: 'repost', time: T0 + k }));
    const small = s.place(ev('o', { platform: 'x', time: T0 + 30 })).incident;
    expect(small.rootKeys).toEqual(['x:o']);
    expect(small.recentPosts).toEqual(['o']);
    s.place(ev('o2', { platform: 'x', parentId: 'o', kind: 'repost', time: T0 + 31, linkedNodeKeys: ['weibo:r'] }));
    expect(big.rootKeys).toEqual(['weibo:r', 'x:o']);
    // 21 posts kept the newest 10 (beyond twice the 10 kept), the small one's first, then the new one
    expect(big.recentPosts).toEqual(['o', ...Array.from({ length: 10 }, (_, k) => `c${k + 10}`), 'o2']);
    expect(big.members).toHaveLength(23);
    for (const k of big.members) expect(s.incidentOfNode(k)).toBe(big);
  });
});
