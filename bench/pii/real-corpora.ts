/**
 * The real text corpora of ../shared/data/text as units (a cascade, a thread, an event's tweets, or one post)
 * with the evaluation split shared with bench/realistic: a unit is `tune` when the first hex digit of
 * sha256(`${sourceFile}:${unitId}`) is below 8, else `report`. Tune on `tune` only.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

export const TEXT_DIR = resolve(import.meta.dirname, '../../../shared/data/text');

export type Split = 'tune' | 'report';

export function splitOf(sourceFile: string, unitId: string): Split {
  const h = createHash('sha256').update(`${sourceFile}:${unitId}`).digest('hex');
  return h[0]! < '8' ? 'tune' : 'report';
}

export interface RealPost {
  readonly id: string;
  readonly parentId: string | null;
  /** epoch ms, or null when the corpus has no time */
  readonly time: number | null;
  readonly text: string;
  readonly author: string | null;
}

export interface Unit {
  readonly source: string;
  readonly unitId: string;
  readonly split: Split;
  readonly lang: 'zh' | 'en';
  /** the root first, when the unit is a cascade */
  readonly posts: readonly RealPost[];
}

type Row = Record<string, unknown>;

async function* rows(file: string): AsyncGenerator<Row> {
  const path = resolve(TEXT_DIR, file);
  if (!existsSync(path)) return;
  const input = file.endsWith('.gz') ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  for await (const line of createInterface({ input, crlfDelay: Infinity }))
    if (line.trim() !== '') yield JSON.parse(line) as Row;
}

const str = (x: unknown): string => (typeof x === 'string' ? x : x === undefined || x === null ? '' : String(x));
const cnTime = (t: string): number | null => {
  const ms = Date.parse(`${t.replace(' ', 'T')}${t.length <= 16 ? ':00' : ''}+08:00`);
  return Number.isFinite(ms) ? ms : null;
};

/** One post per row: the corpora without structure. */
const FLAT: readonly [file: string, lang: 'zh' | 'en'][] = [
  ['zh_weibo_senti_100k_partial.jsonl.gz', 'zh'],
  ['zh_weibo_smp2020_ewect_virus.jsonl', 'zh'],
  ['zh_weibo_osm2022_event_comments.jsonl', 'zh'],
  ['zh_cold_offensive.jsonl.gz', 'zh'],
  ['zh_toxicn_1.0.jsonl', 'zh'],
  ['zh_weibo_ner_peng2015.jsonl', 'zh'],
  ['en_davidson_hate_offensive.jsonl.gz', 'en'],
  ['en_tweeteval.jsonl.gz', 'en'],
];
export const CORPORA: readonly string[] = [
  'zh_weibo_checked_covid_cascades.jsonl.gz',
  'en_rumoureval2017_threads.jsonl',
  'en_ma2016_twitter_event_tweets.jsonl.gz',
  ...FLAT.map(([f]) => f),
];

/** The Weibo cascades: the source post, then its comments and reposts (parent: the root). */
async function* weiboCascades(): AsyncGenerator<Unit> {
  const file = 'zh_weibo_checked_covid_cascades.jsonl.gz';
  for await (const r of rows(file)) {
    const id = str(r.id);
    const root: RealPost = { id, parentId: null, time: cnTime(str(r.date)), text: str(r.text), author: str(r.u) };
    const children = [...((r.comments as Row[]) ?? []), ...((r.reposts as Row[]) ?? [])].map((c, i): RealPost => ({
      id: `${id}/${i}`,
      parentId: id,
      time: cnTime(str(c.t)),
      text: str(c.text),
      author: str(c.u),
    }));
    yield { source: file, unitId: id, split: splitOf(file, id), lang: 'zh', posts: [root, ...children] };
  }
}

async function* rumourThreads(): AsyncGenerator<Unit> {
  const file = 'en_rumoureval2017_threads.jsonl';
  for await (const r of rows(file)) {
    const id = str(r.thread_id);
    const posts = ((r.posts as Row[]) ?? []).map((p): RealPost => ({
      id: str(p.post_id),
      parentId: p.parent_id === null ? null : str(p.parent_id),
      time: typeof p.time === 'number' ? p.time * 1000 : null,
      text: str(p.text),
      author: null,
    }));
    yield { source: file, unitId: id, split: splitOf(file, id), lang: 'en', posts };
  }
}

/** Ma et al.'s tweets grouped by event: one unit per event (no reply structure). */
async function* twitterEvents(): AsyncGenerator<Unit> {
  const file = 'en_ma2016_twitter_event_tweets.jsonl.gz';
  let current: { id: string; posts: RealPost[] } | null = null;
  for await (const r of rows(file)) {
    const ev = str(r.event);
    if (current && current.id !== ev) {
      yield { source: file, unitId: current.id, split: splitOf(file, current.id), lang: 'en', posts: current.posts };
      current = null;
    }
    current ??= { id: ev, posts: [] };
    const t = Date.parse(str(r.time));
    current.posts.push({
      id: str(r.tweet_id),
      parentId: null,
      time: Number.isFinite(t) ? t : null,
      text: str(r.text),
      author: null,
    });
  }
  if (current)
    yield { source: file, unitId: current.id, split: splitOf(file, current.id), lang: 'en', posts: current.posts };
}

async function* flat(file: string, lang: 'zh' | 'en'): AsyncGenerator<Unit> {
  for await (const r of rows(file)) {
    const id = str(r.id);
    yield {
      source: file,
      unitId: id,
      split: splitOf(file, id),
      lang,
      posts: [{ id, parentId: null, time: null, text: str(r.text), author: null }],
    };
  }
}

/** Every unit of one corpus file. */
export function unitsOf(file: string): AsyncGenerator<Unit> {
  if (file === 'zh_weibo_checked_covid_cascades.jsonl.gz') return weiboCascades();
  if (file === 'en_rumoureval2017_threads.jsonl') return rumourThreads();
  if (file === 'en_ma2016_twitter_event_tweets.jsonl.gz') return twitterEvents();
  const f = FLAT.find(([name]) => name === file);
  if (!f) throw new Error(`unknown corpus ${file}`);
  return flat(f[0], f[1]);
}
