import { expect } from 'vitest';
import type {
  EnrichedEvent,
  Detector,
  DetectorContext,
  GraphView,
  IncidentView,
} from '../../../../src/contract/index.js';

/** A tiny in-memory graph built from parent links, for detector tests. */
export function graphOf(parents: Record<string, string | null>): GraphView {
  const children = new Map<string, string[]>();
  for (const [k, p] of Object.entries(parents)) if (p) children.set(p, [...(children.get(p) ?? []), k]);
  const parentOf = (k: string): string | null => parents[k] ?? null;
  return {
    hasNode: (k) => k in parents,
    parentOf,
    childrenOf: (k) => children.get(k) ?? [],
    depthOf: (k) => {
      let d = 0;
      for (let p = parentOf(k); p !== null; p = parentOf(p)) d++;
      return d;
    },
  };
}

const incident: IncidentView = {
  id: 'inc_test',
  size: 0,
  authors: 0,
  platforms: new Set(),
  firstTime: 0,
  lastTime: 0,
  rootKeys: [],
  notices: 0,
  disclosures: new Map(),
};

export function ctxOf(graph: GraphView = graphOf({}), watermark = 0): DetectorContext {
  return { incident, graph, watermark };
}

let serial = 0;
export function ev(over: Partial<EnrichedEvent> & { postId?: string } = {}): EnrichedEvent {
  const postId = over.postId ?? `p${++serial}`;
  const platform = over.platform ?? 'weibo';
  return {
    type: 'event',
    eventId: over.eventId ?? `e_${platform}_${postId}`,
    platform,
    kind: 'repost',
    postId,
    parentId: null,
    rootId: null,
    authorId: `a_${postId}`,
    authorFollowers: 100,
    time: 0,
    text: '',
    urls: [],
    mediaHashes: [],
    lang: null,
    mentions: [],
    position: { kind: 'stdin', line: 1 },
    nodeKey: `${platform}:${postId}`,
    linkedNodeKeys: [],
    findings: [],
    ...over,
  };
}

/** Runs events through a detector from its initial state; returns the final state and signals. */
export function run<O, S>(
  d: Detector<O, S>,
  events: readonly EnrichedEvent[],
  graph?: GraphView,
  rawOptions: unknown = {},
): { state: S; signals: ReturnType<Detector<O, S>['step']>['signals']; options: O } {
  const options = d.options.parse(rawOptions);
  let state = d.init(options);
  let signals: ReturnType<Detector<O, S>['step']>['signals'] = [];
  for (const e of events) ({ state, signals } = d.step(state, e, ctxOf(graph, e.time), options));
  return { state, signals, options };
}

/**
 * The conformance checks every detector must pass: deterministic, save →
 * JSON → restore round trip, inputs not mutated, and a merge of two halves
 * judged like the whole where the detector is order-free.
 */
export function conformance<O, S>(d: Detector<O, S>, events: readonly EnrichedEvent[], graph?: GraphView): void {
  const a = run(d, events, graph);
  const b = run(d, events, graph);
  expect(JSON.stringify(d.save(b.state))).toBe(JSON.stringify(d.save(a.state)));
  expect(b.signals).toEqual(a.signals);
  // save → JSON → restore → save is the identity, and the restored state steps the same
  const saved = JSON.parse(JSON.stringify(d.save(a.state)));
  const restored = d.restore(saved, a.options);
  expect(d.save(restored)).toEqual(saved);
  const extra = events[events.length - 1]!;
  const next = { ...extra, eventId: `${extra.eventId}_x`, postId: `${extra.postId}_x`, nodeKey: `${extra.nodeKey}_x` };
  const s1 = d.step(a.state, next, ctxOf(graph, next.time), a.options);
  const s2 = d.step(restored, next, ctxOf(graph, next.time), a.options);
  expect(d.save(s2.state)).toEqual(d.save(s1.state));
  expect(s2.signals).toEqual(s1.signals);
  // the state is owned and may be stepped in place (src/contract/detector.ts), but save() is a copy:
  // stepping the state later does not change what was saved, nor the event stepped
  const live = run(d, events, graph);
  const saved2 = d.save(live.state);
  const before = JSON.stringify(saved2);
  const eventBefore = JSON.stringify(next);
  d.step(live.state, next, ctxOf(graph, next.time), a.options);
  expect(JSON.stringify(saved2)).toBe(before);
  expect(JSON.stringify(next)).toBe(eventBefore);
  // merge of two halves is a valid state that saves to JSON
  const half = Math.floor(events.length / 2);
  const left = run(d, events.slice(0, half), graph);
  const right = run(d, events.slice(half), graph);
  const merged = d.merge(left.state, right.state, a.options);
  expect(() => JSON.stringify(d.save(merged))).not.toThrow();
}
