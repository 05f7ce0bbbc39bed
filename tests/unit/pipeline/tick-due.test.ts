import { describe, expect, it } from 'vitest';
import { activateDetectors, DETECTORS, type ActiveDetector } from '../../../detectors/index.js';
import type { Detector } from '../../../src/contract/index.js';
import { createPipeline } from '../../../src/pipeline/index.js';
import { createMemorySink } from '../../../src/sink/index.js';
import { simulate } from '../../../src/simulate/index.js';
import { raw, testConfig } from '../../helpers/pipeline.js';

/**
 * The runner skips an incident's tick until its detectors say it is due (TickResult.dueAt): the outputs must
 * be those of a pipeline that ticks every active incident at every tick, byte for byte. Simulated traffic with
 * doxxing incidents (levels, commands in force for hours: watched through many quiet ticks), a viral
 * cascade, notices; with states packed after every step too (unpacked only by a tick that runs).
 */
describe('ticks skipped until due', () => {
  const { lines } = simulate({
    seed: 23,
    durationMs: 8 * 3600_000,
    backgroundCascades: 400,
    doxxing: 10,
    viral: 1,
    viralSize: 300,
    noticeShare: 0.5,
  });

  /** The configured detectors, each tick counted, and with `everyTick` promising nothing (every tick due). */
  function detectors(everyTick: boolean, ticks: { n: number }): ActiveDetector[] {
    const config = testConfig();
    return activateDetectors(config.detectors, DETECTORS).map(({ detector: d, options }) => {
      if (!d.tick) return { detector: d, options };
      const tick = d.tick.bind(d);
      const counted: Detector<unknown, unknown> = {
        ...d,
        tick: (state, ctx, o, shared) => {
          ticks.n++;
          const r = tick(state, ctx, o, shared);
          return everyTick ? { state: r.state, signals: r.signals } : r;
        },
      };
      return { detector: counted, options };
    });
  }

  async function run(everyTick: boolean, warmSteps: number): Promise<{ ndjson: string; ticks: number }> {
    const sink = createMemorySink();
    const ticks = { n: 0 };
    const pipeline = createPipeline({
      // a snapshot of every incident watched, each minute its state changed: a tick's change shows
      config: testConfig({ output: { incidentSnapshotEveryMs: 60_000 } }),
      sink,
      warmSteps,
      detectors: detectors(everyTick, ticks),
    });
    const records = raw(lines);
    for (let i = 0; i < records.length; i += 250)
      await pipeline.handleBatch({ records: records.slice(i, i + 250), commit: async () => {} });
    await pipeline.finish();
    return { ndjson: sink.records.map((r) => JSON.stringify(r)).join('\n'), ticks: ticks.n };
  }

  it('changes no output byte, with states kept as objects or packed after every step', async () => {
    for (const warm of [Infinity, 0]) {
      const every = await run(true, warm);
      const skipping = await run(false, warm);
      expect(every.ndjson.length).toBeGreaterThan(10_000);
      expect(skipping.ndjson).toBe(every.ndjson);
      // most ticks of a watched incident change nothing, and are skipped
      expect(skipping.ticks).toBeLessThan(every.ticks / 2);
    }
  }, 240_000);
});
