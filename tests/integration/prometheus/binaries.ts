import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Locate Debian's `prometheus` and `promtool` (apt-get install prometheus).
 * PROMETHEUS_BIN / PROMTOOL_BIN override the lookup. Under CI=true a
 * missing binary is an error, never a skip; locally the tests skip with a
 * message saying what to install.
 */
export function findBinary(name: 'prometheus' | 'promtool'): string | null {
  const override = process.env[`${name.toUpperCase()}_BIN`];
  if (override) return existsSync(override) ? override : null;
  for (const dir of ['/usr/bin', '/usr/local/bin', '/bin']) if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/** The binary's path; under CI a missing one throws so the suite fails. null means: skip locally. */
export function requireBinary(name: 'prometheus' | 'promtool'): string | null {
  const path = findBinary(name);
  if (path === null && IN_CI)
    throw new Error(`${name} not found: CI must install Debian's prometheus package (apt-get install -y prometheus)`);
  if (path === null) console.warn(`${name} not found: skipping (apt-get install -y prometheus to run this test)`);
  return path;
}
