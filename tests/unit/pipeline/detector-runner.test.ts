import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ActiveDetector } from '../../../detectors/index.js';
import { defineDetector, NO_HOOKS, type EnrichedEvent, type Signal } from '../../../src/contract/index.js';
import { PropagationGraph } from '../../../src/graph/index.js';
import { Incident, NO_STATES } from '../../../src/incident/index.js';
import { DetectorRunner } from '../../../src/pipeline/detector-runner.js';
import { ownMap } from '../../../src/util/index.js';

/** Counts posts; signals once it has seen `from` posts (never, with Infinity). */
function counter(name: string, from: number): ActiveDetector {
  const signal = (n: number): Signal[] =>
    n >= from ? [{ dimension: 'spread', score: 0.5, code: 'TEST', message: `${n} posts`, evidence: [] }] : [];
  const detector = defineDetector<Record<string, never>, { n: number }>({
    name,
    family: 'cascade',
    version: '1.0.0',
    description: 'test',
    options: z.object({}).strict() as never,
    init: () => ({ n: 0 }),
    step: (s) => {
      s.n++;
      return { state: s, signals: signal(s.n) };
    },
    tick: (s) => ({ state: s, signals: signal(s.n) }),
    merge: (a, b) => ({ n: a.n + b.n }),
    save: (s) => s.n,
    restore: (n) => ({ n: n as number }),
  });
  return { detector, options: {} } as ActiveDetector;
}

const event = { eventId: 'e' } as EnrichedEvent;
const graph = new PropagationGraph();
const shared = (m: Map<string, unknown>): boolean => ownMap(m) !== m;

/** What readers (risk, snapshots) read of a signal map: the non-empty lists in order. */
const read = (m: ReadonlyMap<string, readonly Signal[]>): [string, string[]][] =>
  [...m].filter(([, l]) => l.length > 0).map(([k, l]) => [k, l.map((s) => s.message)]);

/** The signal map of a runner that stores every detector's list at every step (before the lazy map). */
function eager(active: readonly ActiveDetector[], steps: number): [string, readonly Signal[]][] {
  const m = new Map<string, readonly Signal[]>();
  const states = active.map((a) => a.detector.init(a.options));
  for (let k = 0; k < steps; k++)
    active.forEach((a, i) => {
      const r = a.detector.step(states[i], event, { incident: null as never, graph, watermark: 0 }, a.options);
      m.set(a.detector.name, r.signals);
    });
  return [...m];
}

describe('DetectorRunner', () => {
  const active = [counter('a/never', Infinity), counter('b/third', 3), counter('c/never', Infinity)];

  it('keeps no signal map while every list is empty, then the lists an eager runner would hold', () => {
    const runner = new DetectorRunner(active, NO_HOOKS, null);
    const inc = new Incident('i', 0);
    expect(inc.detectorState).toBe(NO_STATES);
    for (let k = 1; k <= 4; k++) {
      runner.step(inc, event, graph, 0);
      if (k < 3) expect(shared(inc.signals as Map<string, unknown>)).toBe(true);
      else expect(read(inc.signals)).toEqual(read(new Map(eager(active, k))));
    }
    // in detector order; the detectors that never signalled are left out, or kept with an empty list
    expect([...inc.signals.keys()]).toEqual(['a/never', 'b/third', 'c/never'].filter((k) => inc.signals.has(k)));
    expect(inc.detectorState).toEqual([{ n: 4 }, { n: 4 }, { n: 4 }]);
  });

  it('times each detector step with the timer, in seconds, and reads no clock without one', () => {
    const observed: [string, number][] = [];
    const hooks = { ...NO_HOOKS, detectorLatency: (d: string, s: number) => observed.push([d, s]) };
    let ms = 0;
    const readings: number[] = [];
    // every reading 2.5 ms after the last: each step is measured as exactly 2.5 ms
    const timer = (): number => {
      ms += 2.5;
      readings.push(ms);
      return ms;
    };
    const timed = new DetectorRunner(active, hooks, timer);
    const inc = new Incident('i', 0);
    for (let k = 0; k < 3; k++) timed.step(inc, event, graph, 0);
    expect(observed).toEqual(
      Array.from({ length: 3 }, () => active.map((a) => [a.detector.name, 0.0025] as [string, number])).flat(),
    );
    expect(readings).toHaveLength(2 * 3 * active.length);
    observed.length = 0;
    new DetectorRunner(active, hooks, null).step(new Incident('j', 0), event, graph, 0);
    expect(observed).toEqual([]);
  });

  it('times one event in timingEvery, from the first, every detector of it', () => {
    const observed: string[] = [];
    const hooks = { ...NO_HOOKS, detectorLatency: (d: string) => observed.push(d) };
    const runner = new DetectorRunner(active, hooks, () => 0, Infinity, 4);
    const names = active.map((a) => a.detector.name);
    const inc = new Incident('i', 0);
    // events 1, 5 and 9 of ten are timed
    for (let k = 1; k <= 10; k++) {
      const before = observed.length;
      runner.step(inc, event, graph, 0);
      expect(observed.slice(before)).toEqual(k % 4 === 1 ? names : []);
    }
    expect(observed).toHaveLength(3 * names.length);
  });

  it('ticks only stepped incidents and builds the map when a tick signals', () => {
    const runner = new DetectorRunner(active, NO_HOOKS, null);
    const fresh = new Incident('f', 0);
    runner.tick(fresh, graph, 0);
    expect(fresh.detectorState).toBe(NO_STATES);
    expect(fresh.signals.size).toBe(0);
    const inc = new Incident('i', 0);
    runner.step(inc, event, graph, 0);
    (inc.detectorState[1] as { n: number }).n = 5;
    runner.tick(inc, graph, 0);
    expect(read(inc.signals)).toEqual([['b/third', ['5 posts']]]);
    expect(inc.signals.get('b/third')![0]!.message).toBe('5 posts');
  });

  it('merges into an incident never stepped without writing the shared empty states', () => {
    const runner = new DetectorRunner(active, NO_HOOKS, null);
    const into = new Incident('i', 0);
    const gone = new Incident('g', 0);
    runner.step(gone, event, graph, 0);
    runner.merge(into, gone);
    expect(into.detectorState).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }]);
    expect(gone.detectorState).toBe(NO_STATES);
    expect(NO_STATES).toEqual([]);
    // a merged-away incident that was never stepped adds nothing
    runner.merge(into, new Incident('h', 0));
    expect(into.detectorState).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }]);
    runner.step(into, event, graph, 0);
    runner.step(into, event, graph, 0);
    expect(into.signals.get('b/third')![0]!.message).toBe('3 posts');
  });

  it('reads and ticks as a map of every detector list would, whatever empty lists the detectors hand back', () => {
    // Detectors signalling on every `period`-th post from `phase` (one list per post: a tick hands back the
    // same), and otherwise handing back their own constant empty list (as the real ones do) or a new one.
    const detectorOf = (name: string, period: number, phase: number, fresh: boolean): ActiveDetector => {
      const NONE: readonly Signal[] = Object.freeze([]);
      const lists = new Map<number, readonly Signal[]>();
      const on = (n: number): readonly Signal[] => {
        if ((n + phase) % period !== 0) return fresh ? [] : NONE;
        let l = lists.get(n);
        if (!l)
          lists.set(n, (l = [{ dimension: 'spread', score: 0.5, code: 'T', message: `${name}${n}`, evidence: [] }]));
        return l;
      };
      const detector = {
        ...counter(name, Infinity).detector,
        step: (s: { n: number }) => ({ state: { n: s.n + 1 }, signals: on(s.n + 1) }),
        tick: (s: { n: number }) => ({ state: s, signals: on(s.n) }),
      };
      return { detector, options: {} } as unknown as ActiveDetector;
    };
    const spec = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 }), fc.boolean());
    fc.assert(
      fc.property(
        fc.array(spec, { minLength: 1, maxLength: 5 }),
        fc.array(fc.constantFrom('step', 'tick', 'tick', 'clear'), { maxLength: 30 }),
        (specs, ops) => {
          const dets = specs.map(([period, phase, fresh], i) => detectorOf(`d${i}`, period, phase, fresh));
          // the reference: the map of every list from the first non-empty one on (lists compared by identity)
          const NO: readonly Signal[] = Object.freeze([]);
          let ref = new Map<string, readonly Signal[]>();
          const states: unknown[] = dets.map(() => ({ n: 0 }));
          const keep = (name: string, l: readonly Signal[]) => {
            if (ref.size === 0) {
              if (l.length === 0) return;
              for (const x of dets) ref.set(x.detector.name, NO);
            }
            ref.set(name, l);
          };
          const ctx = { incident: null as never, graph, watermark: 0 };
          const runner = new DetectorRunner(dets, NO_HOOKS, null);
          const inc = new Incident('i', 0);
          let stepped = false;
          for (const op of ops) {
            if (op === 'step') {
              stepped = true;
              dets.forEach(({ detector: d, options }, i) => {
                const r = d.step(states[i], event, ctx, options, undefined);
                states[i] = r.state;
                keep(d.name, r.signals);
              });
              runner.step(inc, event, graph, 0);
            } else if (op === 'tick') {
              let changed = false;
              // (an incident never stepped has no states to tick)
              if (stepped)
                dets.forEach(({ detector: d, options }, i) => {
                  const r = d.tick!(states[i], ctx, options, undefined);
                  if (ref.size === 0 ? r.signals.length > 0 : ref.get(d.name) !== r.signals) {
                    keep(d.name, r.signals);
                    changed = true;
                  }
                });
              expect(runner.tick(inc, graph, 0)).toBe(changed);
            } else {
              ref = new Map();
              inc.signals.clear();
            }
            expect(read(inc.signals)).toEqual(read(ref));
            expect([...inc.signals.keys()]).toEqual([...ref.keys()].filter((k) => inc.signals.has(k)));
          }
        },
      ),
      {
        numRuns: 500,
        // a map rebuilt after a clear starts from NO_SIGNALS for every detector, whatever was kept before
        examples: [
          [
            [
              [3, 0, false],
              [1, 0, false],
            ],
            ['step', 'tick', 'clear', 'step', 'tick'],
          ],
        ],
      },
    );
  });
});
