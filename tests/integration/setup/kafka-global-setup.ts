import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { deleteRunTopics, pingKafka } from './kafka-ping.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** comma-separated bootstrap servers; empty when no broker could be had (never under CI) */
    kafkaBrokers: string;
    /** why there is no broker, for the skip message */
    kafkaUnavailable: string;
    /** in every test topic's name (tests/integration/kafka/helpers): the teardown deletes this run's topics */
    kafkaRunId: string;
  }
}

const ROOT = join(import.meta.dirname, '../../..');
const SCRIPT = join(ROOT, 'deploy/kafka/kafka.sh');

function kafkaSh(command: string): { ok: boolean; output: string } {
  const r = spawnSync('bash', [SCRIPT, command], { cwd: ROOT, encoding: 'utf8', env: process.env, timeout: 300_000 });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

/**
 * KAFKA_BROKERS when set; otherwise the project's broker (deploy/kafka/kafka.sh,
 * port KAFKA_PORT or 9092): reused when already running, else started here and
 * stopped at the end. Under CI=true a broker that cannot be reached fails the
 * run; elsewhere the Kafka tests are skipped with a loud reason.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const fromEnv = process.env.KAFKA_BROKERS?.trim();
  const runId = Date.now().toString(36);
  project.provide('kafkaRunId', runId);
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const unavailable = (why: string): undefined => {
    if (ci) throw new Error(`Kafka integration tests need a broker and CI=true: ${why}`);
    console.warn(`\n*** Kafka integration tests SKIPPED: ${why}\n*** (under CI=true this fails the run)\n`);
    project.provide('kafkaBrokers', '');
    project.provide('kafkaUnavailable', why);
    return undefined;
  };
  if (fromEnv) {
    const ping = await pingKafka(fromEnv.split(','));
    if (!ping.ok) return unavailable(`KAFKA_BROKERS=${fromEnv} does not answer: ${ping.error}`);
    project.provide('kafkaBrokers', fromEnv);
    project.provide('kafkaUnavailable', '');
    return () => deleteRunTopics(fromEnv.split(','), runId);
  }
  const port = process.env.KAFKA_PORT ?? '9092';
  const brokers = `127.0.0.1:${port}`;
  const running = kafkaSh('status').ok;
  if (!running) {
    const up = kafkaSh('up');
    if (!up.ok) return unavailable(`deploy/kafka/kafka.sh up failed:\n${up.output.slice(-2000)}`);
  }
  const ping = await pingKafka([brokers]);
  if (!ping.ok) {
    if (!running) kafkaSh('down');
    return unavailable(`broker at ${brokers} does not answer: ${ping.error}`);
  }
  project.provide('kafkaBrokers', brokers);
  project.provide('kafkaUnavailable', '');
  return async () => {
    await deleteRunTopics([brokers], runId);
    if (!running) kafkaSh('down');
  };
}
