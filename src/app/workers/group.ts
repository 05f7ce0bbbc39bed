import type { Config } from '../../config/index.js';
import type { ActiveDetector } from '../../../detectors/index.js';
import {
  NO_HOOKS,
  type LinkClaim,
  type LinkExchange,
  type PipelineHooks,
  type RawBatch,
  type RawRecord,
  type TextScanner,
} from '../../contract/index.js';
import {
  createPartitionedPipeline,
  createPipeline,
  PipelineStats,
  RoundExchange,
  sumGauges,
  type PartitionedPipeline,
  type Pipeline,
} from '../../pipeline/index.js';
import { threadId } from 'node:worker_threads';
import { Capture, tallyHooks, type HookTally, type Op } from './capture.js';

export type GaugeSample = Parameters<PipelineHooks['gauges']>[0];

export interface GroupDeps {
  readonly config: Readonly<Config>;
  readonly scanner: TextScanner;
  readonly detectors: readonly ActiveDetector[];
  /** real hooks (one thread), 'tally' (a worker: summed and shipped), or none */
  readonly hooks: PipelineHooks | 'tally' | null;
  readonly timer: (() => number) | null;
  readonly clock: (() => number) | null;
  /** record evidence-log entries (the main thread keeps the log) */
  readonly evidence: boolean;
  /** Kafka batches: the instance's exchange (the links topic) or none; rounds: a RoundExchange of its own */
  readonly kafkaLinks?: LinkExchange | null;
  /** Kafka batches: where outputs made between batches go at once (a late cross-partition claim placed) */
  readonly onSpill?: ((result: GroupResult) => void) | null;
}

/** What a group did in one step: each partition's ops in partition order, the claims it published, its counters. */
export interface GroupResult {
  readonly parts: [partition: number, ops: Op[]][];
  readonly claims: LinkClaim[];
  readonly stats: PipelineStats;
  readonly gauges: GaugeSample | null;
  readonly tally: HookTally | null;
  /** the thread that ran the step and when (epoch ms), for the activity log (threads really run at once) */
  readonly thread: { readonly id: number; readonly start: number; readonly end: number };
}

/**
 * The pipelines of the partitions one thread runs (all of them in a
 * single-threaded run, or a worker's share). Rounds (file, stdin): each call
 * hands every partition that has a pipeline its records of the round (maybe
 * none), in partition order, after the claims delivered to it; Kafka: one
 * partition's batch at a time through a PartitionedPipeline. Outputs are
 * captured, never written here.
 */
export class PartitionGroup {
  private readonly capture = new Capture(() => this.spill());
  private readonly pipelines = new Map<number, Pipeline>();
  private readonly samples = new Map<number, GaugeSample>();
  private readonly exchange: RoundExchange;
  private readonly tally: ReturnType<typeof tallyHooks> | null;
  private readonly hooks: PipelineHooks;
  private kafka: PartitionedPipeline | null = null;
  /** inside a Kafka batch() or finish(): what is captured belongs to that step's result */
  private stepping = false;

  constructor(private readonly deps: GroupDeps) {
    const { time } = deps.config;
    this.exchange = new RoundExchange(time.incidentIdleTtlMs + time.outOfOrdernessMs);
    const gauges = (g: GaugeSample): void => void this.samples.set(-1, g);
    this.tally = deps.hooks === 'tally' ? tallyHooks(gauges) : null;
    this.hooks = this.tally?.hooks ?? (deps.hooks === null || deps.hooks === 'tally' ? NO_HOOKS : deps.hooks);
  }

  /** One round: `claims` (every partition's, delivered rounds ago), then each partition's records. */
  async round(
    parts: readonly (readonly [number, readonly RawRecord[]])[],
    claims: readonly LinkClaim[],
  ): Promise<GroupResult> {
    const start = now();
    this.exchange.deliver(claims);
    const records = new Map(parts);
    for (const p of records.keys()) if (!this.pipelines.has(p)) this.pipelines.set(p, this.create(p));
    const out: [number, Op[]][] = [];
    for (const p of [...this.pipelines.keys()].sort((a, b) => a - b)) {
      // the claims and the batch in one synchronous stretch: a claim is placed inside the batch, never between
      this.exchange.open(p);
      await this.pipelines.get(p)!.handleBatch({ records: records.get(p) ?? [], commit: NO_COMMIT });
      out.push([p, this.capture.take()]);
    }
    return this.result(out, start);
  }

  /** One Kafka partition's batch (its commit is the caller's, after the outputs are written). */
  batch(batch: Omit<RawBatch, 'commit'>, partition: number): Promise<GroupResult> {
    return this.step(() => this.runBatch(batch, partition));
  }

  private async runBatch(batch: Omit<RawBatch, 'commit'>, partition: number): Promise<GroupResult> {
    const start = now();
    this.kafka ??= createPartitionedPipeline({
      ...this.pipelineDeps(),
      hooks: this.hooks,
      linkExchange: this.deps.kafkaLinks
        ? { exchange: this.deps.kafkaLinks, joinDelayMs: this.deps.config.kafka.links.joinDelayMs }
        : null,
    });
    await this.kafka.handleBatch({ ...batch, commit: NO_COMMIT });
    return this.result([[partition, this.capture.take()]], start);
  }

  /** End of input: each partition's final state, in partition order. */
  finish(): Promise<GroupResult> {
    return this.step(() => this.runFinish());
  }

  private async runFinish(): Promise<GroupResult> {
    const start = now();
    const out: [number, Op[]][] = [];
    for (const p of [...this.pipelines.keys()].sort((a, b) => a - b)) {
      await this.pipelines.get(p)!.finish();
      out.push([p, this.capture.take()]);
    }
    if (this.kafka) {
      await this.kafka.finish();
      out.push([-1, this.capture.take()]);
    }
    return this.result(out, start);
  }

  /**
   * Kafka batches: a pipeline that places a late cross-partition claim between batches (src/pipeline/peer-join.ts)
   * flushes its outputs then; they go to onSpill at once rather than wait for this thread's next batch, which a
   * quiet stream may never bring. Rounds never spill: what a round writes is that round's, in every run.
   */
  private spill(): void {
    if (this.stepping || this.kafka === null || !this.deps.onSpill || !this.capture.pending) return;
    this.deps.onSpill(this.result([[-1, this.capture.take()]], now()));
  }

  private async step(run: () => Promise<GroupResult>): Promise<GroupResult> {
    this.stepping = true;
    try {
      return await run();
    } finally {
      this.stepping = false;
    }
  }

  close(): void {
    for (const p of this.pipelines.values()) p.close();
    this.kafka?.close();
  }

  get stats(): PipelineStats {
    const total = new PipelineStats();
    const all = [...this.pipelines.values(), ...(this.kafka ? [this.kafka] : [])];
    for (const p of all) for (const k of Object.keys(total) as (keyof PipelineStats)[]) total[k] += p.stats[k];
    return total;
  }

  private result(parts: [number, Op[]][], start: number): GroupResult {
    const gauges = this.samples.size ? sumGauges([...this.samples.values()]) : null;
    const thread = { id: threadId, start, end: now() };
    return {
      parts,
      claims: this.exchange.take(),
      stats: this.stats,
      gauges,
      tally: this.tally?.take() ?? null,
      thread,
    };
  }

  private pipelineDeps() {
    const { config, scanner, detectors, timer, clock } = this.deps;
    return {
      config,
      sink: this.capture.sink,
      evidence: this.deps.evidence ? this.capture.evidence : null,
      scanner,
      detectors,
      timer,
      clock,
    };
  }

  private create(partition: number): Pipeline {
    return createPipeline({
      ...this.pipelineDeps(),
      hooks: { ...this.hooks, gauges: (g) => void this.samples.set(partition, g) },
      links: { partition, exchange: this.exchange, joinDelayMs: this.deps.config.kafka.links.joinDelayMs },
    });
  }
}

const now = (): number => performance.timeOrigin + performance.now();
const NO_COMMIT = (): Promise<void> => Promise.resolve();
