import type { DirectedGraph } from 'graphology';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PropagationGraph, type EdgeAttributes, type EdgeKind, type PostAttributes } from '../../../src/graph/index.js';
import { ReferenceGraph } from './reference-graph.js';

// Node keys as the store makes them (`platform:postId`, never integer-like: graphology lists integer-like keys
// first, which no real key is).
const KEYS = ['x:a', 'x:b', 'y:c', 'y:d'];
const key = fc.constantFrom(...KEYS);
// A few distinct times, so that edges and posts share them (the parent slot is the edge at the post's time).
const time = fc.integer({ min: 0, max: 3 }).map((t) => 1_764_000_000_000 + t);
const op = fc.oneof(
  fc.record({ op: fc.constant('place' as const), key, time, incident: fc.constantFrom('i1', 'i2') }),
  fc.record({
    op: fc.constant('post' as const),
    key,
    parent: fc.option(key, { nil: null }),
    kind: fc.constantFrom('post' as const, 'repost' as const, 'quote' as const, 'reply' as const),
    time,
    followers: fc.nat(5),
  }),
  fc.record({
    op: fc.constant('connect' as const),
    from: key,
    to: key,
    kind: fc.constantFrom<EdgeKind>('link', 'media', 'pii', 'reshare', 'reply'),
    time,
  }),
  fc.record({ op: fc.constant('delete' as const), key }),
  fc.record({ op: fc.constant('drop' as const), key }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

const pick = (a: PostAttributes | null | undefined): unknown =>
  a == null
    ? a
    : {
        platform: a.platform,
        postId: a.postId,
        authorId: a.authorId,
        kind: a.kind,
        time: a.time,
        depth: a.depth,
        followers: a.followers,
        incident: a.incident,
        anchors: a.anchors,
        parent: a.parent,
        deleted: a.deleted,
      };

/** One op on either graph: posts and edges only between posts in the graph, as the incident store does. */
function apply(g: PropagationGraph | ReferenceGraph, o: Op): unknown {
  switch (o.op) {
    case 'place':
      return pick(g.ensurePlaceholder(o.key, o.key.slice(0, 1), o.key.slice(2), o.time, o.incident));
    case 'post':
      g.ensurePlaceholder(o.key, o.key.slice(0, 1), o.key.slice(2), o.time, 'i1');
      return g.upsertPost(o.key, { authorId: 'u', kind: o.kind, time: o.time, followers: o.followers }, o.parent);
    case 'connect':
      for (const k of [o.from, o.to]) g.ensurePlaceholder(k, k.slice(0, 1), k.slice(2), o.time, 'i2');
      return g.connect(o.from, o.to, o.kind, o.time);
    case 'delete':
      return g.markDeleted(o.key);
    case 'drop':
      return pick(g.dropNode(o.key));
  }
}

function dump(g: DirectedGraph<PostAttributes, EdgeAttributes>) {
  return {
    nodes: g.mapNodes((k, a) => [k, pick(a), g.outNeighbors(k), g.inNeighbors(k)]),
    edges: g.mapEdges((_e, a, s, t) => [s, t, a.kind, a.time]),
  };
}

function same(g: PropagationGraph, r: ReferenceGraph): void {
  expect([g.order, g.size]).toEqual([r.graph.order, r.graph.size]);
  for (const k of KEYS) {
    expect(g.hasNode(k)).toBe(r.graph.hasNode(k));
    expect(pick(g.get(k))).toEqual(pick(r.graph.hasNode(k) ? r.graph.getNodeAttributes(k) : undefined));
    expect(g.parentOf(k)).toBe(r.parentOf(k));
    expect(g.childrenOf(k)).toEqual(r.childrenOf(k));
    expect(g.depthOf(k)).toBe(r.graph.hasNode(k) ? r.graph.getNodeAttribute(k, 'depth') : 0);
    expect(g.reshares(k)).toBe(r.reshares(k));
    expect(g.inEdges(k)).toEqual(r.inEdges(k));
  }
  expect(dump(g.graphOf(r.graph.nodes()))).toEqual(dump(r.graph));
}

describe('PropagationGraph (compact) against the graphology graph it replaced', () => {
  it('gives the same answers, edge order included, after every op of random sequences', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60, size: 'max' }), (ops) => {
        const g = new PropagationGraph();
        const r = new ReferenceGraph();
        for (const o of ops) {
          expect(apply(g, o)).toEqual(apply(r, o));
          same(g, r);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('keeps a re-kinded parent edge in its place among the inbound edges, and drops edges with either end', () => {
    const g = new PropagationGraph();
    for (const k of ['x:r', 'x:c', 'x:l']) g.ensurePlaceholder(k, 'x', k.slice(2), 0, null);
    g.upsertPost('x:r', { authorId: 'u', kind: 'post', time: 0, followers: 0 }, null);
    g.upsertPost('x:c', { authorId: 'v', kind: 'reply', time: 1, followers: 0 }, 'x:r');
    g.connect('x:l', 'x:c', 'link', 2);
    g.connect('x:r', 'x:c', 'media', 3);
    expect(g.inEdges('x:c')).toEqual([
      { source: 'x:r', kind: 'media', time: 3 },
      { source: 'x:l', kind: 'link', time: 2 },
    ]);
    expect([g.parentOf('x:c'), g.childrenOf('x:r'), g.reshares('x:r'), g.size]).toEqual([null, [], 1, 2]);
    g.dropNode('x:r');
    expect([g.inEdges('x:c'), g.reshares('x:l'), g.size]).toEqual([[{ source: 'x:l', kind: 'link', time: 2 }], 1, 1]);
    g.dropNode('x:c');
    expect([g.reshares('x:l'), g.size, g.order]).toEqual([0, 0, 1]);
  });
});
