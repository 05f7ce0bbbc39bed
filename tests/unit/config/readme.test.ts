import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DETECTORS } from '../../../detectors/registry.js';
import { packageRoot } from '../../../src/util/index.js';

/** The README a new user follows: what it names must be there and true. */
const readme = readFileSync(join(packageRoot(), 'README.md'), 'utf8');

describe('README', () => {
  it('lists every registered detector in its Detectors table, and nothing else', () => {
    const section = readme.slice(
      readme.indexOf('## Detectors'),
      readme.indexOf('\n## ', readme.indexOf('## Detectors') + 3),
    );
    const rows = [...section.matchAll(/^\| (\w+) \| ([\w-]+) \|/gm)]
      .map((m) => `${m[1]}/${m[2]}`)
      .filter((n) => n !== 'family/detector');
    expect(rows).toEqual(DETECTORS.map((d) => d.name));
  });

  it('builds before the first `npx doxguard` command line', () => {
    const firstRun = readme.search(/^(?:[A-Z_]+=\S+ )*npx doxguard /m);
    expect(firstRun).toBeGreaterThan(0);
    expect(readme.indexOf('npm run build')).toBeGreaterThan(0);
    expect(readme.indexOf('npm run build')).toBeLessThan(firstRun);
  });

  it('points at no file outside the repository', () => {
    expect(readme).not.toMatch(/\.\.\/[\w.]/);
    expect(readme).not.toMatch(/DESIGN\.md/);
  });
});
