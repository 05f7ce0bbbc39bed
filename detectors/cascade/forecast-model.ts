import { z } from 'zod';
import type { Signal } from '../../src/contract/index.js';
import {
  AgeCorrection,
  FITTED_CORRECTION,
  FITTED_FOLLOWER_EXPONENT,
  forecastFinalSizeInto,
  silenceAt,
  type WritableCorrected,
} from './forecast-correction.js';
import { FITTED_INTERVAL, ForecastInterval, intervalAt, shiftedBoundsInto } from './forecast-interval.js';
import {
  type Calibrator,
  OnlineCalibration,
  advance,
  calibrationId,
  fold,
  isQuiet,
  levelsAt,
  observe,
  record,
} from './forecast-online.js';
import { addPostInPlace, followerWeight, type SeismicState, type Writable } from './seismic-model.js';
import { NO_NUMBERS } from './shared.js';

/**
 * The forecast model the cascade/forecast detector (forecast.ts) and `doxguard forecast` share. Forecast of
 * an incident's final size from its early posts, with the
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
    /**
     * the interval calibrated online on each platform's own incidents whose outcome is known
     * (forecast-online.ts); the interval above (or the platform's) is where it starts
     */
    online: OnlineCalibration.default(() => OnlineCalibration.parse({})),
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
  /** online calibration: the incident's id there (null before its first point), its next knot, joined ids */
  calId: number | null;
  knot: number;
  /** replaced, never mutated (the shared empty list until a join) */
  absorbed: readonly number[];
  judged: Judged | null;
  /** signals of `judged` (derived, not saved) */
  signals: readonly Signal[] | null;
}

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
  /** the online calibration (the detector's shared state); none: the fitted interval */
  cal?: Calibrator,
): SizeForecast {
  const out = blankSizeForecast();
  forecastNowInto(out, s, nowMs, o, platform, cal);
  return out;
}

/** A SizeForecast for forecastNowInto to write (it writes every field). */
function blankSizeForecast(): Writable<SizeForecast> {
  return { finalSize: 0, low: 0, high: 0, posts: 0, ageSeconds: 0, infectiousness: 0, supercritical: false };
}

/** The detector's forecast, read right after `forecastNowInto` writes it (never escapes a call). */
const latest = blankSizeForecast();
/** forecastNowInto's intermediate results (the corrected forecast, the bounds): written and read within it */
const corrected: WritableCorrected = {
  raw: { observed: 0, infectiousness: 0, remainingExposure: 0, finalSize: 0, supercritical: false },
  age: 0,
  finalSize: 0,
};
const bounds = { low: 0, high: 0 };

/** `forecastNow` written into `out`: the same arithmetic, no object per forecast (Forecast, bounds, the result). */
function forecastNowInto(
  out: Writable<SizeForecast>,
  s: SeismicState,
  nowMs: number,
  o: ForecastOptions,
  platform: string | null,
  cal: Calibrator | undefined,
): void {
  // calibrationFor's two fields and adapted's interval, read in place: no object per forecast
  const own = platform === null ? undefined : o.platforms[platform];
  const correction = own?.correction ?? o.correction;
  const quiet = isQuiet(silenceAt(s, nowMs / 1000), o.online);
  const shifts = o.online.enabled ? cal?.rings.get(platform ?? '') : undefined;
  const f = corrected;
  forecastFinalSizeInto(f, s, nowMs / 1000, correction === o.correction ? o : { ...o, correction });
  const finalSize = Math.round(f.finalSize);
  shiftedBoundsInto(bounds, finalSize, s.posts, f.age, own?.interval ?? o.interval, shifts, quiet);
  out.finalSize = finalSize;
  out.low = bounds.low;
  out.high = bounds.high;
  out.posts = s.posts;
  out.ageSeconds = f.age;
  out.infectiousness = f.raw.infectiousness;
  out.supercritical = f.raw.supercritical;
}

/** The forecast of a state at `nowMs` (forecastNow's), in a shared object overwritten by the next call. */
export function forecastNowShared(
  s: SeismicState,
  nowMs: number,
  o: ForecastOptions,
  platform: string | null,
  cal: Calibrator | undefined,
): Readonly<SizeForecast> {
  forecastNowInto(latest, s, nowMs, o, platform, cal);
  return latest;
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

/**
 * The latest bucket's time (ms; -Infinity before any post): read only where it is used, since most calls (a tick
 * of an incident no knot age has passed) need nothing of the buckets, and reading them is a cache miss.
 */
const newestMs = (s: SeismicState): number => (s.buckets.length ? s.buckets[s.buckets.length - 3]! * 1000 : -Infinity);

/**
 * The online calibration's part of a step (before its post is added: knots before `until`) or a tick (knots
 * at or before it): outcomes the watermark passed are learnt, and each knot age of the interval the incident
 * reached becomes a calibration point, forecast as the detector would judge it then — unless it had too few
 * posts then, or the state holds later posts (a join, a late post): no exact forecast of that moment.
 */
export function calibrate(
  s: ForecastState,
  cal: Calibrator | undefined,
  o: ForecastOptions,
  watermark: number,
  until: number,
  inclusive: boolean,
): void {
  if (!cal || !o.online.enabled) return;
  if (s.absorbed.length > 0) {
    const newest = newestMs(s);
    for (const from of s.absorbed) if (s.calId !== null) fold(cal, from, s.calId, s.posts, newest);
    s.absorbed = NO_NUMBERS;
  }
  advance(cal, watermark, o.online);
  if (s.start === null) return;
  const interval = (s.platform === null ? undefined : o.platforms[s.platform])?.interval ?? o.interval;
  while (s.knot < interval.knots.length) {
    const k = interval.knots[s.knot]!;
    const at = (s.start + k.ageSeconds) * 1000;
    if (inclusive ? at > until : at >= until) break;
    s.knot++;
    if (s.posts < o.minPosts) continue;
    const newest = newestMs(s);
    if (newest > at) continue;
    const f = forecastNowShared(s, at, o, s.platform, cal);
    const quiet = isQuiet(silenceAt(s, at / 1000), o.online);
    const base = intervalAt(interval, k.ageSeconds, s.posts);
    s.calId ??= calibrationId(cal);
    const point = {
      at,
      knot: k.ageSeconds,
      quiet,
      forecast: f.finalSize,
      lo: base.low,
      hi: base.high,
      low: f.low,
      high: f.high,
      posts: s.posts,
      ...levelsAt(cal, s.platform ?? '', k.ageSeconds, quiet),
    };
    record(cal, s.calId, s.platform ?? '', s.posts, newest, point, o.online);
  }
}

/**
 * A post: what `step` does to the incident's state and the platform's calibration (`cal`, the detector's
 * shared state), and `doxguard forecast` too. `watermark`: event time up to which outcomes are known.
 */
export function addPost(
  state: ForecastState,
  cal: Calibrator | undefined,
  post: {
    readonly time: number;
    readonly followers: number | null;
    readonly eventId: string;
    readonly platform: string;
  },
  o: ForecastOptions,
  watermark: number,
): void {
  addPostAt(state, cal, post.time, post.followers, post.eventId, post.platform, o, watermark);
}

/** `addPost` with the post's fields as arguments: what `step` calls (no post object per event). */
export function addPostAt(
  state: ForecastState,
  cal: Calibrator | undefined,
  time: number,
  followers: number | null,
  eventId: string,
  platform: string,
  o: ForecastOptions,
  watermark: number,
): void {
  calibrate(state, cal, o, watermark, time, false);
  addEvent(state, time, followers, eventId, o, platform);
  if (cal && state.calId !== null) observe(cal, state.calId, state.posts, time, o.online);
}
