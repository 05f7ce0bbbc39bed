import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { KafkaConfig } from '../config/index.js';
import { DoxguardError, type ErrorCode } from '../errors/index.js';

/**
 * Why a connection to a broker failed, when the cause is a setting rather than
 * the network: each is permanent (retrying cannot help), so the process stops
 * at start with a code and a reason instead of retrying into a hang.
 */
export const SECURITY_REASONS = {
  'certificate-untrusted': 'the broker certificate is not signed by a trusted CA (set kafka.tls.caFile to its CA)',
  'certificate-expired': 'the broker certificate has expired',
  'certificate-not-yet-valid': 'the broker certificate is not valid yet (check the clocks)',
  'certificate-host-mismatch': 'the broker certificate does not name the host connected to',
  'certificate-invalid': 'the broker certificate was rejected',
  'tls-to-plaintext-listener': 'TLS is on (kafka.tls.enabled) but the listener speaks plaintext Kafka',
  'plaintext-to-tls-listener': 'TLS is off but the listener speaks TLS: set kafka.tls.enabled',
  'sasl-rejected': 'the broker rejected the SASL username or password',
  'sasl-mechanism-unsupported': 'the broker does not offer this SASL mechanism on the listener',
  'sasl-required': 'the broker closed the connection after the TLS handshake: the listener requires SASL (kafka.sasl)',
} as const;

export type SecurityReason = keyof typeof SECURITY_REASONS;

const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

interface Link {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly broker?: unknown;
  readonly cause?: unknown;
  readonly originalError?: unknown;
}

/** The error and what it wraps (kafkajs keeps the socket's error as `cause` or `originalError`). */
export function causeChain(error: unknown): Link[] {
  const out: Link[] = [];
  let e: unknown = error;
  while (e && typeof e === 'object' && out.length < 8 && !out.includes(e as Link)) {
    out.push(e as Link);
    e = (e as Link).cause ?? (e as Link).originalError;
  }
  return out;
}

const strings = (chain: Link[], key: 'name' | 'code' | 'message'): string[] =>
  chain.map((l) => l[key]).filter((v): v is string => typeof v === 'string');

/** The broker address an error names, else the first bootstrap server. */
function brokerOf(chain: Link[], config: Readonly<KafkaConfig> | null): string {
  const named = chain
    .map((l) => l.broker)
    .find((b): b is string => typeof b === 'string' && !b.startsWith('undefined'));
  return named ?? config?.brokers[0] ?? 'unknown';
}

/** The reason an error itself tells, without asking the broker anything (config null: TLS on or off unknown). */
export function reasonOf(error: unknown, config: Readonly<KafkaConfig> | null): SecurityReason | null {
  const chain = causeChain(error);
  const codes = strings(chain, 'code');
  const names = strings(chain, 'name');
  const messages = strings(chain, 'message').join(' | ');
  if (codes.includes('CERT_HAS_EXPIRED')) return 'certificate-expired';
  if (codes.includes('CERT_NOT_YET_VALID')) return 'certificate-not-yet-valid';
  if (codes.includes('ERR_TLS_CERT_ALTNAME_INVALID')) return 'certificate-host-mismatch';
  if (codes.some((c) => UNTRUSTED.has(c))) return 'certificate-untrusted';
  if (codes.some((c) => c.startsWith('CERT_') || c.startsWith('ERR_TLS_CERT'))) return 'certificate-invalid';
  if (names.includes('KafkaJSSASLAuthenticationError'))
    return /not supported|UNSUPPORTED_SASL_MECHANISM/i.test(messages) ? 'sasl-mechanism-unsupported' : 'sasl-rejected';
  if (/UNSUPPORTED_SASL_MECHANISM/.test(messages)) return 'sasl-mechanism-unsupported';
  if (config?.tls.enabled && codes.includes('ERR_SSL_WRONG_VERSION_NUMBER')) return 'tls-to-plaintext-listener';
  return null;
}

export function securityError(reason: SecurityReason, broker: string, cause: unknown): DoxguardError {
  const code: ErrorCode = reason.startsWith('sasl') ? 'DG_ERR_KAFKA_AUTH' : 'DG_ERR_KAFKA_TLS';
  return new DoxguardError(code, `cannot connect to Kafka broker ${broker}: ${SECURITY_REASONS[reason]} (${reason})`, {
    context: { broker, reason },
    cause,
  });
}

/** The coded error for a connection failure whose cause the error itself names (no probing), else null. */
export function classifyKafkaError(error: unknown, config: Readonly<KafkaConfig> | null): DoxguardError | null {
  const reason = reasonOf(error, config);
  return reason ? securityError(reason, brokerOf(causeChain(error), config), error) : null;
}

const PROBE_TIMEOUT_MS = 3000;

function hostPort(broker: string): { host: string; port: number } {
  const i = broker.lastIndexOf(':');
  return { host: broker.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(broker.slice(i + 1)) };
}

/** Does the listener complete a TLS handshake (any certificate)? */
export function speaksTls(broker: string): Promise<boolean> {
  const { host, port } = hostPort(broker);
  return new Promise((resolve) => {
    // verification off on purpose: this only asks whether TLS is spoken; nothing is sent
    const socket = tlsConnect({ host, port, rejectUnauthorized: false, timeout: PROBE_TIMEOUT_MS }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Does the listener answer a plaintext Kafka ApiVersions v0 request? */
export function speaksPlaintextKafka(broker: string): Promise<boolean> {
  const { host, port } = hostPort(broker);
  const clientId = Buffer.from('doxguard-probe');
  const body = Buffer.alloc(10 + clientId.length);
  body.writeInt16BE(18, 0); // ApiVersions
  body.writeInt16BE(0, 2); // v0
  body.writeInt32BE(0x0d06, 4); // correlation id
  body.writeInt16BE(clientId.length, 8);
  clientId.copy(body, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return new Promise((resolve) => {
    let got = Buffer.alloc(0);
    const socket = tcpConnect({ host, port, timeout: PROBE_TIMEOUT_MS }, () =>
      socket.write(Buffer.concat([size, body])),
    );
    const done = (v: boolean): void => {
      socket.destroy();
      resolve(v);
    };
    socket.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      if (got.length >= 8) done(got.readInt32BE(4) === 0x0d06);
    });
    socket.on('error', () => done(false));
    socket.on('timeout', () => done(false));
    socket.on('end', () => done(false));
  });
}

/**
 * classifyKafkaError, plus a look at the listener when the error alone is
 * ambiguous: a connection closed without an answer (plaintext to a TLS
 * listener, or TLS without SASL to a SASL one) or reset during the handshake
 * (TLS to a plaintext listener).
 */
export async function diagnoseKafkaError(error: unknown, config: Readonly<KafkaConfig>): Promise<DoxguardError | null> {
  const known = classifyKafkaError(error, config);
  if (known) return known;
  const chain = causeChain(error);
  const names = strings(chain, 'name');
  const codes = strings(chain, 'code');
  const broker = brokerOf(chain, config);
  const closed = names.includes('KafkaJSConnectionClosedError') || names.includes('KafkaJSRequestTimeoutError');
  if (!config.tls.enabled && closed && (await speaksTls(broker)))
    return securityError('plaintext-to-tls-listener', broker, error);
  if (config.tls.enabled && (codes.includes('ECONNRESET') || codes.includes('EPROTO') || closed)) {
    if (await speaksPlaintextKafka(broker)) return securityError('tls-to-plaintext-listener', broker, error);
    if (closed && config.sasl === null && (await speaksTls(broker)))
      return securityError('sasl-required', broker, error);
  }
  return null;
}
