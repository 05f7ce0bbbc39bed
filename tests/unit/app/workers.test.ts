import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runConfigured } from '../../../src/app/index.js';
import { ConfigSchema } from '../../../src/config/index.js';
import type { IncidentRecord } from '../../../src/contract/index.js';
import { ERROR_CATALOGUE, isDoxguardError } from '../../../src/errors/index.js';
import { fileSource } from '../../../src/source/index.js';
import { jump, PARTITIONS, roundPipeline, sim, writeInput } from './jump-run.js';

const { dir, input } = writeInput('dg-workers-');
const quiet = new Writable({ write: (_c, _e, cb) => cb() });

const configFor = (workers: number, out: string) =>
  ConfigSchema.parse({
    fingerprintSecret: 'test-secret-0123456789',
    source: { kind: 'file', files: [input], batchSize: 150 },
    output: { kind: 'files', dir: out },
    pipeline: { workers, partitions: PARTITIONS },
    log: { level: 'silent' },
  });

/** Every file of a folder, name → bytes. */
const filesOf = (d: string): Record<string, string> =>
  Object.fromEntries(readdirSync(d).map((f) => [f, readFileSync(join(d, f), 'latin1')]));

afterEach(() => {
  delete process.env.DOXGUARD_TEST_WORKER_CRASH;
});

describe('worker threads (pipeline.workers)', () => {
  it('writes byte for byte what the same partitioning writes in one thread, the cross-partition join included', async () => {
    const outs = [1, 2, 3].map((w) => join(dir, `out-${w}`));
    for (const [i, out] of outs.entries())
      expect(await runConfigured(configFor(i + 1, out), { progress: false, stderr: quiet as never })).toBe(0);
    const [one, two, three] = outs.map(filesOf);
    expect(Object.keys(one!).sort()).toEqual(
      [
        'SHA256SUMS',
        'alerts.ndjson',
        'dlq.ndjson',
        'evidence.ndjson',
        'incidents.ndjson',
        'interventions.ndjson',
      ].sort(),
    );
    expect(two).toEqual(one);
    expect(three).toEqual(one);
    // the join across partitions happened: both halves of the jump carry both platforms and name each other
    const text = one!['incidents.ndjson']!;
    const incidents = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as IncidentRecord);
    const joined = incidents.filter((r) => jump.platforms.every((p) => r.platforms.includes(p)) && r.linkedIncidents);
    expect(new Set(joined.flatMap((r) => r.linkedIncidents!.map((l) => l.partition))).size).toBe(2);
    expect(one!['alerts.ndjson']!.length).toBeGreaterThan(0);
  }, 180_000);

  it('runs the partitions on separate threads at the same time', async () => {
    const { pipeline } = await roundPipeline(configFor(2, join(dir, 'unused')));
    try {
      await fileSource([input], 150).run((b) => pipeline.handleBatch(b), new AbortController().signal);
      await pipeline.finish();
    } finally {
      await pipeline.close();
    }
    const threads = new Set(pipeline.activity.map((a) => a.id));
    expect(threads.size).toBe(2);
    expect(threads.has(0)).toBe(false); // never the main thread
    const [a, b] = [...threads].map((id) => pipeline.activity.filter((x) => x.id === id));
    const overlapping = a!.some((x) => b!.some((y) => x.start < y.end && y.start < x.end));
    expect(overlapping).toBe(true);
    expect(pipeline.stats.events).toBe(
      sim.lines.length -
        pipeline.stats.deadLetters -
        pipeline.stats.skipped -
        pipeline.stats.notices -
        pipeline.stats.deletions,
    );
  }, 120_000);

  it('a worker that dies stops the run with a typed error and leaves the previous outputs untouched', async () => {
    const out = join(dir, 'out-crash');
    expect(await runConfigured(configFor(1, out), { progress: false, stderr: quiet as never })).toBe(0);
    const before = filesOf(out);
    process.env.DOXGUARD_TEST_WORKER_CRASH = '1:4';
    const error = await runConfigured(configFor(2, out), { progress: false, stderr: quiet as never }).catch(
      (e: unknown) => e,
    );
    expect(isDoxguardError(error, 'DG_ERR_WORKER_CRASHED'), String(error)).toBe(true);
    expect((error as { context: Record<string, unknown> }).context).toMatchObject({ worker: 1, exitCode: 70 });
    expect(ERROR_CATALOGUE.DG_ERR_WORKER_CRASHED.exit).not.toBe(0);
    expect(filesOf(out)).toEqual(before); // no partial file left, the last complete set as it was
  }, 180_000);
});
