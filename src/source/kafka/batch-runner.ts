import type { Admin, Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { Logger } from '../../log/index.js';
import type { BatchHandler, RawRecord } from '../../contract/index.js';
import { isRebalanceError, kafkaError } from '../../kafka/index.js';
import type { SourceObserver } from './observer.js';
import type { Commit, OffsetManager } from './offset-manager.js';
import { planRestore } from './restore.js';

/** stale batches dropped while waiting for a look-back seek before giving up on it */
const MAX_STALE_BATCHES = 100;

export interface RunnerSettings {
  readonly maxBatchRecords: number;
  readonly heartbeatIntervalMs: number;
  /** record-time look-back re-read (without emitting) when a partition is newly owned; 0 disables */
  readonly restoreLookbackMs: number;
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
 * each awaited (backpressure), each committed only when the pipeline calls
 * its `commit` after the sinks flushed. Offsets are resolved as records are
 * handed over; heartbeats keep the membership alive during long batches.
 */
export class BatchRunner {
  /** the error that stopped the handler (reported by run() instead of kafkajs's wrapper) */
  fatal: unknown = null;
  rebuilt = 0;

  constructor(
    private readonly deps: RunnerDeps,
    private readonly handler: BatchHandler,
  ) {}

  /** batches in hand: one per partition consumed concurrently (kafka.concurrentPartitions) */
  private readonly inFlight = new Set<Promise<void>>();

  /** Resolves once no batch is in hand (graceful stop waits for it before leaving the group). */
  async idle(): Promise<void> {
    await Promise.all(this.inFlight);
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
    let state = offsets.restoreState(topic, partition);
    if (state === undefined) return; // not (or no longer) ours: leave it unresolved
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
    if (state.phase === 'rebuilding') {
      const liveFrom = state.liveFrom;
      const old = messages.filter((m) => BigInt(m.offset) < liveFrom);
      messages = messages.filter((m) => BigInt(m.offset) >= liveFrom);
      for (const chunk of chunks(old, settings.maxBatchRecords)) {
        if (!this.mayGoOn(payload)) return;
        await this.hand(payload, {
          records: chunk.map((m) => toRawRecord(topic, partition, m)),
          rebuild: true,
          commit: async () => {},
        });
        this.rebuilt += chunk.length;
      }
      const last = old.at(-1);
      if (messages.length > 0 || (last && BigInt(last.offset) + 1n >= liveFrom))
        offsets.setRestoreState(topic, partition, { phase: 'live' });
    }
    for (const chunk of chunks(messages, settings.maxBatchRecords)) {
      if (!this.mayGoOn(payload)) return;
      const next = String(BigInt(chunk[chunk.length - 1]!.offset) + 1n);
      const commit = (): Promise<void> => this.commit({ topic, partition, offset: next, generation });
      await this.hand(payload, { records: chunk.map((m) => toRawRecord(topic, partition, m)), commit });
    }
  }

  private mayGoOn(payload: EachBatchPayload): boolean {
    return !this.deps.stopping() && payload.isRunning() && !payload.isStale();
  }

  /** Await the handler with heartbeats running, then resolve the chunk's offsets. */
  private async hand(
    payload: EachBatchPayload,
    raw: { records: RawRecord[]; rebuild?: boolean; commit: () => Promise<void> },
  ): Promise<void> {
    let heartbeatError: unknown = null;
    const timer = setInterval(() => {
      payload.heartbeat().catch((e: unknown) => (heartbeatError = e));
    }, this.deps.settings.heartbeatIntervalMs);
    try {
      await this.handler(raw);
    } catch (e) {
      if (this.fatal === null) {
        this.fatal = e;
        this.deps.onFatal(e);
      }
      throw e;
    } finally {
      clearInterval(timer);
    }
    const last = raw.records[raw.records.length - 1];
    if (last?.position.kind === 'kafka') {
      payload.resolveOffset(last.position.offset);
      this.reportLag(payload, BigInt(last.position.offset));
    }
    if (heartbeatError !== null && !isRebalanceError(heartbeatError)) throw heartbeatError;
    await payload.heartbeat(); // throws on a rebalance: kafkajs then rejoins the group
  }

  /** lag = high watermark (next offset to be written, as of this fetch) − the last offset done − 1 */
  private reportLag(payload: EachBatchPayload, lastDone: bigint): void {
    const { topic, partition, highWatermark } = payload.batch;
    const lag = BigInt(highWatermark) - lastDone - 1n;
    this.deps.observer.setConsumerLag(topic, partition, Number(lag > 0n ? lag : 0n));
  }

  private async commit(c: Commit): Promise<void> {
    const { offsets, consumer, logger } = this.deps;
    if (!offsets.mayCommit(c)) return;
    try {
      await consumer.commitOffsets([{ topic: c.topic, partition: c.partition, offset: c.offset }]);
    } catch (e) {
      if (isRebalanceError(e)) {
        offsets.skippedCommits++;
        logger.warn({ topic: c.topic, partition: c.partition, offset: c.offset }, 'commit refused: group rebalanced');
        return;
      }
      throw kafkaError('DG_ERR_SOURCE_READ', 'cannot commit offsets', e, { topic: c.topic, partition: c.partition });
    }
  }
}

export function toRawRecord(topic: string, partition: number, m: KafkaMessage): RawRecord {
  return { value: m.value, key: m.key ?? null, position: { kind: 'kafka', topic, partition, offset: m.offset } };
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
