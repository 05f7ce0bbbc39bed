import { describe, expect, it } from 'vitest';
import { consolidators, dossier, type DossierState } from '../../../../detectors/pii/index.js';
import type { EnrichedEvent, Finding, PiiCategory } from '../../../../src/contract/index.js';
import { event } from './helpers.js';

const o = dossier.options.parse({});
const ctx = {} as Parameters<typeof dossier.step>[2];

function f(
  category: PiiCategory,
  fp: string,
  confidence = 0.9,
  weight = 0.8,
  about: Finding['about'] = 'target',
): Finding {
  return { category, recognizer: category, confidence, weight, fingerprint: fp, snippet: '*', start: 0, end: 1, about };
}
function ev(id: string, author: string, time: number, findings: Finding[]): EnrichedEvent {
  return {
    ...event('', { eventId: id, authorId: author, time }),
    nodeKey: `weibo:${id}`,
    linkedNodeKeys: [],
    findings,
  };
}
function run(events: EnrichedEvent[], start: DossierState = dossier.init(o)) {
  let state = start;
  let signals: ReturnType<typeof dossier.step>['signals'] = [];
  for (const e of events) ({ state, signals } = dossier.step(state, e, ctx, o));
  return { state, signals };
}

const A = ev('e1', 'alice', 1000, [f('phone', 'fp-phone')]);
const B = ev('e2', 'bob', 2000, [
  f('national_id', 'fp-id', 0.95, 1),
  f('home_address', 'fp-addr'),
  f('phone', 'fp-phone'),
]);
const C = ev('e3', 'carol', 3000, [f('workplace', 'fp-work', 0.4)]); // below minConfidence

describe('pii/dossier', () => {
  it('records categories with first time and first author; the consolidator is who added most', () => {
    const { state } = run([A, B, C]);
    expect(Object.keys(state.categories).sort()).toEqual(['home_address', 'national_id', 'phone']);
    expect(state.categories.phone!.firstAuthor).toBe('alice');
    expect(state.categories.national_id!.firstTime).toBe(2000);
    expect(consolidators(state).get('bob')).toEqual(['home_address', 'national_id']);
  });

  it('a single post combining three categories emits a dossier signal that outweighs the disclosure signal', () => {
    const { signals } = run([A, B]);
    const dossierSignal = signals.find((s) => s.code === 'PII_DOSSIER')!;
    expect(dossierSignal.message).toBe(
      'dossier: home_address + national_id + phone disclosed in one post (3 categories)',
    );
    expect(dossierSignal.evidence).toContain('e2');
    expect(dossierSignal.evidence).toContain('fp-id');
    const one = run([A]).signals;
    expect(one.map((s) => s.code)).toEqual(['PII_DISCLOSED']);
    expect(dossierSignal.score).toBeGreaterThan(one[0]!.score);
  });

  it('spreading the same facts over three posts is no dossier', () => {
    const split = run([
      ev('x1', 'a', 1, [f('national_id', '1')]),
      ev('x2', 'b', 2, [f('home_address', '2')]),
      ev('x3', 'c', 3, [f('phone', '3')]),
    ]);
    expect(split.signals.map((s) => s.code)).toEqual(['PII_DISCLOSED']);
  });

  it('is order-independent, duplicate-tolerant, and merge equals running everything in one', () => {
    const forward = run([A, B, C]).state;
    const backward = run([C, B, A, B]).state;
    expect(dossier.save(backward)).toEqual(dossier.save(forward));
    const merged = dossier.merge(run([A]).state, run([C, B]).state, o);
    expect(dossier.save(merged)).toEqual(dossier.save(forward));
  });

  it('save/restore round-trips through JSON, and bad state is a DG_ERR_STATE_RESTORE', () => {
    const { state } = run([A, B]);
    const saved = JSON.parse(JSON.stringify(dossier.save(state)));
    expect(dossier.save(dossier.restore(saved, o))).toEqual(dossier.save(state));
    expect(() => dossier.restore({ categories: 3 }, o)).toThrow(
      expect.objectContaining({ code: 'DG_ERR_STATE_RESTORE' }),
    );
  });

  it('stays bounded: at most maxFingerprints per category', () => {
    const many = Array.from({ length: 100 }, (_, i) =>
      ev(`m${i}`, `u${i}`, i, [f('phone', `fp${String(i).padStart(3, '0')}`)]),
    );
    const { state } = run(many);
    expect(state.categories.phone!.fingerprints).toHaveLength(o.maxFingerprints);
  });

  it('does not mutate its input', () => {
    const before = JSON.stringify(dossier.save(run([A]).state));
    const s = run([A]).state;
    dossier.step(s, B, ctx, o);
    expect(JSON.stringify(dossier.save(s))).toBe(before);
  });
});

describe('pii/dossier: only disclosures about a person being exposed count', () => {
  const gateOf = (signals: readonly { code: string; gate?: unknown }[], code = 'PII_DISCLOSED') =>
    signals.find((s) => s.code === code)?.gate;
  const post = (id: string, author: string, findings: Finding[]): EnrichedEvent => ({
    ...ev(id, author, 1, findings),
    kind: 'post',
  });
  const reply = (id: string, author: string, findings: Finding[]): EnrichedEvent => ({
    ...ev(id, author, 2, findings),
    kind: 'repost',
  });

  it("the poster's own contact details are not kept at all", () => {
    const { state, signals } = run([post('p', 'a', [f('phone', 'own', 0.9, 0.8, 'self')])]);
    expect(state.categories).toEqual({});
    expect(signals).toEqual([]);
  });

  it('an original post exposing someone counts; a stray reply naming a school does not, until a second author repeats it', () => {
    expect(gateOf(run([post('p', 'a', [f('phone', 'x')])]).signals)).toEqual({ identifying: 1 });
    const stray = run([reply('r1', 'b', [f('school', 's')])]);
    expect(gateOf(stray.signals)).toEqual({ identifying: 0 });
    expect(gateOf(run([reply('r1', 'b', [f('school', 's')]), reply('r2', 'c', [f('school', 's')])]).signals)).toEqual({
      identifying: 1,
    });
    // a reply gathering two identifying categories exposes its person
    expect(gateOf(run([reply('r1', 'b', [f('school', 's'), f('phone', 'x')])]).signals)).toEqual({ identifying: 2 });
  });

  it('without anybody named, disclosures wait: listed for a call to find someone, counted once a target appears', () => {
    const waiting = run([post('p', 'a', [f('phone', 'x', 0.9, 0.8, 'unattributed')])]).signals;
    expect(waiting.map((s) => s.code)).toEqual(['PII_UNATTRIBUTED']);
    expect(gateOf(waiting, 'PII_UNATTRIBUTED')).toEqual({ unattributed: 1 });
    const named = run([
      post('p', 'a', [f('phone', 'x', 0.9, 0.8, 'unattributed')]),
      post('q', 'b', [f('workplace', 'w')]),
    ]).signals;
    expect(named.map((s) => s.code)).toEqual(['PII_DISCLOSED']);
    expect(gateOf(named)).toEqual({ identifying: 2 });
  });

  it('an area-level address is no home, and a generic category identifies nobody', () => {
    expect(gateOf(run([post('p', 'a', [f('home_address', 'estate', 0.75)])]).signals)).toEqual({ identifying: 0 });
    expect(gateOf(run([post('p', 'a', [f('home_address', 'flat', 0.95)])]).signals)).toEqual({ identifying: 1 });
    expect(gateOf(run([post('p', 'a', [f('health', 'h'), f('family', 'f')])]).signals)).toEqual({ identifying: 0 });
  });
});

describe('pii/dossier: a post gathering facts names its target; a crowd dossier warns but never throttles alone', () => {
  const gateOf = (signals: readonly { code: string; gate?: unknown }[]) =>
    signals.find((s) => s.code === 'PII_DISCLOSED')?.gate;
  const reply = (id: string, author: string, findings: Finding[]): EnrichedEvent => ({
    ...ev(id, author, 2, findings),
    kind: 'repost',
  });
  const u = (c: PiiCategory, fp: string): Finding => f(c, fp, 0.9, 0.8, 'unattributed');

  it('an original post stating a workplace and a phone without a pronoun is about somebody', () => {
    const { signals } = run([{ ...ev('p', 'a', 1, [u('workplace', 'w'), u('phone', 'x')]), kind: 'post' }]);
    expect(gateOf(signals)).toEqual({ identifying: 2 });
  });

  it('one fact per reply, each by another account: three identifying categories count as one', () => {
    const drip = [
      reply('r1', 'b', [f('workplace', 'w')]),
      reply('r2', 'c', [u('phone', 'x')]),
      reply('r3', 'd', [u('home_address', 'h')]),
    ];
    expect(gateOf(run(drip.slice(0, 2)).signals)).toEqual({ identifying: 0 });
    expect(gateOf(run(drip).signals)).toEqual({ identifying: 1 });
  });

  it("a case notice's unnamed person (anonymised) is nobody exposed: no disclosure, no target, nothing pending", () => {
    const a = (c: PiiCategory, fp: string): Finding => f(c, fp, 0.9, 0.9, 'anonymised');
    const { state, signals } = run([
      { ...ev('n', 'authority', 1, [a('home_address', 'h'), a('workplace', 'w')]), kind: 'post' },
      reply('r', 'b', [u('phone', 'x')]),
    ]);
    expect(state.gathering).toBe(false);
    expect(signals.map((x) => x.code)).toEqual(['PII_UNATTRIBUTED']);
  });
});
