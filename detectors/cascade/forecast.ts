import { z } from 'zod';
import { defineDetector, type Signal } from '../types.js';
import { logScore, round2 } from './shared.js';
import { addPost, emptySeismic, forecast as predict, mergeStates, type SeismicState } from './seismic-model.js';

/**
 * Forecast of an incident's final size from its early posts, with the
 * SEISMIC self-exciting model (see seismic-model.ts): power-law memory
 * kernel, follower-weighted intensity, infectiousness estimated online. The
 * spread that is coming, not only the spread so far: a dossier that will
 * reach thousands warrants action while it is still at dozens.
 * Defaults of alpha and k were fitted by bench/warning on one half of the
 * SEISMIC cascades (see bench/warning/REPORT.md).
 */
export const ForecastOptions = z.object({
  s0Seconds: z.number().positive().default(300),
  theta: z.number().positive().default(0.242),
  alpha: z.number().positive().default(1),
  k: z.number().nonnegative().default(0),
  /** forecasts are capped at this multiple of the observed size */
  maxRatio: z.number().min(1).default(50),
  /** posts with unknown followers count as this many */
  defaultFollowers: z.number().nonnegative().default(100),
  maxBuckets: z.number().int().min(8).max(1024).default(64),
  /** fewer posts than this: no forecast */
  minPosts: z.number().int().min(2).default(5),
  /** forecast sizes scoring 0 and 1 (log scale) */
  lowSize: z.number().positive().default(30),
  highSize: z.number().positive().default(3000),
});
export type ForecastOptions = z.infer<typeof ForecastOptions>;

export interface ForecastState extends SeismicState {
  /** latest post's event id (evidence) */
  readonly lastEvent: string | null;
}

function judge(s: ForecastState, nowMs: number, o: ForecastOptions): Signal[] {
  if (s.posts < o.minPosts) return [];
  const f = predict(s, nowMs / 1000, { s0: o.s0Seconds, theta: o.theta, alpha: o.alpha, k: o.k, maxRatio: o.maxRatio });
  const size = Math.round(f.finalSize);
  const score = round2(logScore(size, o.lowSize, o.highSize));
  if (score <= 0) return [];
  return [
    {
      dimension: 'spread',
      score,
      code: 'CASCADE_FORECAST',
      message:
        `forecast final size ~${size} posts from ${s.posts} so far` +
        ` (infectiousness ${f.infectiousness.toExponential(2)}${f.supercritical ? ', supercritical' : ''})`,
      evidence: s.lastEvent ? [s.lastEvent] : [],
    },
  ];
}

const Saved = z.object({
  buckets: z.array(z.tuple([z.number(), z.number(), z.number()])),
  posts: z.number(),
  lastEvent: z.string().nullable(),
});

export const forecast = defineDetector<ForecastOptions, ForecastState>({
  name: 'cascade/forecast',
  family: 'cascade',
  version: '1.0.0',
  description: 'final-size forecast from early posts (SEISMIC self-exciting model)',
  options: ForecastOptions,
  init: () => ({ ...emptySeismic(), lastEvent: null }),
  step(state, event, _ctx, o) {
    const added = addPost(state, event.time / 1000, event.authorFollowers ?? o.defaultFollowers, o.maxBuckets);
    const newest = added.buckets[added.buckets.length - 1]![0] * 1000;
    const next: ForecastState = { ...added, lastEvent: event.eventId };
    return { state: next, signals: judge(next, Math.max(event.time, newest), o) };
  },
  tick(state, ctx, o) {
    return { state, signals: judge(state, ctx.watermark, o) };
  },
  merge(a, b, o) {
    return { ...mergeStates(a, b, o.maxBuckets), lastEvent: a.lastEvent ?? b.lastEvent };
  },
  save: (s) => ({ buckets: s.buckets.map((b) => [...b]), posts: s.posts, lastEvent: s.lastEvent }),
  restore: (saved) => {
    const p = Saved.parse(saved);
    return {
      buckets: p.buckets.map((b) => [...b] as [number, number, number]),
      posts: p.posts,
      lastEvent: p.lastEvent,
    };
  },
});
