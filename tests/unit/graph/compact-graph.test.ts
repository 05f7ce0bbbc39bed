import type { DirectedGraph } from 'graphology';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PropagationGraph, type EdgeAttributes, type EdgeKind, type PostAttributes } from '../../../src/graph/index.js';
import { ReferenceGraph } from './reference-graph.js';

// Node keys as the store makes them (`platform:postId`, never integer-like: graphology lists integer-like keys
// first, which no real key is).
const KEYS = ['x:a', 'x:b', 'y:c', 'y:d'];
// A hub and its many children: out-lists past the short-array length (they become Sets), dropped in any order.
const HUB = 'x:hub';
const STAR = [HUB, ...Array.from({ length: 20 }, (_, i) => `y:${i}`)];
// A few distinct times, so that edges and posts share them (the parent slot is the edge at the post's time).
const time = fc.integer({ min: 0, max: 3 }).map((t) => 1_764_000_000_000 + t);
const opsOver = (keys: readonly string[], parentOrSource: fc.Arbitrary<string>) => {
  const key = fc.constantFrom(...keys);
  return fc.oneof(
    fc.record({ op: fc.constant('place' as const), key, time, incident: fc.constantFrom('i1', 'i2') }),
    fc.record({
      op: fc.constant('post' as const),
      key,
      parent: fc.option(parentOrSource, { nil: null }),
      kind: fc.constantFrom('post' as const, 'repost' as const, 'quote' as const, 'reply' as const),
      time,
      followers: fc.nat(5),
    }),
    fc.record({
      op: fc.constant('connect' as const),
      from: parentOrSource,
      to: key,
      kind: fc.constantFrom<EdgeKind>('link', 'media', 'pii', 'reshare', 'reply'),
      time,
    }),
    fc.record({ op: fc.constant('delete' as const), key }),
    fc.record({ op: fc.constant('drop' as const), key }),
  );
};
type Op = ReturnType<typeof opsOver> extends fc.Arbitrary<infer T> ? T : never;

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

function same(g: PropagationGraph, r: ReferenceGraph, keys: readonly string[]): void {
  expect([g.order, g.size]).toEqual([r.graph.order, r.graph.size]);
  for (const k of keys) {
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
  const agree = (keys: readonly string[], ops: readonly Op[]): void => {
    const g = new PropagationGraph();
    const r = new ReferenceGraph();
    for (const o of ops) {
      expect(apply(g, o)).toEqual(apply(r, o));
      same(g, r, keys);
    }
  };

  it('gives the same answers, edge order included, after every op of random sequences', () => {
    const op = opsOver(KEYS, fc.constantFrom(...KEYS));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60, size: 'max' }), (ops) => agree(KEYS, ops)),
      { numRuns: 400 },
    );
  });

  it('and around a hub with many children, dropped in any order', () => {
    const op = opsOver(STAR, fc.oneof({ arbitrary: fc.constant(HUB), weight: 4 }, fc.constantFrom(...STAR)));
    fc.assert(
      fc.property(fc.array(op, { minLength: 60, maxLength: 120, size: 'max' }), (ops) => agree(STAR, ops)),
      { numRuns: 20 },
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
