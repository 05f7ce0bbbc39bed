import { z } from 'zod';
import { defineDetector, type Signal } from '../types.js';

/**
 * Event-time reposts per minute over a sliding window, and its growth
 * against the window before. A human flesh search that starts to trend shows
 * both: many reshares a minute, and more each window than the last.
 */
export const VelocityOptions = z.object({
  /** the sliding window the rate is measured over */
  windowMs: z
    .number()
    .int()
    .positive()
    .default(5 * 60_000),
  /** bucket width; the window is windowMs / bucketMs buckets */
  bucketMs: z.number().int().positive().default(30_000),
  /** reposts per minute that score 1 on their own */
  highRatePerMinute: z.number().positive().default(20),
  /** fewer events than this in the window score 0 (noise) */
  minEvents: z.number().int().nonnegative().default(5),
  /** growth (this window / previous window) at which the growth bonus is full */
  highGrowth: z.number().min(1).default(3),
});
export type VelocityOptions = z.infer<typeof VelocityOptions>;

/** Buckets as [bucketStart, count] pairs, oldest first, spanning at most two windows. */
export interface VelocityState {
  readonly buckets: readonly (readonly [number, number])[];
}

function add(state: VelocityState, time: number, o: VelocityOptions): VelocityState {
  const start = Math.floor(time / o.bucketMs) * o.bucketMs;
  const buckets = state.buckets.slice();
  const i = buckets.findIndex(([s]) => s === start);
  if (i >= 0) buckets[i] = [start, buckets[i]![1] + 1];
  else {
    buckets.push([start, 1]);
    buckets.sort((a, b) => a[0] - b[0]);
  }
  return { buckets: prune(buckets, Math.max(time, buckets[buckets.length - 1]![0]), o) };
}

function prune(buckets: (readonly [number, number])[], now: number, o: VelocityOptions): (readonly [number, number])[] {
  const horizon = now - 2 * o.windowMs;
  let k = 0;
  while (k < buckets.length && buckets[k]![0] < horizon) k++;
  return k ? buckets.slice(k) : buckets;
}

function judge(state: VelocityState, now: number, o: VelocityOptions): Signal[] {
  let current = 0;
  let previous = 0;
  const evidenceFrom = now - o.windowMs;
  for (const [s, n] of state.buckets) {
    if (s > now) continue;
    if (s + o.bucketMs > evidenceFrom) current += n;
    else if (s + o.bucketMs > evidenceFrom - o.windowMs) previous += n;
  }
  if (current < o.minEvents) return [];
  const perMinute = current / (o.windowMs / 60_000);
  const growth = previous === 0 ? o.highGrowth : current / previous;
  const rateScore = Math.min(1, perMinute / o.highRatePerMinute);
  const growthScore = Math.min(1, Math.max(0, (growth - 1) / (o.highGrowth - 1)));
  // Rate carries most weight; growth lifts an accelerating cascade early.
  const score = Math.min(1, 0.75 * rateScore + 0.25 * growthScore * Math.min(1, rateScore * 2));
  const round = (x: number): number => Math.round(x * 100) / 100;
  return [
    {
      dimension: 'spread',
      score: round(score),
      code: 'CASCADE_VELOCITY',
      message: `${round(perMinute)} posts/min over the last ${o.windowMs / 60_000} min (growth x${round(growth)})`,
      evidence: [],
    },
  ];
}

export const velocity = defineDetector<VelocityOptions, VelocityState>({
  name: 'cascade/velocity',
  family: 'cascade',
  version: '1.0.0',
  description: 'event-time reposts per minute over a sliding window and its growth',
  options: VelocityOptions,
  init: () => ({ buckets: [] }),
  step(state, event, _ctx, o) {
    const next = add(state, event.time, o);
    const newest = next.buckets[next.buckets.length - 1]![0];
    return { state: next, signals: judge(next, Math.max(event.time, newest), o) };
  },
  tick(state, ctx, o) {
    const next = { buckets: prune(state.buckets.slice(), ctx.watermark, o) };
    return { state: next, signals: judge(next, ctx.watermark, o) };
  },
  merge(a, b, o) {
    const byStart = new Map<number, number>();
    for (const [s, n] of [...a.buckets, ...b.buckets]) byStart.set(s, (byStart.get(s) ?? 0) + n);
    const buckets = [...byStart].sort((x, y) => x[0] - y[0]);
    return { buckets: prune(buckets, buckets.length ? buckets[buckets.length - 1]![0] : 0, o) };
  },
  save: (state) => state.buckets.map(([s, n]) => [s, n]),
  restore(saved) {
    const parsed = z.array(z.tuple([z.number(), z.number()])).parse(saved);
    return { buckets: parsed.map(([s, n]) => [s, n] as const) };
  },
});
