/**
 * Adapters from every data set in ../shared/data that has event times to one
 * shape: a cascade is its posts' ages (seconds since its first post) with
 * followers when known, and its final size. Parsed once and cached under
 * bench/warning/out/cache (gitignored): the tarballs and gzips are read again
 * only when the cache is deleted.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface Cascade {
  readonly id: string;
  /** [seconds since the first post, followers or null when unknown], ascending; the first is the root */
  readonly events: readonly (readonly [number, number | null])[];
  /** final size when the data hold fewer timed posts than the cascade had (Weibo); else events.length */
  readonly final?: number;
  /** the posts are complete only up to this age (s); later ages cannot be observed (truncated data) */
  readonly exactUntil?: number;
  /** when its first post was made (s, on the data set's own clock: only the order within a set matters) */
  readonly start?: number;
}

export const finalSize = (c: Cascade): number => c.final ?? c.events.length;

export const DATASETS = [
  'twitter15',
  'seismic_738',
  'reddit_ireland',
  'weibo_checked',
  'rumoureval',
  'ma2016',
] as const;
export type DatasetName = (typeof DATASETS)[number];

/** What each data set is, for the report (source, what "final" means there). */
export const DATASET_NOTES: Record<DatasetName, string> = {
  twitter15:
    'Twitter15 propagation trees (Ma, Gao, Wong, ACL 2017): distinct (user, tweet) nodes, delay in minutes; final = nodes in the tree',
  seismic_738:
    'SEISMIC retweet cascades (Zhao et al. KDD 2015, as sampled by Kobayashi & Lambiotte ICWSM 2016): only tweets with > 2,000 retweets, ~7 days; final = events in the file',
  reddit_ireland:
    'r/ireland discussion trees (Meagher & Friel), 1 Apr – 12 May 2019; trees whose root is missing or falls in the last 7 days of the data (not finished) dropped; final = posts in the tree',
  weibo_checked:
    'CHECKED Weibo COVID cascades (Yang et al. 2021): root + comments + non-trivial reposts, minute resolution; the data keep the earliest 400 of each kind, so final = 1 + n_comments_crawled + (n_reposts_crawled − n_reposts_trivial_dropped) and a truncated cascade is observable only before its last kept post of a truncated kind; bare 转发微博 reposts carry no time and are counted nowhere',
  rumoureval: 'RumourEval 2017 / PHEME English reply threads: root tweet + replies; final = posts in the thread',
  ma2016:
    'Ma et al. 2016 Twitter events, re-scraped: tweets grouped by event, minute resolution; a cascade is an event from its first tweet; final = tweets of the event',
};

const byTime = (a: readonly [number, number | null], b: readonly [number, number | null]): number => a[0] - b[0];

/** Ages relative to the earliest (or to `t0`, clamping earlier ones to 0), sorted. */
function relative(times: readonly number[], t0 = Math.min(...times)): [number, null][] {
  return times.map((t) => [Math.max(0, t - t0), null] as [number, null]).sort(byTime);
}

function extract(tarball: string, into: string): void {
  mkdirSync(into, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', into]);
}

function loadSeismic(data: string, work: string): Cascade[] {
  const rt = join(work, 'seismic_kobayashi_rt', 'RT');
  if (!existsSync(rt)) extract(join(data, 'cascades', 'seismic_738.tar.gz'), work);
  return readdirSync(rt)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const all = readFileSync(join(rt, f), 'utf8').trim().split('\n');
      // the header's second field: the tweet's start time in days
      const start = Number(all[0]!.trim().split(/\s+/)[1]) * 86_400;
      const lines = all.slice(1);
      const events = lines
        .map((l) => l.trim().split(/\s+/).map(Number) as [number, number])
        .sort((a, b) => a[0] - b[0]);
      return { id: f, events, ...(Number.isFinite(start) ? { start } : {}) };
    });
}

/**
 * Twitter15 trees: distinct (user, tweet) nodes, the source tweet (child of
 * ROOT) included, delay in minutes as time (negative delays, a quirk of the
 * data, at 0); no follower counts.
 */
function loadTwitter15(data: string, work: string): Cascade[] {
  const tree = join(work, 'twitter15', 'tree');
  if (!existsSync(tree)) extract(join(data, 'cascades', 'twitter15.tar.gz'), work);
  return readdirSync(tree)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const seen = new Map<string, number>();
      for (const line of readFileSync(join(tree, f), 'utf8').split('\n')) {
        const m = /->\['([^']*)', '([^']*)', '([^']*)'\]/.exec(line);
        if (!m) continue;
        const key = `${m[1]}|${m[2]}`;
        const t = /^\['ROOT'/.test(line) ? 0 : Math.max(0, Number(m[3]) * 60);
        if (!seen.has(key) || seen.get(key)! > t) seen.set(key, t);
      }
      return { id: f, events: relative([...seen.values()], 0), ...snowflakeStart(f) };
    })
    .filter((c) => c.events.length >= 2);
}

/** A tweet id's time (s): ids since Nov 2010 are snowflakes, whose high bits are ms since Twitter's epoch. */
function snowflakeStart(file: string): { start?: number } {
  const id = /^(\d+)\.txt$/.exec(file)?.[1];
  if (id === undefined) return {};
  const ms = Number(BigInt(id) >> 22n) + 1_288_834_974_657;
  return ms > 1_288_834_974_657 ? { start: ms / 1000 } : {};
}

const gzLines = (file: string): string[] => gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean);

/** Reddit discussions whose root is in the data and at least 7 days before its end. */
function loadReddit(data: string): Cascade[] {
  const lines = gzLines(join(data, 'cascades', 'reddit_ireland.csv.gz')).slice(1);
  const trees = new Map<string, { root: number | null; times: number[] }>();
  let end = 0;
  for (const line of lines) {
    const [, parent, discussion, , epoch] = line.split(',');
    const t = Number(epoch);
    end = Math.max(end, t);
    const tree = trees.get(discussion!) ?? { root: null, times: [] };
    trees.set(discussion!, tree);
    tree.times.push(t);
    if (parent === '0') tree.root = t;
  }
  return [...trees]
    .filter(([, x]) => x.root !== null && x.root <= end - 7 * 86_400)
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([id, x]) => ({ id, events: relative(x.times, x.root!), start: x.root! }));
}

/** 'YYYY-MM-DD HH:MM' as seconds (read as UTC: only differences matter). */
const minuteTime = (s: string): number => Date.parse(`${s.replace(' ', 'T')}:00Z`) / 1000;

interface WeiboRow {
  id: string;
  date: string;
  n_comments_crawled: number;
  n_comments_kept: number;
  n_reposts_crawled: number;
  n_reposts_trivial_dropped: number;
  n_reposts_kept: number;
  comments: { t: string }[];
  reposts: { t: string }[];
}

function loadWeibo(data: string): Cascade[] {
  const file = join(data, 'text', 'zh_weibo_checked_covid_cascades.jsonl.gz');
  return gzLines(file).map((line) => {
    const r = JSON.parse(line) as WeiboRow;
    const t0 = minuteTime(r.date);
    const comments = r.comments.map((x) => minuteTime(x.t));
    const reposts = r.reposts.map((x) => minuteTime(x.t));
    const nonTrivial = r.n_reposts_crawled - r.n_reposts_trivial_dropped;
    // a kind cut at its earliest posts is complete only before the minute of its last kept post
    const cut = [
      r.n_comments_crawled > r.n_comments_kept ? comments : null,
      nonTrivial > r.n_reposts_kept ? reposts : null,
    ].filter((x): x is number[] => x !== null && x.length > 0);
    const exactUntil = cut.length ? Math.min(...cut.map((x) => Math.max(...x) - t0 - 1)) : undefined;
    return {
      id: r.id,
      events: relative([t0, ...comments, ...reposts], t0),
      start: t0,
      final: 1 + r.n_comments_crawled + Math.max(r.n_reposts_kept, nonTrivial),
      ...(exactUntil === undefined ? {} : { exactUntil }),
    };
  });
}

interface ThreadRow {
  thread_id: string;
  posts: { time: number; parent_id: string | null }[];
}

function loadRumourEval(data: string): Cascade[] {
  return readFileSync(join(data, 'text', 'en_rumoureval2017_threads.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const r = JSON.parse(line) as ThreadRow;
      const root = r.posts.find((p) => p.parent_id === null)?.time ?? Math.min(...r.posts.map((p) => p.time));
      return {
        id: r.thread_id,
        start: root,
        events: relative(
          r.posts.map((p) => p.time),
          root,
        ),
      };
    });
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/** '6:59 PM - 4 Jun 2009' (a location may follow on the next lines) as seconds, read as UTC; null if unreadable. */
export function ma2016Time(s: string): number | null {
  const m = /^(\d{1,2}):(\d{2}) (AM|PM) - (\d{1,2}) (\w{3}) (\d{4})/.exec(s);
  const month = m ? MONTHS.indexOf(m[5]!) / 3 : -1;
  if (!m || month < 0 || !Number.isInteger(month)) return null;
  const hour = (Number(m[1]) % 12) + (m[3] === 'PM' ? 12 : 0);
  return Date.UTC(Number(m[6]), month, Number(m[4]), hour, Number(m[2])) / 1000;
}

function loadMa2016(data: string): Cascade[] {
  const events = new Map<string, number[]>();
  for (const line of gzLines(join(data, 'text', 'en_ma2016_twitter_event_tweets.jsonl.gz'))) {
    const r = JSON.parse(line) as { event: string; time: string };
    const t = ma2016Time(String(r.time));
    if (t === null) continue;
    const list = events.get(r.event) ?? [];
    events.set(r.event, list);
    list.push(t);
  }
  return [...events]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([id, times]) => ({ id, events: relative(times), start: Math.min(...times) }));
}

const LOADERS: Record<DatasetName, (data: string, work: string) => Cascade[]> = {
  twitter15: loadTwitter15,
  seismic_738: loadSeismic,
  reddit_ireland: loadReddit,
  weibo_checked: loadWeibo,
  rumoureval: loadRumourEval,
  ma2016: loadMa2016,
};

/**
 * A data set's cascades of at least `minPosts` posts (smaller ones are never
 * forecast, at any age), parsed once and cached under `work`/cache.
 */
export function loadDataset(name: DatasetName, data: string, work: string, minPosts: number): Cascade[] {
  const cache = join(work, 'cache', `${name}.min${minPosts}.v2.json`);
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8')) as Cascade[];
  const cascades = LOADERS[name](data, work).filter((c) => c.events.length >= minPosts);
  mkdirSync(join(work, 'cache'), { recursive: true });
  writeFileSync(cache, JSON.stringify(cascades));
  return cascades;
}
