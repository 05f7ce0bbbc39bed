/**
 * The real cascades of ../shared/data/text (Weibo cascades with comments and reposts, the RumourEval reply
 * threads, Ma et al.'s Twitter event bursts) run as they are through the whole pipeline with a config: how
 * many reach `warning`/`critical`, how many are throttled, and which reasons and gates decided. None of them is
 * doxxing (text/README.md), so every warning is a false alarm.
 * Run: npx tsx bench/risk/real-cascades.ts [--split tune|report|all] [--config FILE] [--max-units N] [--why]
 * --why prints, per warned cascade, its id and the reason codes (no text).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { createPiiScanner } from '../../detectors/pii/index.js';
import { ConfigSchema } from '../../src/config/index.js';
import { NO_HOOKS, type OutputRecord, type RawRecord } from '../../src/contract/index.js';
import { createPipeline } from '../../src/pipeline/index.js';
import { unitsOf, type Unit } from '../pii/real-corpora.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const split = arg('--split') ?? 'tune';
const maxUnits = Number(arg('--max-units') ?? Infinity);
const why = process.argv.includes('--why');
const configFile = arg('--config');
const secret = 'bench-real-cascades-secret-0123456789';
const config = ConfigSchema.parse({
  ...(configFile ? (parseYaml(readFileSync(configFile, 'utf8')) as object) : {}),
  fingerprintSecret: secret,
});
const CASCADES = [
  ['zh_weibo_checked_covid_cascades.jsonl.gz', 'weibo', 'zh-CN'],
  ['en_rumoureval2017_threads.jsonl', 'x', 'en'],
  ['en_ma2016_twitter_event_tweets.jsonl.gz', 'x', 'en'],
] as const;

/** One unit as events: its own root, children reply to their parent (or the root); times made increasing. */
function eventsOf(u: Unit, platform: string, lang: string, base: number): string[] {
  const root = u.posts[0]!;
  const t0 = root.time ?? base;
  const ids = new Set(u.posts.map((p) => p.id));
  return u.posts.map((p, i) => {
    const parent = i === 0 ? null : p.parentId && ids.has(p.parentId) ? p.parentId : root.id;
    const time = Math.max(t0, p.time ?? t0) + i; // order kept, ties broken
    return JSON.stringify({
      eventId: `${u.unitId}:${i}`,
      platform,
      kind: i === 0 ? 'post' : 'repost',
      postId: `${u.unitId}/${p.id}`,
      parentId: parent === null ? null : `${u.unitId}/${parent}`,
      rootId: `${u.unitId}/${root.id}`,
      authorId: p.author ? `${u.unitId}:${p.author}` : `${u.unitId}:a${i}`,
      createdAt: time,
      text: p.text,
      lang,
    });
  });
}

interface Outcome {
  warned: boolean;
  throttled: boolean;
  codes: Set<string>;
}

for (const [file, platform, lang] of CASCADES) {
  let units = 0;
  let posts = 0;
  let warned = 0;
  let throttled = 0;
  let reviewed = 0;
  const reasonCount = new Map<string, number>();
  for await (const u of unitsOf(file)) {
    if (split !== 'all' && u.split !== split) continue;
    if (++units > maxUnits) break;
    posts += u.posts.length;
    const records: OutputRecord[] = [];
    const pipeline = createPipeline({
      config,
      sink: { name: 'memory', emit: (r) => void records.push(r), flush: async () => {}, close: async () => {} },
      scanner: createPiiScanner(config.pii, secret),
      hooks: NO_HOOKS,
      timer: null,
    });
    const lines = eventsOf(u, platform, lang, Date.UTC(2020, 0, 1));
    const raw: RawRecord[] = lines.map((l, i) => ({
      value: Buffer.from(l),
      key: null,
      position: { kind: 'file', file: 'real.ndjson', line: i + 1 },
    }));
    for (let i = 0; i < raw.length; i += 1000)
      await pipeline.handleBatch({ records: raw.slice(i, i + 1000), commit: async () => {} });
    await pipeline.finish();
    const o: Outcome = { warned: false, throttled: false, codes: new Set() };
    for (const r of records) {
      if (r.schema === 'doxguard.alert/1' && (r.level === 'warning' || r.level === 'critical')) {
        o.warned = true;
        for (const x of r.reasons) o.codes.add(x.code.startsWith('PII_') ? `${x.code}[${x.message}]` : x.code);
      }
      if (r.schema === 'doxguard.intervention/1' && r.action === 'throttle') o.throttled = true;
      if (r.schema === 'doxguard.intervention/1' && r.action === 'review_takedown') reviewed++;
    }
    if (o.warned) warned++;
    if (o.throttled) throttled++;
    for (const c of o.codes)
      reasonCount.set(c.replace(/\[.*$/, ''), (reasonCount.get(c.replace(/\[.*$/, '')) ?? 0) + 1);
    if (why && o.warned) console.log(`  warned ${file.slice(0, 12)} ${u.unitId}: ${[...o.codes].join(' ')}`);
    if (why && o.throttled) console.log(`  throttled ${u.unitId}`);
  }
  units = Math.min(units, maxUnits);
  console.log(
    `${file} (${split}): ${units} cascades, ${posts} posts; warned ${warned} (${((100 * warned) / Math.max(1, units)).toFixed(2)}%), throttled ${throttled}, review commands ${reviewed}`,
  );
  if (reasonCount.size)
    console.log(
      `  reasons in warnings: ${[...reasonCount]
        .sort((a, b) => b[1] - a[1])
        .map(([c, n]) => `${c} ${n}`)
        .join(', ')}`,
    );
}
