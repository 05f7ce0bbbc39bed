import type { Rng } from '../util/index.js';
import { Cascade, type ContentModel, type IdCounters, type PostRef, type Source } from './cascade.js';
import { EN } from './lexicon-en.js';
import { ZH } from './lexicon-zh.js';
import type { SimPlatform, SimulateOptions } from './options.js';
import { PLATFORM_SHAPES } from './platforms.js';
import { sizeBucket, type GroundTruth } from './truth.js';

/** How busy each platform is, relative to the others. */
export const PLATFORM_WEIGHT: Readonly<Record<SimPlatform, number>> = {
  weibo: 3,
  x: 2.5,
  douyin: 1.5,
  reddit: 1,
  bilibili: 1,
  zhihu: 1,
};

/** Everyday chatter: a post, then reposts and replies of a few stock kinds. */
export function chatterContent(platform: SimPlatform, viral: boolean): ContentModel {
  const lex = PLATFORM_SHAPES[platform].lang === 'zh' ? ZH : EN;
  return {
    root(d, rng) {
      d.text = rng.pick(viral ? lex.viral : lex.background);
    },
    child(d, _index, _parent, rng) {
      if (d.kind === 'repost') d.text = rng.pick(lex.repost);
      else d.text = rng.pick(viral ? lex.viralReplies : lex.replies);
    },
  };
}

export type BackgroundStats = GroundTruth['background'];

/** Expected size of a background cascade: sum over n of P(size >= n). */
export function expectedCascadeSize(alpha: number, max: number): number {
  const tail = Math.pow(max, -alpha);
  let sum = 0;
  for (let n = 1; n <= max; n++) sum += (Math.pow(n, -alpha) - tail) / (1 - tail);
  return sum;
}

/**
 * Starts benign background cascades at sorted uniform times over the window,
 * one at a time (so a million events never sit in memory), with power-law
 * sizes and per-cascade timing.
 */
export class BackgroundSpawner implements Source {
  time: number;
  private started = 0;
  private u = 0;

  constructor(
    private readonly opts: SimulateOptions,
    private readonly total: number,
    private readonly rng: Rng,
    private readonly counters: IdCounters,
    private readonly add: (s: Source) => void,
    private readonly stats: BackgroundStats,
  ) {
    this.time = this.nextStart();
  }

  /** the next of `total` sorted uniform start times (the minimum of the remaining ones) */
  private nextStart(): number {
    const remaining = this.total - this.started;
    if (remaining <= 0) return Infinity;
    this.u += (1 - this.u) * (1 - Math.pow(1 - this.rng.next(), 1 / remaining));
    // leave the last 2% of the window so even the last cascades get a few reactions
    return this.opts.start + Math.floor(this.u * this.opts.durationMs * 0.98);
  }

  step(): null {
    const o = this.opts;
    const i = this.started++;
    const rng = this.rng.fork(`bg:${i}`);
    const platform = rng.weighted(o.platforms.map((p) => [p, PLATFORM_WEIGHT[p]] as const));
    const size = rng.powerLawInt(1, o.maxCascadeSize, o.sizeAlpha);
    this.add(
      new Cascade({
        platform,
        start: this.time,
        end: o.start + o.durationMs,
        size,
        kernelScaleMs: Math.max(20_000, Math.round(Math.exp(rng.normal(Math.log(8 * 60_000), 0.8)))),
        kernelShape: 0.8 + rng.next() * 0.6,
        branching: 0.9,
        rootShare: 0.3 + rng.next() * 0.6,
        rng,
        counters: this.counters,
        content: chatterContent(platform, false),
        onDone: (emitted, root) => this.done(emitted, root, false),
      }),
    );
    this.time = this.nextStart();
    return null;
  }

  /** bookkeeping when a background (or benign viral) cascade has written its last event */
  done(emitted: number, root: PostRef | null, viral: boolean): void {
    if (root === null) return;
    const s = this.stats;
    s.cascades++;
    s.events += emitted;
    const bucket = sizeBucket(emitted);
    s.sizeHistogram[bucket] = (s.sizeHistogram[bucket] ?? 0) + 1;
    if (viral || emitted >= this.opts.largeCascadeThreshold)
      s.largeRoots.push({
        rootKey: `${root.platform}:${root.postId}`,
        size: emitted,
        viral,
        firstEventTime: root.time,
      });
  }
}

/** A large benign viral cascade (celebrity news, a product launch): fast, big and harmless. */
export function viralCascade(
  opts: SimulateOptions,
  index: number,
  rng: Rng,
  counters: IdCounters,
  spawner: BackgroundSpawner,
): Cascade {
  const platform = rng.weighted(opts.platforms.map((p) => [p, PLATFORM_WEIGHT[p]] as const));
  const content = chatterContent(platform, true);
  const root = content.root.bind(content);
  return new Cascade({
    platform,
    start: opts.start + Math.floor(opts.durationMs * (0.05 + 0.4 * rng.next())),
    end: opts.start + opts.durationMs,
    size: Math.max(2, Math.round(opts.viralSize * (0.6 + 0.8 * rng.next()))),
    kernelScaleMs: 60_000 + index * 7_000,
    kernelShape: 1.2,
    branching: 1.2,
    rootShare: 0.5,
    rng,
    counters,
    content: {
      ...content,
      root(d, r) {
        root(d, r);
        // a celebrity or brand account with a huge reach
        d.authorId = `${d.authorId}v`;
        d.authorFollowers = r.int(2_000_000, 60_000_000);
      },
    },
    onDone: (emitted, r) => spawner.done(emitted, r, true),
  });
}
