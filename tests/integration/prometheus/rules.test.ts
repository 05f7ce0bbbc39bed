import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { requireBinary } from './binaries.js';

const DIR = join(import.meta.dirname, '../../../deploy/prometheus');
const promtool = requireBinary('promtool');

function run(args: string[], cwd = DIR): { ok: boolean; out: string } {
  try {
    return { ok: true, out: execFileSync(promtool!, args, { cwd, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'doxguard-rules-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(promtool === null)('Prometheus rules (promtool)', () => {
  it('the scrape config and its rule file are valid', () => {
    const r = run(['check', 'config', 'prometheus.yml']);
    expect(r.out).toContain('SUCCESS');
    expect(r.ok).toBe(true);
  });

  it('the alert rules are valid', () => {
    const r = run(['check', 'rules', 'rules.yml']);
    expect(r.out).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.ok).toBe(true);
  });

  it('every alert rule passes its promtool unit tests', () => {
    const r = run(['test', 'rules', 'rules.test.yml']);
    expect(r.out).toContain('SUCCESS');
    expect(r.ok).toBe(true);
  });

  it('every alert rule has at least one test where it fires', () => {
    const rules = parse(readFileSync(join(DIR, 'rules.yml'), 'utf8')) as {
      groups: { rules: { alert?: string }[] }[];
    };
    const tests = parse(readFileSync(join(DIR, 'rules.test.yml'), 'utf8')) as {
      tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const alerts = rules.groups.flatMap((g) => g.rules.map((r) => r.alert)).filter((a): a is string => !!a);
    const fired = new Set(
      tests.tests.flatMap((t) =>
        (t.alert_rule_test ?? []).filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname),
      ),
    );
    expect(alerts.length).toBeGreaterThanOrEqual(6);
    expect(alerts.filter((a) => !fired.has(a))).toEqual([]);
  });

  it('the tests can fail: a weakened rule breaks them', () => {
    const rules = readFileSync(join(DIR, 'rules.yml'), 'utf8');
    const weakened = rules.replace('up{job="doxguard"} == 0', 'up{job="doxguard"} == 2');
    expect(weakened).not.toBe(rules);
    writeFileSync(join(scratch, 'rules.yml'), weakened);
    copyFileSync(join(DIR, 'rules.test.yml'), join(scratch, 'rules.test.yml'));
    const r = run(['test', 'rules', 'rules.test.yml'], scratch);
    expect(r.ok).toBe(false);
    expect(r.out).toContain('alertname: DoxguardDown');
  });
});
