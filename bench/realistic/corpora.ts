/**
 * Readers of ../shared/data/text: real cascades with their text (Weibo
 * CHECKED, RumourEval threads, Ma 2016 Twitter events) as units, and the
 * post-only corpora as lists of posts. Nothing read here is written anywhere
 * but into the pipeline's memory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { splitOf, type Split } from './split.js';
import { inTimeOrder, pseudonym, taggedNames, type Lang, type Unit, type UnitPost } from './units.js';

export const CHECKED = 'zh_weibo_checked_covid_cascades.jsonl.gz';
export const RUMOUREVAL = 'en_rumoureval2017_threads.jsonl';
export const MA2016 = 'en_ma2016_twitter_event_tweets.jsonl.gz';

/** Rows of a JSON Lines file, gzipped or not. */
export function readJsonl<T>(file: string): T[] {
  const raw = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const out: T[] = [];
  for (const line of text.split('\n')) if (line.trim() !== '') out.push(JSON.parse(line) as T);
  return out;
}

const mentionsOf = (text: string): UnitPost['mentions'] => {
  const names = taggedNames(text);
  return names.length ? [...new Set(names)].map((n) => ({ accountId: pseudonym('acct_', n) })) : undefined;
};

/** Beijing time as written on Weibo ('2020-04-02 08:52'). */
const weiboTime = (s: string): number => Date.parse(`${s.replace(' ', 'T')}:00+08:00`);

interface CheckedRow {
  id: string;
  date: string;
  u: number;
  text: string;
  comments: { u: number; t: string; text: string }[];
  reposts: { u: number; t: string; text: string }[];
}

/**
 * A Weibo cascade: the post, its comments (replies to it) and its reposts. A
 * repost's parent is the repost whose whole text is what follows its first
 * `//@name:` (Weibo quotes the chain it reposted); the post itself otherwise.
 */
export function checkedUnits(textDir: string, maxPosts: number): Unit[] {
  return readJsonl<CheckedRow>(join(textDir, CHECKED)).map((row) => {
    const posts: UnitPost[] = [
      { parent: null, time: weiboTime(row.date), text: row.text, author: `a${row.u}`, kind: 'post' },
    ];
    for (const c of row.comments)
      posts.push({ parent: 0, time: weiboTime(c.t), text: c.text, author: `a${c.u}`, kind: 'reply' });
    for (const r of row.reposts)
      posts.push({ parent: 0, time: weiboTime(r.t), text: r.text, author: `a${r.u}`, kind: 'repost' });
    const ordered = inTimeOrder(posts).slice(0, maxPosts);
    const byText = new Map<string, number>();
    ordered.forEach((p, i) => {
      if (p.kind === 'repost') {
        const m = /\/\/@[^:：]{1,40}[:：]/.exec(p.text);
        const parent = m ? byText.get(p.text.slice(m.index + m[0].length)) : undefined;
        if (parent !== undefined) p.parent = parent;
        byText.set(p.text, i);
      }
      const mentions = mentionsOf(p.text);
      if (mentions) p.mentions = mentions;
    });
    return unit(CHECKED, row.id, 'zh', 'weibo', 'real:weibo_checked', ordered);
  });
}

interface ThreadRow {
  thread_id: string;
  posts: { post_id: string; parent_id: string | null; time: number; text: string }[];
}

/** A RumourEval (PHEME) thread: a source tweet and its replies, with their parents. */
export function rumourevalUnits(textDir: string): Unit[] {
  return readJsonl<ThreadRow>(join(textDir, RUMOUREVAL)).map((row) => {
    const index = new Map(row.posts.map((p, i) => [p.post_id, i]));
    const posts: UnitPost[] = row.posts.map((p, i) => ({
      parent: p.parent_id === null || i === 0 ? null : (index.get(p.parent_id) ?? 0),
      time: Math.round(p.time * 1000),
      text: p.text ?? '',
      author: `a${i}`,
      kind: p.parent_id === null || i === 0 ? 'post' : 'reply',
    }));
    const ordered = inTimeOrder(posts);
    for (const p of ordered) {
      const mentions = mentionsOf(p.text);
      if (mentions) p.mentions = mentions;
    }
    return unit(RUMOUREVAL, row.thread_id, 'en', 'x', 'real:rumoureval', ordered);
  });
}

interface MaRow {
  event: string;
  tweet_id: string;
  time: string;
  text: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** '6:59 PM - 4 Jun 2009' (the scrape's zone is not stated: read as UTC) */
function maTime(s: string): number {
  const m = /(\d+):(\d+)\s*(AM|PM)\s*-\s*(\d+)\s+(\w{3})\w*\s+(\d{4})/.exec(s);
  if (!m) return NaN;
  const h = (Number(m[1]) % 12) + (m[3] === 'PM' ? 12 : 0);
  return Date.UTC(Number(m[6]), MONTHS.indexOf(m[5]!), Number(m[4]), h, Number(m[2]));
}

/**
 * A Twitter event burst (Ma et al. 2016), as one cascade around its earliest
 * tweet: a retweet (`RT @a: …`) reposts the tweet it quotes when that is in
 * the event, the earliest tweet otherwise; other tweets reply to it. The
 * earliest `maxPosts` tweets of each event.
 */
export function ma2016Units(textDir: string, maxPosts: number): Unit[] {
  const byEvent = new Map<string, MaRow[]>();
  for (const row of readJsonl<MaRow>(join(textDir, MA2016))) {
    if (Number.isNaN(maTime(row.time))) continue;
    const list = byEvent.get(row.event) ?? [];
    list.push(row);
    byEvent.set(row.event, list);
  }
  const units: Unit[] = [];
  for (const [event, rows] of [...byEvent].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const posts = inTimeOrder(
      rows.map((r, i) => ({
        parent: i === 0 ? null : 0,
        time: maTime(r.time),
        text: r.text,
        author: `a${i}`,
        kind: 'reply' as const,
      })),
    ).slice(0, maxPosts);
    const byText = new Map<string, number>();
    posts.forEach((p, i) => {
      if (i === 0) p.kind = 'post';
      else {
        const m = /^RT @[\w]{1,30}:\s*/.exec(p.text);
        if (m) {
          p.kind = 'repost';
          p.parent = byText.get(p.text.slice(m[0].length).slice(0, 60)) ?? 0;
        }
      }
      if (!byText.has(p.text.slice(0, 60))) byText.set(p.text.slice(0, 60), i);
      const mentions = mentionsOf(p.text);
      if (mentions) p.mentions = mentions;
    });
    units.push(unit(MA2016, event, 'en', 'x', 'real:ma2016', posts));
  }
  return units;
}

function unit(sourceFile: string, unitId: string, lang: Lang, platform: string, cls: string, posts: UnitPost[]): Unit {
  return { sourceFile, unitId, split: splitOf(sourceFile, unitId), cls, lang, platform, posts };
}

/** One real post of a corpus without structure, with the split of its own id. */
export interface CorpusPost {
  readonly sourceFile: string;
  /** the row's id: the split's unit id (zh_cold_offensive repeats ids across rows: such rows share a split) */
  readonly id: string;
  /** unique within the file: the id, with `@<row>` where ids repeat (zh_cold_offensive), `#<index>` for a cascade's post */
  readonly ref: string;
  readonly split: Split;
  readonly text: string;
  /** the source's label, as a readable name when it has one */
  readonly label: string;
}

/** The post-only corpora: file, language, and how a row's label reads. */
export const POST_CORPORA: readonly { file: string; lang: Lang; label: (r: Record<string, unknown>) => string }[] = [
  { file: 'zh_weibo_senti_100k_partial.jsonl.gz', lang: 'zh', label: (r) => String(r.label) },
  { file: 'zh_weibo_smp2020_ewect_virus.jsonl', lang: 'zh', label: (r) => String(r.label) },
  { file: 'zh_weibo_osm2022_event_comments.jsonl', lang: 'zh', label: (r) => String(r.label_name) },
  { file: 'zh_cold_offensive.jsonl.gz', lang: 'zh', label: (r) => String(r.label_name) },
  { file: 'zh_toxicn_1.0.jsonl', lang: 'zh', label: (r) => (r.toxic === 1 ? 'toxic' : 'non-toxic') },
  { file: 'en_davidson_hate_offensive.jsonl.gz', lang: 'en', label: (r) => String(r.class_name) },
  { file: 'en_tweeteval.jsonl.gz', lang: 'en', label: (r) => `${String(r.task)}:${String(r.label_name)}` },
];

export function corpusPosts(
  textDir: string,
  file: string,
  label: (r: Record<string, unknown>) => string,
): CorpusPost[] {
  const rows = readJsonl<Record<string, unknown>>(join(textDir, file));
  const seen = new Map<string, number>();
  for (const r of rows) seen.set(String(r.id), (seen.get(String(r.id)) ?? 0) + 1);
  return rows
    .map((r, row) => ({ r, row }))
    .filter(({ r }) => typeof r.text === 'string' && r.text !== '')
    .map(({ r, row }) => ({
      sourceFile: file,
      id: String(r.id),
      ref: seen.get(String(r.id))! > 1 ? `${String(r.id)}@${row}` : String(r.id),
      split: splitOf(file, String(r.id)),
      text: r.text as string,
      label: label(r),
    }));
}
