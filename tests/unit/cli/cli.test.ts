import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../src/util/package-root.js';
import { cli } from '../../helpers/cli.js';

const root = packageRoot();
const tmp = mkdtempSync(join(tmpdir(), 'dg-cli-'));

describe('doxguard CLI', { timeout: 120_000 }, () => {
  it('demo runs the bundled incident through the pipeline and summarises warnings and commands', async () => {
    const out = join(tmp, 'demo');
    const r = await cli(['demo', '--out', out], { DOXGUARD_SECRET: 'cli-test-secret-0123' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/incidents with alerts: \d+/);
    expect(r.stdout).toMatch(/WARNING|CRITICAL/);
    expect(r.stdout).toMatch(/⇒ .* popup_warning/);
    // the second part: one incident arriving as Bluesky and Mastodon messages, leaving as post and account commands
    const cross = r.stdout.slice(r.stdout.indexOf('arriving as Bluesky'));
    expect(cross).toMatch(/CRITICAL .* platforms bluesky, mastodon/);
    expect(cross).toMatch(/review_takedown .* bluesky:\d+ posts, mastodon:\d+ posts/);
    expect(cross).toMatch(/protect_target .* target account bluesky:did:plc:/);
    expect(cross).toMatch(/warn_account .* participant accounts \(bluesky \d+, mastodon \d+\)/);
    expect(existsSync(join(out, 'bluesky-mastodon', 'interventions.ndjson'))).toBe(true);
    for (const f of ['alerts', 'interventions', 'incidents', 'dlq', 'evidence'])
      expect(existsSync(join(out, `${f}.ndjson`)), f).toBe(true);
    expect(readFileSync(join(out, 'dlq.ndjson'), 'utf8').trim().split('\n').length).toBeGreaterThan(0);

    const ok = await cli(['evidence', 'verify', join(out, 'evidence.ndjson')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok: \d+ entries/);
    const lines = readFileSync(join(out, 'evidence.ndjson'), 'utf8').trim().split('\n');
    const tampered = join(tmp, 'tampered.ndjson');
    writeFileSync(tampered, [lines[0], lines[2], lines[1], ...lines.slice(3)].join('\n') + '\n');
    const bad = await cli(['evidence', 'verify', tampered]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^BROKEN at line 2/);
  });

  it('schema prints the JSON Schema of the input event, of every platform format and of every output record', async () => {
    const r = await cli(['schema']);
    expect(r.code).toBe(0);
    const all = JSON.parse(r.stdout) as Record<string, { properties: Record<string, unknown> }>;
    expect(Object.keys(all).sort()).toEqual(
      [
        'doxguard.alert/1',
        'doxguard.delete/1',
        'doxguard.dlq/1',
        'doxguard.event/1',
        'format/jetstream',
        'format/mastodon',
        'format/reddit',
        'format/weibo',
        'format/x',
        'doxguard.incident/1',
        'doxguard.intervention/1',
        'doxguard.notice/1',
        'doxguard.verdict/1',
      ].sort(),
    );
    expect(all['doxguard.event/1']!.properties).toHaveProperty('createdAt');
    expect(all['doxguard.intervention/1']!.properties).toHaveProperty('ttlSeconds');
    expect(all['format/jetstream']!.properties).toHaveProperty('time_us');
  });

  it('config check names the zod path of a bad value and exits 2', async () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'time:\n  tickEveryMs: -1\n');
    const r = await cli(['config', 'check', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DG_ERR_CONFIG_INVALID');
    expect(r.stderr).toContain('time.tickEveryMs');
    const good = await cli(['config', 'check']);
    expect(good.code).toBe(0);
  });

  it('production mode without a fingerprint secret refuses to start', async () => {
    const r = await cli(['run', '--input', join(root, 'examples/demo-incident.ndjson'), '--out', join(tmp, 'p')], {
      DOXGUARD_CONFIG__mode: 'production',
      DOXGUARD_SECRET: '',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DG_ERR_CONFIG_SECRET_MISSING');
  });

  it('every command has --help', async () => {
    for (const cmd of ['demo', 'run', 'simulate', 'schema', 'config', 'evidence', 'replay', 'report']) {
      const r = await cli([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(/^Usage: doxguard/);
    }
  });
});
