import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DETECTORS } from '../../../detectors/index.js';
import { ConfigSchema, DEFAULT_CONFIG_PATH } from '../../../src/config/index.js';

/**
 * A detector is one file plus one registry line: config's `detectors`
 * default comes from the registry and each detector's own option schema, and
 * config/default.yaml is checked against them rather than kept by hand.
 */
describe('detector defaults in config', () => {
  const yamlText = readFileSync(DEFAULT_CONFIG_PATH, 'utf8');
  const documented = (parse(yamlText) as { detectors: Record<string, { options: Record<string, unknown> }> }).detectors;

  it('config defaults enable every registered detector, in registry order', () => {
    const defaults = ConfigSchema.parse({}).detectors;
    expect(Object.keys(defaults)).toEqual(DETECTORS.map((d) => d.name));
    for (const d of DETECTORS) expect(defaults[d.name]!.enabled).toBe(true);
  });

  it("default.yaml lists every registered detector, each option it spells out being one its schema ships, at the schema's default", () => {
    expect(Object.keys(documented)).toEqual(DETECTORS.map((d) => d.name));
    for (const d of DETECTORS) {
      const schemaDefaults = d.options.parse({}) as Record<string, unknown>;
      const options = documented[d.name]!.options;
      expect(Object.keys(options), d.name).toEqual([...(d.shipped ?? [])]);
      for (const [k, v] of Object.entries(options)) expect(v, `${d.name}.${k}`).toEqual(schemaDefaults[k]);
    }
  });

  it('default.yaml says in a comment what each detector does', () => {
    const lines = yamlText.split('\n');
    for (const d of DETECTORS) {
      const at = lines.findIndex((l) => l.startsWith(`  ${d.name}:`));
      expect(at, d.name).toBeGreaterThan(0);
      expect(lines[at - 1], `comment above ${d.name}`).toMatch(/^\s+#/);
    }
  });
});
