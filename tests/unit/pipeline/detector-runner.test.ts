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

  it('keeps no signal map while every list is empty, then the map an eager runner would hold', () => {
    const runner = new DetectorRunner(active, NO_HOOKS, null);
    const inc = new Incident('i', 0);
    expect(inc.detectorState).toBe(NO_STATES);
    for (let k = 1; k <= 4; k++) {
      runner.step(inc, event, graph, 0);
      if (k < 3) expect(shared(inc.signals as Map<string, unknown>)).toBe(true);
      else expect([...inc.signals]).toEqual(eager(active, k));
    }
    expect([...inc.signals.keys()]).toEqual(['a/never', 'b/third', 'c/never']);
    expect(inc.detectorState).toEqual([{ n: 4 }, { n: 4 }, { n: 4 }]);
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
    expect([...inc.signals.keys()]).toEqual(['a/never', 'b/third', 'c/never']);
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
});
