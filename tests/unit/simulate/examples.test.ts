import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GroundTruthSchema, simulate } from '../../../src/simulate/index.js';
import { DEMO_OPTIONS } from '../../../src/simulate/make-examples.js';
import { crossPlatformDemo } from '../../../src/simulate/formats/index.js';
import { packageRoot } from '../../../src/util/package-root.js';

const dir = join(packageRoot(), 'examples');

describe('examples/demo-incident', { timeout: 60_000 }, () => {
  const { lines, truth } = simulate(DEMO_OPTIONS);

  it('is exactly what src/simulate/make-examples.ts generates (regenerate it after changing the simulator)', () => {
    expect(readFileSync(join(dir, 'demo-incident.ndjson'), 'utf8')).toBe(lines.join('\n') + '\n');
    const committed = GroundTruthSchema.parse(JSON.parse(readFileSync(join(dir, 'demo-incident.truth.json'), 'utf8')));
    expect(committed).toEqual(truth);
    expect(readFileSync(join(dir, 'demo-bluesky-mastodon.ndjson'), 'utf8')).toBe(
      crossPlatformDemo(lines, truth).join('\n') + '\n',
    );
  });

  it('holds what the demo needs to show', () => {
    const dox = truth.incidents.filter((i) => i.incidentKind === 'doxxing');
    const zh = dox.find((i) => i.lang === 'zh')!;
    expect(zh.platforms).toEqual(['weibo', 'douyin']);
    expect(zh.jump?.via).toContain('url');
    expect(zh.notices.length).toBeGreaterThan(0);
    expect(dox.some((i) => i.lang === 'en')).toBe(true);
    const kinds = new Set(truth.incidents.map((i) => i.incidentKind));
    for (const k of ['business', 'public_interest', 'news'] as const) expect(kinds.has(k)).toBe(true);
    expect(new Set(truth.malformed.map((m) => m.kind)).size).toBe(9);
    expect(lines.length).toBeLessThan(2500);
  });
});
