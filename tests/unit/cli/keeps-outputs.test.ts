import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/util/package-root.js';
import { cli } from '../../helpers/cli.js';

const root = packageRoot();
const demo = join(root, 'examples/demo-incident.ndjson');
const env = { DOXGUARD_SECRET: 'keeps-outputs-secret-0' };
const FILES = ['alerts.ndjson', 'interventions.ndjson', 'incidents.ndjson', 'dlq.ndjson', 'evidence.ndjson'];
const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

/** `doxguard run --input - --out dir`, fed part of the demo, then SIGTERM and end of input: exit code and stderr. */
function interruptedRun(dir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'run', '--input', '-', '--out', dir],
      {
        cwd: root,
        env: { ...process.env, ...env },
      },
    );
    let stderr = '';
    let signalled = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!signalled && stderr.includes('"startup":')) {
        signalled = true;
        child.stdin.write(readFileSync(demo, 'utf8').split('\n').slice(0, 40).join('\n') + '\n');
        child.kill('SIGTERM');
        setTimeout(() => child.stdin.end(), 1000);
      }
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('a run that fails or is interrupted destroys nothing', { timeout: 400_000 }, () => {
  it('keeps the previous run files byte for byte after bad input, bad config and SIGTERM', async () => {
    const keep = mkdtempSync(join(tmpdir(), 'dg-keep-'));
    expect((await cli(['run', '--input', demo, '--out', keep], env)).code).toBe(0);
    const before = snapshot(keep);
    expect(before['alerts.ndjson']!.length).toBeGreaterThan(0);

    const typo = await cli(['run', '--input', join(keep, 'no-such-input.ndjson'), '--out', keep], env);
    expect(typo.code).toBe(2);
    const badConfig = join(tmpdir(), `dg-keep-bad-${process.pid}.yaml`);
    writeFileSync(badConfig, 'output: {maxPostIdz: 3}\n');
    expect((await cli(['run', '--config', badConfig, '--input', demo, '--out', keep], env)).code).toBe(2);
    expect(snapshot(keep)).toEqual(before);

    const stopped = await interruptedRun(keep);
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain('interrupted: this run');
    expect(snapshot(keep)).toEqual(before);
    // its own outputs wait beside them (the evidence stage only once it has an entry)
    const partial = readdirSync(keep).filter((f) => f.endsWith('.partial'));
    for (const f of FILES.slice(0, 4)) expect(partial).toContain(`${f}.partial`);

    // A completed run replaces the outputs and appends its evidence to the chain.
    expect((await cli(['run', '--input', demo, '--out', keep], env)).code).toBe(0);
    const after = snapshot(keep);
    expect(after['evidence.ndjson']!.startsWith(before['evidence.ndjson']!)).toBe(true);
    expect(after['evidence.ndjson']!.length).toBeGreaterThan(before['evidence.ndjson']!.length);
    expect(readdirSync(keep).filter((f) => f.endsWith('.partial'))).toEqual([]);
    const verify = await cli(['evidence', 'verify', join(keep, 'evidence.ndjson')]);
    expect(verify.code).toBe(0);
  });
});
