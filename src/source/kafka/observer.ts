import type { Admin } from 'kafkajs';
import type { Logger } from '../../log/index.js';
import type { OffsetManager } from './offset-manager.js';

/**
 * What the Kafka source reports while it runs, structurally the metrics
 * handles (`createMetrics` returns a matching object), so the source does not
 * depend on prom-client: consumer lag per owned partition and the two
 * readiness checks.
 */
export interface SourceObserver {
  /** records between the last one processed and the partition's high watermark */
  setConsumerLag(topic: string, partition: number, lag: number): void;
  /** a partition revoked in a rebalance */
  clearConsumerLag(topic: string, partition: number): void;
  /** nothing owned any more (stop, crash) */
  resetConsumerLag(): void;
  readonly readiness?: { set(check: 'state_restored' | 'source_connected', ok: boolean): void };
}

export const NO_OBSERVER: SourceObserver = {
  setConsumerLag: () => {},
  clearConsumerLag: () => {},
  resetConsumerLag: () => {},
};

/**
 * The lag of each newly owned partition at join time, before its first batch
 * (the committed offset, or where a new group starts, up to the high
 * watermark). A partition with nothing to read has no state to rebuild yet,
 * so it does not hold readiness back.
 */
export async function probeJoinLag(
  deps: {
    readonly admin: Admin;
    readonly offsets: OffsetManager;
    readonly observer: SourceObserver;
    readonly logger: Logger;
  },
  group: { readonly groupId: string; readonly fromBeginning: boolean },
): Promise<void> {
  const { admin, offsets, observer } = deps;
  const generation = offsets.generation;
  const pending = offsets.pendingPartitions();
  const topics = [...new Set(pending.map((p) => p.topic))];
  if (topics.length === 0) return;
  const committed = await admin.fetchOffsets({ groupId: group.groupId, topics });
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const done = committed.find((t) => t.topic === topic)?.partitions ?? [];
    for (const { partition } of pending.filter((p) => p.topic === topic)) {
      const end = ends.find((e) => e.partition === partition);
      if (!end || offsets.generation !== generation) continue;
      if (offsets.restoreState(topic, partition)?.phase !== 'pending') continue; // a batch got there first
      const c = BigInt(done.find((d) => d.partition === partition)?.offset ?? '-1');
      const from = c >= 0n ? c : BigInt(group.fromBeginning ? end.low : end.high);
      const lag = BigInt(end.high) - from;
      observer.setConsumerLag(topic, partition, Number(lag > 0n ? lag : 0n));
      if (lag <= 0n) offsets.markCaughtUp(topic, partition, generation);
    }
  }
}
