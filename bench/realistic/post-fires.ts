/**
 * Per-post figures: how often each PII recognizer and each language cue
 * fires per 10,000 real posts of each corpus, through `doxguard scan`'s code
 * (src/scan), and a deterministic sample of hits per recognizer or cue to
 * judge. A post counts once per recognizer or cue; a cue counts when it
 * scores (not negated, not inside a news report).
 */
import { createHash } from 'node:crypto';
import type { Config } from '../../src/config/index.js';
import { createPostScanner } from '../../src/scan/index.js';
import { Progress } from '../../src/app/index.js';
import type { CorpusPost } from './corpora.js';
import { masked } from './mask.js';
import type { Lang } from './units.js';

export interface CorpusFires {
  readonly corpus: string;
  readonly posts: number;
  /** `pii:<recognizer>`, `<detector>:<code>` → posts it fired on */
  readonly fires: Record<string, number>;
}

export interface SampledHit {
  readonly key: string;
  readonly corpus: string;
  /** the post's ref in its corpus (CorpusPost.ref: to find it again for judging; never its text) */
  readonly id: string;
  /** the scanner's redacted snippet, or the cue code */
  readonly snippet: string;
}

export interface PostFigures {
  readonly perCorpus: CorpusFires[];
  readonly sample: SampledHit[];
  readonly sampleSize: number;
}

const rank = (id: string): string => createHash('sha256').update(id).digest('hex');

/** What fired in one post, with a redacted snippet per key. */
export type FireFn = (text: string, lang: Lang) => Map<string, string>;

export function fireFunction(config: Readonly<Config>, secret: string): FireFn {
  const scan = createPostScanner(config, secret);
  return (text, lang) => {
    const out = new Map<string, string>();
    if (text === '') return out;
    const r = scan({ text, lang: lang === 'zh' ? 'zh-CN' : 'en' }, 0);
    for (const c of r.categories)
      if (!out.has(`pii:${c.recognizer}`)) out.set(`pii:${c.recognizer}`, masked(c.snippet));
    for (const s of r.signals)
      if (s.score > 0 && s.dimension !== 'sensitivity') out.set(`${s.detector}:${s.code}`, s.code);
    return out;
  };
}

/**
 * Fires per corpus over at most `perCorpus` posts of each (a seeded, id-ordered sample when a corpus is
 * larger), and the `sampleSize` hits per key with the smallest hash of their id, across corpora.
 */
export function postFigures(
  posts: ReadonlyMap<string, { lang: Lang; texts: readonly CorpusPost[] }>,
  fire: FireFn,
  perCorpus: number,
  sampleSize: number,
): PostFigures {
  const total = [...posts.values()].reduce((s, p) => s + Math.min(perCorpus, p.texts.length), 0);
  const progress = new Progress('posts (scan)', total, process.stderr);
  const result: CorpusFires[] = [];
  const best = new Map<string, { r: string; hit: SampledHit }[]>();
  for (const [corpus, { lang, texts }] of [...posts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const chosen =
      texts.length <= perCorpus
        ? texts
        : texts
            .map((p) => ({ p, r: rank(p.ref) }))
            .sort((a, b) => (a.r < b.r ? -1 : 1))
            .slice(0, perCorpus)
            .map((x) => x.p);
    const fires: Record<string, number> = {};
    for (const p of chosen) {
      for (const [key, snippet] of fire(p.text, lang)) {
        fires[key] = (fires[key] ?? 0) + 1;
        const r = rank(`${p.sourceFile}:${p.ref}:${key}`);
        const list = best.get(key) ?? [];
        if (list.length < sampleSize || r < list[list.length - 1]!.r) {
          list.push({ r, hit: { key, corpus, id: p.ref, snippet } });
          list.sort((a, b) => (a.r < b.r ? -1 : 1));
          if (list.length > sampleSize) list.pop();
          best.set(key, list);
        }
      }
      progress.advance(1);
    }
    result.push({ corpus, posts: chosen.length, fires });
  }
  progress.finish();
  return {
    perCorpus: result,
    sample: [...best.keys()].sort().flatMap((k) => best.get(k)!.map((x) => x.hit)),
    sampleSize,
  };
}
