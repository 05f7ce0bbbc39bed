import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { Config } from '../../config/index.js';
import { DoxguardError } from '../../errors/index.js';
import { createLogger, stageLogger, type Logger } from '../../log/index.js';
import type { BatchHandler, Source } from '../../contract/index.js';
import { toRawRecord } from './batch-runner.js';
import { createKafkaClient, kafkaError, preflightKafka } from '../../kafka/index.js';
import { tpKey } from './offset-manager.js';

/** Offsets [start, end) of one partition to replay. */
export interface PartitionRange {
  readonly topic: string;
  readonly partition: number;
  readonly start: bigint;
  readonly end: bigint;
}

export interface KafkaRangeOptions {
  readonly topics: readonly string[];
  /** record time (epoch ms) of the first record; null: each partition's earliest offset */
  readonly from: number | null;
  /** record time (epoch ms) the replay stops before; null: each partition's high watermark now */
  readonly to: number | null;
  readonly logger?: Logger;
}

/**
 * Where a time window starts and ends on every partition: Kafka's
 * offsets-for-times (the first offset whose record time is at or after the
 * instant; none → the high watermark), clamped to what the log still holds.
 * The window is [from, to) in record time, as offsets: a record written out
 * of time order inside that offset range is replayed too, in log order.
 */
export async function planRanges(
  admin: Admin,
  topics: readonly string[],
  from: number | null,
  to: number | null,
): Promise<PartitionRange[]> {
  const ranges: PartitionRange[] = [];
  for (const topic of topics) {
    const bounds = await admin.fetchTopicOffsets(topic);
    const at = async (t: number | null, fallback: 'low' | 'high'): Promise<Map<number, bigint>> => {
      if (t === null) return new Map(bounds.map((b) => [b.partition, BigInt(b[fallback])]));
      const found = await admin.fetchTopicOffsetsByTimestamp(topic, t);
      const high = (p: number): bigint => BigInt(bounds.find((b) => b.partition === p)?.high ?? '0');
      return new Map(found.map((o) => [o.partition, BigInt(o.offset) < 0n ? high(o.partition) : BigInt(o.offset)]));
    };
    const starts = await at(from, 'low');
    const ends = await at(to, 'high');
    for (const b of [...bounds].sort((x, y) => x.partition - y.partition)) {
      const low = BigInt(b.low);
      const high = BigInt(b.high);
      const start = max(low, starts.get(b.partition) ?? low);
      const end = min(high, ends.get(b.partition) ?? high);
      ranges.push({ topic, partition: b.partition, start, end: max(start, end) });
    }
  }
  return ranges;
}

/**
 * A finite source over fixed offset ranges (a replay of history). It reads
 * with a throw-away consumer group of its own, positioned by seeking,
 * commits nothing, and deletes the group when done: the live group's
 * offsets are never touched.
 * `run` resolves once every partition reached its end offset.
 */
export class KafkaRangeSource implements Source {
  readonly name: string;
  /** records in the ranges (offsets; a compacted or transactional log may hold fewer) */
  readonly total: number;
  private consumer: Consumer | null = null;
  private closed = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    readonly ranges: readonly PartitionRange[],
    private readonly groupId: string,
    private readonly maxBatchRecords: number,
    private readonly logger: Logger,
  ) {
    const topics = [...new Set(ranges.map((r) => r.topic))];
    this.name = `kafka-range:${topics.join(',')}`;
    this.total = Number(ranges.reduce((n, r) => n + (r.end - r.start), 0n));
  }

  async run(handler: BatchHandler, signal: AbortSignal): Promise<void> {
    const left = new Map<string, { next: bigint; end: bigint }>();
    for (const r of this.ranges)
      if (r.end > r.start) left.set(tpKey(r.topic, r.partition), { next: r.start, end: r.end });
    if (left.size === 0 || signal.aborted) return;
    const topics = [...new Set(this.ranges.map((r) => r.topic))];
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      // history is already there: no long poll (leaving the group waits for the fetch in flight)
      maxWaitTimeInMs: 100,
      retry: { retries: 8, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    let finish!: () => void;
    let fail!: (e: unknown) => void;
    const done = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
    /** a partition read up to `upTo` (exclusive): done once every partition reached its end */
    const advance = (topic: string, partition: number, upTo: bigint): void => {
      const key = tpKey(topic, partition);
      const p = left.get(key);
      if (p && upTo > p.next) p.next = upTo;
      if (p && p.next >= p.end) left.delete(key);
      if (left.size === 0) finish();
    };
    let failed = false;
    const eachBatch = async ({ batch, isRunning, isStale }: EachBatchPayload): Promise<void> => {
      const p = left.get(tpKey(batch.topic, batch.partition));
      if (!p || failed) return;
      const messages = batch.messages.filter((m) => BigInt(m.offset) >= p.next && BigInt(m.offset) < p.end);
      for (let i = 0; i < messages.length; i += this.maxBatchRecords) {
        if (signal.aborted || !isRunning() || isStale()) return; // not advanced: nothing skipped
        const chunk = messages.slice(i, i + this.maxBatchRecords);
        const records = chunk.map((m) => toRawRecord(batch.topic, batch.partition, m));
        try {
          await handler({ records, commit: async () => {} });
        } catch (e) {
          // one crash path: no kafkajs retry of a batch the pipeline has partly seen
          failed = true;
          return fail(e);
        }
        advance(batch.topic, batch.partition, BigInt(chunk.at(-1)!.offset) + 1n);
      }
      advance(batch.topic, batch.partition, BigInt(batch.lastOffset()) + 1n);
    };
    // batches of only control records or compacted-away offsets never reach eachBatch: they end here
    consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
      if (e.payload.batchSize === 0) advance(e.payload.topic, e.payload.partition, BigInt(e.payload.lastOffset) + 1n);
    });
    consumer.on(consumer.events.CRASH, (e) =>
      fail(kafkaError('DG_ERR_SOURCE_CRASHED', `replay consumer crashed: ${String(e.payload.error)}`, e.payload.error)),
    );
    const onAbort = (): void => finish();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await consumer.connect();
      // a new group starts at the end (nothing fetched before the seeks below applies to the ranges)
      await consumer.subscribe({ topics, fromBeginning: false });
      await consumer.run({ autoCommit: false, partitionsConsumedConcurrently: 1, eachBatch });
      // positioned by seeking, not by committing: kafkajs's admin.setOffsets joins the group and
      // long-polls a fetch first (5 s); anything fetched before a seek is outside [next, end) and dropped
      for (const r of this.ranges)
        if (r.end > r.start) consumer.seek({ topic: r.topic, partition: r.partition, offset: String(r.start) });
      await done;
    } catch (cause) {
      if (failed) throw cause; // the pipeline's own error
      throw kafkaError('DG_ERR_SOURCE_READ', `cannot replay ${topics.join(', ')}`, cause, { groupId: this.groupId });
    } finally {
      signal.removeEventListener('abort', onAbort);
      await this.close();
    }
  }

  /** Leave and delete the throw-away group (a failure to delete is logged: the broker expires it anyway). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.consumer?.disconnect();
    try {
      await this.admin.deleteGroups([this.groupId]);
    } catch (err) {
      this.logger.warn({ err, groupId: this.groupId }, 'cannot delete the replay consumer group');
    }
    await this.admin.disconnect();
  }
}

/**
 * Open a replay over `options.topics` between two record times, on the
 * brokers of `config.kafka`, with a consumer group of its own
 * (`<groupId>.replay.<uuid>`). Fails with DG_ERR_SOURCE_CONNECT when the
 * brokers or a topic cannot be reached.
 */
export async function createKafkaRangeSource(
  config: Readonly<Config>,
  options: KafkaRangeOptions,
): Promise<KafkaRangeSource> {
  const logger = options.logger ?? stageLogger(createLogger(config.log), 'replay');
  if (options.topics.length === 0) throw new DoxguardError('DG_ERR_CLI_USAGE', 'a Kafka replay needs a topic');
  if (options.from !== null && options.to !== null && options.to < options.from)
    throw new DoxguardError('DG_ERR_CLI_USAGE', '--to is before --from', {
      context: { from: options.from, to: options.to },
    });
  const kafka = createKafkaClient(config.kafka, logger, 'replay');
  const admin = kafka.admin();
  const groupId = `${config.kafka.groupId}.replay.${randomUUID()}`;
  try {
    await preflightKafka(config.kafka, logger, 'replay');
    await admin.connect();
    const ranges = await planRanges(admin, options.topics, options.from, options.to);
    logger.info(
      { groupId, ranges: ranges.map((r) => ({ ...r, start: String(r.start), end: String(r.end) })) },
      'replay ranges',
    );
    return new KafkaRangeSource(kafka, admin, ranges, groupId, config.kafka.maxBatchRecords, logger);
  } catch (cause) {
    await admin.disconnect().catch(() => {});
    throw kafkaError('DG_ERR_SOURCE_CONNECT', `cannot look up ${options.topics.join(', ')} by time`, cause, {
      brokers: config.kafka.brokers,
    });
  }
}

const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
