import { z } from 'zod';
/**
 * The cascade/forecast detector: each incident's final size forecast with its 80% interval, from its early
 * posts (the model, shared with `doxguard forecast`: forecast-model.ts), re-judged as posts come and event
 * time passes; the interval calibrated online on the platform's incidents whose outcome is known, the
 * detector's state shared across incidents (forecast-online.ts). Fitted values: bench/warning/REPORT.md and
 * config/default.yaml.
 */
import { defineDetector, type JsonValue, type Signal } from '../../src/contract/index.js';
import { NO_NUMBERS, dueBefore, logScore, round2 } from './shared.js';
import { type Calibrator, advance, newCalibrator } from './forecast-online.js';
import { restoreCalibrator, saveCalibrator } from './forecast-online-save.js';
import {
  ForecastOptions,
  type ForecastState,
  type Judged,
  addPostAt,
  calibrate,
  forecastNowShared,
} from './forecast-model.js';
import { bucketList, flatBuckets, mergeStates } from './seismic-model.js';

export * from './forecast-model.js';

const NONE: readonly Signal[] = [];
/** A signal whenever there is a forecast (score 0 below lowSize: it carries the forecast, risk ignores it). */
function signalsOf(j: Judged, o: ForecastOptions): readonly Signal[] {
  const score = round2(logScore(j.size, o.lowSize, o.highSize));
  return [
    {
      dimension: 'spread',
      score,
      code: 'CASCADE_FORECAST',
      forecast: { finalSize: j.size, low: j.low, high: j.high, observedAt: j.at },
      // joined: one flat string kept with the signal, not a rope (see cascade/velocity)
      message: [
        'forecast final size ~',
        j.size,
        ' posts from ',
        j.posts,
        ' so far (80%: ',
        j.low,
        '–',
        j.high,
        '; infectiousness ',
        j.infectiousness.toExponential(2),
        j.supercritical ? ', supercritical' : '',
        ')',
      ].join(''),
      evidence: j.event ? [j.event] : [],
    },
  ];
}

/** Whether the last forecast is too old: posts grew by 1/refresh or age by 1/refreshAge (or time ran back as much). */
function due(s: ForecastState, j: Judged, nowMs: number, o: ForecastOptions): boolean {
  const grown = s.posts - j.posts;
  if (grown !== 0 && (s.posts <= o.refresh || Math.abs(grown) * o.refresh >= s.posts)) return true;
  const age = nowMs - (s.start ?? s.buckets[0]!) * 1000;
  return Math.abs(nowMs - j.at) >= Math.max(1000, age / o.refreshAge);
}

function judge(s: ForecastState, nowMs: number, o: ForecastOptions, cal?: Calibrator): readonly Signal[] {
  if (s.posts < o.minPosts) return NONE;
  if (s.judged && !due(s, s.judged, nowMs, o)) return (s.signals ??= signalsOf(s.judged, o));
  const f = forecastNowShared(s, nowMs, o, s.platform, cal);
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

/**
 * When a tick after one at `nowMs` is next due (TickResult.dueAt): at the online calibration's next knot
 * (calibrate learns each knot the watermark reached), or when the forecast grows old (`due`: posts do not
 * change in a tick, so only its time part: |x − at| ≥ max(1000, (x − start) / refreshAge), which, false at
 * `nowMs`, stays false until x passes `at` and then turns once for good).
 */
function nextDue(s: ForecastState, nowMs: number, o: ForecastOptions, cal?: Calibrator): number {
  let next = Infinity;
  if (cal && o.online.enabled && s.start !== null) {
    const knots = ((s.platform === null ? undefined : o.platforms[s.platform])?.interval ?? o.interval).knots;
    if (s.knot < knots.length) next = (s.start + knots[s.knot]!.ageSeconds) * 1000;
  }
  const j = s.judged;
  if (s.posts >= o.minPosts && j !== null) {
    const start = (s.start ?? s.buckets[0]!) * 1000;
    const r = o.refreshAge;
    // x − at ≥ (x − start) / r  ⇔  x ≥ (r·at − start) / (r − 1); with r = 1, only when start ≥ at
    const byAge = r > 1 ? (r * j.at - start) / (r - 1) : start >= j.at ? -Infinity : Infinity;
    next = Math.min(next, Math.max(j.at + 1000, byAge, nowMs));
  }
  return next === Infinity ? next : dueBefore(next);
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
  /** absent before 1.4.0 (no online calibration then) */
  calId: z.number().int().nullable().optional(),
  knot: z.number().int().min(0).optional(),
  absorbed: z.array(z.number().int()).optional(),
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

export const forecast = defineDetector<ForecastOptions, ForecastState, Calibrator>({
  name: 'cascade/forecast',
  family: 'cascade',
  version: '1.8.0',
  description: 'final-size forecast from early posts (SEISMIC self-exciting model)',
  options: ForecastOptions,
  // fitted by bench/warning: config/default.yaml shows them
  shipped: ['followerExponent', 'correction', 'interval', 'platforms', 'online'],
  shared: {
    init: () => newCalibrator(),
    save: (c) => saveCalibrator(c) as unknown as JsonValue,
    restore: (saved) => restoreCalibrator(saved),
    // a tick's calibrate begins so on every incident (outcomes the watermark passed are learnt)
    tick: (c, watermark, o) => {
      if (o.online.enabled) advance(c, watermark, o.online);
    },
  },
  constants: [NO_NUMBERS],
  init: (o) => ({
    buckets: [],
    posts: 0,
    start: null,
    weightExponent: o.followerExponent,
    platform: null,
    lastEvent: null,
    calId: null,
    knot: 0,
    absorbed: NO_NUMBERS,
    judged: null,
    signals: null,
  }),
  step(state, event, ctx, o, cal) {
    addPostAt(state, cal, event.time, event.authorFollowers, event.eventId, event.platform, o, ctx.watermark);
    const newest = state.buckets[state.buckets.length - 3]! * 1000;
    return { state, signals: judge(state, Math.max(event.time, newest), o, cal) };
  },
  tick(state, ctx, o, cal) {
    calibrate(state, cal, o, ctx.watermark, ctx.watermark, true);
    const signals = judge(state, ctx.watermark, o, cal);
    return { state, signals, dueAt: nextDue(state, ctx.watermark, o, cal) };
  },
  merge(a, b, o) {
    return {
      ...mergeStates(a, b, o.maxBuckets),
      weightExponent: a.weightExponent,
      // the earlier first post's platform (a's on a tie): as if one state had seen both
      platform: (b.start ?? Infinity) < (a.start ?? Infinity) ? (b.platform ?? a.platform) : (a.platform ?? b.platform),
      lastEvent: a.lastEvent ?? b.lastEvent,
      // b's points await their outcome on the joined incident (folded at the next step or tick)
      calId: a.calId ?? b.calId,
      knot: Math.max(a.knot, b.knot),
      absorbed: [...a.absorbed, ...(a.calId !== null && b.calId !== null ? [b.calId] : []), ...b.absorbed],
      judged: null,
      signals: null,
    };
  },
  save: (s) => ({
    buckets: bucketList(s.buckets),
    posts: s.posts,
    start: s.start,
    weightExponent: s.weightExponent,
    platform: s.platform,
    lastEvent: s.lastEvent,
    calId: s.calId,
    knot: s.knot,
    absorbed: [...s.absorbed],
    judged: s.judged && { ...s.judged },
  }),
  restore: (saved, o) => {
    const p = Saved.parse(saved);
    const was = p.weightExponent ?? 1;
    // weights saved under another exponent: with 0 now, each post weighs 1 and a bucket weighs its post
    // count (exact); other changes apply to new posts only
    const recount = was !== o.followerExponent && o.followerExponent === 0;
    return {
      buckets: flatBuckets(p.buckets.map((b) => [b[0], recount ? b[2] : b[1], b[2]] as const)),
      posts: p.posts,
      start: p.start ?? p.buckets[0]?.[0] ?? null,
      weightExponent: recount ? 0 : was,
      platform: p.platform ?? null,
      lastEvent: p.lastEvent,
      calId: p.calId ?? null,
      knot: p.knot ?? 0,
      absorbed: p.absorbed ?? [],
      judged: p.judged
        ? { ...p.judged, low: p.judged.low ?? p.judged.size, high: p.judged.high ?? p.judged.size }
        : null,
      signals: null,
    };
  },
});
