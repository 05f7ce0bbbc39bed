import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { ConfigSchema } from '../../../src/config/index.js';
import { createLogger } from '../../../src/log/index.js';
import { createKafkaClient } from '../../../src/kafka/index.js';
import type { SecureBroker } from '../setup/kafka-secure-setup.js';

const raw = inject('kafkaSecure');
/** The secure deploy/kafka node (null: no broker, the suite is skipped with the reason). */
export const SECURE: SecureBroker | null = raw ? (JSON.parse(raw) as SecureBroker) : null;
export const UNAVAILABLE = inject('kafkaSecureUnavailable');
const RUN_ID = inject('kafkaSecureRunId');

let counter = 0;
/** Topic names the global teardown deletes (dg-test.<runId>.…). */
export function secureTopics(prefix: string) {
  const base = `dg-test.${RUN_ID}.${prefix}.${process.pid}.${counter++}`;
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
export type SecureTopics = ReturnType<typeof secureTopics>;

/** A folder for one test's files (config, secrets, evidence). */
export function scratch(): { dir: string; file(name: string, content: string): string } {
  const dir = mkdtempSync(join(tmpdir(), 'doxguard-secure-'));
  return {
    dir,
    file(name, content) {
      const p = join(dir, name);
      writeFileSync(p, content, { mode: 0o600 });
      return p;
    },
  };
}

/** The kafka section of a processor config on the secure listener, the right CA and credentials from a file. */
export function secureKafka(s: SecureBroker, t: SecureTopics, over: Record<string, unknown> = {}) {
  return {
    brokers: [s.brokers],
    clientId: 'doxguard-secure-test',
    groupId: t.groupId,
    inputTopics: [t.input],
    feedbackTopic: t.feedback,
    topics: { alerts: t.alerts, interventions: t.interventions, incidents: t.incidents, dlq: t.dlq },
    sessionTimeoutMs: 10_000,
    heartbeatIntervalMs: 1000,
    tls: { enabled: true, caFile: s.caFile },
    sasl: { mechanism: 'scram-sha-512', username: s.username, passwordFile: s.passwordFile },
    ...over,
  };
}

/** A client for the test's own producing and reading, through the project's client factory, over SASL_SSL. */
export function secureClient(s: SecureBroker, role: string) {
  const config = ConfigSchema.parse({
    kafka: {
      brokers: [s.brokers],
      tls: { enabled: true, caFile: s.caFile },
      sasl: { mechanism: 'scram-sha-512', username: s.username, passwordFile: s.passwordFile },
    },
  });
  return createKafkaClient(config.kafka, createLogger({ level: 'silent' }), role);
}

/** Every record of a topic up to its current end, as parsed JSON values. */
export async function readAll(s: SecureBroker, topic: string): Promise<unknown[]> {
  const kafka = secureClient(s, 'reader');
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  await admin.disconnect();
  const out: { p: number; o: bigint; v: unknown }[] = [];
  if ([...ends.values()].every((h) => h === 0n)) return [];
  const consumer = kafka.consumer({ groupId: `${topic}.reader.${counter++}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const seen = new Map<number, bigint>();
  await new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          const o = BigInt(m.offset);
          if (o >= (ends.get(batch.partition) ?? 0n)) continue;
          out.push({ p: batch.partition, o, v: JSON.parse(m.value!.toString('utf8')) });
          seen.set(batch.partition, o + 1n);
        }
        if ([...ends].every(([p, h]) => h === 0n || (seen.get(p) ?? 0n) >= h)) resolve();
      },
    });
  });
  await consumer.disconnect();
  return out.sort((a, b) => a.p - b.p || Number(a.o - b.o)).map((r) => r.v);
}

/** A TCP port free right now on 127.0.0.1 (for the metrics server of a child process). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
