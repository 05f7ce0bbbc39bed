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

/** Messages emitted in a row, by topic in emission order: at most one send's worth (sendThreshold, sendBytes). */
interface Part {
  readonly byTopic: Map<string, Message[]>;
  count: number;
  bytes: number;
}

/** A flush waiting until the messages emitted before it (the first `upTo`) are acknowledged. */
interface Waiter {
  readonly upTo: number;
  readonly resolve: () => void;
}

const newPart = (): Part => ({ byTopic: new Map(), count: 0, bytes: 0 });

/**
 * Output records to their topics through one idempotent producer with
 * acks=all. `emit` queues; one send is in flight at a time (an idempotent
 * producer must not reorder), and each send carries everything queued when it
 * starts, up to one send's limits: flushes that come while a send is in flight
 * share the next send instead of each waiting for one round trip of their own
 * (with several input partitions in hand, each chunk flushes). `flush`
 * resolves once the broker acknowledged everything emitted before it, not
 * what was emitted after. A failed send is sticky: every later flush rejects,
 * so the source never commits past an output that was lost.
 */
export class KafkaSink implements Sink {
  readonly name: string;
  /** emitted, not yet handed to a send, in order; the last one is open */
  private parts: Part[] = [newPart()];
  /** messages emitted, and how many of them the broker acknowledged (in order: sends are sequential) */
  private emitted = 0;
  private acked = 0;
  private waiters: Waiter[] = [];
  /** the send loop runs */
  private sending = false;
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
    this.emitMessage(this.settings.topics[channelOf(record)], toMessage(record));
  }

  /** An output already made a message (the producer thread's emits: the main thread made it). */
  emitMessage(topic: string, message: Message): void {
    if (this.closed) throw new DoxguardError('DG_ERR_SINK_WRITE', 'emit after close', { context: { sink: this.name } });
    const part = this.parts[this.parts.length - 1]!;
    const list = part.byTopic.get(topic);
    if (list === undefined) part.byTopic.set(topic, [message]);
    else list.push(message);
    this.emitted++;
    part.bytes += (message.value as string).length + 64;
    if (++part.count >= this.settings.sendThreshold || part.bytes >= this.settings.sendBytes) {
      this.parts.push(newPart());
      this.send();
    }
  }

  async flush(): Promise<void> {
    if (this.acked < this.emitted && this.failure === null) {
      const upTo = this.emitted;
      const acked = new Promise<void>((resolve) => this.waiters.push({ upTo, resolve }));
      this.send();
      await acked;
    }
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

  /** Start the send loop unless it runs: it sends until nothing is queued (or a send failed). */
  private send(): void {
    if (this.sending) return;
    this.sending = true;
    void this.sendAll();
  }

  private async sendAll(): Promise<void> {
    try {
      while (this.failure === null && this.parts[0]!.count > 0) {
        const { topicMessages, count } = this.take();
        try {
          await this.producer.sendBatch({ topicMessages, acks: -1 });
        } catch (cause) {
          this.failure = cause;
          this.logger.error({ err: cause, messages: count }, 'output send failed');
          break;
        }
        this.acked += count;
        this.acknowledged += count;
        this.settle();
      }
    } finally {
      // (in the same step as the loop's last check: an emit or flush after it starts a new loop)
      this.sending = false;
    }
    if (this.failure !== null) this.settle();
  }

  /** The queued parts from the oldest on, as many as fit one send's limits (at least one), merged by topic. */
  private take(): { topicMessages: TopicMessages[]; count: number } {
    const { sendThreshold, sendBytes } = this.settings;
    const merged = new Map<string, Message[]>();
    let count = 0;
    let bytes = 0;
    while (this.parts.length > 0 && this.parts[0]!.count > 0) {
      const part = this.parts[0]!;
      if (count > 0 && (count + part.count > sendThreshold || bytes + part.bytes > sendBytes)) break;
      this.parts.shift();
      count += part.count;
      bytes += part.bytes;
      for (const [topic, messages] of part.byTopic) {
        const list = merged.get(topic);
        if (list === undefined) merged.set(topic, messages);
        else for (const m of messages) list.push(m);
      }
    }
    if (this.parts.length === 0) this.parts.push(newPart());
    return { topicMessages: [...merged].map(([topic, messages]) => ({ topic, messages })), count };
  }

  /** Resolve the flushes whose messages are all acknowledged, and every one after a failure (which they throw). */
  private settle(): void {
    const failed = this.failure !== null;
    this.waiters = this.waiters.filter((w) => {
      if (!failed && w.upTo > this.acked) return true;
      w.resolve();
      return false;
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
