import type { Config } from '../../config/index.js';
import type { Sink } from '../../contract/index.js';
import { connectKafkaSink, type KafkaSinkOptions } from './connect.js';
import { startProducerThread } from './threaded-sink.js';

export { KafkaSink, toMessage, type KafkaSinkSettings } from './kafka-sink.js';
export { connectKafkaSink, outputTopicSpecs, type KafkaSinkOptions } from './connect.js';
export { ThreadedKafkaSink } from './threaded-sink.js';

/**
 * The Kafka sink `doxguard run` writes to: an idempotent producer (acks=all) in this thread, or on a thread
 * of its own (`kafka.producerThread`). Creates the output topics that are missing
 * (when config.kafka.createTopics.enabled). `options.logger` applies in this thread only: the producer
 * thread logs through `config.log`.
 */
export function createKafkaSink(config: Readonly<Config>, options: KafkaSinkOptions = {}): Promise<Sink> {
  return config.kafka.producerThread ? startProducerThread(config, options) : connectKafkaSink(config, options);
}
