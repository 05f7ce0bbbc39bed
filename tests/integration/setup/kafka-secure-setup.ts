import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { deleteRunTopics, pingKafka } from './kafka-ping.js';

/** What deploy/kafka/kafka.sh up --secure writes to <node>/secure/secure.json. */
export interface SecureBroker {
  /** the SASL_SSL listener (certificate for 127.0.0.1 and localhost) */
  readonly brokers: string;
  /** SASL_SSL with an expired certificate */
  readonly expiredBrokers: string;
  /** SASL_SSL with a valid certificate for another host name */
  readonly wrongHostBrokers: string;
  /** the same broker's plaintext listener */
  readonly plaintextBrokers: string;
  readonly caFile: string;
  readonly username: string;
  readonly passwordFile: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** JSON of a SecureBroker; empty when none could be had (never under CI) */
    kafkaSecure: string;
    kafkaSecureUnavailable: string;
    kafkaSecureRunId: string;
  }
}

const ROOT = join(import.meta.dirname, '../../..');
const SCRIPT = join(ROOT, 'deploy/kafka/kafka.sh');

/**
 * The secure broker is a deploy/kafka node of its own (KAFKA_SECURE_NODE_PORT,
 * default 19092, so it never touches a plaintext broker on 9092): reused when
 * running with --secure, else started here with `up --secure` (which makes the
 * CA, certificates and SCRAM user) and stopped at the end. Under CI=true a
 * broker that cannot be had fails the run; elsewhere the suite is skipped loudly.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const runId = Date.now().toString(36);
  project.provide('kafkaSecureRunId', runId);
  const port = process.env.KAFKA_SECURE_NODE_PORT ?? '19092';
  const env: NodeJS.ProcessEnv = { ...process.env, KAFKA_PORT: port, KAFKA_SECURE: '1' };
  // this node's ports follow from KAFKA_PORT, whatever the plaintext broker was given
  delete env.KAFKA_CONTROLLER_PORT;
  delete env.KAFKA_SECURE_PORT;
  const kafkaSh = (command: string): { ok: boolean; output: string } => {
    const r = spawnSync('bash', [SCRIPT, command], { cwd: ROOT, encoding: 'utf8', env, timeout: 300_000 });
    return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
  };
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const unavailable = (why: string): undefined => {
    if (ci) throw new Error(`SASL/TLS integration tests need the secure broker and CI=true: ${why}`);
    console.warn(`\n*** SASL/TLS integration tests SKIPPED: ${why}\n*** (under CI=true this fails the run)\n`);
    project.provide('kafkaSecure', '');
    project.provide('kafkaSecureUnavailable', why);
    return undefined;
  };
  const running = kafkaSh('status').ok;
  // `up --secure` on a running node checks its secure listener and says so when it has none
  const up = kafkaSh('up');
  if (!up.ok)
    return unavailable(`deploy/kafka/kafka.sh up --secure (KAFKA_PORT=${port}) failed:\n${up.output.slice(-2000)}`);
  const cache = process.env.KAFKA_CACHE_DIR ?? join(ROOT, '.cache/kafka');
  const file = join(cache, `node-${port}`, 'secure', 'secure.json');
  if (!existsSync(file)) return unavailable(`${file} is missing after kafka.sh up --secure`);
  const secure = JSON.parse(readFileSync(file, 'utf8')) as SecureBroker;
  const ping = await pingKafka([secure.plaintextBrokers]);
  if (!ping.ok) {
    if (!running) kafkaSh('down');
    return unavailable(`secure broker's plaintext listener ${secure.plaintextBrokers} does not answer: ${ping.error}`);
  }
  project.provide('kafkaSecure', JSON.stringify(secure));
  project.provide('kafkaSecureUnavailable', '');
  return async () => {
    await deleteRunTopics([secure.plaintextBrokers], runId);
    if (!running) kafkaSh('down');
  };
}
