import { describe, expect, it } from 'vitest';
import { PEER_RECOGNIZER } from '../../../src/incident/index.js';
import { T0 } from '../../helpers/events.js';
import { ev, store } from './store-fixtures.js';

describe('IncidentStore', () => {
  it('puts a cascade in one incident whose id comes from its root', () => {
    const s = store();
    const a = s.place(ev('r'));
    const b = s.place(ev('c1', { parentId: 'r', kind: 'repost', time: T0 + 1 }));
    const c = s.place(ev('c2', { parentId: 'c1', kind: 'repost', time: T0 + 2 }));
    expect(b.incident).toBe(a.incident);
    expect(c.incident.id).toBe(a.incident.id);
    expect(c.incident.size).toBe(3);
    expect(s.graph.depthOf('weibo:c2')).toBe(2);
    expect(s.graph.parentOf('weibo:c2')).toBe('weibo:c1');
    expect(s.liveCount).toBe(1);
  });

  it('gives a child that arrives before its parent the same incident id as in order', () => {
    const inOrder = store();
    inOrder.place(ev('r'));
    const x = inOrder.place(ev('c', { parentId: 'r', kind: 'repost', time: T0 + 5 }));
    const reversed = store();
    reversed.place(ev('c', { parentId: 'r', kind: 'repost', time: T0 + 5 }));
    const y = reversed.place(ev('r'));
    expect(y.incident.id).toBe(x.incident.id);
    expect(y.incident.size).toBe(2);
  });

  it('joins cascades on another platform through a URL, keeping the earlier incident id', () => {
    const s = store();
    // Incident objects are reused across merges (small-to-large), so compare ids taken at the time.
    const weiboId = s.place(ev('w1', { time: T0 })).incident.id;
    s.place(ev('d1', { platform: 'douyin', time: T0 + 60_000 }));
    const d2Id = s.place(ev('d2', { platform: 'douyin', parentId: 'd1', kind: 'repost', time: T0 + 61_000 })).incident
      .id;
    const link = s.place(ev('d3', { platform: 'douyin', time: T0 + 62_000, linkedNodeKeys: ['weibo:w1'] }));
    expect(link.incident.id).toBe(weiboId);
    const jump = s.place(
      ev('d4', { platform: 'douyin', parentId: 'd1', kind: 'repost', time: T0 + 63_000, mediaHashes: ['h1'] }),
    );
    expect(jump.incident.id).toBe(d2Id);
    const joined = s.place(ev('w2', { parentId: 'w1', kind: 'repost', time: T0 + 64_000, mediaHashes: ['h1'] }));
    expect(joined.absorbed.length).toBe(1);
    expect(joined.incident.id).toBe(weiboId);
    expect([...joined.incident.platforms].sort()).toEqual(['douyin', 'weibo']);
    expect(joined.incident.size).toBe(6);
    expect(s.liveCount).toBe(1);
    for (const k of joined.incident.members) expect(s.incidentOfNode(k)).toBe(joined.incident);
  });

  it('links on strong PII fingerprints but not on weak cues, and not on keys too common to mean anything', () => {
    const s = store();
    const f = (category: 'phone' | 'family', fp: string) => ({
      category,
      recognizer: 't',
      confidence: 0.9,
      weight: 0.5,
      fingerprint: fp,
      snippet: '***',
      start: 0,
      end: 1,
      about: 'target' as const,
    });
    s.place(ev('a', { findings: [f('phone', 'fp1'), f('family', 'fam')] }));
    expect(s.place(ev('b', { findings: [f('phone', 'fp1')] })).absorbed.length).toBe(1);
    expect(s.place(ev('c', { findings: [f('family', 'fam')] })).absorbed.length).toBe(0);
    s.place(ev('d', { findings: [f('phone', 'fp1')] }));
    expect(s.place(ev('e', { findings: [f('phone', 'fp1')] })).absorbed.length).toBe(0); // 4th post: too common
  });

  it('links only on a fingerprint some post attributes to a person: a number nobody is named with is public', () => {
    const s = store();
    const f = (about: 'target' | 'unattributed' | 'self' | 'anonymised', recognizer = 't') => ({
      category: 'phone' as const,
      recognizer,
      confidence: 0.9,
      weight: 0.8,
      fingerprint: 'hotline',
      snippet: '***',
      start: 0,
      end: 1,
      about,
    });
    // a ministry's consultation line, a notice's building, a shop's number: copied into unrelated cascades
    s.place(ev('n1', { findings: [f('unattributed')] }));
    expect(s.place(ev('n2', { findings: [f('unattributed')] })).absorbed.length).toBe(0);
    expect(s.place(ev('n3', { findings: [f('self')] })).absorbed.length).toBe(0);
    expect(s.place(ev('n4', { findings: [f('anonymised')] })).absorbed.length).toBe(0);
    expect(s.liveCount).toBe(4);
    // the same number said to be somebody's in two cascades joins them; so does a peer partition's claim
    const t = store();
    t.place(ev('x1', { findings: [f('target')] }));
    expect(t.place(ev('x2', { findings: [f('target')] })).absorbed.length).toBe(1);
    expect(t.place(ev('x3', { findings: [f('unattributed', PEER_RECOGNIZER)] })).absorbed.length).toBe(1);
  });

  it('treats a redelivered post as no new post', () => {
    const s = store();
    s.place(ev('r'));
    const again = s.place(ev('r'));
    expect(again.isNew).toBe(false);
    expect(again.incident.size).toBe(1);
  });

  it('frees graph nodes and link keys when an incident is removed', () => {
    const s = store();
    s.place(ev('r', { mediaHashes: ['m'] }));
    s.place(ev('c', { parentId: 'r', kind: 'repost' }));
    const inc = s.incidentOfNode('weibo:r')!;
    s.remove(inc);
    expect(s.graph.order).toBe(0);
    expect(s.links.size).toBe(0);
    expect(s.liveCount).toBe(0);
  });

  it('orders live incidents coldest first', () => {
    const s = store();
    s.place(ev('a', { time: T0 }));
    s.place(ev('b', { time: T0 + 1 }));
    s.place(ev('a2', { parentId: 'a', kind: 'repost', time: T0 + 2 }));
    expect([...s.coldestFirst()].map((i) => i.rootKeys[0])).toEqual(['weibo:b', 'weibo:a']);
  });
});

describe('topK', () => {
  it('returns the k largest counts, ties by key, like a full sort would', async () => {
    const { topK } = await import('../../../src/incident/counts.js');
    const counts = new Map<string, number>();
    for (let i = 0; i < 500; i++) counts.set(`a${(i * 7919) % 500}`, (i * 31) % 17);
    const sorted = [...counts].filter(([, n]) => n > 0).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
    for (const k of [1, 5, 20]) expect(topK(counts, k)).toEqual(sorted.slice(0, k));
    expect(topK(new Map([['x', 0]]), 3)).toEqual([]);
  });
});
