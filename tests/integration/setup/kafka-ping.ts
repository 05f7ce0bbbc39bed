import { ConfigSchema } from '../../../src/config/index.js';
import { createLogger } from '../../../src/log/index.js';
import { createKafkaClient } from '../../../src/kafka/index.js';

/** A metadata round trip through the same client the processor uses. */
export async function pingKafka(brokers: string[]): Promise<{ ok: true } | { ok: false; error: string }> {
  const config = ConfigSchema.parse({ kafka: { brokers } });
  const admin = createKafkaClient(config.kafka, createLogger({ level: 'silent' }), 'ping', { retries: 3 }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 ? { ok: true } : { ok: false, error: 'no brokers in the cluster metadata' };
  } catch (e) {
    return { ok: false, error: String(e) };
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/**
 * Delete the topics this test run made (named `dg-test.<runId>.…`): a broker that outlives the run
 * (KAFKA_BROKERS, or deploy/kafka's storage, which persists) would otherwise gather ~10 topics per
 * test file per run, and a local broker with thousands of partitions takes minutes to start.
 */
export async function deleteRunTopics(brokers: string[], runId: string): Promise<void> {
  const config = ConfigSchema.parse({ kafka: { brokers } });
  const admin = createKafkaClient(config.kafka, createLogger({ level: 'silent' }), 'cleanup').admin();
  try {
    await admin.connect();
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(`dg-test.${runId}.`));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
  } catch (e) {
    console.warn(`could not delete this test run's topics: ${String(e)}`);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
