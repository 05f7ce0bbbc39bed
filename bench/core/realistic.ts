/**
 * The realistic workload of bench/core as a file (outside the repository's history: bench/core/out is
 * ignored; real rows never enter a commit, a log or a report): bench/realistic's units of the tune split,
 * real background cascades (run A) and the doxxing overlays and hard negatives (run B), a seeded sample
 * of whole units up to --limit events, in event-time order, each line as bench/realistic feeds it.
 *
 *   npx tsx bench/core/realistic.ts [--limit 300000] [--data ../shared/data]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Rng } from '../../src/util/rng.js';
import { build } from '../realistic/build.js';
import { eventLine } from '../realistic/pipeline-run.js';

const { values: a } = parseArgs({
  options: {
    limit: { type: 'string', default: '300000' },
    data: { type: 'string', default: join(process.cwd(), '..', 'shared', 'data') },
  },
});
const limit = Number(a.limit);
const out = join(process.cwd(), 'bench', 'core', 'out');
const built = build({
  dataDir: a.data,
  work: join(process.cwd(), 'bench', 'realistic', 'out'),
  split: 'tune',
  seed: 1,
  zhPerKind: 40,
  enPerKind: 20,
  laidPerCorpus: 150,
  maxHostPosts: 400,
  maxEventPosts: 1000,
  limitReal: Infinity,
});
const units = [...built.runA, ...built.runB];
const order = new Rng(17).shuffle(units.map((_, i) => i));
const events: [number, number, number][] = [];
let kept = 0;
let keptUnits = 0;
for (const ui of order) {
  const u = units[ui]!;
  if (kept + u.posts.length > limit) continue;
  u.posts.forEach((p, i) => events.push([p.time, ui, i]));
  kept += u.posts.length;
  keptUnits++;
}
events.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
mkdirSync(out, { recursive: true }); // a fresh clone has no bench/core/out yet
const file = join(out, `realistic-${limit}.ndjson`);
writeFileSync(file, events.map(([, ui, i]) => eventLine(units[ui]!, ui, i)).join('\n') + '\n');
const overlays = new Set(built.runB.map((_, i) => built.runA.length + i));
console.log(
  JSON.stringify({
    file,
    events: events.length,
    units: keptUnits,
    overlayEvents: events.filter(([, ui]) => overlays.has(ui)).length,
  }),
);
