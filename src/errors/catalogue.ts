/**
 * The one catalogue of doxguard error codes. Every code is documented in
 * README.md ("Error codes"); tests/unit/errors keeps the two in step.
 * `retriable` tells a retry loop whether trying again can help.
 */
export const ERROR_CATALOGUE = {
  DG_ERR_CONFIG_INVALID: { retriable: false, summary: 'configuration failed validation' },
  DG_ERR_CONFIG_READ: { retriable: false, summary: 'configuration file cannot be read or parsed' },
  DG_ERR_CONFIG_SECRET_MISSING: {
    retriable: false,
    summary: 'no fingerprint secret in production mode',
  },
  DG_ERR_SOURCE_READ: { retriable: true, summary: 'a source cannot be read' },
  DG_ERR_SOURCE_CONNECT: { retriable: true, summary: 'a source cannot connect' },
  DG_ERR_SOURCE_CRASHED: {
    retriable: false,
    summary: 'the Kafka consumer stopped on an error it cannot recover from (restart the process)',
  },
  DG_ERR_KAFKA_TLS: {
    retriable: false,
    summary:
      'the TLS connection to a broker failed: untrusted, expired or mismatched certificate, or TLS and plaintext mixed up',
  },
  DG_ERR_KAFKA_AUTH: { retriable: false, summary: 'the broker rejected the SASL credentials or mechanism' },
  DG_ERR_SINK_WRITE: { retriable: true, summary: 'a sink cannot write or flush' },
  DG_ERR_SINK_CONNECT: { retriable: true, summary: 'a sink cannot connect' },
  DG_ERR_RECORD_INVALID: {
    retriable: false,
    summary: 'an output record failed its schema before sending',
  },
  DG_ERR_DETECTOR_OPTIONS: { retriable: false, summary: 'a detector rejected its options' },
  DG_ERR_DETECTOR_UNKNOWN: { retriable: false, summary: 'config names a detector not registered' },
  DG_ERR_DETECTOR_DUPLICATE: { retriable: false, summary: 'two detectors share one name' },
  DG_ERR_STATE_RESTORE: { retriable: false, summary: 'saved state cannot be restored' },
  DG_ERR_EVIDENCE_CHAIN: { retriable: false, summary: 'the evidence log chain is broken' },
  DG_ERR_CLI_USAGE: { retriable: false, summary: 'a command was called with wrong arguments' },
  DG_ERR_METRICS_LISTEN: { retriable: true, summary: 'the metrics server cannot listen on its host and port' },
  DG_ERR_PII_DEPENDENCY: { retriable: false, summary: 'a validator library the PII recognizers need is missing' },
  DG_ERR_SHUTDOWN_TIMEOUT: { retriable: false, summary: 'graceful shutdown missed its deadline' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
