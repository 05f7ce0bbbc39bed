/**
 * Builds the evaluation's units from ../shared/data for one split choice:
 * run A holds the real cascades as they are (every CHECKED Weibo cascade
 * for `report` and `all`, so the all-Weibo figure can be given, the tune ones
 * only for `tune`; the others of the chosen split) and the post-only corpora laid on real shapes; run B
 * the doxxing overlays and hard negatives, each on a host of its own (a host
 * is used once, never in the same run as itself, so no two copies of a real
 * post meet in one stream).
 */
import { join } from 'node:path';
import { Rng } from '../../src/util/rng.js';
import { checkedUnits, corpusPosts, ma2016Units, POST_CORPORA, rumourevalUnits, type CorpusPost } from './corpora.js';
import { overlayHard, HARD_KINDS, type HardPools } from './hard.js';
import { DOXXING_KINDS, overlayDoxxing } from './overlay.js';
import { inSplit, type Split, type SplitChoice } from './split.js';
import { layPosts, redditShapes, twitter15Shapes, type Shape } from './structures.js';
import type { Lang, Unit } from './units.js';

export interface BuildOptions {
  readonly dataDir: string;
  readonly work: string;
  readonly split: SplitChoice;
  readonly seed: number;
  /** overlays per kind and language: doxxing and hard negatives */
  readonly zhPerKind: number;
  readonly enPerKind: number;
  /** laid cascades per post-only corpus and split */
  readonly laidPerCorpus: number;
  /** posts of a host kept for an overlay; events kept of a Twitter event */
  readonly maxHostPosts: number;
  readonly maxEventPosts: number;
  /** keep only this many real cascades per source (a smoke run); Infinity for the evaluation */
  readonly limitReal: number;
}

export interface Built {
  readonly runA: Unit[];
  readonly runB: Unit[];
  /** every real post of the chosen split, per corpus file (for per-post figures) */
  readonly posts: Map<string, { lang: Lang; texts: CorpusPost[] }>;
}

const log = (s: string): void => void process.stderr.write(`bench/realistic: ${s}\n`);

/** Shapes mixed: r/ireland discussion trees and Twitter15 retweet trees, in a seeded order. */
function shapesFor(rng: Rng, reddit: readonly Shape[], twitter: readonly Shape[]): Shape[] {
  return rng.shuffle([...reddit, ...twitter]);
}

export function build(o: BuildOptions): Built {
  const textDir = join(o.dataDir, 'text');
  const cascadesDir = join(o.dataDir, 'cascades');
  const rng = new Rng(`bench-realistic-${o.seed}`);
  const splits: Split[] = o.split === 'all' ? ['tune', 'report'] : [o.split];

  log('reading the real cascades');
  // every CHECKED cascade for a report (the all-Weibo figure), the tune ones only for fitting: a tuning run never sees report-split cascades
  const checked = checkedUnits(textDir, Number.MAX_SAFE_INTEGER)
    .filter((u) => o.split !== 'tune' || u.split === 'tune')
    .slice(0, o.limitReal);
  const rumour = rumourevalUnits(textDir)
    .filter((u) => inSplit(o.split, u.split))
    .slice(0, o.limitReal);
  const ma = ma2016Units(textDir, o.maxEventPosts)
    .filter((u) => inSplit(o.split, u.split))
    .slice(0, o.limitReal);

  log('reading the post-only corpora and laying them on real shapes');
  const reddit = redditShapes(cascadesDir, 5, 200);
  const twitter = twitter15Shapes(cascadesDir, o.work, 400);
  const posts = new Map<string, { lang: Lang; texts: CorpusPost[] }>();
  const laid: Unit[] = [];
  const bySplit = new Map<string, CorpusPost[]>();
  for (const c of POST_CORPORA) {
    const all = corpusPosts(textDir, c.file, c.label);
    posts.set(c.file, { lang: c.lang, texts: all.filter((p) => inSplit(o.split, p.split)) });
    for (const s of splits) {
      const mine = rng.fork(`${c.file}:${s}`).shuffle(all.filter((p) => p.split === s));
      bySplit.set(`${c.file}:${s}`, mine);
      const platform = c.lang === 'zh' ? 'weibo' : 'x';
      laid.push(
        ...layPosts(mine, shapesFor(rng.fork(`shapes:${c.file}:${s}`), reddit, twitter), {
          lang: c.lang,
          platform,
          cls: `laid:${c.file.replace(/\.jsonl(\.gz)?$/, '')}`,
          split: s,
          maxUnits: o.laidPerCorpus,
        }),
      );
    }
  }
  for (const [file, u] of [
    ['zh_weibo_checked_covid_cascades.jsonl.gz', checked],
    ['en_rumoureval2017_threads.jsonl', rumour],
    ['en_ma2016_twitter_event_tweets.jsonl.gz', ma],
  ] as const)
    posts.set(file, {
      lang: file.startsWith('zh') ? 'zh' : 'en',
      texts: u
        .filter((x) => inSplit(o.split, x.split))
        .flatMap((x) =>
          x.posts.map((p, i) => ({
            sourceFile: file,
            id: x.unitId,
            ref: `${x.unitId}#${i}`,
            split: x.split,
            text: p.text,
            label: '',
          })),
        ),
    });

  log('overlaying doxxing cases and hard negatives on real hosts');
  const runB: Unit[] = [];
  for (const s of splits) {
    const cap = (u: Unit): Unit => ({ ...u, posts: u.posts.slice(0, o.maxHostPosts) });
    const hosts = {
      zh: rng
        .fork(`hosts:zh:${s}`)
        .shuffle(checked.filter((u) => u.split === s && u.posts.length >= 30))
        .map(cap),
      en: rng
        .fork(`hosts:en:${s}`)
        .shuffle([
          ...rumour.filter((u) => u.split === s && u.posts.length >= 8),
          ...ma.filter((u) => u.split === s && u.posts.length >= 30),
        ])
        .map(cap),
    };
    const pick = (p: string[], label: string): CorpusPost[] =>
      p.flatMap((k) => bySplit.get(`${k}:${s}`) ?? []).filter((x) => x.label === label || label === '*');
    const pools: Record<Lang, HardPools> = {
      zh: {
        abuse: [...pick(['zh_cold_offensive.jsonl.gz'], 'offensive'), ...pick(['zh_toxicn_1.0.jsonl'], 'toxic')],
        anger: pick(['zh_weibo_osm2022_event_comments.jsonl'], 'anger'),
      },
      en: {
        abuse: [
          ...pick(['en_davidson_hate_offensive.jsonl.gz'], 'offensive_language'),
          ...pick(['en_davidson_hate_offensive.jsonl.gz'], 'hate_speech'),
        ],
        anger: pick(['en_davidson_hate_offensive.jsonl.gz'], 'offensive_language'),
      },
    };
    for (const lang of ['zh', 'en'] as const) {
      const n = lang === 'zh' ? o.zhPerKind : o.enPerKind;
      const queue = hosts[lang];
      let serial = 0;
      const r = rng.fork(`overlay:${lang}:${s}`);
      for (const kind of DOXXING_KINDS)
        for (let k = 0; k < n && queue.length; k++)
          runB.push(overlayDoxxing(queue.shift()!, kind, r, `u${runB.length}`));
      for (const kind of HARD_KINDS)
        for (let k = 0; k < n && queue.length; k++)
          runB.push(overlayHard(queue.shift()!, kind, r, pools[lang], serial++));
    }
  }
  const runA = [...checked, ...rumour, ...ma, ...laid];
  return { runA, runB, posts };
}
