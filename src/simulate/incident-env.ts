import type { Rng } from '../util/index.js';
import { PLATFORM_WEIGHT } from './background.js';
import type { Draft, IdCounters, Source } from './cascade.js';
import type { SimPlatform, SimulateOptions } from './options.js';
import { freshAuthorId, PLATFORM_SHAPES } from './platforms.js';

/** What a planted incident needs from the run that hosts it. */
export interface IncidentEnv {
  readonly opts: SimulateOptions;
  readonly counters: IdCounters;
  readonly add: (s: Source) => void;
  readonly end: number;
}

/** A platform of the run that speaks `lang`, busier ones more often; any other when none does. */
export function pickPlatform(
  rng: Rng,
  platforms: readonly SimPlatform[],
  lang: 'zh' | 'en',
  exclude: SimPlatform | null = null,
): SimPlatform {
  const others = platforms.filter((p) => p !== exclude);
  const same = others.filter((p) => PLATFORM_SHAPES[p].lang === lang);
  const pool = same.length > 0 ? same : others;
  return rng.weighted(pool.map((p) => [p, PLATFORM_WEIGHT[p]] as const));
}

/** Make the draft's author a freshly registered account with almost no followers. */
export function useFreshAccount(d: Draft, platform: SimPlatform, counters: IdCounters, rng: Rng): void {
  d.authorId = freshAuthorId(platform, counters.fresh++);
  d.authorFollowers = rng.int(0, 60);
}

/** The kind for a post that carries its own text on a platform: quote where it exists, else reply. */
export function textKind(platform: SimPlatform): 'quote' | 'reply' {
  return PLATFORM_SHAPES[platform].kinds.some(([k]) => k === 'quote') ? 'quote' : 'reply';
}

/** A single line due at a fixed time (a notice), built when it is due. */
export class OneShot implements Source {
  constructor(
    public time: number,
    private readonly make: () => string | null,
  ) {}

  step(): string | null {
    this.time = Infinity;
    return this.make();
  }
}

/** A perceptual-hash-looking media id (64-bit hex), as platforms attach to images. */
export function mediaHash(rng: Rng): string {
  return 'phash:' + rng.uint32().toString(16).padStart(8, '0') + rng.uint32().toString(16).padStart(8, '0');
}
