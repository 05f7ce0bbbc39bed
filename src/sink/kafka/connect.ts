import type { Config } from '../../config/index.js';
import { DoxguardError } from '../../errors/index.js';
import { createLogger, stageLogger, type Logger } from '../../log/index.js';
import {
  classifyKafkaError,
  createKafkaClient,
  ensureTopics,
  preflightKafka,
  type TopicSpec,
} from '../../kafka/index.js';
import { KafkaSink } from './kafka-sink.js';

export interface KafkaSinkOptions {
  readonly logger?: Logger;
  /** queued messages that trigger a send before the next flush */
  readonly sendThreshold?: number;
  /** queued bytes (UTF-16 units of JSON, close enough) that trigger a send */
  readonly sendBytes?: number;
}

/** Largest dead letter accepted: a 1 MiB input in base64 inside its JSON envelope. */
const DLQ_MAX_MESSAGE_BYTES = String(4 * 1024 * 1024);

/** The output topics (README "The event contract") with their settings: incidents compacted, the DLQ taking large records. */
export function outputTopicSpecs(kafka: Readonly<Config['kafka']>): TopicSpec[] {
  const { partitions, replicationFactor } = kafka.createTopics;
  const base = { partitions, replicationFactor };
  return [
    { topic: kafka.topics.alerts, ...base },
    { topic: kafka.topics.interventions, ...base },
    { topic: kafka.topics.incidents, ...base, configs: { 'cleanup.policy': 'compact' } },
    { topic: kafka.topics.dlq, ...base, configs: { 'max.message.bytes': DLQ_MAX_MESSAGE_BYTES } },
  ];
}

/**
 * Connect an idempotent producer (acks=all) in this thread and create the output
 * topics that are missing (when config.kafka.createTopics.enabled).
 */
export async function connectKafkaSink(config: Readonly<Config>, options: KafkaSinkOptions = {}): Promise<KafkaSink> {
  const logger = options.logger ?? stageLogger(createLogger(config.log), 'sink');
  const kafka = createKafkaClient(config.kafka, logger, 'sink');
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    // bounded, so a broker that stays away fails the flush (and the process) instead of hanging it
    retry: { retries: 12, initialRetryTime: 200, maxRetryTime: 10_000 },
  });
  const admin = kafka.admin();
  try {
    await preflightKafka(config.kafka, logger, 'sink');
    await producer.connect();
    if (config.kafka.createTopics.enabled) {
      await admin.connect();
      await ensureTopics(admin, outputTopicSpecs(config.kafka), logger);
    }
  } catch (cause) {
    await producer.disconnect().catch(() => {});
    if (cause instanceof DoxguardError) throw cause;
    const security = classifyKafkaError(cause, config.kafka);
    if (security) throw security;
    throw new DoxguardError('DG_ERR_SINK_CONNECT', `cannot connect to Kafka at ${config.kafka.brokers.join(',')}`, {
      context: { brokers: config.kafka.brokers },
      cause,
    });
  } finally {
    await admin.disconnect().catch(() => {});
  }
  return new KafkaSink(
    producer,
    {
      topics: config.kafka.topics,
      sendThreshold: options.sendThreshold ?? 2000,
      sendBytes: options.sendBytes ?? 512 * 1024,
    },
    logger,
  );
}
