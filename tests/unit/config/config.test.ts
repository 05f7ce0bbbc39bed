import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigSchema, DEFAULT_CONFIG_PATH, envLayer, loadConfig, readConfigFile } from '../../../src/config/index.js';
import { isDoxguardError } from '../../../src/errors/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'dg-config-'));
const file = (name: string, text: string): string => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

/** every leaf path of a plain object */
function leaves(value: unknown, prefix: string[] = []): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix.join('.')];
  const entries = Object.entries(value);
  if (entries.length === 0) return [prefix.join('.')];
  return entries.flatMap(([k, v]) => leaves(v, [...prefix, k]));
}

describe('config', () => {
  it('default.yaml is exactly the schema defaults, and documents every field', () => {
    const fromFile = ConfigSchema.parse(readConfigFile(DEFAULT_CONFIG_PATH));
    const fromSchema = ConfigSchema.parse({});
    expect(fromFile).toEqual(fromSchema);
    const documented = new Set(leaves(parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8'))));
    for (const leaf of leaves(fromSchema)) {
      if (leaf.startsWith('detectors.') || leaf.startsWith('graph.linkPatterns')) continue;
      expect(documented, `config/default.yaml lacks ${leaf}`).toContain(leaf);
    }
  });

  it('layers file and environment over the defaults and freezes the result', () => {
    const cfg = loadConfig({
      file: file('a.yaml', 'time: {outOfOrdernessMs: 5}\noutput: {dir: elsewhere}\n'),
      env: {
        DOXGUARD_CONFIG__time__outOfOrdernessMs: '7',
        KAFKA_BROKERS: 'h1:9092, h2:9092',
        DOXGUARD_SECRET: 's'.repeat(20),
      },
    });
    expect(cfg.time.outOfOrdernessMs).toBe(7);
    expect(cfg.output.dir).toBe('elsewhere');
    expect(cfg.output.kind).toBe('files');
    expect(cfg.kafka.brokers).toEqual(['h1:9092', 'h2:9092']);
    expect(cfg.fingerprintSecret).toBe('s'.repeat(20));
    expect(Object.isFrozen(cfg.time)).toBe(true);
  });

  it('names the zod path of a bad value', () => {
    try {
      loadConfig({ file: file('bad.yaml', 'risk:\n  levels:\n    warning: 3\nkafka: {brokers: []}\n') });
      expect.unreachable();
    } catch (e) {
      expect(isDoxguardError(e, 'DG_ERR_CONFIG_INVALID')).toBe(true);
      if (!isDoxguardError(e)) return;
      expect(e.message).toContain('risk.levels.warning');
      expect(e.message).toContain('kafka.brokers');
      expect(e.context.paths).toEqual(expect.arrayContaining(['risk.levels.warning', 'kafka.brokers']));
    }
  });

  it('reports unreadable and unparseable files', () => {
    expect(() => loadConfig({ file: join(tmp, 'missing.yaml') })).toThrow(/cannot read config file/);
    expect(() => loadConfig({ file: file('broken.yaml', 'a: [1, 2\n') })).toThrow(/not valid YAML/);
  });

  it('parses environment values as YAML scalars and structures', () => {
    expect(envLayer({ DOXGUARD_CONFIG__policy__shadow: 'true', DOXGUARD_CONFIG__source__files: '[a, b]' })).toEqual({
      policy: { shadow: true },
      source: { files: ['a', 'b'] },
    });
  });
});
