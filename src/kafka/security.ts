import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import type { KafkaConfig } from '../config/index.js';
// the secrets' own door, not config/index.js: that loads the schema and with it every detector (~30 MB of heap in
// the producer thread, which needs none of it)
import { readSecretFile } from '../config/secrets/index.js';
import { DoxguardError } from '../errors/index.js';
import type { Logger } from '../log/index.js';

/** Loud on purpose: logged at error level by every client built with verification off. */
export const INSECURE_TLS_WARNING =
  'TLS certificate verification is OFF (kafka.tls.insecureSkipVerify): anyone on the network path can pose as the broker and read or inject records; never use this outside a test bench';

function readPem(path: string, field: string): Buffer {
  try {
    return readFileSync(path);
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new DoxguardError('DG_ERR_CONFIG_READ', `cannot read ${field} (${path}): ${reason}`, {
      context: { field, path },
    });
  }
}

/**
 * kafkajs's `ssl` option from kafka.tls: false when off; otherwise Node's TLS
 * options with verification on (the system CAs, or caFile's instead), a
 * client certificate for mutual TLS, and the files read now, at start.
 */
export function tlsOptions(tls: Readonly<KafkaConfig['tls']>, logger: Logger): false | ConnectionOptions {
  if (!tls.enabled) return false;
  const options: ConnectionOptions = { rejectUnauthorized: !tls.insecureSkipVerify, minVersion: 'TLSv1.2' };
  if (tls.caFile) options.ca = [readPem(tls.caFile, 'kafka.tls.caFile')];
  if (tls.certFile && tls.keyFile) {
    options.cert = readPem(tls.certFile, 'kafka.tls.certFile');
    options.key = readPem(tls.keyFile, 'kafka.tls.keyFile');
  }
  if (tls.insecureSkipVerify) logger.error({ setting: 'kafka.tls.insecureSkipVerify' }, INSECURE_TLS_WARNING);
  return options;
}

/** kafkajs's `sasl` option; the password from the config, or read from passwordFile when only that is set. */
export function saslOptions(sasl: NonNullable<KafkaConfig['sasl']>): SASLOptions {
  const { username } = sasl;
  const password = sasl.password ?? readSecretFile(sasl.passwordFile ?? '', 'kafka.sasl.passwordFile');
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username, password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}
