import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../../detectors/registry.js';
import type {
  Detector,
  DetectorContext,
  EnrichedEvent,
  Finding,
  PiiCategory,
  Signal,
} from '../../../src/contract/index.js';
import { emptyMap, emptySet, pack, unpack } from '../../../src/util/index.js';
import { enriched, flatContext, T0 } from '../../helpers/events.js';
import { brokenTickPromise } from '../../helpers/tick-due.js';

/**
 * The conformance suite every registered detector passes (STYLE.md 5):
 * deterministic, save → restore round trip, inputs not mutated, merge
 * consistent, duplicates and reordering tolerated, signals well-formed.
 */
function traffic(n: number): EnrichedEvent[] {
  const texts = [
    '人肉他！身份证110101199003077774，电话13812345678，住在朝阳区建国路88号3栋2单元501室，扩散！',
    'find where she lives, her husband works at Acme, call her at +1 415 555 0100',
    '转发',
    'news: police warn against doxxing (人肉搜索 is illegal)',
  ];
  return Array.from({ length: n }, (_, i) =>
    enriched({
      eventId: `e${i}`,
      postId: `p${i}`,
      parentId: i === 0 ? null : 'root',
      kind: i === 0 ? 'post' : 'repost',
      time: T0 + i * 7_000,
      authorId: `u${i % 37}`,
      authorFollowers: (i * 7919) % 100_000,
      platform: i % 5 === 0 ? 'douyin' : 'weibo',
      text: texts[i % texts.length]!,
      mentions: i % 11 === 0 ? [{ accountId: 'official', publicFigure: true }] : [],
    }),
  );
}

function run(d: Detector, events: readonly EnrichedEvent[], options: unknown) {
  let state = d.init(options as never);
  const signals = [];
  for (const [i, e] of events.entries()) {
    const r = d.step(state as never, e, flatContext(i + 1, e.time), options as never);
    state = r.state;
    signals.push(r.signals);
  }
  return { state, signals };
}

/** `traffic` with personal information found in some posts, so that PII detectors hold state too. */
function trafficWithFindings(n: number): EnrichedEvent[] {
  const cats: PiiCategory[] = ['national_id', 'phone', 'home_address', 'workplace', 'family'];
  return traffic(n).map((e, i) => {
    if (i % 3 !== 0) return e;
    const findings: Finding[] = cats.slice(0, 1 + (i % cats.length)).map((category, k) => ({
      category,
      recognizer: `test/${category}`,
      confidence: 0.9,
      weight: 0.8,
      fingerprint: `fp-${category}-${(i + k) % 7}`,
      snippet: '***',
      start: 0,
      end: 1,
      about: 'target',
    }));
    return { ...e, findings };
  });
}

/** flatContext, but two roots in a row every tenth post (cascades joined into one incident): depth 0 comes back. */
function manyRoots(size: number, time: number): DetectorContext {
  const base = flatContext(size, time);
  const isRoot = (k: string): boolean => /^[a-z]+:p\d*[01]$/.test(k);
  const graph = {
    ...base.graph,
    parentOf: (k: string) => (isRoot(k) ? null : 'weibo:p0'),
    depthOf: (k: string) => (isRoot(k) ? 0 : 1),
  };
  return { ...base, graph };
}

/** What a signal judges, without the evidence sample (bounded lists kept in arrival order). */
const judgement = (signals: readonly Signal[]) => signals.map(({ evidence: _e, ...rest }) => rest);

/** The signals for one more event after `state` (a probe: what the incident's judgement now rests on). */
function probe(d: Detector, state: unknown, options: unknown, size: number): readonly Signal[] {
  const time = T0 + 900_000;
  const e = enriched({ eventId: 'probe', postId: 'probe', parentId: 'root', time });
  return d.step(state as never, e, flatContext(size, time), options as never).signals;
}

describe.each(DETECTORS.map((d) => [d.name, d] as const))('detector %s', (_name, d) => {
  const options = d.options.parse({});
  const events = traffic(120);

  it('declares a family/name, a version and options that accept {}', () => {
    expect(d.name.startsWith(`${d.family}/`)).toBe(true);
    expect(d.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(d.options.safeParse({}).success).toBe(true);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(run(d, events, options))).toBe(JSON.stringify(run(d, events, options)));
  });

  it('does not mutate the event or the context', () => {
    const frozen = structuredClone(events);
    const before = JSON.stringify(frozen);
    const ctx = flatContext(2, frozen[1]!.time);
    const ctxBefore = JSON.stringify({ ...ctx.incident, platforms: [...ctx.incident.platforms] });
    let state = d.init(options as never);
    for (const e of frozen) state = d.step(state as never, e, ctx, options as never).state;
    expect(JSON.stringify(frozen)).toBe(before);
    expect(JSON.stringify({ ...ctx.incident, platforms: [...ctx.incident.platforms] })).toBe(ctxBefore);
  });

  it('saves a copy: stepping the live state later does not change what was saved', () => {
    const half = run(d, events.slice(0, 60), options);
    const saved = d.save(half.state as never);
    const snapshot = JSON.stringify(saved);
    let s = half.state;
    for (const e of events.slice(60)) s = d.step(s as never, e, flatContext(100, e.time), options as never).state;
    expect(JSON.stringify(saved)).toBe(snapshot);
  });

  it('round-trips save → restore mid-stream and continues identically', () => {
    const half = run(d, events.slice(0, 60), options);
    const saved = JSON.parse(JSON.stringify(d.save(half.state as never)));
    let a = half.state;
    let b = d.restore(saved, options as never);
    for (const [i, e] of events.slice(60).entries()) {
      const ctx = flatContext(61 + i, e.time);
      const ra = d.step(a as never, e, ctx, options as never);
      const rb = d.step(b as never, e, ctx, options as never);
      expect(rb.signals).toEqual(ra.signals);
      a = ra.state;
      b = rb.state;
    }
    expect(JSON.stringify(d.save(b as never))).toBe(JSON.stringify(d.save(a as never)));
  });

  it('goes on identically when its state is packed and unpacked after every step (limits.packColdStatesAfter)', () => {
    // what the runner keeps as themselves when it packs (src/pipeline/detector-runner.ts)
    const kept: unknown[] = [emptyMap(), emptySet(), options, ...(d.constants ?? [])];
    const init = d.init(options as never);
    if (typeof init === 'object' && init !== null && d.init(options as never) === init) kept.push(init);
    let a = d.init(options as never);
    let b = d.init(options as never);
    let packed = 0;
    for (const [i, e] of trafficWithFindings(120).entries()) {
      const ctx = manyRoots(i + 1, e.time);
      const ra = d.step(a as never, e, ctx, options as never);
      const p = pack(b, kept);
      if (p !== null) {
        b = unpack(p, kept);
        packed++;
      }
      const rb = d.step(b as never, e, ctx, options as never);
      expect(rb.signals).toEqual(ra.signals);
      a = ra.state;
      b = rb.state;
    }
    expect(packed).toBe(120);
    expect(JSON.stringify(d.save(b as never))).toBe(JSON.stringify(d.save(a as never)));
  });

  it('emits well-formed signals with reasons', () => {
    const { signals } = run(d, events, options);
    for (const list of signals)
      for (const s of list) {
        expect(s.score).toBeGreaterThanOrEqual(0);
        expect(s.score).toBeLessThanOrEqual(1);
        expect(s.message.length).toBeGreaterThan(0);
        expect(s.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      }
  });

  it('tolerates duplicates and mild reordering without throwing, with bounded state', () => {
    const messy = [...events];
    for (let i = 1; i + 1 < messy.length; i += 7) [messy[i], messy[i + 1]] = [messy[i + 1]!, messy[i]!];
    const withDupes = messy.flatMap((e, i) => (i % 10 === 0 ? [e, e] : [e]));
    const { state } = run(d, withDupes, options);
    const size = JSON.stringify(d.save(state as never)).length;
    const long = run(d, traffic(1200), options);
    // State grows sub-linearly: 10x the events must not mean 10x the state.
    expect(JSON.stringify(d.save(long.state as never)).length).toBeLessThan(Math.max(2000, size * 6));
  });

  it('merges two halves into a state that saves and keeps judging', () => {
    const a = run(
      d,
      events.filter((_, i) => i % 2 === 0),
      options,
    ).state;
    const b = run(
      d,
      events.filter((_, i) => i % 2 === 1),
      options,
    ).state;
    const merged = d.merge(a as never, b as never, options as never);
    const next = d.step(
      merged,
      enriched({ eventId: 'z', postId: 'z', parentId: 'root', time: T0 + 900_000 }),
      flatContext(121, T0 + 900_000),
      options as never,
    );
    expect(() => JSON.stringify(d.save(next.state))).not.toThrow();
  });
  // only detectors that tick have a promise to keep (a detector without `tick` gets no test, not a skipped one)
  if (d.tick)
    it('keeps its tick promise: no tick before dueAt changes a thing, skipping them changes nothing', () => {
      for (let seed = 1; seed <= 12; seed++) expect(brokenTickPromise(d, options, seed)).toBeNull();
    });

  it('ships only options its own schema defines (their values are its defaults)', () => {
    const defaults = d.options.parse({}) as Record<string, unknown>;
    for (const name of d.shipped ?? []) expect(Object.keys(defaults)).toContain(name);
  });

  describe('merge keeps what both incidents saw', () => {
    const all = trafficWithFindings(120);
    const evens = all.filter((_, i) => i % 2 === 0);
    const odds = all.filter((_, i) => i % 2 === 1);
    const seen = new Set(['probe', ...all.flatMap((e) => [e.eventId, ...e.findings.map((f) => f.fingerprint)])]);
    const whole = probe(d, run(d, all, options).state, options, all.length + 1);

    it.each([
      ['evens into odds', evens, odds],
      ['odds into evens', odds, evens],
    ])('%s: the merged state judges as one incident that saw every event (counts, windows)', (_, a, b) => {
      const merged = d.merge(run(d, b, options).state as never, run(d, a, options).state as never, options as never);
      const signals = probe(d, merged, options, all.length + 1);
      expect(judgement(signals)).toEqual(judgement(whole));
      // evidence is a bounded sample, but only of what the two incidents saw
      for (const s of signals) for (const ev of s.evidence) expect(seen).toContain(ev);
    });

    it('merging with a fresh state keeps the other state whole, either way round', () => {
      const full = (): unknown => run(d, all, options).state;
      const fresh = (): unknown => d.init(options as never);
      const left = d.merge(full() as never, fresh() as never, options as never);
      const right = d.merge(fresh() as never, full() as never, options as never);
      expect(judgement(probe(d, left, options, all.length + 1))).toEqual(judgement(whole));
      expect(judgement(probe(d, right, options, all.length + 1))).toEqual(judgement(whole));
    });

    it('a merged state round-trips save → restore and continues identically', () => {
      const merged = d.merge(
        run(d, evens, options).state as never,
        run(d, odds, options).state as never,
        options as never,
      );
      const saved = JSON.parse(JSON.stringify(d.save(merged)));
      const restored = d.restore(saved, options as never);
      expect(JSON.stringify(d.save(restored))).toBe(JSON.stringify(saved));
      expect(probe(d, restored, options, all.length + 1)).toEqual(probe(d, merged, options, all.length + 1));
    });
  });
});
