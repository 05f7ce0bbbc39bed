import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../../detectors/registry.js';
import type { Detector, EnrichedEvent, Finding, Signal } from '../../../src/contract/index.js';
import { enriched, flatContext, T0 } from '../../helpers/events.js';

/**
 * Detectors keep a small incident's state lean (a number, a shared frozen state, scalars or one flat array
 * until the incident needs more) and grow it on the post, merge or restore that needs more. Every way a lean
 * state meets a grown one must judge as one state that saw every post: a first and second post of each kind,
 * the merge of two small incidents either way round, save → restore at every post, and the shared initial
 * state never written.
 */
const finding = (category: Finding['category'], fingerprint: string): Finding => ({
  category,
  recognizer: `test/${category}`,
  confidence: 0.9,
  weight: 0.8,
  fingerprint,
  snippet: '***',
  start: 0,
  end: 1,
  about: 'target',
});

/** Posts of every kind a lean state must meet: plain, with cues, negated, official, contact details, ... */
const KINDS: readonly Partial<EnrichedEvent>[] = [
  { text: '今天天气真好', kind: 'post', parentId: null },
  { text: '转发', platform: 'douyin' },
  { text: '大家人肉一下，扒一下她住哪' },
  { text: '别人肉她了' },
  { text: '真恶心，hope he loses everything', authorFollowers: 2_000_000 },
  { text: '教育局局长在任期间挪用公款', kind: 'post', parentId: null },
  {
    text: '本店营业时间9:00-21:00，欢迎来电 13812345678',
    kind: 'post',
    parentId: null,
    findings: [finding('phone', 'fp-shop')],
  },
  { text: '身份证110101199003077774', findings: [finding('national_id', 'fp-id'), finding('phone', 'fp-2')] },
  { text: '', mentions: [{ accountId: 'official', publicFigure: true }], kind: 'post', parentId: null },
];

function post(kind: number, i: number): EnrichedEvent {
  const root = i === 0;
  const postId = root ? 'root' : `p${kind}_${i}`;
  return enriched({
    eventId: `e${kind}_${i}`,
    postId,
    parentId: root ? null : 'root',
    kind: root ? 'post' : 'repost',
    time: T0 + i * 61_000,
    authorId: `u${i}`,
    authorFollowers: 1_000 * (i + 1),
    ...KINDS[kind],
    nodeKey: `weibo:${postId}`,
  });
}

/** Steps `events` from `state` (or the initial state); the state and the last signals. */
function steps(d: Detector, options: unknown, events: readonly EnrichedEvent[], from?: unknown) {
  let state = from ?? d.init(options);
  let signals: readonly Signal[] = [];
  for (const [i, e] of events.entries())
    ({ state, signals } = d.step(state, e, flatContext(i + 1, e.time), options as never));
  return { state, signals };
}

const probeEvent = enriched({ eventId: 'probe', postId: 'probe', parentId: 'root', time: T0 + 900_000 });
const probe = (d: Detector, options: unknown, state: unknown, size: number): readonly Signal[] =>
  d.step(state, probeEvent, flatContext(size, probeEvent.time), options as never).signals;
/** What a signal judges, without the evidence sample. */
const judgement = (signals: readonly Signal[]) => signals.map(({ evidence: _e, ...rest }) => rest);
const saved = (d: Detector, state: unknown): string => JSON.stringify(d.save(state));

/** Incidents of one to three posts, of every pair of kinds. */
const SMALL: EnrichedEvent[][] = [];
for (let a = 0; a < KINDS.length; a++)
  for (let b = 0; b < KINDS.length; b++) {
    SMALL.push([post(a, 0)]);
    SMALL.push([post(a, 0), post(b, 1)]);
    SMALL.push([post(a, 0), post(b, 1), post((a + b) % KINDS.length, 2)]);
  }

describe.each(DETECTORS.map((d) => [d.name, d] as const))('%s: small incidents', (_name, d) => {
  const options = d.options.parse({});
  const initial = (): string => saved(d, d.init(options));
  const before = initial();

  it('judges a merge of two small incidents, either way round, as one that saw both', () => {
    for (const events of SMALL)
      for (let cut = 0; cut <= events.length; cut++) {
        const whole = steps(d, options, events).state;
        const want = judgement(probe(d, options, whole, events.length + 1));
        const left = (): unknown => steps(d, options, events.slice(0, cut)).state;
        const right = (): unknown => steps(d, options, events.slice(cut)).state;
        expect(judgement(probe(d, options, d.merge(left(), right(), options), events.length + 1))).toEqual(want);
        expect(judgement(probe(d, options, d.merge(right(), left(), options), events.length + 1))).toEqual(want);
      }
    expect(initial()).toBe(before);
  });

  it('restores at every post of a small incident and goes on as the live state', () => {
    for (const events of SMALL)
      for (let at = 0; at <= events.length; at++) {
        const live = steps(d, options, events.slice(0, at)).state;
        const restored = d.restore(JSON.parse(saved(d, live)), options);
        expect(saved(d, restored)).toBe(saved(d, live));
        const a = steps(d, options, events.slice(at), live);
        const b = steps(d, options, events.slice(at), restored);
        expect(b.signals).toEqual(a.signals);
        expect(saved(d, b.state)).toBe(saved(d, a.state));
      }
    expect(initial()).toBe(before);
  });

  it('gives the same judgement whatever the state held before (lean or grown) at each post', () => {
    for (const events of SMALL) {
      // one state stepped from the start; one restored afresh before every post (restore may grow it)
      let live = d.init(options);
      let hop = d.init(options);
      for (const [i, e] of events.entries()) {
        hop = d.restore(JSON.parse(saved(d, hop)), options);
        const ctx = flatContext(i + 1, e.time);
        const a = d.step(live, e, ctx, options);
        const b = d.step(hop, e, ctx, options);
        expect(b.signals).toEqual(a.signals);
        live = a.state;
        hop = b.state;
        expect(saved(d, hop)).toBe(saved(d, live));
      }
    }
  });
});
