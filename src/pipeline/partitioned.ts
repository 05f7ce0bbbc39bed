import { type RawBatch, type AlertLevel, NO_HOOKS, type PipelineHooks, type LinkExchange } from '../contract/index.js';
import { createPipeline, type Pipeline, type PipelineDeps } from './pipeline.js';
import { PipelineStats } from './stats.js';

export interface PartitionedDeps extends Omit<PipelineDeps, 'links'> {
  /** cross-partition join (kafka.links.enabled): the exchange every partition's pipeline shares */
  readonly linkExchange?: { readonly exchange: LinkExchange; readonly joinDelayMs: number } | null;
}

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

  /** each partition's latest gauge sample: the hooks see their sum, not the last writer */
  private readonly samples = new Map<number, GaugeSample>();

  constructor(private readonly deps: PartitionedDeps) {}

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
      this.parts.get(partition)?.close();
      this.parts.delete(partition);
      this.samples.delete(partition);
      this.rebuilding.add(partition);
    } else if (!batch.rebuild) this.rebuilding.delete(partition);
    await this.pipeline(partition).handleBatch(batch);
  }

  /** End of a finite input: every partition publishes its final state. */
  async finish(): Promise<void> {
    for (const p of this.partitions) await this.parts.get(p)!.finish();
  }

  /** Detach every partition from the link exchange. */
  close(): void {
    for (const p of this.parts.values()) p.close();
  }

  private pipeline(partition: number): Pipeline {
    let p = this.parts.get(partition);
    if (!p) {
      const hooks = this.deps.hooks ?? NO_HOOKS;
      const partitionHooks: PipelineHooks = {
        ...hooks,
        gauges: (g) => {
          this.samples.set(partition, g);
          hooks.gauges(sumGauges([...this.samples.values()]));
        },
      };
      const { linkExchange, ...deps } = this.deps;
      p = createPipeline({
        ...deps,
        hooks: partitionHooks,
        ...(linkExchange ? { links: { partition, ...linkExchange } } : {}),
      });
      this.parts.set(partition, p);
    }
    return p;
  }
}

type GaugeSample = Parameters<PipelineHooks['gauges']>[0];

/** Sizes add up across partitions; the watermark is the slowest partition's; the notice clock the oldest. */
export function sumGauges(samples: readonly GaugeSample[]): GaugeSample {
  const byLevel: Record<AlertLevel, number> = { watch: 0, warning: 0, critical: 0 };
  let live = 0;
  let nodes = 0;
  let edges = 0;
  let open = 0;
  let watermark = Number.POSITIVE_INFINITY;
  let oldest: number | null = null;
  for (const g of samples) {
    live += g.liveIncidents;
    nodes += g.graphNodes;
    edges += g.graphEdges;
    open += g.openNotices;
    for (const l of Object.keys(byLevel) as AlertLevel[]) byLevel[l] += g.incidentsByLevel[l];
    watermark = Math.min(watermark, g.watermark);
    if (g.oldestOpenNoticeTime !== null && (oldest === null || g.oldestOpenNoticeTime < oldest))
      oldest = g.oldestOpenNoticeTime;
  }
  return {
    liveIncidents: live,
    incidentsByLevel: byLevel,
    graphNodes: nodes,
    graphEdges: edges,
    watermark: samples.length ? watermark : Number.NEGATIVE_INFINITY,
    openNotices: open,
    oldestOpenNoticeTime: oldest,
  };
}

function partitionOf(batch: RawBatch): number {
  const position = batch.records[0]?.position;
  return position?.kind === 'kafka' ? position.partition : 0;
}

export function createPartitionedPipeline(deps: PartitionedDeps): PartitionedPipeline {
  return new PartitionedPipeline(deps);
}
