import { inject } from 'vitest';
import { ConfigSchema, type Config } from '../../../../src/config/index.js';
import { createLogger, type Logger } from '../../../../src/log/index.js';
import { createKafkaClient, createAndWait } from '../../../../src/kafka/index.js';
import { withTimeout } from '../../../../src/util/timeout.js';

export { withTimeout };

/** The broker the global setup provides ('' when none: the suite is skipped with a reason). */
export const BROKERS = inject('kafkaBrokers');
export const UNAVAILABLE = inject('kafkaUnavailable');
const RUN_ID = inject('kafkaRunId');

export const quietLogger = (): Logger =>
  createLogger({ level: (process.env.DOXGUARD_TEST_LOG ?? 'silent') as 'silent' });

let counter = 0;
/** A topic / group name no other test (or earlier run) uses; the run's topics are deleted at its end. */
export function uniqueName(prefix: string): string {
  return `dg-test.${RUN_ID}.${prefix}.${process.pid}.${Date.now().toString(36)}.${counter++}`;
}

export interface TestTopics {
  readonly input: string;
  readonly feedback: string;
  readonly alerts: string;
  readonly interventions: string;
  readonly incidents: string;
  readonly dlq: string;
  readonly groupId: string;
}

export function testTopics(prefix: string): TestTopics {
  const base = uniqueName(prefix);
  return {
    input: `${base}.events`,
    feedback: `${base}.feedback`,
    alerts: `${base}.alerts`,
    interventions: `${base}.interventions`,
    incidents: `${base}.incidents`,
    dlq: `${base}.dlq`,
    groupId: `${base}.group`,
  };
}

/** A processor config on these topics (plain object, for files passed to the CLI too). */
export function kafkaConfigObject(t: TestTopics, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { kafka: kafkaExtra, ...rest } = extra as { kafka?: Record<string, unknown> };
  return {
    fingerprintSecret: 'integration-test-secret-0123456789',
    log: { level: 'silent' },
    source: { kind: 'kafka' },
    output: { kind: 'kafka' },
    ...rest,
    kafka: {
      brokers: BROKERS.split(','),
      clientId: 'doxguard-test',
      groupId: t.groupId,
      inputTopics: [t.input],
      feedbackTopic: t.feedback,
      topics: { alerts: t.alerts, interventions: t.interventions, incidents: t.incidents, dlq: t.dlq },
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 1000,
      shutdownDeadlineMs: 15_000,
      ...kafkaExtra,
    },
  };
}

export function kafkaConfig(t: TestTopics, extra: Record<string, unknown> = {}): Readonly<Config> {
  return ConfigSchema.parse(kafkaConfigObject(t, extra));
}

/** A client for the test's own producing and reading (through the project's client factory). */
export function testClient(role = 'test') {
  const config = ConfigSchema.parse({ kafka: { brokers: BROKERS.split(',') } });
  return createKafkaClient(config.kafka, quietLogger(), role);
}

/**
 * Test inputs carry event time as their record timestamps (deploy/kafka/README.md), and the simulator's
 * events are months old: under a time-based retention the broker's next retention check (every 5 min)
 * deletes them whole, and a consumer resuming from its committed offset then finds it out of range.
 * So input topics keep their records (`retention.ms: -1`) unless a test says otherwise.
 */
export async function createTopic(
  topic: string,
  partitions: number,
  configs: Record<string, string> = {},
): Promise<void> {
  const admin = testClient('admin').admin();
  await admin.connect();
  try {
    await createAndWait(admin, [
      {
        topic,
        numPartitions: partitions,
        replicationFactor: 1,
        configEntries: Object.entries({ 'retention.ms': '-1', ...configs }).map(([name, value]) => ({ name, value })),
      },
    ]);
  } finally {
    await admin.disconnect();
  }
}

export interface ProduceMessage {
  readonly key?: string | Buffer | null;
  readonly value: string | Buffer | null;
  readonly partition?: number;
  readonly timestamp?: number;
}

/** Produce (acks=all) in order, in sends of at most ~512 KiB; returns when the broker acknowledged everything. */
export async function produce(
  topic: string,
  messages: readonly ProduceMessage[],
  maxBytes = 512 * 1024,
): Promise<void> {
  const producer = testClient('producer').producer({
    allowAutoTopicCreation: false,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  try {
    let chunk: ProduceMessage[] = [];
    let bytes = 0;
    const send = async (): Promise<void> => {
      if (chunk.length === 0) return;
      await producer.send({
        topic,
        acks: -1,
        messages: chunk.map((m) => ({
          key: m.key ?? null,
          value: m.value,
          ...(m.partition === undefined ? {} : { partition: m.partition }),
          ...(m.timestamp === undefined ? {} : { timestamp: String(m.timestamp) }),
        })),
      });
      chunk = [];
      bytes = 0;
    };
    for (const m of messages) {
      const size = (m.value?.length ?? 0) + 64;
      if (bytes + size > maxBytes) await send();
      chunk.push(m);
      bytes += size;
    }
    await send();
  } finally {
    await producer.disconnect();
  }
}

export interface ReadMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
}

/** Everything currently in a topic (up to its high watermarks), read without a consumer group commit. */
export async function readTopic(topic: string): Promise<ReadMessage[]> {
  const kafka = testClient('reader');
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const want = new Map(ends.map((e) => [e.partition, BigInt(e.high)]));
  const out: ReadMessage[] = [];
  if ([...want.values()].every((h) => h === 0n)) return out;
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    const seen = new Map<number, bigint>();
    const check = (): void => {
      if ([...want].every(([p, h]) => h === 0n || (seen.get(p) ?? 0n) >= h)) resolve();
    };
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          if (BigInt(m.offset) >= (want.get(batch.partition) ?? 0n)) continue;
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(m.headers ?? {})) headers[k] = String(v);
          out.push({
            topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key ? m.key.toString('utf8') : null,
            value: m.value ? m.value.toString('utf8') : null,
            headers,
          });
          seen.set(batch.partition, BigInt(m.offset) + 1n);
        }
        check();
      },
    });
  });
  await withTimeout(done, 60_000, `reading ${topic}`);
  await consumer.disconnect();
  return out.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

/** The group's committed offset per partition (-1 when none). */
export async function committedOffsets(groupId: string, topic: string): Promise<Map<number, bigint>> {
  const admin = testClient('admin').admin();
  await admin.connect();
  try {
    const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((t?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}

export async function endOffsets(topic: string): Promise<Map<number, bigint>> {
  const admin = testClient('admin').admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  } finally {
    await admin.disconnect();
  }
}

/** Poll until `check` returns a truthy value (returned), or fail with `what` after the timeout. */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  what: string,
  timeoutMs = 60_000,
  everyMs = 250,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
