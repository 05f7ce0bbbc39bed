import type { Message, Producer, TopicMessages } from 'kafkajs';
import { DoxguardError } from '../../errors/index.js';
import type { Logger } from '../../log/index.js';
import { channelOf, keyOf, SCHEMAS, type Channel, type OutputRecord, type Sink } from '../../contract/index.js';
import { jsonOf } from '../../util/index.js';

export interface KafkaSinkSettings {
  readonly topics: Readonly<Record<Channel, string>>;
  /** queued messages that trigger a send before the next flush (keeps sends pipelined and memory bounded) */
  readonly sendThreshold: number;
  /**
   * queued bytes that trigger a send: a partition's share of one send is one
   * record batch, which must stay under the topic's max.message.bytes (1 MiB by default)
   */
  readonly sendBytes: number;
}

/**
 * Output records to their topics through one idempotent producer with
 * acks=all. `emit` queues; sends run one after another (an idempotent
 * producer must not reorder); `flush` resolves once the broker acknowledged
 * everything emitted before it. A failed send is sticky: every later flush
 * rejects, so the source never commits past an output that was lost.
 */
export class KafkaSink implements Sink {
  readonly name: string;
  private queue = new Map<string, Message[]>();
  private queued = 0;
  private queuedBytes = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private closed = false;
  /** acknowledged messages, for tests and metrics */
  acknowledged = 0;

  constructor(
    private readonly producer: Producer,
    private readonly settings: KafkaSinkSettings,
    private readonly logger: Logger,
  ) {
    this.name = `kafka:${Object.values(settings.topics).join(',')}`;
  }

  emit(record: OutputRecord): void {
    if (this.closed) throw new DoxguardError('DG_ERR_SINK_WRITE', 'emit after close', { context: { sink: this.name } });
    const topic = this.settings.topics[channelOf(record)];
    const list = this.queue.get(topic) ?? [];
    if (list.length === 0) this.queue.set(topic, list);
    const message = toMessage(record);
    list.push(message);
    this.queuedBytes += (message.value as string).length + 64;
    if (++this.queued >= this.settings.sendThreshold || this.queuedBytes >= this.settings.sendBytes) this.dispatch();
  }

  async flush(): Promise<void> {
    this.dispatch();
    await this.chain;
    if (this.failure !== null)
      throw new DoxguardError('DG_ERR_SINK_WRITE', 'the broker did not acknowledge output records', {
        context: { sink: this.name },
        cause: this.failure,
      });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      await this.producer.disconnect();
    }
  }

  /** Hand everything queued to the producer, behind the sends already in flight. */
  private dispatch(): void {
    if (this.queued === 0) return;
    const topicMessages: TopicMessages[] = [...this.queue].map(([topic, messages]) => ({ topic, messages }));
    const count = this.queued;
    this.queue = new Map();
    this.queued = 0;
    this.queuedBytes = 0;
    this.chain = this.chain.then(async () => {
      if (this.failure !== null) return;
      try {
        await this.producer.sendBatch({ topicMessages, acks: -1 });
        this.acknowledged += count;
      } catch (cause) {
        this.failure = cause;
        this.logger.error({ err: cause, messages: count }, 'output send failed');
      }
    });
  }
}

/** JSON value, key as specified (incidentId, or the source key for dead letters), routing headers. */
export function toMessage(record: OutputRecord): Message {
  const headers: Record<string, string> = { 'doxguard-schema': record.schema, 'doxguard-id': record.id };
  if (record.schema === SCHEMAS.deadLetter) {
    headers['doxguard-reason'] = record.reason;
    if (record.position.kind === 'kafka') {
      headers['doxguard-source-topic'] = record.position.topic;
      headers['doxguard-source-partition'] = String(record.position.partition);
      headers['doxguard-source-offset'] = record.position.offset;
    }
  }
  return { key: keyOf(record), value: jsonOf(record), headers };
}
