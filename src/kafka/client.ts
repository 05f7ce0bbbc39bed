import { Kafka, logLevel, type LogEntry, type SASLOptions } from 'kafkajs';
import type { KafkaConfig } from '../config/index.js';
import type { Logger } from '../log/index.js';

/**
 * The one place a kafkajs client is built (the source, the sink and the
 * test/bench helpers share it): brokers, TLS, SASL, retries, and kafkajs logs
 * routed into our structured logger.
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
    ssl: config.ssl,
    ...(config.sasl ? { sasl: saslOptions(config.sasl) } : {}),
    connectionTimeout: 5000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, retries: options.retries ?? 8, maxRetryTime: 10_000 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => forward(logger, entry),
  });
}

function saslOptions(sasl: NonNullable<KafkaConfig['sasl']>): SASLOptions {
  const { username, password } = sasl;
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
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
