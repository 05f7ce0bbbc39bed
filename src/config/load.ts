import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DoxguardError } from '../errors/index.js';
import { packageRoot } from '../util/package-root.js';
import { ConfigSchema, type Config } from './schema.js';
import { readSecretFile, resolveSecretFiles } from './secrets.js';

/** config/default.yaml, shipped with the package. */
export const DEFAULT_CONFIG_PATH = join(packageRoot(), 'config', 'default.yaml');

/** Environment prefix for overrides: DOXGUARD_CONFIG__kafka__brokers='["h:9092"]'. */
export const ENV_PREFIX = 'DOXGUARD_CONFIG__';
const FILE_SUFFIX = '_FILE';

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge for config layers: objects merge, everything else (arrays too) replaces. */
export function mergeLayers(base: unknown, over: unknown): unknown {
  if (!isPlain(base) || !isPlain(over)) return over === undefined ? base : over;
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = mergeLayers(base[k], v);
  return out;
}

export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new DoxguardError('DG_ERR_CONFIG_READ', `cannot read config file ${path}`, { context: { path }, cause });
  }
  try {
    return parseYaml(text) ?? {};
  } catch (cause) {
    throw new DoxguardError('DG_ERR_CONFIG_READ', `config file ${path} is not valid YAML/JSON: ${String(cause)}`, {
      context: { path },
      cause,
    });
  }
}

/**
 * Overrides from the environment; the only place doxguard reads process.env for config.
 * A name ending in `_FILE` takes its value from that file, as mounted secrets are passed:
 * `DOXGUARD_CONFIG__kafka__sasl__password_FILE=/run/secrets/sasl` (the content, as a string),
 * `DOXGUARD_SECRET_FILE=/run/secrets/fingerprint` (fingerprintSecretFile).
 */
export function envLayer(env: NodeJS.ProcessEnv): Plain {
  let layer: Plain = {};
  const set = (path: string[], value: unknown): void => {
    let node: unknown = value;
    for (const key of [...path].reverse()) node = { [key]: node };
    layer = mergeLayers(layer, node) as Plain;
  };
  for (const [name, raw] of Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (raw === undefined || !name.startsWith(ENV_PREFIX)) continue;
    if (name.endsWith(FILE_SUFFIX)) {
      const path = name.slice(ENV_PREFIX.length, -FILE_SUFFIX.length).split('__');
      set(path, readSecretFile(raw, name));
    } else set(name.slice(ENV_PREFIX.length).split('__'), parseYaml(raw));
  }
  if (env.DOXGUARD_SECRET) set(['fingerprintSecret'], env.DOXGUARD_SECRET);
  if (env.DOXGUARD_SECRET_FILE) set(['fingerprintSecretFile'], env.DOXGUARD_SECRET_FILE);
  if (env.KAFKA_BROKERS)
    set(
      ['kafka', 'brokers'],
      env.KAFKA_BROKERS.split(',').map((s) => s.trim()),
    );
  return layer;
}

/** Render zod issues as `path.to.field: reason` lines. */
export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`).join('\n');
}

export function validateConfig(raw: unknown, origin = 'config'): Readonly<Config> {
  const result = ConfigSchema.safeParse(raw);
  if (!result.success) {
    const paths = result.error.issues.map((i) => i.path.map(String).join('.'));
    throw new DoxguardError('DG_ERR_CONFIG_INVALID', `invalid ${origin}:\n${formatIssues(result.error)}`, {
      context: { origin, paths },
    });
  }
  return deepFreeze(resolveSecretFiles(result.data));
}

export interface LoadConfigOptions {
  /** user config file layered over config/default.yaml */
  file?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** programmatic overrides, last layer (CLI flags, tests) */
  overrides?: unknown;
}

/** Load once at start: default.yaml ← file ← environment ← overrides, validated and frozen. */
export function loadConfig(options: LoadConfigOptions = {}): Readonly<Config> {
  let raw = readConfigFile(DEFAULT_CONFIG_PATH);
  if (options.file) raw = mergeLayers(raw, readConfigFile(options.file));
  raw = mergeLayers(raw, envLayer(options.env ?? {}));
  if (options.overrides !== undefined) raw = mergeLayers(raw, options.overrides);
  return validateConfig(raw, options.file ? `config (${options.file})` : 'config');
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
