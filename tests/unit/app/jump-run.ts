import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScanner } from '../../../src/app/index.js';
import { createRoundPipeline, partitionOfKey } from '../../../src/app/workers/index.js';
import { activateDetectors } from '../../../detectors/index.js';
import type { Config } from '../../../src/config/index.js';
import { createMemorySink } from '../../../src/sink/index.js';
import { simulate } from '../../../src/simulate/index.js';

/**
 * The worker-thread tests' input: a doxxing incident that jumps to another platform, whose second cascade is
 * keyed under its own root, split into the smallest partition count that puts the two cascades on different
 * partitions (murmur2, as Kafka would): so the cross-partition claims shape the outputs.
 */
export const sim = simulate({ seed: 3, backgroundCascades: 60, doxxing: 1, doxxingSize: 160, jumpShare: 1, viral: 0 });
export const jump = sim.truth.incidents.find((i) => i.jump !== null)!;
const [first, second] = jump.rootKeys as [string, string];
export const PARTITIONS = [2, 3, 4, 5, 6, 7, 8].find((n) => partitionOfKey(first, n) !== partitionOfKey(second, n))!;

/** The simulated lines as an NDJSON file in a new temporary folder. */
export function writeInput(prefix: string): { dir: string; input: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const input = join(dir, 'events.ndjson');
  writeFileSync(input, sim.lines.join('\n') + '\n');
  return { dir, input };
}

/** A partitioned run's pipeline for `config`, writing to memory (no evidence log, no clock). */
export async function roundPipeline(config: Readonly<Config>) {
  const sink = createMemorySink();
  const pipeline = await createRoundPipeline({
    config,
    sink,
    evidence: null,
    scanner: await createScanner(config, config.fingerprintSecret!),
    detectors: activateDetectors(config.detectors),
    secret: config.fingerprintSecret!,
    timer: null,
    clock: null,
  });
  return { pipeline, sink };
}
