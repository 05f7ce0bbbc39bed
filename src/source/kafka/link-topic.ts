import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Producer } from 'kafkajs';
import type { Config } from '../../config/index.js';
import type { Logger } from '../../log/index.js';
import { ClaimDirectory } from '../../pipeline/index.js';
import { LinkClaimSchema, type LinkClaim, type LinkExchange } from '../../contract/index.js';
import { createKafkaClient, kafkaError, ensureTopics } from '../../kafka/index.js';
import { withTimeout } from '../../util/index.js';

/** How long a claim is worth keeping: an incident idle longer has expired everywhere. */
export function linkTtlMs(config: Readonly<Config>): number {
  return config.time.incidentIdleTtlMs + config.time.outOfOrdernessMs;
}

/**
 * The cross-partition link exchange on Kafka: claims are produced to a
 * compacted one-partition topic keyed `<link key>|<input partition>` (the
 * newest claim per key and partition survives compaction; old ones are
 * deleted after the link TTL), and every instance reads the whole topic with
 * a throw-away group of its own into a ClaimDirectory. Start-up waits until
 * the topic has been read to its end, so a partition rebuilt after a crash
 * meets every claim made before it.
 */
export class KafkaLinkExchange implements LinkExchange {
  private readonly queue: { key: string; value: string }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> = Promise.resolve();
  private failed: unknown = null;

  constructor(
    private readonly topic: string,
    private readonly directory: ClaimDirectory,
    private readonly producer: Producer,
    private readonly consumer: Consumer,
    private readonly admin: Admin,
    private readonly groupId: string,
    private readonly logger: Logger,
  ) {}

  publish(claim: LinkClaim): void {
    if (this.failed) throw kafkaError('DG_ERR_SINK_WRITE', `cannot publish to ${this.topic}`, this.failed, {});
    this.queue.push({ key: `${claim.key}|${claim.partition}`, value: JSON.stringify(claim) });
    // Claims go out in small batches soon after they are made: peers place them by event time,
    // so the sooner they arrive the fewer joins are late.
    this.timer ??= setTimeout(() => this.flush(), 5);
  }

  claimsFor(key: string, exceptPartition: number): readonly LinkClaim[] {
    return this.directory.claimsFor(key, exceptPartition);
  }

  subscribe(partition: number, onClaim: (claim: LinkClaim) => void): () => void {
    return this.directory.subscribe(partition, onClaim);
  }

  /** Send what is queued; resolves when the broker has it. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const messages = this.queue.splice(0);
    if (messages.length === 0) return this.sending;
    this.sending = this.sending
      .then(() => this.producer.send({ topic: this.topic, messages }))
      .then(
        () => undefined,
        (e: unknown) => {
          this.failed = e;
          this.logger.error({ err: String(e), topic: this.topic }, 'link claims not sent');
        },
      );
    return this.sending;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.consumer.disconnect().catch(() => {});
    await this.producer.disconnect().catch(() => {});
    // The group never commits; delete it so it does not linger in the broker's listing.
    await this.admin.deleteGroups([this.groupId]).catch(() => {});
    await this.admin.disconnect().catch(() => {});
  }
}

export async function createKafkaLinkExchange(config: Readonly<Config>, logger: Logger): Promise<KafkaLinkExchange> {
  const k = config.kafka;
  const topic = k.links.topic;
  const kafka = createKafkaClient(k, logger, 'links');
  const groupId = `${k.groupId}.links.${randomUUID()}`;
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  const directory = new ClaimDirectory(linkTtlMs(config));
  try {
    await admin.connect();
    if (k.createTopics.enabled)
      await ensureTopics(
        admin,
        [
          {
            topic,
            partitions: 1,
            replicationFactor: k.createTopics.replicationFactor,
            configs: { 'cleanup.policy': 'compact,delete', 'retention.ms': String(linkTtlMs(config)) },
          },
        ],
        logger,
      );
    const ends = await admin.fetchTopicOffsets(topic);
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const target = new Map(ends.map((e) => [e.partition, BigInt(e.high)]));
    const caughtUp = new Promise<void>((resolve) => {
      const done = new Map<number, boolean>([...target].map(([p, high]) => [p, high === 0n]));
      const check = (): void => {
        if ([...done.values()].every(Boolean)) resolve();
      };
      check();
      void consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) {
            const claim = parseClaim(m.value);
            if (claim) directory.add(claim);
            else logger.warn({ topic, offset: m.offset }, 'ignored a malformed link claim');
            if (BigInt(m.offset) + 1n >= (target.get(batch.partition) ?? 0n)) done.set(batch.partition, true);
          }
          check();
        },
      });
    });
    await withTimeout(caughtUp, k.sessionTimeoutMs * 2, `reading ${topic} to its end`);
  } catch (cause) {
    await consumer.disconnect().catch(() => {});
    await producer.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
    throw kafkaError('DG_ERR_SOURCE_CONNECT', `cannot read the link topic ${topic}`, cause, { brokers: k.brokers });
  }
  logger.info({ topic, claims: directory.size }, 'link topic read');
  return new KafkaLinkExchange(topic, directory, producer, consumer, admin, groupId, logger);
}

function parseClaim(value: Buffer | null): LinkClaim | null {
  if (value === null) return null;
  try {
    const r = LinkClaimSchema.safeParse(JSON.parse(value.toString('utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
