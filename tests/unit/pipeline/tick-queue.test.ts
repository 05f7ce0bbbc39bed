import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../../src/incident/index.js';
import { activateDetectors, DETECTORS, type ActiveDetector } from '../../../detectors/index.js';
import type { Config } from '../../../src/config/index.js';
import { createPipeline, type Pipeline } from '../../../src/pipeline/index.js';
import { DetectorRunner } from '../../../src/pipeline/detector-runner.js';
import { createMemorySink } from '../../../src/sink/index.js';
import { simulate } from '../../../src/simulate/index.js';
import { createScanner } from '../../../src/app/index.js';
import { loadConfig } from '../../../src/config/index.js';
import { raw } from '../../helpers/pipeline.js';

/**
 * A tick visits only the active incidents that are due (src/pipeline/tick-queue.ts); the others get their
 * detectors' shared parts without being touched. Its twin visits every active incident at every tick: the
 * outputs must be the same bytes and the incidents' and the shared detector states the same. Simulated traffic
 * with doxxing incidents watched for hours, a viral cascade, notices, redeliveries and deletions (which mark an
 * incident changed outside an evaluation), per seed; snapshots every minute, so publishing wakes incidents too.
 */
describe('due-only ticks', () => {
  afterEach(() => vi.restoreAllMocks());

  function lines(seed: number): string[] {
    const { lines } = simulate({
      seed,
      durationMs: 8 * 3600_000,
      backgroundCascades: 300,
      doxxing: 8,
      viral: 1,
      viralSize: 200,
      noticeShare: 0.7,
      duplicateRate: 0.02,
    });
    // every 25th post deleted 400 lines later: often while its incident is watched and has nothing due
    const out: string[] = [];
    const later = new Map<number, string>();
    let n = 0;
    lines.forEach((line, i) => {
      out.push(line);
      const deletion = later.get(i);
      if (deletion !== undefined) out.push(deletion);
      const e = JSON.parse(line) as { eventId?: string; platform?: string; postId?: string; createdAt?: unknown };
      if (e.eventId !== undefined && ++n % 25 === 0)
        later.set(
          i + 400,
          JSON.stringify({ type: 'delete', platform: e.platform, postId: e.postId, deletedAt: e.createdAt }),
        );
    });
    return out;
  }

  /** Maps and Sets as entry lists: states compared as values. */
  const replacer = (_k: string, v: unknown): unknown =>
    v instanceof Map ? { map: [...v] } : v instanceof Set ? { set: [...v] } : v;

  function stateOf(pipeline: Pipeline): string {
    const incidents = [...pipeline.store.coldestFirst()].map((i: Incident) => ({
      id: i.id,
      level: i.level,
      score: i.score,
      dirty: i.dirty,
      published: i.published,
      lastSnapshotTime: i.lastSnapshotTime,
      snapshotVersion: i.snapshotVersion,
      signals: [...i.signals],
      usualEmpty: i.usualEmpty,
      states: i.detectorState,
      packed: i.packedStates,
    }));
    const runner = (pipeline as unknown as { runner: { shared: Map<string, unknown> } }).runner;
    return JSON.stringify({ incidents, shared: [...runner.shared] }, replacer);
  }

  /** The configured detectors, each shared tick recorded (its detector and watermark, in order). */
  function recorded(config: Readonly<Config>, calls: string[]): ActiveDetector[] {
    return activateDetectors(config.detectors, DETECTORS).map(({ detector: d, options }) => {
      const tick = d.shared?.tick;
      if (!d.shared || !tick) return { detector: d, options };
      const shared = {
        ...d.shared,
        tick: (g: unknown, wm: number, o: unknown) => (calls.push(`${d.name}@${wm}`), tick(g, wm, o)),
      };
      return { detector: { ...d, shared } as typeof d, options };
    });
  }

  async function run(input: string[], everyTickVisit: boolean, warmSteps: number) {
    const sink = createMemorySink();
    // the shipped config (online forecast calibration: a shared tick) and the PII scanner (levels, commands)
    const config = loadConfig({
      env: {},
      overrides: {
        fingerprintSecret: 'test-secret-0123456789',
        output: { incidentSnapshotEveryMs: 60_000 },
        limits: { dedupeCapacity: 100_000 },
      },
    });
    const scanner = await createScanner(config, config.fingerprintSecret!);
    const sharedTicks: string[] = [];
    const detectors = recorded(config, sharedTicks);
    const pipeline = createPipeline({ config, sink, scanner, warmSteps, everyTickVisit, detectors });
    const ticks = vi.spyOn(DetectorRunner.prototype, 'tick');
    const records = raw(input);
    for (let i = 0; i < records.length; i += 250)
      await pipeline.handleBatch({ records: records.slice(i, i + 250), commit: async () => {} });
    const visits = ticks.mock.calls.length;
    ticks.mockRestore();
    const state = stateOf(pipeline);
    await pipeline.finish();
    const ndjson = sink.records.map((r) => JSON.stringify(r)).join('\n');
    return { ndjson, state, visits, pipeline, sharedTicks: sharedTicks.join(' ') };
  }

  it('emits the same bytes and leaves the same states as a tick that visits every active incident', async () => {
    for (const [seed, warm] of [
      [29, Infinity],
      [31, Infinity],
      // states packed after every step too (a tick not made leaves them packed)
      [37, 0],
    ] as const) {
      const input = lines(seed);
      const every = await run(input, true, warm);
      const due = await run(input, false, warm);
      expect(every.ndjson.length).toBeGreaterThan(10_000);
      expect(every.pipeline.stats.deletions).toBeGreaterThan(20);
      expect(every.pipeline.stats.notices).toBeGreaterThan(0);
      expect(every.pipeline.stats.commands).toBeGreaterThan(0);
      expect(due.ndjson).toBe(every.ndjson);
      expect(due.state).toBe(every.state);
      // a visit not made runs the shared parts its skipped tick would have, at its place in the order
      expect(every.sharedTicks.length).toBeGreaterThan(1000);
      expect(due.sharedTicks).toBe(every.sharedTicks);
      // visits that find nothing due are not made (~20-45% of them here: snapshots every minute wake incidents)
      expect(due.visits).toBeLessThan(every.visits * 0.9);
    }
  }, 240_000);
});
