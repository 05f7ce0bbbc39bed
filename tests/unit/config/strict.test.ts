import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  DEFAULT_CONFIG_PATH,
  editDistance,
  loadConfig,
  nearest,
  readConfigFile,
  unknownKeys,
  unknownKeysOf,
} from '../../../src/config/index.js';
import { isDoxguardError, type DoxguardError } from '../../../src/errors/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'dg-strict-'));
const file = (name: string, text: string): string => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

/** The DG_ERR_CONFIG_INVALID that loading throws. */
function failure(load: () => unknown): DoxguardError {
  try {
    load();
  } catch (e) {
    if (isDoxguardError(e, 'DG_ERR_CONFIG_INVALID')) return e;
    throw e;
  }
  throw new Error('config was accepted');
}

describe('strict config', () => {
  it('names an unknown key in a file with its path, the nearest known key and the file', () => {
    const f = file('typo.yaml', 'metrics: {enabeld: true}\nsource: {knd: kafka}\n');
    const e = failure(() => loadConfig({ file: f }));
    expect(e.message).toContain(`metrics.enabeld: unknown key; did you mean enabled? (in ${f})`);
    expect(e.message).toContain(`source.knd: unknown key; did you mean kind? (in ${f})`);
    expect(e.context.paths).toEqual(['metrics.enabeld', 'source.knd']);
  });

  it('checks environment variables the same way, naming the variable', () => {
    const e = failure(() => loadConfig({ env: { DOXGUARD_CONFIG__metrics__enabeld: 'true' } }));
    expect(e.message).toContain(
      'metrics.enabeld: unknown key; did you mean enabled? (from DOXGUARD_CONFIG__metrics__enabeld)',
    );
    const top = failure(() => loadConfig({ env: { DOXGUARD_CONFIG__METRICS__enabled: 'true' } }));
    expect(top.message).toContain('METRICS: unknown key; did you mean metrics?');
    // a single underscore is not a config variable at all, and would otherwise be ignored
    const prefix = failure(() => loadConfig({ env: { DOXGUARD_CONFIG_metrics__enabled: 'true' } }));
    expect(prefix.message).toContain('DOXGUARD_CONFIG_metrics__enabled: not a config variable');
  });

  it('reaches every depth: arrays, records of rules, detector names and detector options', () => {
    const f = file(
      'deep.yaml',
      [
        'graph: {linkPatterns: [{platform: x, patern: "a"}]}',
        'policy: {ttlSeconds: {throtle: 5}, rules: {ladder/critical-throtle: {rollout: 0}}}',
        'pii: {recognizers: {phone: {enabled: true, wieght: 1}}}',
        'detectors:',
        '  cascade/velocty: {enabled: true}',
        '  pii/dossier: {options: {notAnOption: 1}}',
      ].join('\n'),
    );
    const e = failure(() => loadConfig({ file: f }));
    for (const line of [
      'graph.linkPatterns.0.patern: unknown key; did you mean pattern?',
      'policy.ttlSeconds.throtle: unknown key; did you mean throttle?',
      'policy.rules.ladder/critical-throtle: unknown key; did you mean ladder/critical-throttle?',
      'pii.recognizers.phone.wieght: unknown key; did you mean weight?',
      'detectors.cascade/velocty: unknown key; did you mean cascade/velocity?',
      'detectors.pii/dossier.options.notAnOption: unknown key',
    ])
      expect(e.message).toContain(line);
  });

  it('offers no suggestion when nothing is close', () => {
    expect(failure(() => loadConfig({ overrides: { zzzzzzzz: 1 } })).message).toContain(
      'zzzzzzzz: unknown key (from the command line)',
    );
  });

  it('the shipped default.yaml has no unknown key, and known keys pass', () => {
    expect(unknownKeysOf(readConfigFile(DEFAULT_CONFIG_PATH))).toEqual([]);
    expect(loadConfig({ env: { DOXGUARD_CONFIG__metrics__enabled: 'true' } }).metrics.enabled).toBe(true);
  });

  it('walks through defaults, nullables, records and unions', () => {
    const schema = z
      .object({
        a: z.object({ b: z.number() }).nullable().default(null),
        r: z.record(z.string(), z.object({ c: z.number() })),
        u: z.union([z.object({ x: z.number() }), z.object({ y: z.number() })]).optional(),
      })
      .prefault({ r: {} });
    expect(unknownKeys(schema, { a: { bb: 1 }, r: { k: { d: 1 } }, u: { y: 1, yy: 2 } })).toEqual([
      { path: ['a', 'bb'], suggestion: 'b' },
      { path: ['r', 'k', 'd'], suggestion: 'c' },
      { path: ['u', 'yy'], suggestion: 'y' },
    ]);
  });

  it('measures typos as edits, swaps included', () => {
    expect(editDistance('enabeld', 'enabled')).toBe(1);
    expect(editDistance('knd', 'kind')).toBe(1);
    expect(nearest('prot', ['host', 'port', 'platforms'])).toBe('port');
    expect(nearest('completelydifferent', ['port'])).toBeNull();
  });
});
