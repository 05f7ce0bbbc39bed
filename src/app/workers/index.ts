import { availableParallelism } from 'node:os';
import type { Config } from '../../config/index.js';
import type { EvidenceLog } from '../../evidence/index.js';
import type { PipelineHooks, Sink, TextScanner } from '../../contract/index.js';
import type { ActiveDetector } from '../../../detectors/index.js';
import { PartitionGroup } from './group.js';
import { KafkaWorkerPipeline } from './kafka-workers.js';
import { WorkerPool } from './pool.js';
import { LocalExecutor, RoundPipeline } from './rounds.js';

export { RoundPipeline, LocalExecutor, DEPTH } from './rounds.js';
export { KafkaWorkerPipeline } from './kafka-workers.js';
export { WorkerPool } from './pool.js';
export { PartitionGroup } from './group.js';
export { CascadeKeyer, murmur2, partitionOfKey } from './partition-key.js';

/** pipeline.workers as a number ('auto': the cores this process may use). */
export function workerCount(config: Readonly<Config>): number {
  const w = config.pipeline.workers;
  return w === 'auto' ? availableParallelism() : w;
}

/** How many partitions a file, stdin or live-stream run is split into. */
export function inputPartitions(config: Readonly<Config>): number {
  return config.pipeline.partitions ?? (workerCount(config) === 1 ? 1 : 4 * workerCount(config));
}

export interface ThreadedDeps {
  readonly config: Readonly<Config>;
  readonly sink: Sink;
  readonly evidence: EvidenceLog | null;
  readonly scanner: TextScanner;
  readonly detectors: readonly ActiveDetector[];
  readonly secret: string;
  readonly hooks?: PipelineHooks;
  readonly timer: (() => number) | null;
  readonly clock: (() => number) | null;
}

/** A partitioned non-Kafka run: in this thread (one worker) or on a pool of worker threads. */
export async function createRoundPipeline(deps: ThreadedDeps): Promise<RoundPipeline> {
  const workers = workerCount(deps.config);
  const executor =
    workers === 1
      ? new LocalExecutor(
          new PartitionGroup({
            config: deps.config,
            scanner: deps.scanner,
            detectors: deps.detectors,
            hooks: deps.hooks ?? null,
            timer: deps.timer,
            clock: deps.clock,
            evidence: deps.evidence !== null,
          }),
        )
      : await startPool(deps, workers, false);
  return new RoundPipeline({ ...deps, partitions: inputPartitions(deps.config), executor });
}

/** A Kafka run on worker threads (pipeline.workers > 1). */
export async function createKafkaWorkerPipeline(deps: ThreadedDeps): Promise<KafkaWorkerPipeline> {
  const pool = await startPool(deps, workerCount(deps.config), deps.config.kafka.links.enabled);
  return new KafkaWorkerPipeline(pool, deps.sink, deps.evidence, deps.hooks);
}

function startPool(deps: ThreadedDeps, workers: number, kafkaLinks: boolean): Promise<WorkerPool> {
  return WorkerPool.start(workers, {
    config: deps.config,
    secret: deps.secret,
    hooks: deps.config.metrics.enabled && deps.hooks !== undefined,
    evidence: deps.evidence !== null,
    clock: deps.clock !== null,
    kafkaLinks,
  });
}
