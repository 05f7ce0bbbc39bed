import type { Admin, Batch } from 'kafkajs';
import type { Logger } from '../../log/index.js';
import type { RestoreState } from './offset-manager.js';

export interface RestorePlan {
  readonly state: RestoreState;
  /** where to seek before emitting again (null: no rebuild needed) */
  readonly seekTo: string | null;
}

/**
 * State after a crash or a rebalance is rebuilt by re-reading the input: the
 * first batch of a newly owned partition starts at its committed offset C;
 * we look `lookbackMs` back in record time from C's timestamp, seek there, and
 * feed [S, C) to the pipeline without emitting. Incidents idle for longer
 * than the look-back were expired anyway; see deploy/kafka/README.md for the
 * cost and the limits.
 */
export async function planRestore(
  admin: Admin,
  batch: Batch,
  lookbackMs: number,
  logger: Logger,
): Promise<RestorePlan> {
  const first = batch.messages[0];
  if (!first || lookbackMs <= 0) return { state: { phase: 'live' }, seekTo: null };
  const liveFrom = BigInt(first.offset);
  const since = Number(first.timestamp) - lookbackMs;
  const offsets = await admin.fetchTopicOffsetsByTimestamp(batch.topic, since);
  const found = offsets.find((o) => o.partition === batch.partition)?.offset;
  if (found === undefined || BigInt(found) < 0n || BigInt(found) >= liveFrom)
    return { state: { phase: 'live' }, seekTo: null };
  logger.info(
    { topic: batch.topic, partition: batch.partition, from: found, liveFrom: first.offset, lookbackMs },
    'rebuilding partition state from the input look-back',
  );
  return { state: { phase: 'rebuilding', liveFrom }, seekTo: found };
}
