import { readFileSync } from 'node:fs';
import { DoxguardError } from '../../errors/index.js';
import type { Config } from '../schema.js';

/**
 * Secrets from files, the way Kubernetes and Docker mount them: the fingerprint
 * secret (`fingerprintSecretFile`, `DOXGUARD_SECRET_FILE`) and the SASL password
 * (`kafka.sasl.passwordFile`) are read once at load into the fields the rest of
 * doxguard uses. TLS keys stay paths and are read when a Kafka client is built.
 * Errors name the field and the path, never the content.
 */

/** Paths of the config fields that hold a secret value (masked by `config print`). */
export const SECRET_FIELDS: readonly (readonly string[])[] = [['fingerprintSecret'], ['kafka', 'sasl', 'password']];

export const MASK = '***';

/** A mounted secret's content without one trailing newline (`kubectl create secret --from-file` keeps it). */
export function readSecretFile(path: string, field: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new DoxguardError('DG_ERR_CONFIG_READ', `cannot read the secret file of ${field} (${path}): ${reason}`, {
      context: { field, path },
    });
  }
  const value = text.replace(/\r?\n$/, '');
  if (value.length === 0)
    throw new DoxguardError('DG_ERR_CONFIG_INVALID', `${field}: the secret file ${path} is empty`, {
      context: { field, path, paths: [field] },
    });
  return value;
}

function conflict(field: string, fileField: string): DoxguardError {
  return new DoxguardError('DG_ERR_CONFIG_INVALID', `${field} and ${fileField} are both set: keep one`, {
    context: { paths: [field, fileField] },
  });
}

/** The config with every `*File` secret read into its value field (a new object; the input is left alone). */
export function resolveSecretFiles(config: Config): Config {
  let out = config;
  if (config.fingerprintSecretFile !== null) {
    if (config.fingerprintSecret !== null) throw conflict('fingerprintSecret', 'fingerprintSecretFile');
    const secret = readSecretFile(config.fingerprintSecretFile, 'fingerprintSecretFile');
    if (secret.length < 16)
      throw new DoxguardError(
        'DG_ERR_CONFIG_INVALID',
        `fingerprintSecretFile: the secret in ${config.fingerprintSecretFile} is shorter than 16 characters`,
        { context: { paths: ['fingerprintSecretFile'] } },
      );
    out = { ...out, fingerprintSecret: secret };
  }
  const sasl = config.kafka.sasl;
  if (sasl?.passwordFile) {
    if (sasl.password !== null) throw conflict('kafka.sasl.password', 'kafka.sasl.passwordFile');
    const password = readSecretFile(sasl.passwordFile, 'kafka.sasl.passwordFile');
    out = { ...out, kafka: { ...out.kafka, sasl: { ...sasl, password } } };
  }
  return out;
}

/** A plain copy of the config with every secret value replaced by `***` (for printing). */
export function maskSecrets(config: Readonly<Config>): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
  for (const path of SECRET_FIELDS) {
    const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], copy);
    const key = path[path.length - 1]!;
    if (parent && typeof parent === 'object' && (parent as Record<string, unknown>)[key] != null)
      (parent as Record<string, unknown>)[key] = MASK;
  }
  return copy;
}
