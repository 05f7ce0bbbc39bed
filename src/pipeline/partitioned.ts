import type { RawBatch } from '../source/types.js';
import { createPipeline, type Pipeline, type PipelineDeps } from './pipeline.js';
import { PipelineStats } from './stats.js';

/**
 * One Pipeline per input partition number, the way Kafka partitions the
 * input (input and feedback topics are co-partitioned: same partition count,
 * same key). What is decided for a partition then depends only on that
 * partition's records, not on which other partitions this instance owns or
 * how their batches interleave; and a partition that moved here is rebuilt
 * into a fresh pipeline from the look-back (batches flagged `rebuild`), so it
 * reaches the state its previous owner had. Records without a Kafka position
 * (files, stdin) all go to partition 0: one pipeline, as before.
 */
export class PartitionedPipeline {
  private readonly parts = new Map<number, Pipeline>();
  /** partitions whose last batch was a rebuild: a rebuild after live batches starts the partition over */
  private readonly rebuilding = new Set<number>();

  constructor(private readonly deps: PipelineDeps) {}

  /** counters summed over the partitions */
  get stats(): PipelineStats {
    const total = new PipelineStats();
    for (const p of this.parts.values())
      for (const k of Object.keys(total) as (keyof PipelineStats)[]) total[k] += p.stats[k];
    return total;
  }

  get partitions(): readonly number[] {
    return [...this.parts.keys()].sort((a, b) => a - b);
  }

  async handleBatch(batch: RawBatch): Promise<void> {
    const partition = partitionOf(batch);
    if (batch.rebuild && !this.rebuilding.has(partition)) {
      this.parts.delete(partition);
      this.rebuilding.add(partition);
    } else if (!batch.rebuild) this.rebuilding.delete(partition);
    await this.pipeline(partition).handleBatch(batch);
  }

  /** End of a finite input: every partition publishes its final state. */
  async finish(): Promise<void> {
    for (const p of this.partitions) await this.parts.get(p)!.finish();
  }

  private pipeline(partition: number): Pipeline {
    let p = this.parts.get(partition);
    if (!p) {
      p = createPipeline(this.deps);
      this.parts.set(partition, p);
    }
    return p;
  }
}

function partitionOf(batch: RawBatch): number {
  const position = batch.records[0]?.position;
  return position?.kind === 'kafka' ? position.partition : 0;
}

export function createPartitionedPipeline(deps: PipelineDeps): PartitionedPipeline {
  return new PartitionedPipeline(deps);
}
