import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DLQ_REASONS } from '../../../src/contract/index.js';
import { DoxguardError, ERROR_CATALOGUE } from '../../../src/errors/index.js';
import { packageRoot } from '../../../src/util/package-root.js';

const readme = readFileSync(join(packageRoot(), 'README.md'), 'utf8');
const section = (title: string): string => {
  const start = readme.indexOf(`## ${title}`);
  const end = readme.indexOf('\n## ', start + 3);
  return readme.slice(start, end === -1 ? undefined : end);
};

describe('error catalogue', () => {
  it('documents every error code in the README with its exit code', () => {
    const doc = section('Error codes');
    for (const [code, { exit }] of Object.entries(ERROR_CATALOGUE)) {
      const row = doc.split('\n').find((l) => l.startsWith(`| ${code} |`));
      expect(row, `${code} is not documented in README "Error codes"`).toBeDefined();
      expect(row).toContain(`| ${code} | ${exit} |`);
    }
  });

  it('documents no code that does not exist', () => {
    const documented = [...section('Error codes').matchAll(/^\| (DG_ERR_[A-Z_]+) \|/gm)].map((m) => m[1]);
    expect(new Set(documented)).toEqual(new Set(Object.keys(ERROR_CATALOGUE)));
  });

  it('documents every dead-letter reason', () => {
    for (const reason of Object.keys(DLQ_REASONS)) expect(readme).toContain(`| ${reason} |`);
  });

  it('uses one naming scheme', () => {
    for (const code of Object.keys(ERROR_CATALOGUE)) expect(code).toMatch(/^DG_ERR_[A-Z]+_[A-Z_]+$/);
  });

  it('carries code, context and cause', () => {
    const cause = new Error('root');
    const e = new DoxguardError('DG_ERR_SINK_WRITE', 'x', { context: { dir: '/o' }, cause });
    expect(e.cause).toBe(cause);
    expect(e.toJSON()).toEqual({ code: 'DG_ERR_SINK_WRITE', message: 'x', context: { dir: '/o' } });
  });
});
