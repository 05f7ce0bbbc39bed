import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/util/package-root.js';

const root = packageRoot();

/** Runs `doxguard forecast` from source, optionally feeding stdin. */
function forecastCli(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'forecast', ...args], {
      cwd: root,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const t0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const event = (postId: string, minutes: number, parentId: string | null, platform = 'weibo'): string =>
  JSON.stringify({
    eventId: `e_${platform}_${postId}`,
    platform,
    kind: parentId === null ? 'post' : 'repost',
    postId,
    parentId,
    authorId: `a_${postId}`,
    createdAt: new Date(t0 + minutes * 60_000).toISOString(),
  });

const history = [
  event('Root-1', 0, null),
  ...Array.from({ length: 12 }, (_, i) => event(`r${i}`, 3 * i + 1, i % 2 ? `r${i - 1}` : 'Root-1')),
  event('9001', 10, null, 'x'),
  event('9002', 70, '9001', 'x'),
  'not json',
].join('\n');

describe('doxguard forecast (CLI)', { timeout: 60_000 }, () => {
  it('prints one NDJSON line per cascade and horizon, ids and horizons exactly as given, from a file or stdin', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dg-forecast-')), 'history.ndjson');
    writeFileSync(file, history + '\n');
    const r = await forecastCli(['--input', file, '--at', '30m,1h,24h']);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => Object.keys(l))).toEqual(
      lines.map(() => ['rootId', 'horizon', 'observed', 'forecast', 'low', 'high']),
    );
    expect(lines.map((l) => [l.rootId, l.horizon, l.observed])).toEqual([
      ['Root-1', '30m', 11],
      ['Root-1', '1h', 13],
      ['Root-1', '24h', 13],
      ['9001', '30m', 1],
      ['9001', '1h', 2],
      ['9001', '24h', 2],
    ]);
    expect(r.stderr).toMatch(/1 records skipped/);
    const piped = await forecastCli(['--input', '-', '--at', '30m,1h,24h'], history);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(r.stdout);
  });

  it('rejects an unreadable horizon with a usage error', async () => {
    const r = await forecastCli(['--input', '-', '--at', '1h,soon'], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a horizon: "soon"/);
  });
});
