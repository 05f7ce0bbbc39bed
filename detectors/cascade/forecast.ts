import { z } from 'zod';
import { defineDetector, type Signal } from '../../src/contract/index.js';
import { logScore, round2 } from './shared.js';
import {
  AgeCorrection,
  FITTED_CORRECTION,
  FITTED_FOLLOWER_EXPONENT,
  forecastFinalSize,
} from './forecast-correction.js';
import { FITTED_INTERVAL, ForecastInterval, forecastBounds } from './forecast-interval.js';
import { addPostInPlace, followerWeight, mergeStates, type SeismicState } from './seismic-model.js';

/**
 * Forecast of an incident's final size from its early posts, with the
 * SEISMIC self-exciting model (see seismic-model.ts): power-law memory
 * kernel, intensity weighted by followers^followerExponent, infectiousness estimated online over
 * a triangular window, and the raw forecast corrected by the incident's age
 * with a table fitted on training cascades (forecast-correction.ts). The
 * spread that is coming, not only the spread so far: a dossier that will
 * reach thousands warrants action while it is still at dozens.
 * The correction and the 80% interval (forecast-interval.ts) are fitted by
 * `npx tsx bench/warning/run.ts --fit` on six public data sets pooled and
 * measured on each one left out (bench/warning/REPORT.md); config/default.yaml
 * repeats them.
 */
/** A platform's own calibration: what `--fit --input` fitted on its history, replacing the pooled one. */
export const PlatformCalibration = z
  .object({ correction: AgeCorrection.optional(), interval: ForecastInterval.optional() })
  .strict();
export type PlatformCalibration = z.infer<typeof PlatformCalibration>;

export const ForecastOptions = z
  .object({
    s0Seconds: z.number().positive().default(300),
    /** power-law exponent of the kernel's tail; below 1 (the window integral needs it) */
    theta: z.number().positive().lt(1).default(0.242),
    alpha: z.number().positive().default(1),
    k: z.number().nonnegative().default(0),
    /** forecasts are capped at this multiple of the observed size */
    maxRatio: z.number().min(1).default(50),
    /** posts with unknown followers count as this many */
    defaultFollowers: z.number().nonnegative().default(100),
    /** a post weighs followers^followerExponent: 1 is SEISMIC's, 0 counts every post the same */
    followerExponent: z.number().min(0).max(1).default(FITTED_FOLLOWER_EXPONENT),
    /** infectiousness over a triangular window of windowShare × age, within [min, max] seconds; 0: whole history */
    windowShare: z.number().min(0).max(1).default(0.5),
    minWindowSeconds: z.number().positive().default(300),
    maxWindowSeconds: z.number().positive().default(7200),
    /** correction of the forecast by the incident's age: knots {ageSeconds, intercept, slope}; [] = raw model */
    correction: AgeCorrection.default(() => FITTED_CORRECTION.map((k) => ({ ...k }))),
    /** the 80% interval around the forecast, by age and size class (forecast-interval.ts) */
    interval: ForecastInterval.default(() => structuredClone(FITTED_INTERVAL)),
    /**
     * per platform (the incident's first post's): its own correction and/or interval, fitted on its own
     * history (`bench/warning/run.ts --fit --input FILE --platform NAME`); a platform not listed uses the above
     */
    platforms: z.record(z.string(), PlatformCalibration).default({}),
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
  })
  .refine((o) => o.minWindowSeconds <= o.maxWindowSeconds, {
    message: 'minWindowSeconds must not exceed maxWindowSeconds',
    path: ['minWindowSeconds'],
  });
export type ForecastOptions = z.infer<typeof ForecastOptions>;

/** The latest forecast: what the signal shows, and when it was made. */
export interface Judged {
  /** posts and event time (ms) it was made at */
  readonly posts: number;
  readonly at: number;
  readonly size: number;
  /** the 80% interval (the size itself in snapshots from before 1.2.0) */
  readonly low: number;
  readonly high: number;
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
  /** platform of the first post: whose calibration (options.platforms) applies; null before any */
  platform: string | null;
  /** the followerExponent the buckets are weighted with */
  weightExponent: number;
  /** latest post's event id */
  lastEvent: string | null;
  judged: Judged | null;
  /** signals of `judged` (derived, not saved) */
  signals: readonly Signal[] | null;
}

const NONE: readonly Signal[] = [];

/** A final-size forecast with its 80% interval, as incident records and `doxguard forecast` carry it. */
export interface SizeForecast {
  readonly finalSize: number;
  readonly low: number;
  readonly high: number;
  /** posts seen and seconds since the first when it was made */
  readonly posts: number;
  readonly ageSeconds: number;
  readonly infectiousness: number;
  readonly supercritical: boolean;
}

/** The correction and interval a platform's incidents are forecast with: its own where configured, else the pooled. */
export function calibrationFor(
  o: ForecastOptions,
  platform: string | null,
): { correction: AgeCorrection; interval: ForecastInterval } {
  const own = platform === null ? undefined : o.platforms[platform];
  return { correction: own?.correction ?? o.correction, interval: own?.interval ?? o.interval };
}

/**
 * The forecast of a state at event time `nowMs`: what the detector judges by and
 * `doxguard forecast` prints (one function, so the two cannot drift apart).
 */
export function forecastNow(
  s: SeismicState,
  nowMs: number,
  o: ForecastOptions,
  platform: string | null = null,
): SizeForecast {
  const own = calibrationFor(o, platform);
  const f = forecastFinalSize(
    s,
    nowMs / 1000,
    own.correction === o.correction ? o : { ...o, correction: own.correction },
  );
  const finalSize = Math.round(f.finalSize);
  const { low, high } = forecastBounds(finalSize, s.posts, f.age, own.interval);
  return {
    finalSize,
    low,
    high,
    posts: s.posts,
    ageSeconds: f.age,
    infectiousness: f.raw.infectiousness,
    supercritical: f.raw.supercritical,
  };
}

/** Adds one post (event time ms) to the state in place: what `step` does, and `doxguard forecast` too. */
export function addEvent(
  state: ForecastState,
  timeMs: number,
  followers: number | null,
  eventId: string,
  o: ForecastOptions,
  platform: string | null = null,
): void {
  state.platform ??= platform;
  addPostInPlace(
    state,
    timeMs / 1000,
    followerWeight(followers ?? o.defaultFollowers, o.followerExponent),
    o.maxBuckets,
  );
  state.lastEvent = eventId;
}

/** A signal whenever there is a forecast (score 0 below lowSize: it carries the forecast, risk ignores it). */
function signalsOf(j: Judged, o: ForecastOptions): readonly Signal[] {
  const score = round2(logScore(j.size, o.lowSize, o.highSize));
  return [
    {
      dimension: 'spread',
      score,
      code: 'CASCADE_FORECAST',
      forecast: { finalSize: j.size, low: j.low, high: j.high, observedAt: j.at },
      message:
        `forecast final size ~${j.size} posts from ${j.posts} so far (80%: ${j.low}–${j.high};` +
        ` infectiousness ${j.infectiousness.toExponential(2)}${j.supercritical ? ', supercritical' : ''})`,
      evidence: j.event ? [j.event] : [],
    },
  ];
}

/** Whether the last forecast is too old: posts grew by 1/refresh or age by 1/refreshAge (or time ran back as much). */
function due(s: ForecastState, j: Judged, nowMs: number, o: ForecastOptions): boolean {
  const grown = s.posts - j.posts;
  if (grown !== 0 && (s.posts <= o.refresh || Math.abs(grown) * o.refresh >= s.posts)) return true;
  const age = nowMs - (s.start ?? s.buckets[0]![0]) * 1000;
  return Math.abs(nowMs - j.at) >= Math.max(1000, age / o.refreshAge);
}

function judge(s: ForecastState, nowMs: number, o: ForecastOptions): readonly Signal[] {
  if (s.posts < o.minPosts) return NONE;
  if (s.judged && !due(s, s.judged, nowMs, o)) return (s.signals ??= signalsOf(s.judged, o));
  const f = forecastNow(s, nowMs, o, s.platform);
  s.judged = {
    posts: s.posts,
    at: nowMs,
    size: f.finalSize,
    low: f.low,
    high: f.high,
    infectiousness: f.infectiousness,
    supercritical: f.supercritical,
    event: s.lastEvent,
  };
  return (s.signals = signalsOf(s.judged, o));
}

const Saved = z.object({
  buckets: z.array(z.tuple([z.number(), z.number(), z.number()])),
  posts: z.number(),
  /** absent in snapshots from before 1.1.0: the first bucket's time then */
  start: z.number().nullable().optional(),
  /** absent before 1.1.0, whose buckets summed followers as they are (exponent 1) */
  weightExponent: z.number().optional(),
  lastEvent: z.string().nullable(),
  /** absent before 1.3.0 (no per-platform calibration then) */
  platform: z.string().nullable().optional(),
  judged: z
    .object({
      posts: z.number(),
      at: z.number(),
      size: z.number(),
      low: z.number().optional(),
      high: z.number().optional(),
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
  version: '1.3.0',
  description: 'final-size forecast from early posts (SEISMIC self-exciting model)',
  options: ForecastOptions,
  // fitted by bench/warning: config/default.yaml shows them
  shipped: ['followerExponent', 'correction', 'interval', 'platforms'],
  init: (o) => ({
    buckets: [],
    posts: 0,
    start: null,
    weightExponent: o.followerExponent,
    platform: null,
    lastEvent: null,
    judged: null,
    signals: null,
  }),
  step(state, event, _ctx, o) {
    addEvent(state, event.time, event.authorFollowers, event.eventId, o, event.platform);
    const newest = state.buckets[state.buckets.length - 1]![0] * 1000;
    return { state, signals: judge(state, Math.max(event.time, newest), o) };
  },
  tick(state, ctx, o) {
    return { state, signals: judge(state, ctx.watermark, o) };
  },
  merge(a, b, o) {
    return {
      ...mergeStates(a, b, o.maxBuckets),
      weightExponent: a.weightExponent,
      // the earlier first post's platform (a's on a tie): as if one state had seen both
      platform: (b.start ?? Infinity) < (a.start ?? Infinity) ? (b.platform ?? a.platform) : (a.platform ?? b.platform),
      lastEvent: a.lastEvent ?? b.lastEvent,
      judged: null,
      signals: null,
    };
  },
  save: (s) => ({
    buckets: s.buckets.map((b) => [...b]),
    posts: s.posts,
    start: s.start,
    weightExponent: s.weightExponent,
    platform: s.platform,
    lastEvent: s.lastEvent,
    judged: s.judged && { ...s.judged },
  }),
  restore: (saved, o) => {
    const p = Saved.parse(saved);
    const was = p.weightExponent ?? 1;
    // weights saved under another exponent: with 0 now, each post weighs 1 and a bucket weighs its post
    // count (exact); other changes apply to new posts only
    const recount = was !== o.followerExponent && o.followerExponent === 0;
    return {
      buckets: p.buckets.map((b) => [b[0], recount ? b[2] : b[1], b[2]] as [number, number, number]),
      posts: p.posts,
      start: p.start ?? p.buckets[0]?.[0] ?? null,
      weightExponent: recount ? 0 : was,
      platform: p.platform ?? null,
      lastEvent: p.lastEvent,
      judged: p.judged
        ? { ...p.judged, low: p.judged.low ?? p.judged.size, high: p.judged.high ?? p.judged.size }
        : null,
      signals: null,
    };
  },
});
