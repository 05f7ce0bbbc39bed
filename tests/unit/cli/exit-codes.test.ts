import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/util/package-root.js';
import { cli } from '../../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'dg-exit-'));
const demo = join(packageRoot(), 'examples/demo-incident.ndjson');
const secret = { DOXGUARD_SECRET: 'exit-code-test-secret' };

describe('exit codes: 2 for bad input, 1 for a runtime failure', { timeout: 120_000 }, () => {
  it('an unknown config key in a file or in the environment exits 2 and names it', async () => {
    const typo = join(tmp, 'typo.yaml');
    writeFileSync(typo, 'metrics: {enabeld: true}\n');
    const fromFile = await cli(['run', '--config', typo, '--input', demo, '--out', join(tmp, 'o1')], secret);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain('metrics.enabeld: unknown key; did you mean enabled?');
    const fromEnv = await cli(['config', 'check'], { DOXGUARD_CONFIG__source__knd: 'kafka' });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain('source.knd: unknown key; did you mean kind? (from DOXGUARD_CONFIG__source__knd)');
  });

  it('a missing or unreadable input exits 2, for run, replay and report', async () => {
    const missing = join(tmp, 'no-such.ndjson');
    const dir = join(tmp, 'a-dir');
    mkdirSync(dir);
    for (const args of [
      ['run', '--input', missing, '--out', join(tmp, 'o2')],
      ['run', '--input', dir, '--out', join(tmp, 'o3')],
      ['replay', missing, '--out', join(tmp, 'o4')],
      ['report', missing, '--out', join(tmp, 'o5')],
    ]) {
      const r = await cli(args, secret);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain('DG_ERR_INPUT_UNREADABLE');
    }
  });

  it('an output that cannot be opened is a runtime failure: exit 1', async () => {
    const notADir = join(tmp, 'file-not-dir');
    writeFileSync(notADir, 'x');
    const r = await cli(['run', '--input', demo, '--out', notADir], secret);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('DG_ERR_SINK_CONNECT');
  });
});
