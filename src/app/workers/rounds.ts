import type { Config } from '../../config/index.js';
import { createDecoder, type Decoder } from '../../decode/index.js';
import type { EvidenceLog } from '../../evidence/index.js';
import {
  NO_HOOKS,
  type LinkClaim,
  type PipelineHooks,
  type RawBatch,
  type RawRecord,
  type Sink,
} from '../../contract/index.js';
import { byPartition, PipelineStats, sumGauges } from '../../pipeline/index.js';
import { BoundedMap } from '../../util/index.js';
import { replayOps, replayTally } from './capture.js';
import type { GaugeSample, GroupResult, PartitionGroup } from './group.js';
import { CascadeKeyer, partitionOfKey } from './partition-key.js';

/** Rounds in flight at once; the claims of round r are delivered with round r + DEPTH (every run alike). */
export const DEPTH = 2;

/** Runs rounds: one PartitionGroup in this thread, or a WorkerPool. */
export interface RoundExecutor {
  round(parts: ReadonlyMap<number, readonly RawRecord[]>, claims: readonly LinkClaim[]): Promise<GroupResult[]>;
  finish(): Promise<GroupResult[]>;
  close(): Promise<void>;
}

/** Every partition in this thread (`pipeline.workers: 1` with `pipeline.partitions` > 1). */
export class LocalExecutor implements RoundExecutor {
  constructor(private readonly group: PartitionGroup) {}
  async round(parts: ReadonlyMap<number, readonly RawRecord[]>, claims: readonly LinkClaim[]): Promise<GroupResult[]> {
    return [await this.group.round([...parts], claims)];
  }
  async finish(): Promise<GroupResult[]> {
    return [await this.group.finish()];
  }
  close(): Promise<void> {
    this.group.close();
    return Promise.resolve();
  }
}

export interface RoundPipelineDeps {
  readonly config: Readonly<Config>;
  readonly sink: Sink;
  readonly evidence: EvidenceLog | null;
  readonly hooks?: PipelineHooks;
  readonly partitions: number;
  readonly executor: RoundExecutor;
}

/**
 * A file, stdin or live-stream run split into `partitions` partitions the way
 * a Kafka producer splits a topic (the keying contract, murmur2), each batch
 * of the source one round. Its outputs are each round's, partition after
 * partition, whichever thread ran them: so a run on N worker threads writes
 * byte for byte what the same partitioning writes in one thread.
 *
 * Up to DEPTH rounds are in flight. Two things happen to a finished round, at
 * two different times:
 * - its outputs are written, flushed and its batch committed as soon as the
 *   round is done (and every round before it is written): a live stream that
 *   goes quiet still gets its last rounds' warnings and commands at once;
 * - its claims and owners are learnt when the source's batch DEPTH rounds
 *   later arrives (they shape that round and its routing): so what every
 *   round is sent, and hence what it writes, depends on the batches alone,
 *   never on when they came or on how fast the rounds ran.
 * Writing only moves output text from the threads to the sink, in round
 * order; it feeds nothing back into the rounds.
 */
export class RoundPipeline {
  private readonly decode: Decoder;
  private readonly keyer: CascadeKeyer;
  private readonly hooks: PipelineHooks;
  /** rounds sent whose claims and owners are not learnt yet, oldest first */
  private readonly inFlight: InFlight[] = [];
  /** claims of the round learnt last, delivered with the next round */
  private ready: LinkClaim[] = [];
  /** incident and command ids → the partition whose outputs named them first (verdicts go there) */
  /** trimmed to OWNER_CAPACITY after each round's learning (not per entry: a round sees its own owners) */
  private readonly owner = new BoundedMap<string, number>(Infinity);
  private readonly groupStats: PipelineStats[] = [];
  private readonly groupGauges: GaugeSample[] = [];
  /** every round's writing, chained in round order; a failure stops the chain and reaches the next caller */
  private written: Promise<void> = Promise.resolve();
  /** the latest steps' threads and times (the last ACTIVITY): which thread ran what, and when */
  readonly activity: GroupResult['thread'][] = [];

  constructor(private readonly deps: RoundPipelineDeps) {
    this.decode = createDecoder(deps.config.source);
    this.keyer = new CascadeKeyer(deps.config.limits.dedupeCapacity);
    this.hooks = deps.hooks ?? NO_HOOKS;
  }

  get stats(): PipelineStats {
    const total = new PipelineStats();
    for (const s of this.groupStats) for (const k of Object.keys(total) as (keyof PipelineStats)[]) total[k] += s[k];
    return total;
  }

  /** Sends the batch's round; resolves once the round DEPTH rounds older is written and committed. */
  async handleBatch(batch: RawBatch): Promise<void> {
    // the oldest round's claims and owners are learnt first (this batch's routing and round need them)
    const done = this.inFlight.length >= DEPTH ? this.inFlight.shift()! : null;
    if (done) this.learn(await done.result);
    const claims = this.ready;
    this.ready = [];
    const result = this.deps.executor.round(this.route(batch.records), claims);
    result.catch(() => {}); // awaited by learn() and the writer; a failure must not go unhandled before that
    this.inFlight.push({ result, written: this.writeWhenDone(batch, result) });
    if (done) await done.written;
  }

  async finish(): Promise<void> {
    await this.written;
    this.inFlight.length = 0;
    this.write(await this.deps.executor.finish());
    await this.flush();
  }

  close(): Promise<void> {
    return this.deps.executor.close();
  }

  /** The partition of each record, as a producer keying by cascade root would choose it. */
  private route(records: readonly RawRecord[]): Map<number, RawRecord[]> {
    const parts = new Map<number, RawRecord[]>();
    const n = this.deps.partitions;
    for (const r of records) {
      const d = this.decode(r);
      let p: number;
      if (d.ok === true) {
        const key = this.keyer.keyOf(d.record);
        p = this.owner.get(key) ?? partitionOfKey(key, n);
      } else p = r.value ? partitionOfKey(r.value, n) : 0;
      const list = parts.get(p);
      if (list) list.push(r);
      else parts.set(p, [r]);
    }
    return parts;
  }

  /** A round's claims (delivered with the next round sent) and who named what first (verdicts' routing). */
  private learn(results: readonly GroupResult[]): void {
    this.ready = byPartition(results.flatMap((r) => r.claims));
    for (const [p, ops] of results.flatMap((r) => r.parts).sort((a, b) => a[0] - b[0]))
      for (const op of ops)
        if (op[0] === 0 && op[3] !== null) {
          if (!this.owner.has(`incident:${op[3]}`)) this.owner.set(`incident:${op[3]}`, p);
          if (op[4] !== null) this.owner.set(`command:${op[4]}`, p);
        }
    this.owner.trim(OWNER_CAPACITY);
  }

  /**
   * Chains the round's writing after the rounds before it: once its results are in, and after a turn of
   * the event loop (so that a batch waiting on this very round is routed and sent first, and the threads
   * are not idle while this one writes), its outputs are written and flushed, then its batch committed.
   */
  private writeWhenDone(batch: RawBatch, result: Promise<GroupResult[]>): Promise<void> {
    this.written = this.written.then(async () => {
      const results = await result;
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.write(results);
      await this.flush();
      await batch.commit();
    });
    this.written.catch(() => {}); // reaches the caller through handleBatch or finish
    return this.written;
  }

  /** Each partition's ops in partition order; counters, gauges and hook tallies of every group. */
  private write(results: readonly GroupResult[]): void {
    const parts = results.flatMap((r) => r.parts).sort((a, b) => a[0] - b[0]);
    for (const [, ops] of parts) replayOps(ops, this.deps.sink, this.deps.evidence);
    results.forEach((r, i) => {
      this.activity.push(r.thread);
      if (this.activity.length > ACTIVITY) this.activity.shift();
      this.groupStats[i] = r.stats;
      if (r.gauges) this.groupGauges[i] = r.gauges;
      if (r.tally) replayTally(r.tally, this.hooks);
    });
    if (this.groupGauges.length) this.hooks.gauges(sumGauges(this.groupGauges.filter(Boolean)));
  }

  private async flush(): Promise<void> {
    await this.deps.sink.flush();
    await this.deps.evidence?.flush();
  }
}

const OWNER_CAPACITY = 100_000;
interface InFlight {
  readonly result: Promise<GroupResult[]>;
  /** settles once this round (and every one before it) is written and its batch committed */
  readonly written: Promise<void>;
}
const ACTIVITY = 256;
