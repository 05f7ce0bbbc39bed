import { z } from 'zod';
import { defineDetector, type Signal } from '../types.js';
import { logScore, round2 } from './shared.js';
import { addPostInPlace, emptySeismic, forecast as predict, mergeStates, type SeismicState } from './seismic-model.js';

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
  /** the forecast is redone when the posts grew by 1/refresh (every post below refresh posts) */
  refresh: z.number().int().min(1).default(64),
  /** ... or the incident's age by 1/refreshAge (at least a second): quiet incidents decay slowly (power-law tail) */
  refreshAge: z.number().int().min(1).default(16),
});
export type ForecastOptions = z.infer<typeof ForecastOptions>;

/** The latest forecast: what the signal shows, and when it was made. */
export interface Judged {
  /** posts and event time (ms) it was made at */
  readonly posts: number;
  readonly at: number;
  readonly size: number;
  readonly infectiousness: number;
  readonly supercritical: boolean;
  /** the latest post then (evidence) */
  readonly event: string | null;
}

/**
 * Updated in place (the runner owns it). Buckets are bounded, and the
 * forecast (one pass over them) is redone only when the posts grew by
 * 1/`refresh` (every post while there are fewer than `refresh`) or the
 * incident's age by 1/`refreshAge` since the last one: a step or tick is O(1)
 * amortised.
 */
export interface ForecastState extends SeismicState {
  /** latest post's event id */
  lastEvent: string | null;
  judged: Judged | null;
  /** signals of `judged` (derived, not saved) */
  signals: readonly Signal[] | null;
}

function signalsOf(j: Judged, o: ForecastOptions): readonly Signal[] {
  const score = round2(logScore(j.size, o.lowSize, o.highSize));
  if (score <= 0) return [];
  return [
    {
      dimension: 'spread',
      score,
      code: 'CASCADE_FORECAST',
      message:
        `forecast final size ~${j.size} posts from ${j.posts} so far` +
        ` (infectiousness ${j.infectiousness.toExponential(2)}${j.supercritical ? ', supercritical' : ''})`,
      evidence: j.event ? [j.event] : [],
    },
  ];
}

/** Whether the last forecast is too old: posts grew by 1/refresh or age by 1/refreshAge (or time ran back as much). */
function due(s: ForecastState, j: Judged, nowMs: number, o: ForecastOptions): boolean {
  const grown = s.posts - j.posts;
  if (grown !== 0 && (s.posts <= o.refresh || Math.abs(grown) * o.refresh >= s.posts)) return true;
  const age = nowMs - s.buckets[0]![0] * 1000;
  return Math.abs(nowMs - j.at) >= Math.max(1000, age / o.refreshAge);
}

function judge(s: ForecastState, nowMs: number, o: ForecastOptions): readonly Signal[] {
  if (s.posts < o.minPosts) return [];
  if (s.judged && !due(s, s.judged, nowMs, o)) return (s.signals ??= signalsOf(s.judged, o));
  const f = predict(s, nowMs / 1000, { s0: o.s0Seconds, theta: o.theta, alpha: o.alpha, k: o.k, maxRatio: o.maxRatio });
  s.judged = {
    posts: s.posts,
    at: nowMs,
    size: Math.round(f.finalSize),
    infectiousness: f.infectiousness,
    supercritical: f.supercritical,
    event: s.lastEvent,
  };
  return (s.signals = signalsOf(s.judged, o));
}

const Saved = z.object({
  buckets: z.array(z.tuple([z.number(), z.number(), z.number()])),
  posts: z.number(),
  lastEvent: z.string().nullable(),
  judged: z
    .object({
      posts: z.number(),
      at: z.number(),
      size: z.number(),
      infectiousness: z.number(),
      supercritical: z.boolean(),
      event: z.string().nullable(),
    })
    .nullable()
    .optional(),
});

export const forecast = defineDetector<ForecastOptions, ForecastState>({
  name: 'cascade/forecast',
  family: 'cascade',
  version: '1.0.0',
  description: 'final-size forecast from early posts (SEISMIC self-exciting model)',
  options: ForecastOptions,
  init: () => ({ ...emptySeismic(), lastEvent: null, judged: null, signals: null }),
  step(state, event, _ctx, o) {
    addPostInPlace(state, event.time / 1000, event.authorFollowers ?? o.defaultFollowers, o.maxBuckets);
    const newest = state.buckets[state.buckets.length - 1]![0] * 1000;
    state.lastEvent = event.eventId;
    return { state, signals: judge(state, Math.max(event.time, newest), o) };
  },
  tick(state, ctx, o) {
    return { state, signals: judge(state, ctx.watermark, o) };
  },
  merge(a, b, o) {
    return { ...mergeStates(a, b, o.maxBuckets), lastEvent: a.lastEvent ?? b.lastEvent, judged: null, signals: null };
  },
  save: (s) => ({
    buckets: s.buckets.map((b) => [...b]),
    posts: s.posts,
    lastEvent: s.lastEvent,
    judged: s.judged && { ...s.judged },
  }),
  restore: (saved) => {
    const p = Saved.parse(saved);
    return {
      buckets: p.buckets.map((b) => [...b] as [number, number, number]),
      posts: p.posts,
      lastEvent: p.lastEvent,
      judged: p.judged ?? null,
      signals: null,
    };
  },
});
