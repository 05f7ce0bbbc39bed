import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DoxguardError } from '../errors/index.js';
import { packageRoot } from '../util/index.js';
import { DETECTORS } from '../../detectors/index.js';
import { RULE_NAMES } from '../policy/index.js';
import { ConfigSchema, type Config } from './schema.js';
import { readSecretFile, resolveSecretFiles } from './secrets/index.js';
import { describeUnknownKey, nearest, unknownKeys, type UnknownKey } from './strict.js';

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
  if (env.DOXGUARD_FORMAT) set(['source', 'format'], formatList(env.DOXGUARD_FORMAT));
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

/**
 * Unknown keys of one layer: the config schema's, then each named detector's
 * own options schema (`detectors.<name>.options` is opaque to ConfigSchema).
 */
export function unknownKeysOf(layer: unknown): UnknownKey[] {
  const found = unknownKeys(ConfigSchema, layer);
  const detectors = isPlain(layer) && isPlain(layer.detectors) ? layer.detectors : {};
  const names = DETECTORS.map((d) => d.name);
  for (const [name, entry] of Object.entries(detectors)) {
    const detector = DETECTORS.find((d) => d.name === name);
    if (!detector) found.push({ path: ['detectors', name], suggestion: nearest(name, names) });
    else if (isPlain(entry))
      found.push(...unknownKeys(detector.options as z.ZodType, entry.options, ['detectors', name, 'options']));
  }
  const policy = isPlain(layer) && isPlain(layer.policy) ? layer.policy : {};
  for (const name of Object.keys(isPlain(policy.rules) ? policy.rules : {}))
    if (!RULE_NAMES.includes(name))
      found.push({ path: ['policy', 'rules', name], suggestion: nearest(name, RULE_NAMES) });
  return found;
}

/** Throws DG_ERR_CONFIG_INVALID naming every unknown key of the layers, each with where it came from. */
export function rejectUnknownKeys(layers: readonly { origin: string; value: unknown }[]): void {
  const lines: string[] = [];
  const paths: string[] = [];
  for (const { origin, value } of layers)
    for (const u of unknownKeysOf(value)) {
      lines.push(`${describeUnknownKey(u)} (${origin})`);
      paths.push(u.path.join('.'));
    }
  if (lines.length > 0)
    throw new DoxguardError('DG_ERR_CONFIG_INVALID', `invalid config:\n${lines.join('\n')}`, {
      context: { paths },
    });
}

/** The environment as config layers, one per DOXGUARD_CONFIG__ variable (so a bad key names its variable). */
function envLayers(env: NodeJS.ProcessEnv): { origin: string; value: unknown }[] {
  const layers: { origin: string; value: unknown }[] = [];
  for (const name of Object.keys(env).sort()) {
    if (env[name] === undefined) continue;
    if (name.startsWith(ENV_PREFIX))
      // a *_FILE variable's key path is checked without reading the secret it points at
      layers.push({
        origin: `from ${name}`,
        value: name.endsWith(FILE_SUFFIX)
          ? envLayer({ [name.slice(0, -FILE_SUFFIX.length)]: '' })
          : envLayer({ [name]: env[name] }),
      });
    else if (name.startsWith('DOXGUARD_CONFIG'))
      throw new DoxguardError(
        'DG_ERR_CONFIG_INVALID',
        `${name}: not a config variable; config variables are ${ENV_PREFIX}<path separated by __>, e.g. ${ENV_PREFIX}metrics__enabled=true`,
        { context: { paths: [name] } },
      );
  }
  return layers;
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
  const defaults = readConfigFile(DEFAULT_CONFIG_PATH);
  const file = options.file ? readConfigFile(options.file) : undefined;
  const env = options.env ?? {};
  // An unknown key anywhere stops the start, whichever layer it is in (typos used to be dropped silently).
  rejectUnknownKeys([
    { origin: `in ${DEFAULT_CONFIG_PATH}`, value: defaults },
    ...(options.file ? [{ origin: `in ${options.file}`, value: file }] : []),
    ...envLayers(env),
    ...(options.overrides !== undefined ? [{ origin: 'from the command line', value: options.overrides }] : []),
  ]);
  let raw = defaults;
  if (options.file) raw = mergeLayers(raw, file);
  raw = mergeLayers(raw, envLayer(env));
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

/** `jetstream` or `jetstream,mastodon` (DOXGUARD_FORMAT, --format): one format, or the list of several. */
export function formatList(value: string): string | string[] {
  const list = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length === 1 ? list[0]! : list;
}
