/**
 * The bench/kafka workload for the core alone (no broker), shared by
 * bench/kafka/core-profile.ts and bench/detectors/compare.ts: simulated
 * records spread over partitions as a consumer group would hand them over,
 * and a digest of everything a run emitted (performance work must not move it).
 */
import { createHash } from 'node:crypto';
import type { PartitionedPipeline } from '../../src/pipeline/index.js';
import { Simulation } from '../../src/simulate/index.js';
import type { RawRecord } from '../../src/contract/index.js';

export const CORE_PARTITIONS = 6;

/** Simulated lines (seed 42) as Kafka records, round-robin over CORE_PARTITIONS. */
export function coreRecords(events: number): RawRecord[] {
  const sim = new Simulation({ seed: 42, backgroundEvents: events, doxxing: 4, viral: 2 });
  return [...sim.lines()].map((v, i) => ({
    value: Buffer.from(v),
    key: null,
    position: { kind: 'kafka' as const, topic: 'core', partition: i % CORE_PARTITIONS, offset: String(i) },
  }));
}

/** Every partition's records in batches of 5,000, partition after partition. */
export async function feedPartitions(pipeline: PartitionedPipeline, records: readonly RawRecord[]): Promise<void> {
  for (let p = 0; p < CORE_PARTITIONS; p++) {
    const part = records.filter((_, i) => i % CORE_PARTITIONS === p);
    for (let i = 0; i < part.length; i += 5000)
      await pipeline.handleBatch({ records: part.slice(i, i + 5000), commit: async () => {} });
  }
}

/** First 16 hex of sha256 over the emitted records, one JSON per line. */
export function outputDigest(records: readonly unknown[]): string {
  return createHash('sha256')
    .update(records.map((x) => JSON.stringify(x)).join('\n'))
    .digest('hex')
    .slice(0, 16);
}
