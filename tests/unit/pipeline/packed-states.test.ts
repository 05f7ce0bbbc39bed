import { describe, expect, it } from 'vitest';
import { createPipeline, type Pipeline } from '../../../src/pipeline/index.js';
import { createMemorySink } from '../../../src/sink/index.js';
import { simulate } from '../../../src/simulate/index.js';
import { raw, testConfig } from '../../helpers/pipeline.js';

/**
 * Cold incidents' detector states are packed (src/util/pack.ts) and unpacked at their next event, tick or merge:
 * the outputs must be those of a pipeline that never packs, byte for byte. Simulated traffic with doxxing
 * incidents (joins across cascades through shared fingerprints and screenshots, notices, redeliveries), a
 * deletion after every 40th event, and caps low enough that incidents are evicted.
 */
describe('packed detector states', () => {
  const { lines } = simulate({
    seed: 17,
    durationMs: 6 * 3600_000,
    backgroundCascades: 800,
    doxxing: 5,
    viral: 1,
    viralSize: 300,
    noticeShare: 1,
    duplicateRate: 0.02,
  });
  const withDeletions: string[] = [];
  let n = 0;
  for (const line of lines) {
    withDeletions.push(line);
    const e = JSON.parse(line) as { eventId?: string; platform?: string; postId?: string; createdAt?: string | number };
    if (e.eventId !== undefined && ++n % 40 === 0)
      withDeletions.push(
        JSON.stringify({ type: 'delete', platform: e.platform, postId: e.postId, deletedAt: e.createdAt }),
      );
  }

  async function run(warmSteps: number, maxLiveIncidents: number): Promise<{ ndjson: string; pipeline: Pipeline }> {
    const sink = createMemorySink();
    const config = testConfig({ limits: { maxLiveIncidents, maxLiveNodes: 4000, dedupeCapacity: 100_000 } });
    const pipeline = createPipeline({ config, sink, warmSteps });
    const records = raw(withDeletions);
    for (let i = 0; i < records.length; i += 250)
      await pipeline.handleBatch({ records: records.slice(i, i + 250), commit: async () => {} });
    await pipeline.finish();
    return { ndjson: sink.records.map((r) => JSON.stringify(r)).join('\n'), pipeline };
  }

  it('changes no output byte, packing after every step or after a few, with and without evictions', async () => {
    expect(withDeletions.length).toBeGreaterThan(4000);
    for (const cap of [100_000, 150]) {
      const { ndjson: never, pipeline } = await run(Infinity, cap);
      expect(never.length).toBeGreaterThan(10_000);
      expect(pipeline.stats.deletions).toBeGreaterThan(50);
      expect(pipeline.stats.notices).toBeGreaterThan(0);
      if (cap < 1000) expect(pipeline.stats.evictions).toBeGreaterThan(100);
      // cascades joined into one incident (shared fingerprints, screenshots, links)
      else expect([...pipeline.store.coldestFirst()].some((i) => i.rootKeys.length > 1)).toBe(true);
      expect((await run(0, cap)).ndjson).toBe(never);
      expect((await run(7, cap)).ndjson).toBe(never);
    }
  }, 240_000);
});
