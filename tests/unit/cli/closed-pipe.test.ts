import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');

describe('a reader that closes the pipe early', () => {
  it('ends the command quietly with exit 0, not an EPIPE crash', () => {
    // the bundled example eight times over: far more forecasts than a pipe buffer holds
    const dir = mkdtempSync(join(tmpdir(), 'doxguard-pipe-'));
    const input = join(dir, 'in.ndjson');
    writeFileSync(input, readFileSync(join(ROOT, 'examples/demo-incident.ndjson'), 'utf8').repeat(8));
    const cli = [process.execPath, '--import', 'tsx', join(ROOT, 'src/cli/main.ts')].map((a) => `'${a}'`).join(' ');
    // exactly what a user types: `doxguard forecast … | head -1`; the command's own exit code and stderr
    const r = spawnSync(
      'bash',
      [
        '-c',
        `${cli} forecast -i '${input}' --at 1m,2m,5m,10m,30m,1h,6h,24h 2>'${dir}/err' | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const stderr = readFileSync(join(dir, 'err'), 'utf8');
    expect(stderr).not.toMatch(/EPIPE/);
    expect(r.stdout.trim()).toBe('0');
  });
});
