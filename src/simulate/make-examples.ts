/**
 * Regenerates the committed demo under examples/ (run with
 * `npx tsx src/simulate/make-examples.ts`). The options below are the whole
 * recipe: the same options give the same bytes on every machine.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'prettier';
import { packageRoot } from '../util/index.js';
import { simulate } from './generate.js';
import { crossPlatformDemo } from './formats/index.js';
import type { SimulateOptionsInput } from './options.js';

export const DEMO_OPTIONS: SimulateOptionsInput = {
  seed: 'doxguard-demo-6',
  durationMs: 3 * 3600_000,
  backgroundCascades: 150,
  maxCascadeSize: 150,
  viral: 1,
  viralSize: 250,
  doxxing: 2,
  zhShare: 0.5,
  doxxingRoutes: [
    ['weibo', 'douyin'],
    ['x', 'reddit'],
  ],
  doxxingSize: 220,
  noticeShare: 1,
  business: 2,
  publicInterest: 2,
  news: 1,
  malformedRate: 0.006,
};

async function main(): Promise<void> {
  const dir = join(packageRoot(), 'examples');
  const { lines, truth } = simulate(DEMO_OPTIONS);
  writeFileSync(join(dir, 'demo-incident.ndjson'), lines.join('\n') + '\n');
  // formatted as `prettier --check` expects (the file is committed)
  const truthJson = await format(JSON.stringify(truth), { parser: 'json', printWidth: 120 });
  writeFileSync(join(dir, 'demo-incident.truth.json'), truthJson);
  // the English incident as Bluesky (Jetstream) and Mastodon messages: `doxguard demo`'s second part
  const cross = crossPlatformDemo(lines, truth);
  writeFileSync(join(dir, 'demo-bluesky-mastodon.ndjson'), cross.join('\n') + '\n');
  const c = truth.counts;
  console.log(
    `examples/demo-incident.ndjson: ${c.lines} lines (${c.events} events, ${c.notices} notices, ${c.malformed} malformed)`,
  );
  console.log(`examples/demo-bluesky-mastodon.ndjson: ${cross.length} lines (dox-2 as Jetstream and Mastodon)`);
  for (const i of truth.incidents)
    console.log(
      `  ${i.incidentId} ${i.incidentKind} ${i.lang} ${i.platforms.join('→')} ${i.eventCount} events [${i.piiCategories.join(', ')}]`,
    );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
