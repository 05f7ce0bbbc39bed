import type { KafkaConfig } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { createKafkaClient } from './client.js';
import { withTimeout } from '../util/index.js';
import { diagnoseKafkaError } from './diagnose.js';

/** A bootstrap round trip plus the probes stay well inside this. */
const PREFLIGHT_TIMEOUT_MS = 20_000;

/**
 * One connection attempt to the bootstrap servers before a source or sink
 * connects for real, without kafkajs's retries: a TLS or SASL misconfiguration
 * (untrusted, expired or mismatched certificate, wrong password, TLS and
 * plaintext listeners mixed up) then stops the start at once with
 * DG_ERR_KAFKA_TLS / DG_ERR_KAFKA_AUTH and its reason, instead of being
 * retried for half a minute as a network error. Anything else (a broker not
 * up yet) is left to the regular connect and its retries.
 */
export async function preflightKafka(config: Readonly<KafkaConfig>, logger: Logger, role: string): Promise<void> {
  const admin = createKafkaClient(config, logger, `${role}-preflight`, { retries: 0 }).admin({
    retry: { retries: 0 },
  });
  try {
    // connect alone may pass on a SASL listener (ApiVersions is allowed before authenticating): ask for metadata
    await withTimeout(
      admin.connect().then(() => admin.describeCluster()),
      PREFLIGHT_TIMEOUT_MS,
      'Kafka preflight connect',
    );
  } catch (error) {
    const coded = await diagnoseKafkaError(error, config);
    if (coded) throw coded;
    logger.debug({ err: error }, 'preflight connect failed for a reason that may pass; the regular connect retries');
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
