import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ActiveDetector } from '../../../detectors/index.js';
import { defineDetector, NO_HOOKS, type EnrichedEvent, type Signal } from '../../../src/contract/index.js';
import { PropagationGraph } from '../../../src/graph/index.js';
import { Incident } from '../../../src/incident/index.js';
import { DetectorRunner } from '../../../src/pipeline/detector-runner.js';

/**
 * A detector whose signal is the watermark's ten-minute slot: its tick promises the slot's end. It logs every
 * tick it runs and every shared tick the runner runs in place of one it skips.
 */
function slotted(log: string[]): ActiveDetector {
  const lists = new Map<number, readonly Signal[]>();
  const listOf = (slot: number): readonly Signal[] => {
    let l = lists.get(slot);
    if (!l)
      lists.set(slot, (l = [{ dimension: 'spread', score: 0.5, code: 'T', message: `slot ${slot}`, evidence: [] }]));
    return l;
  };
  const SLOT = 600_000;
  const detector = defineDetector<Record<string, never>, { n: number }, { skipped: number }>({
    name: 'test/slotted',
    family: 'cascade',
    version: '1.0.0',
    description: 'test',
    options: z.object({}).strict() as never,
    shared: {
      init: () => ({ skipped: 0 }),
      save: (g) => g.skipped,
      restore: (n) => ({ skipped: n as number }),
      tick: (g, watermark) => {
        g.skipped++;
        log.push(`shared ${watermark}`);
      },
    },
    init: () => ({ n: 0 }),
    step: (s, _e, ctx) => ({ state: { n: s.n + 1 }, signals: listOf(Math.floor(ctx.watermark / SLOT)) }),
    tick: (s, ctx) => {
      log.push(`tick ${ctx.watermark}`);
      const slot = Math.floor(ctx.watermark / SLOT);
      return { state: s, signals: listOf(slot), dueAt: (slot + 1) * SLOT };
    },
    merge: (a, b) => ({ n: a.n + b.n }),
    save: (s) => s.n,
    restore: (n) => ({ n: n as number }),
  });
  return { detector, options: {} } as ActiveDetector;
}

const event = { eventId: 'e' } as EnrichedEvent;
const graph = new PropagationGraph();

describe('DetectorRunner: ticks before they are due', () => {
  it('skips them (the shared part runs in their place) until dueAt, a step, a merge or an earlier watermark', () => {
    const log: string[] = [];
    const runner = new DetectorRunner([slotted(log)], NO_HOOKS, null);
    const inc = new Incident('i', 0);
    runner.step(inc, event, graph, 0);
    expect(runner.tick(inc, graph, 60_000)).toBe(false);
    expect(runner.tick(inc, graph, 120_000)).toBe(false);
    expect(runner.tick(inc, graph, 599_999)).toBe(false);
    expect(runner.tick(inc, graph, 600_000)).toBe(true);
    // a step voids the promise: the next tick runs
    runner.step(inc, event, graph, 600_000);
    expect(runner.tick(inc, graph, 660_000)).toBe(false);
    expect(runner.tick(inc, graph, 720_000)).toBe(false);
    // so does a merge (into, or away)
    const other = new Incident('o', 0);
    runner.step(other, event, graph, 0);
    runner.merge(inc, other);
    expect(runner.tick(inc, graph, 780_000)).toBe(false);
    // a watermark before the last tick's is not covered by its promise
    expect(runner.tick(inc, graph, 700_000)).toBe(false);
    expect(log).toEqual([
      'tick 60000',
      'shared 120000',
      'shared 599999',
      'tick 600000',
      'tick 660000',
      'shared 720000',
      'tick 780000',
      'tick 700000',
    ]);
    expect(inc.detectorState).toEqual([{ n: 3 }]);
  });

  it('runs no shared tick for an incident that holds no state of the detector', () => {
    const log: string[] = [];
    const runner = new DetectorRunner([slotted(log)], NO_HOOKS, null);
    const fresh = new Incident('f', 0);
    expect(runner.tick(fresh, graph, 60_000)).toBe(false);
    expect(runner.tick(fresh, graph, 120_000)).toBe(false);
    expect(log).toEqual([]);
  });
});
