import { describe, expect, it } from 'vitest';
import { NO_HOOKS, type PipelineHooks } from '../../../src/contract/index.js';
import { createPipeline } from '../../../src/pipeline/index.js';
import { createMemorySink } from '../../../src/sink/index.js';
import { simulate } from '../../../src/simulate/index.js';
import { raw, testConfig } from '../../helpers/pipeline.js';

/** Hooks that count every call by method name (gauges aside). */
function countingHooks(): { hooks: PipelineHooks; calls: Map<string, number>; rebuilt: number[] } {
  const calls = new Map<string, number>();
  const rebuilt: number[] = [];
  const hooks = { ...NO_HOOKS } as Record<string, unknown>;
  for (const name of Object.keys(NO_HOOKS))
    if (name !== 'gauges') hooks[name] = () => calls.set(name, (calls.get(name) ?? 0) + 1);
  hooks.rebuilt = (n: number) => rebuilt.push(n);
  return { hooks: hooks as unknown as PipelineHooks, calls, rebuilt };
}

describe('a rebuild counts nothing twice', () => {
  const lines = simulate({ seed: 3, backgroundCascades: 40, doxxing: 2, doxxingSize: 120, malformedRate: 0.02 }).lines;
  const records = raw(lines);

  it('re-reading the look-back moves no counter or histogram, only rebuilt', async () => {
    const c = countingHooks();
    const sink = createMemorySink();
    const p = createPipeline({ config: testConfig(), sink, hooks: c.hooks, timer: () => 1 });
    await p.handleBatch({ records, commit: async () => {}, rebuild: true });
    expect([...c.calls]).toEqual([]);
    expect(c.rebuilt).toEqual([records.length]);
    expect(sink.records).toEqual([]);
  });

  it('the same records live count events, alerts, commands and dead letters once', async () => {
    const c = countingHooks();
    const p = createPipeline({ config: testConfig(), sink: createMemorySink(), hooks: c.hooks });
    await p.handleBatch({ records, commit: async () => {} });
    expect((c.calls.get('eventIn') ?? 0) + (c.calls.get('feedbackIn') ?? 0)).toBe(records.length);
    expect(c.calls.get('alert')).toBe(p.stats.alerts);
    expect(c.calls.get('command')).toBe(p.stats.commands);
    expect(c.calls.get('deadLetter')).toBe(p.stats.deadLetters);
    expect(p.stats.alerts).toBeGreaterThan(0);
    expect(c.rebuilt).toEqual([]);
  });
});
