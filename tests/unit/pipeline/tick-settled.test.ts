import { describe, expect, it } from 'vitest';
import { createPipeline } from '../../../src/pipeline/index.js';
import { createMemorySink } from '../../../src/sink/index.js';
import { createScanner } from '../../../src/app/index.js';
import { simulate } from '../../../src/simulate/index.js';
import { raw, testConfig } from '../../helpers/pipeline.js';

/**
 * A tick skips the evaluation of an active incident whose last evaluation could not act and whose signals the
 * tick left as they were (src/pipeline/pipeline.ts, `settled`). A pipeline given `onAssessed` evaluates every
 * incident at every tick (the skip is off for it): both must write the same bytes, on traffic with watched viral
 * cascades, doxxing incidents with commands in force, notices and joins across platforms.
 */
describe('tick: settled incidents are not re-evaluated', () => {
  it('writes the same outputs as evaluating every active incident at every tick', async () => {
    const config = testConfig();
    const scanner = await createScanner(config, config.fingerprintSecret!);
    const { lines } = simulate({ seed: 23, backgroundEvents: 3000, doxxing: 2, viral: 2 });
    const run = async (everyTick: boolean): Promise<{ ndjson: string; assessed: number }> => {
      const sink = createMemorySink();
      let assessed = 0;
      const pipeline = createPipeline({
        config,
        sink,
        scanner,
        onAssessed: everyTick ? () => void assessed++ : null,
      });
      const records = raw(lines);
      for (let i = 0; i < records.length; i += 500)
        await pipeline.handleBatch({ records: records.slice(i, i + 500), commit: async () => {} });
      await pipeline.finish();
      return { ndjson: sink.records.map((r) => JSON.stringify(r)).join('\n'), assessed };
    };
    const skipping = await run(false);
    const every = await run(true);
    // the workload must exercise the ticks of watched incidents and commands in force, or the test proves nothing
    expect(every.ndjson).toContain('"level":"watch"');
    expect(every.ndjson).toContain('"action":"throttle"');
    expect(every.assessed).toBeGreaterThan(lines.length);
    expect(skipping.ndjson).toBe(every.ndjson);
  }, 120_000);
});
