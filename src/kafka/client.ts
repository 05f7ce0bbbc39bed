import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { KafkaConfig } from '../config/index.js';
import type { Logger } from '../log/index.js';
import { saslOptions, tlsOptions } from './security.js';

/**
 * The one place a kafkajs client is built (the source, the sink and the
 * test/bench helpers share it): brokers, TLS (verified unless turned off
 * loudly), SASL, retries, and kafkajs logs routed into our structured logger.
 */
export function createKafkaClient(
  config: Readonly<KafkaConfig>,
  logger: Logger,
  role: string,
  options: { retries?: number } = {},
): Kafka {
  return new Kafka({
    clientId: `${config.clientId}-${role}`,
    brokers: [...config.brokers],
    ssl: tlsOptions(config.tls, logger),
    ...(config.sasl ? { sasl: saslOptions(config.sasl) } : {}),
    connectionTimeout: 5000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, retries: options.retries ?? 8, maxRetryTime: 10_000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => forward(logger, entry),
  });
}

/** kafkajs log entries as structured lines; kafkajs never logs message payloads. */
function forward(logger: Logger, entry: LogEntry): void {
  const { message, timestamp: _t, logger: _l, ...fields } = entry.log as Record<string, unknown>;
  const line = { kafkajs: entry.namespace, ...fields };
  const text = String(message);
  if (entry.level <= logLevel.ERROR) logger.error(line, text);
  else if (entry.level === logLevel.WARN) logger.warn(line, text);
  else logger.debug(line, text);
}
