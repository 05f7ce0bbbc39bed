import { availableParallelism } from 'node:os';
import type { ConsumerConfig } from 'kafkajs';
import type { Config } from '../../config/index.js';
import { createLogger, stageLogger, type Logger } from '../../log/index.js';
import type { Source } from '../../contract/index.js';
import {
  awaitGroupCoordinator,
  createKafkaClient,
  kafkaError,
  ensureTopics,
  preflightKafka,
} from '../../kafka/index.js';
import { KafkaSource } from './kafka-source.js';
import type { SourceObserver } from './observer.js';

export { KafkaSource, type KafkaSourceSettings } from './kafka-source.js';
export { OffsetManager } from './offset-manager.js';
export { NO_OBSERVER, type SourceObserver } from './observer.js';
export { createKafkaLinkExchange, KafkaLinkExchange, linkTtlMs } from './link-topic.js';
export { createKafkaRangeSource, planRanges, type KafkaRangeSource, type PartitionRange } from './range-source.js';

export interface KafkaSourceOptions {
  readonly logger?: Logger;
  /** consumer lag per partition and readiness (the metrics handles fit) */
  readonly observer?: SourceObserver;
}

/** how long a start waits for a broker that is still loading the group coordinator (a fresh cluster) */
const COORDINATOR_WAIT_MS = 120_000;

/** The topics a processor reads: the input topics and the feedback topic (notices, verdicts). */
export function sourceTopics(kafka: Readonly<Config['kafka']>): string[] {
  return [...new Set([...kafka.inputTopics, ...(kafka.feedbackTopic ? [kafka.feedbackTopic] : [])])];
}

/** Look-back re-read when a partition is newly owned: configured, or the incident idle TTL plus the watermark lag. */
export function restoreLookbackMs(config: Readonly<Config>): number {
  return config.kafka.restoreLookbackMs ?? config.time.incidentIdleTtlMs + config.time.outOfOrdernessMs;
}

/** The kafkajs consumer settings of the source: group, liveness, and how fetches are answered. */
export function consumerConfig(k: Readonly<Config['kafka']>): ConsumerConfig {
  return {
    groupId: k.groupId,
    sessionTimeout: k.sessionTimeoutMs,
    heartbeatInterval: k.heartbeatIntervalMs,
    // the source fetches ahead (batch-runner.ts): with kafkajs's defaults (answer on the first byte, else wait
    // up to 5 s) a live stream came in fetches of a few records each, one chunk, flush and commit apiece
    minBytes: k.fetchMinBytes,
    maxWaitTimeInMs: k.fetchMaxWaitMs,
    allowAutoTopicCreation: false,
    // one crash path: an error kafkajs cannot retry away ends run() and the process restarts
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 10_000, restartOnFailure: async () => false },
  };
}

/**
 * Join the consumer group on the input and feedback topics (creating missing
 * ones when createTopics is enabled). Fails fast with DG_ERR_SOURCE_CONNECT, or
 * DG_ERR_KAFKA_TLS / DG_ERR_KAFKA_AUTH when TLS or SASL settings are wrong.
 */
export async function createKafkaSource(config: Readonly<Config>, options: KafkaSourceOptions = {}): Promise<Source> {
  const { kafka: k } = config;
  const logger = options.logger ?? stageLogger(createLogger(config.log), 'source');
  const kafka = createKafkaClient(k, logger, 'source');
  const topics = sourceTopics(k);
  const consumer = kafka.consumer(consumerConfig(k));
  const admin = kafka.admin();
  try {
    await preflightKafka(k, logger, 'source');
    await admin.connect();
    if (k.createTopics.enabled) {
      const { partitions, replicationFactor } = k.createTopics;
      await ensureTopics(
        admin,
        topics.map((topic) => ({ topic, partitions, replicationFactor })),
        logger,
      );
    }
    await awaitGroupCoordinator(admin, k.groupId, logger, COORDINATOR_WAIT_MS);
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: k.fromBeginning });
  } catch (cause) {
    await consumer.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
    throw kafkaError('DG_ERR_SOURCE_CONNECT', `cannot join group ${k.groupId} on ${topics.join(', ')}`, cause, {
      brokers: k.brokers,
      groupId: k.groupId,
    });
  }
  return new KafkaSource(
    consumer,
    admin,
    {
      topics,
      shutdownDeadlineMs: k.shutdownDeadlineMs,
      maxBatchRecords: k.maxBatchRecords,
      heartbeatIntervalMs: k.heartbeatIntervalMs,
      restoreLookbackMs: restoreLookbackMs(config),
      groupId: k.groupId,
      fromBeginning: k.fromBeginning,
      // several partitions' batches in hand: one is processed while others wait on acks and commits, and
      // with worker threads each worker has a batch (per partition, batches stay in order: kafkajs)
      concurrency: Math.max(
        k.concurrentPartitions,
        config.pipeline.workers === 'auto' ? availableParallelism() : config.pipeline.workers,
      ),
    },
    logger,
    options.observer,
  );
}
