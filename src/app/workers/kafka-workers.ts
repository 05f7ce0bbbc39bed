import type { EvidenceLog } from '../../evidence/index.js';
import { NO_HOOKS, type PipelineHooks, type RawBatch, type Sink } from '../../contract/index.js';
import { PipelineStats, sumGauges } from '../../pipeline/index.js';
import { replayOps, replayTally } from './capture.js';
import type { GaugeSample, GroupResult } from './group.js';
import type { WorkerPool } from './pool.js';

/**
 * A Kafka run on worker threads: each input partition's batches go to its
 * worker (partition mod workers), several partitions at once (the source
 * consumes `pipeline.workers` partitions concurrently); a batch's outputs
 * are written and flushed here, then its offsets committed, as in one thread.
 */
export class KafkaWorkerPipeline {
  private readonly hooks: PipelineHooks;
  private readonly statsOf: PipelineStats[] = [];
  private readonly gaugesOf: GaugeSample[] = [];
  /** a failure writing a worker's between-batch outputs, thrown at the next batch */
  private failure: unknown = null;

  constructor(
    private readonly pool: WorkerPool,
    private readonly sink: Sink,
    private readonly evidence: EvidenceLog | null,
    hooks: PipelineHooks | undefined,
  ) {
    this.hooks = hooks ?? NO_HOOKS;
    pool.onSpill = (worker, result) => this.spilled(worker, result);
  }

  get stats(): PipelineStats {
    const total = new PipelineStats();
    for (const s of this.statsOf) for (const k of Object.keys(total) as (keyof PipelineStats)[]) total[k] += s[k];
    return total;
  }

  async handleBatch(batch: RawBatch): Promise<void> {
    if (this.failure !== null) throw this.failure;
    const position = batch.records[0]?.position;
    const partition = position?.kind === 'kafka' ? position.partition : 0;
    const result = await this.pool.batch(partition, batch.records, batch.rebuild ?? false);
    this.write(this.pool.workerOf(partition), result);
    batch.processed?.(); // the source may hand the next batch over while this one flushes and commits
    await this.sink.flush();
    await this.evidence?.flush();
    await batch.commit();
  }

  async finish(): Promise<void> {
    const results = await this.pool.finish();
    results.forEach((r, w) => this.write(w, r));
    await this.sink.flush();
    await this.evidence?.flush();
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  /**
   * Outputs a worker made between batches (a late cross-partition claim placed while its partitions were
   * quiet): written and flushed now, as the single-threaded pipeline does, not held until that worker's next
   * batch. A worker's messages arrive in order and a batch's result is written as soon as it arrives, so what
   * one worker made reaches the sink in the order it made it.
   */
  private spilled(worker: number, result: GroupResult): void {
    this.write(worker, result);
    const flushed = async (): Promise<void> => {
      await this.sink.flush();
      await this.evidence?.flush();
    };
    flushed().catch((e: unknown) => {
      this.failure ??= e;
    });
  }

  private write(worker: number, r: GroupResult): void {
    for (const [, ops] of r.parts) replayOps(ops, this.sink, this.evidence);
    this.statsOf[worker] = r.stats;
    if (r.tally) replayTally(r.tally, this.hooks);
    if (r.gauges) {
      this.gaugesOf[worker] = r.gauges;
      this.hooks.gauges(sumGauges(this.gaugesOf.filter(Boolean)));
    }
  }
}
