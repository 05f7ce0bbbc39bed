import { ConfigSchema } from '../../../src/config/index.js';
import { createLogger } from '../../../src/log/index.js';
import { createKafkaClient } from '../../../src/source/kafka/client.js';

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
