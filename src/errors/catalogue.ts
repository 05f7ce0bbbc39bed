/**
 * The one catalogue of doxguard error codes. Every code is documented in
 * README.md ("Error codes"); tests/unit/errors keeps the two in step.
 * `exit` is the process exit code the CLI ends with: 2 for bad input (a file, an argument
 * or the configuration: fix it, a restart will not help), 1 for a runtime
 * failure (an orchestrator may restart).
 */
export const ERROR_CATALOGUE = {
  DG_ERR_CONFIG_INVALID: { exit: 2, summary: 'configuration failed validation' },
  DG_ERR_CONFIG_READ: { exit: 2, summary: 'configuration file cannot be read or parsed' },
  DG_ERR_CONFIG_SECRET_MISSING: {
    exit: 2,
    summary: 'no fingerprint secret in production mode',
  },
  DG_ERR_INPUT_UNREADABLE: {
    exit: 2,
    summary: 'an input file does not exist, is not a file or cannot be read (checked before any output is opened)',
  },
  DG_ERR_SOURCE_READ: { exit: 1, summary: 'a source cannot be read' },
  DG_ERR_SOURCE_CONNECT: { exit: 1, summary: 'a source cannot connect' },
  DG_ERR_SOURCE_CRASHED: {
    exit: 1,
    summary: 'the Kafka consumer stopped on an error it cannot recover from (restart the process)',
  },
  // exit 1, not 2: the usual remedy is on the far side or in a mounted Secret (a broker certificate renewed,
  // a rotated password or CA updated), after which a restart by the orchestrator succeeds unchanged
  DG_ERR_KAFKA_TLS: {
    exit: 1,
    summary:
      'the TLS connection to a broker failed: untrusted, expired or mismatched certificate, or TLS and plaintext mixed up',
  },
  DG_ERR_KAFKA_AUTH: { exit: 1, summary: 'the broker rejected the SASL credentials or mechanism' },
  DG_ERR_SINK_WRITE: { exit: 1, summary: 'a sink cannot write or flush' },
  DG_ERR_SINK_CONNECT: { exit: 1, summary: 'a sink cannot connect' },
  DG_ERR_RECORD_INVALID: {
    exit: 1,
    summary: 'an output record failed its schema before sending',
  },
  DG_ERR_DETECTOR_OPTIONS: { exit: 2, summary: 'a detector rejected its options' },
  DG_ERR_DETECTOR_UNKNOWN: { exit: 2, summary: 'config names a detector not registered' },
  DG_ERR_DETECTOR_DUPLICATE: { exit: 1, summary: 'two detectors share one name' },
  DG_ERR_STATE_RESTORE: { exit: 1, summary: 'saved state cannot be restored' },
  DG_ERR_EVIDENCE_CHAIN: { exit: 1, summary: 'the evidence log chain is broken' },
  DG_ERR_EVIDENCE_MIXED: {
    exit: 2,
    summary: 'a replay was pointed at a live evidence log, or a live run at a replay log',
  },
  DG_ERR_CLI_USAGE: { exit: 2, summary: 'a command was called with wrong arguments' },
  DG_ERR_METRICS_LISTEN: { exit: 1, summary: 'the metrics server cannot listen on its host and port' },
  DG_ERR_PII_DEPENDENCY: {
    exit: 1,
    summary: 'a validator library the PII recognizers need is missing',
  },
  DG_ERR_SHUTDOWN_TIMEOUT: { exit: 1, summary: 'graceful shutdown missed its deadline' },
  DG_ERR_WORKER_CRASHED: {
    exit: 1,
    summary: 'a pipeline worker thread died or failed (pipeline.workers): the run stops, nothing is committed past it',
  },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
