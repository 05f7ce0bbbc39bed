import type { Config } from '../config/index.js';
import type { Logger } from './logger.js';

/** What is running, as the CLI assembled it (names only: never credentials). */
export interface StartupParts {
  readonly command: string;
  readonly version: string;
  /** e.g. `kafka(doxguard.events,doxguard.feedback)` or `file(2 files)` */
  readonly sources: readonly string[];
  /** e.g. `kafka(doxguard.alerts,...)` or `files(out)` */
  readonly sinks: readonly string[];
  /** enabled detector names */
  readonly detectors: readonly string[];
  /** `host:port` of the metrics server, or null when off */
  readonly metrics: string | null;
  /** where the config came from: the user file, or `defaults` */
  readonly configFile: string | null;
}

export interface StartupSummary {
  /** one human-readable line */
  readonly line: string;
  /** the same facts as structured fields */
  readonly fields: Record<string, unknown>;
}

/**
 * A one-line summary of what doxguard is about to do: mode, config origin,
 * sources, sinks, detectors, policy mode, metrics and log level. The secret
 * is reported as set or generated, never shown; SASL as its mechanism only.
 */
export function startupSummary(config: Readonly<Config>, parts: StartupParts): StartupSummary {
  const secret = config.fingerprintSecretFile ? 'file' : config.fingerprintSecret ? 'set' : 'generated';
  const kafka =
    config.source.kind === 'kafka' || config.output.kind === 'kafka'
      ? {
          brokers: config.kafka.brokers.length,
          groupId: config.kafka.groupId,
          tls: !config.kafka.tls.enabled ? 'off' : config.kafka.tls.insecureSkipVerify ? 'UNVERIFIED' : 'on',
          sasl: config.kafka.sasl?.mechanism ?? 'none',
        }
      : null;
  const fields: Record<string, unknown> = {
    command: parts.command,
    version: parts.version,
    mode: config.mode,
    config: parts.configFile ?? 'defaults',
    sources: parts.sources,
    sinks: parts.sinks,
    detectors: parts.detectors,
    shadow: config.policy.shadow,
    secretSource: secret,
    kafka,
    metrics: parts.metrics ?? 'off',
    logLevel: config.log.level,
  };
  const list = (xs: readonly string[]): string => (xs.length ? xs.join(',') : 'none');
  const line = [
    `doxguard ${parts.version} ${parts.command}`,
    `mode=${config.mode}`,
    `config=${parts.configFile ?? 'defaults'}`,
    `sources=${list(parts.sources)}`,
    `sinks=${list(parts.sinks)}`,
    `detectors=${parts.detectors.length}`,
    `policy=${config.policy.shadow ? 'shadow' : 'enforce'}`,
    `secret=${secret}`,
    kafka ? `kafka=${kafka.brokers} broker(s) group=${kafka.groupId} tls=${kafka.tls} sasl=${kafka.sasl}` : null,
    `metrics=${parts.metrics ?? 'off'}`,
    `log=${config.log.level}`,
  ]
    .filter((s): s is string => s !== null)
    .join(' ');
  return { line, fields };
}

/** Log the start-up summary as one info line (the facts also as fields). */
export function logStartup(logger: Logger, config: Readonly<Config>, parts: StartupParts): StartupSummary {
  const summary = startupSummary(config, parts);
  logger.info({ startup: summary.fields }, summary.line);
  return summary;
}
