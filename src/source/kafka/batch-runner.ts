import type { Admin, Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { Logger } from '../../log/index.js';
import type { BatchHandler, RawRecord } from '../../contract/index.js';
import { isRebalanceError } from '../../kafka/index.js';
import { CommitQueue } from './commit-queue.js';
import type { SourceObserver } from './observer.js';
import { tpKey, type Commit, type OffsetManager } from './offset-manager.js';
import { planRestore } from './restore.js';

/** stale batches dropped while waiting for a look-back seek before giving up on it */
const MAX_STALE_BATCHES = 100;

export interface RunnerSettings {
  readonly maxBatchRecords: number;
  readonly heartbeatIntervalMs: number;
  /** record-time look-back re-read (without emitting) when a partition is newly owned; 0 disables */
  readonly restoreLookbackMs: number;
  /**
   * partitions whose batches are handed over at once (pipeline.workers: each partition's go to its worker);
   * also the bound on flush → commit chains in flight over all partitions
   */
  readonly concurrency?: number;
}

export interface RunnerDeps {
  readonly consumer: Consumer;
  readonly admin: Admin;
  readonly offsets: OffsetManager;
  readonly logger: Logger;
  readonly settings: RunnerSettings;
  /** consumer lag after every chunk handed over */
  readonly observer: SourceObserver;
  readonly stopping: () => boolean;
  /** the handler failed: the source ends run() at once instead of letting kafkajs retry the batch */
  readonly onFatal: (error: unknown) => void;
}

/**
 * One kafkajs batch (one partition) → RawBatches of at most maxBatchRecords,
 * each committed only when the pipeline calls its `commit` after the sinks
 * flushed (every partition's commits share one request at a time:
 * CommitQueue). Offsets are resolved as records are handed over, or as a live
 * batch is fetched ahead (below); heartbeats keep the membership alive during
 * long batches.
 *
 * Overlap: a partition's next chunk is handed over (processed) while the
 * previous chunk's chain (flush → commit: the handler's promise) is still in
 * flight, even across kafkajs batches, so the round trips of the sink's acks
 * and the offset commit no longer leave the event loop idle. Per partition:
 * at most one chain in flight besides the chunk being handed (hand N+1, then
 * await N); a chunk's commit waits for the previous chunk's chain and never
 * goes out after a failed one. A partition with no chain in flight takes a
 * slot: at most `concurrency` chains in flight over all partitions, so
 * kafka.concurrentPartitions 1 still holds every other partition back while
 * one waits. The chains are awaited before a restore plan or seek (a newly
 * owned partition), on a rebalance seen by the heartbeat, and by idle()
 * (graceful stop); a failed chain is fatal (onFatal) even after its kafkajs
 * batch returned. Resolving an offset before its chain is durable is safe:
 * with autoCommit off it only moves kafkajs's fetch position, and commits are
 * made here alone.
 *
 * Fetching ahead (live partitions): kafkajs requests its next fetch only once
 * every batch of the last one returned, so records that arrive while a fetch
 * is processed used to wait for all of it before even being requested. A live
 * partition's batch therefore returns to kafkajs as soon as the partition's
 * previous batch is all handed over (at most one batch of a partition waits
 * ahead), with its offsets resolved; its chunks are handed over afterwards, in
 * their turns, exactly as before. A chunk not handed is never followed by a
 * later one of its partition in the same generation, and every reason to stop
 * handing is final for the generation (stop, failure, the consumer stopping, a
 * new generation: kafkajs then reads on from the committed offset) or a seek
 * that sets the position anew, so resolved-but-unhanded records are read again.
 */
export class BatchRunner {
  /** the error that stopped the handler (reported by run() instead of kafkajs's wrapper) */
  fatal: unknown = null;
  rebuilt = 0;

  /** every partition's commits, one request at a time */
  private readonly commits: CommitQueue;

  constructor(
    private readonly deps: RunnerDeps,
    private readonly handler: BatchHandler,
  ) {
    this.commits = new CommitQueue(deps.consumer, deps.offsets, deps.logger);
  }

  /** batches in hand: one per partition consumed concurrently (kafka.concurrentPartitions) */
  private readonly inFlight = new Set<Promise<void>>();
  /** per partition (tpKey), the chain of the last chunk handed over, until it settles (rejects on failure) */
  private readonly chains = new Map<string, Promise<void>>();
  /** per live partition, its last batch's chunks being handed over after kafkajs let go of it (never rejects) */
  private readonly ahead = new Map<string, Promise<void>>();
  /** the last chunk's turn to be handed over (turn()) */
  private turns: Promise<void> = Promise.resolve();

  /** Resolves once no batch is in hand and every chain settled (graceful stop waits for it before leaving). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.ahead.size > 0 || this.chains.size > 0)
      await Promise.all([...this.inFlight, ...this.ahead.values(), ...[...this.chains.values()].map(settled)]);
  }

  eachBatch(payload: EachBatchPayload): Promise<void> {
    const run = this.process(payload);
    const settled = run.catch(() => {});
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
    return run;
  }

  private async process(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    const { offsets, settings } = this.deps;
    if (this.fatal !== null) throw this.fatal;
    if (batch.isEmpty() || this.deps.stopping()) return;
    const generation = offsets.generation;
    const key = tpKey(topic, partition);
    let state = offsets.restoreState(topic, partition);
    if (state === undefined) return; // not (or no longer) ours: leave it unresolved
    // a partition (newly) restoring: what an earlier ownership left in flight settles before any plan or seek
    if (state.phase !== 'live') await this.chainDone(key);
    if (state.phase === 'pending') {
      const plan = await planRestore(this.deps.admin, batch, settings.restoreLookbackMs, this.deps.logger);
      state = plan.state;
      offsets.setRestoreState(topic, partition, state);
      if (plan.seekTo !== null && state.phase === 'rebuilding') {
        offsets.setRestoreState(topic, partition, { phase: 'seeking', liveFrom: state.liveFrom, stale: 0 });
        this.deps.consumer.seek({ topic, partition, offset: plan.seekTo });
        return;
      }
    }
    if (state.phase === 'seeking') {
      // batches kafkajs fetched ahead, before the seek took effect, start at or after liveFrom: drop them
      if (BigInt(batch.messages[0]!.offset) >= state.liveFrom) {
        if (state.stale < MAX_STALE_BATCHES) {
          offsets.setRestoreState(topic, partition, { ...state, stale: state.stale + 1 });
          return;
        }
        this.deps.logger.warn({ topic, partition }, 'the look-back seek never took effect: going live without it');
        state = { phase: 'live' };
      } else state = { phase: 'rebuilding', liveFrom: state.liveFrom };
      offsets.setRestoreState(topic, partition, state);
    }
    let messages = batch.messages;
    // The backlog as of this fetch, before any of it is handed over: a long (or held) first batch must
    // not leave its partition without a lag series, which the join probe skips once a batch got there.
    const first = BigInt(messages[0]!.offset);
    const from = state.phase === 'rebuilding' && state.liveFrom > first ? state.liveFrom : first;
    this.reportLag(payload, from - 1n);
    if (state.phase === 'live') return this.fetchAhead(payload, key, messages, generation);
    if (state.phase === 'rebuilding') {
      const liveFrom = state.liveFrom;
      const old = messages.filter((m) => BigInt(m.offset) < liveFrom);
      messages = messages.filter((m) => BigInt(m.offset) >= liveFrom);
      for (const chunk of chunks(old, settings.maxBatchRecords)) {
        if (!this.mayGoOn(payload)) return;
        const handed = await this.hand(payload, key, {
          records: chunk.map((m) => toRawRecord(topic, partition, m)),
          rebuild: true,
          commit: async () => {},
        });
        if (!handed) return;
        this.rebuilt += chunk.length;
      }
      await this.chainDone(key); // the rebuild's last chunk is processed before the partition is live
      const last = old.at(-1);
      if (messages.length > 0 || (last && BigInt(last.offset) + 1n >= liveFrom))
        offsets.setRestoreState(topic, partition, { phase: 'live' });
    }
    for (const chunk of chunks(messages, settings.maxBatchRecords)) {
      if (!this.mayGoOn(payload)) return;
      const next = String(BigInt(chunk[chunk.length - 1]!.offset) + 1n);
      const commit = (): Promise<void> => this.commit({ topic, partition, offset: next, generation });
      if (!(await this.hand(payload, key, { records: chunk.map((m) => toRawRecord(topic, partition, m)), commit })))
        return;
    }
  }

  private mayGoOn(payload: EachBatchPayload): boolean {
    return this.fatal === null && !this.deps.stopping() && payload.isRunning() && !payload.isStale();
  }

  /**
   * A live partition's batch (see "Fetching ahead" above): once the partition's previous batch is all handed over,
   * its chunks go to handAll, its offsets are resolved (kafkajs fetches on meanwhile) and kafkajs gets it back.
   */
  private async fetchAhead(
    payload: EachBatchPayload,
    key: string,
    messages: KafkaMessage[],
    generation: number,
  ): Promise<void> {
    const before = this.ahead.get(key);
    if (before !== undefined) await this.beating(payload, before);
    // not resolved: kafkajs reads it again, if this member still reads the partition
    if (!this.mayGoOn(payload) || this.deps.offsets.generation !== generation) return;
    const work = this.handAll(payload, key, messages, generation);
    this.ahead.set(key, work);
    void work.then(() => {
      if (this.ahead.get(key) === work) this.ahead.delete(key);
    });
    payload.resolveOffset(messages[messages.length - 1]!.offset);
    await this.heartbeat(payload);
  }

  /** The chunks of a live batch handed over in order, after kafkajs let go of it; a failure is fatal (failed()). */
  private async handAll(
    payload: EachBatchPayload,
    key: string,
    messages: KafkaMessage[],
    generation: number,
  ): Promise<void> {
    const { topic, partition } = payload.batch;
    try {
      for (const chunk of chunks(messages, this.deps.settings.maxBatchRecords)) {
        const next = String(BigInt(chunk[chunk.length - 1]!.offset) + 1n);
        const commit = (): Promise<void> => this.commit({ topic, partition, offset: next, generation });
        const records = chunk.map((m) => toRawRecord(topic, partition, m));
        if (!(await this.hand(payload, key, { records, commit }, generation))) return;
      }
    } catch (e) {
      this.failed(e);
    }
  }

  /**
   * Hand a chunk over (the pipeline processes it before its first await), resolve its offsets, then wait for
   * the partition's previous chain, heartbeats running meanwhile. The chunk's own chain goes on after return.
   * False when it was not handed over (stopping, failed, rebalanced while waiting for its turn). A chunk fetched
   * ahead (`aheadOf`: its generation) is not resolved here (kafkajs has moved on, maybe to a new generation) and
   * not handed over once the generation changed.
   */
  private async hand(
    payload: EachBatchPayload,
    key: string,
    raw: { records: RawRecord[]; rebuild?: boolean; commit: () => Promise<void> },
    /** fetched ahead in this generation (handAll): offsets already resolved, kafkajs no longer waits (nor heartbeats) */
    aheadOf: number | null = null,
  ): Promise<boolean> {
    const ahead = aheadOf !== null;
    const waitFor = (p: Promise<unknown>): Promise<unknown> => (ahead ? p : this.beating(payload, p));
    // one chunk per turn of the event loop, whatever its partition: acks, commits and fetch answers that
    // arrived meanwhile are read between two chunks, not after every partition's chunk of the fetch
    await this.turn();
    if (this.chains.get(key) === undefined) await waitFor(this.slot());
    if (!this.mayGoOn(payload) || (ahead && this.deps.offsets.generation !== aheadOf)) return false;
    const prev = this.chains.get(key);
    const own = raw.commit;
    // never commit before the previous chunk's chain, nor after a failed one (its error fails this commit)
    const commit =
      prev === undefined
        ? own
        : async (): Promise<void> => {
            await prev;
            await own();
          };
    let processed!: () => void;
    const isProcessed = new Promise<void>((resolve) => (processed = resolve));
    let run: Promise<void>;
    try {
      run = this.handler({ ...raw, commit, processed });
    } catch (e) {
      run = Promise.reject(e);
    }
    const last = raw.records[raw.records.length - 1];
    const lastOffset = last?.position.kind === 'kafka' ? last.position.offset : null;
    // the partition's chain: this chunk's handler, settled only after the previous chain (so the last one
    // stands for all: a failure waits for the commits before it, idle() for every one)
    const chain = (async (): Promise<void> => {
      try {
        await run;
      } catch (e) {
        this.failed(e);
        throw e;
      } finally {
        if (prev !== undefined) await settled(prev);
      }
      // the lag counts what is done: flushed and committed, as the join probe's committed offsets do
      if (lastOffset !== null && this.deps.offsets.owns(payload.batch.topic, payload.batch.partition))
        this.reportLag(payload, BigInt(lastOffset));
    })();
    chain.catch(() => {}); // surfaced by failed() and by whoever awaits the chain
    this.chains.set(key, chain);
    void settled(chain).then(() => {
      if (this.chains.get(key) === chain) this.chains.delete(key);
    });
    // a handler that never says `processed` is awaited whole, as before
    await waitFor(Promise.race([isProcessed, run]));
    if (ahead) {
      if (prev !== undefined) await prev;
      return true;
    }
    if (lastOffset !== null) payload.resolveOffset(lastOffset);
    if (prev !== undefined) await this.beating(payload, prev);
    await this.heartbeat(payload);
    return true;
  }

  /** A heartbeat; on a rebalance (kafkajs then rejoins the group) only once every chunk in hand was handed over. */
  private async heartbeat(payload: EachBatchPayload): Promise<void> {
    try {
      await payload.heartbeat();
    } catch (e) {
      // the partitions may be revoked: let every chain in flight flush and commit (in this generation) first
      if (isRebalanceError(e)) await Promise.all([...this.ahead.values(), ...[...this.chains.values()].map(settled)]);
      throw e;
    }
  }

  /** Await `p` with heartbeats running (a failed heartbeat is thrown after, unless it is a rebalance). */
  private async beating(payload: EachBatchPayload, p: Promise<unknown>): Promise<void> {
    let heartbeatError: unknown = null;
    const timer = setInterval(() => {
      payload.heartbeat().catch((e: unknown) => (heartbeatError = e));
    }, this.deps.settings.heartbeatIntervalMs);
    try {
      await p;
    } finally {
      clearInterval(timer);
    }
    if (heartbeatError !== null && !isRebalanceError(heartbeatError)) throw heartbeatError;
  }

  /**
   * Resolves in an event-loop turn of its own, after every earlier caller's turn: a chain of setImmediate, each
   * set from the previous one's callback, so the loop polls for I/O between two of them.
   */
  private turn(): Promise<void> {
    const mine = this.turns.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    this.turns = mine;
    return mine;
  }

  /** A partition with no chain in flight waits until fewer than `concurrency` chains are. */
  private async slot(): Promise<void> {
    const limit = this.deps.settings.concurrency ?? 1;
    while (this.chains.size >= limit) await Promise.race([...this.chains.values()].map(settled));
  }

  /** The partition's chunks fetched ahead handed over, then its chain in flight, if any, settled; its failure thrown. */
  private async chainDone(key: string): Promise<void> {
    await this.ahead.get(key);
    await this.chains.get(key);
  }

  /**
   * A handler (or its flush or commit) failed, whenever that happens: nothing more is handed over, and once
   * the other partitions' chains settled (their commits cover only what they flushed) the source stops on it.
   */
  private failed(e: unknown): void {
    if (this.fatal !== null) return;
    this.fatal = e;
    void Promise.all([...this.chains.values()].map(settled)).then(() => this.deps.onFatal(e));
  }

  /** lag = high watermark (next offset to be written, as of this fetch) − the last offset done − 1 */
  private reportLag(payload: EachBatchPayload, lastDone: bigint): void {
    const { topic, partition, highWatermark } = payload.batch;
    const lag = BigInt(highWatermark) - lastDone - 1n;
    this.deps.observer.setConsumerLag(topic, partition, Number(lag > 0n ? lag : 0n));
  }

  private commit(c: Commit): Promise<void> {
    return this.commits.commit(c);
  }
}

export function toRawRecord(topic: string, partition: number, m: KafkaMessage): RawRecord {
  return { value: m.value, key: m.key ?? null, position: { kind: 'kafka', topic, partition, offset: m.offset } };
}

const settled = (p: Promise<unknown>): Promise<void> =>
  p.then(
    () => {},
    () => {},
  );

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
