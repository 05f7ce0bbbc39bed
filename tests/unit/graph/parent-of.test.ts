import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PropagationGraph, type EdgeKind } from '../../../src/graph/index.js';

/** parentOf by definition: the source of an inbound reshare, quote or reply edge. */
function scanParent(g: PropagationGraph, key: string): string | null {
  for (const e of g.inEdges(key)) if (e.kind === 'reshare' || e.kind === 'quote' || e.kind === 'reply') return e.source;
  return null;
}

const KEYS = ['a', 'b', 'c', 'd', 'e', 'f'];
const key = fc.constantFrom(...KEYS);
const op = fc.oneof(
  fc.record({ op: fc.constant('post' as const), key, parent: fc.option(key, { nil: null }) }),
  fc.record({
    op: fc.constant('link' as const),
    from: key,
    to: key,
    kind: fc.constantFrom<EdgeKind>('link', 'media', 'pii'),
  }),
  fc.record({ op: fc.constant('drop' as const), key }),
);

describe('PropagationGraph.parentOf', () => {
  it('agrees with a scan of the inbound edges through posts, links both ways and drops', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const g = new PropagationGraph();
        let t = 0;
        const ensure = (k: string): void => void g.ensurePlaceholder(k, 'x', k, t, null);
        for (const o of ops) {
          t++;
          if (o.op === 'post') {
            ensure(o.key);
            if (o.parent !== null) ensure(o.parent);
            g.upsertPost(
              o.key,
              { authorId: 'u', kind: o.parent === null ? 'post' : 'repost', time: t, followers: 0 },
              o.parent,
            );
          } else if (o.op === 'link') {
            ensure(o.from);
            ensure(o.to);
            g.connect(o.from, o.to, o.kind, t);
          } else g.dropNode(o.key);
          for (const k of KEYS) if (g.parentOf(k) !== scanParent(g, k)) return false;
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('names the parent of a reshare and nothing for a root, a link or a missing post', () => {
    const g = new PropagationGraph();
    for (const k of ['r', 'c', 'l']) g.ensurePlaceholder(k, 'x', k, 0, null);
    g.upsertPost('r', { authorId: 'u', kind: 'post', time: 0, followers: 0 }, null);
    g.upsertPost('c', { authorId: 'v', kind: 'reply', time: 1, followers: 0 }, 'r');
    g.connect('r', 'l', 'link', 2);
    expect(g.parentOf('c')).toBe('r');
    expect(g.parentOf('r')).toBeNull();
    expect(g.parentOf('l')).toBeNull();
    expect(g.parentOf('zz')).toBeNull();
    g.connect('r', 'c', 'media', 3); // a later link between the same posts re-kinds the edge
    expect(g.parentOf('c')).toBeNull();
  });
});

describe('PropagationGraph.ensurePlaceholder', () => {
  it('answers null when it adds a post, the live attributes when the post was there; graphOf copies them', () => {
    const g = new PropagationGraph();
    expect(g.ensurePlaceholder('r', 'x', 'r', 0, 'inc')).toBeNull();
    const attrs = g.ensurePlaceholder('r', 'x', 'r', 5, 'other');
    expect(attrs).toMatchObject({ platform: 'x', postId: 'r', kind: null, time: 0, incident: 'inc' });
    g.upsertPost('r', { authorId: 'u', kind: 'post', time: 1, followers: 2 }, null);
    expect(g.get('r')).toBe(attrs);
    expect(g.get('r')!.authorId).toBe('u');
    const copy = g.graphOf(['r']).getNodeAttributes('r');
    expect(copy).not.toBe(attrs);
    expect(copy).toEqual({ ...copy, platform: 'x', postId: 'r', authorId: 'u', kind: 'post', time: 1, followers: 2 });
  });
});

describe("a post's packed fields", () => {
  it('keeps kind, edge kind, deletion and depth apart, at any depth', () => {
    const g = new PropagationGraph();
    for (const k of ['r', 'c']) g.ensurePlaceholder(k, 'x', k, 0, null);
    g.upsertPost('r', { authorId: 'u', kind: 'post', time: 0, followers: 0 }, null);
    g.upsertPost('c', { authorId: 'v', kind: 'quote', time: 1, followers: 0 }, 'r');
    const c = g.get('c')!;
    expect([c.depth, c.kind, c.deleted, g.parentOf('c')]).toEqual([1, 'quote', false, 'r']);
    // past 2^24 the packed number is no small integer: every part must survive writes of the others
    for (const depth of [2 ** 24 - 1, 2 ** 24, 2 ** 31 + 3, 2 ** 40]) {
      c.depth = depth;
      expect(g.markDeleted('c')).toBe(true);
      expect([c.depth, c.kind, c.deleted, g.parentOf('c')]).toEqual([depth, 'quote', true, 'r']);
      c.deleted = false;
      c.kind = 'reply';
      expect([c.depth, c.kind, c.deleted, g.parentOf('c')]).toEqual([depth, 'reply', false, 'r']);
      c.kind = 'quote';
    }
    // the rare parts: anchors made and kept beside a side edge
    c.anchors ??= [];
    c.anchors.push('url:1');
    g.connect('r', 'c', 'media', 3);
    expect(c.anchors).toEqual(['url:1']);
    expect(g.parentOf('c')).toBeNull();
    expect(g.inEdges('c').map((e) => e.kind)).toEqual(['media']);
    expect(g.dropNode('c')?.anchors).toEqual(['url:1']);
  });
});
