import type { Admin, Consumer } from 'kafkajs';
import { DoxguardError } from '../../errors/index.js';
import type { Logger } from '../../log/index.js';
import type { BatchHandler, Source } from '../../contract/index.js';
import { BatchRunner, type RunnerSettings } from './batch-runner.js';
import { kafkaError } from '../../kafka/index.js';
import { NO_OBSERVER, probeJoinLag, type SourceObserver } from './observer.js';
import { OffsetManager } from './offset-manager.js';

export interface KafkaSourceSettings extends RunnerSettings {
  readonly topics: readonly string[];
  readonly shutdownDeadlineMs: number;
  /** the group joined, and where a group without commits starts: for the lag at join time */
  readonly groupId: string;
  readonly fromBeginning: boolean;
}

/**
 * A consumer-group member as a Source. `run` resolves after a graceful stop
 * (signal aborted: stop fetching, finish and commit the batch in hand, leave
 * the group, all within shutdownDeadlineMs) and rejects when the consumer
 * crashes on an error it does not recover from, so the process can exit
 * non-zero and be restarted.
 */
export class KafkaSource implements Source {
  readonly name: string;
  readonly offsets: OffsetManager;
  private runner: BatchRunner | null = null;
  private stopping = false;
  private onFatal: (error: unknown) => void = () => {};
  private closed = false;
  /** a member of the group (between a join and a stop, crash or disconnect) */
  private connected = false;

  constructor(
    private readonly consumer: Consumer,
    private readonly admin: Admin,
    private readonly settings: KafkaSourceSettings,
    private readonly logger: Logger,
    private readonly observer: SourceObserver = NO_OBSERVER,
  ) {
    this.name = `kafka:${settings.topics.join(',')}`;
    this.offsets = new OffsetManager(logger, () => this.reportRestore());
    const { events } = consumer;
    consumer.on(events.REBALANCING, () => this.offsets.onRebalancing());
    consumer.on(events.GROUP_JOIN, (e) => this.onJoin(e.payload.memberAssignment));
    consumer.on(events.STOP, () => this.onLeft());
    consumer.on(events.DISCONNECT, () => this.onLeft());
  }

  /** Joined (again): revoked partitions stop reporting lag; new ones get theirs from the broker. */
  private onJoin(assignment: Readonly<Record<string, readonly number[]>>): void {
    this.connected = true;
    for (const { topic, partition } of this.offsets.onAssignment(assignment))
      this.observer.clearConsumerLag(topic, partition);
    this.observer.readiness?.set('source_connected', true);
    const { groupId, fromBeginning } = this.settings;
    const deps = { admin: this.admin, offsets: this.offsets, observer: this.observer, logger: this.logger };
    probeJoinLag(deps, { groupId, fromBeginning }).catch((err: unknown) =>
      this.logger.warn({ err }, 'cannot read the lag of newly assigned partitions (their first batch will tell)'),
    );
  }

  /** Left the group (stop, crash, disconnect): nothing owned, nothing connected. */
  private onLeft(): void {
    this.connected = false;
    this.offsets.onLost();
    this.observer.resetConsumerLag();
    this.observer.readiness?.set('source_connected', false);
  }

  /** state_restored: no owned partition is still seeking back or re-reading its look-back. */
  private reportRestore(): void {
    this.observer.readiness?.set('state_restored', this.connected && !this.offsets.restoring());
  }

  /** kafkajs's instrumentation events of this consumer (bench/kafka's latency breakdown times fetches with them) */
  get instrumentation(): Pick<Consumer, 'on' | 'events'> {
    return this.consumer;
  }

  /** records re-read (without emitting) to rebuild state for newly owned partitions */
  get rebuiltRecords(): number {
    return this.runner?.rebuilt ?? 0;
  }

  run(handler: BatchHandler, signal: AbortSignal): Promise<void> {
    if (this.runner) return Promise.reject(new DoxguardError('DG_ERR_SOURCE_READ', `${this.name} is already running`));
    const runner = new BatchRunner(
      {
        consumer: this.consumer,
        admin: this.admin,
        offsets: this.offsets,
        logger: this.logger,
        settings: this.settings,
        observer: this.observer,
        stopping: () => this.stopping,
        onFatal: (e) => this.onFatal(e),
      },
      handler,
    );
    this.runner = runner;
    return new Promise<void>((resolve, reject) => {
      let crashed = false;
      const onAbort = (): void => void this.stop().then(resolve, reject);
      const crash = (fatal: unknown): void => {
        if (crashed) return;
        crashed = true;
        signal.removeEventListener('abort', onAbort);
        this.onLeft();
        this.logger.error({ err: fatal }, 'consumer crashed');
        void this.close()
          .catch(() => {})
          .finally(() => reject(fatal));
      };
      this.onFatal = crash;
      this.consumer.on(this.consumer.events.CRASH, (e) => {
        if (e.payload.restart) return;
        crash(
          runner.fatal ??
            kafkaError('DG_ERR_SOURCE_CRASHED', `Kafka consumer crashed: ${String(e.payload.error)}`, e.payload.error, {
              groupId: e.payload.groupId,
            }),
        );
      });
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.consumer
        .run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: this.settings.concurrency ?? 1,
          eachBatch: (payload) => runner.eachBatch(payload),
        })
        .catch((cause: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(kafkaError('DG_ERR_SOURCE_CONNECT', `cannot start consuming ${this.name}`, cause));
        });
    });
  }

  /** Stop fetching (the records already fetched stay unprocessed and uncommitted). */
  pause(): void {
    this.consumer.pause(this.settings.topics.map((topic) => ({ topic })));
  }

  resume(): void {
    this.consumer.resume(this.settings.topics.map((topic) => ({ topic })));
  }

  /** Graceful stop: no new batches, the one in hand finishes (and commits), the member leaves the group. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.pause();
    const deadline = this.settings.shutdownDeadlineMs;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new DoxguardError('DG_ERR_SHUTDOWN_TIMEOUT', `consumer did not stop within ${deadline} ms`, {
              context: { deadlineMs: deadline },
            }),
          ),
        deadline,
      );
    });
    try {
      // kafkajs drops commits once its runner stops: let the batch in hand finish and commit first
      await Promise.race([(this.runner?.idle() ?? Promise.resolve()).then(() => this.close()), late]);
    } finally {
      clearTimeout(timer);
    }
    this.logger.info({ skippedCommits: this.offsets.skippedCommits }, 'consumer left the group');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopping = true;
    await this.consumer.disconnect();
    await this.admin.disconnect();
    this.onLeft();
  }
}
