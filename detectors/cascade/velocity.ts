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
  /** event ids kept as evidence (the latest ones of the window) */
  maxEvidence: z.number().int().min(1).max(50).default(5),
});
export type VelocityOptions = z.infer<typeof VelocityOptions>;

/** Buckets as [bucketStart, count] pairs, oldest first, spanning at most two windows. */
export interface VelocityState {
  readonly buckets: readonly (readonly [number, number])[];
  /** latest event ids as [time, eventId], newest last (bounded) */
  readonly recent: readonly (readonly [number, string])[];
}

function remember(
  recent: readonly (readonly [number, string])[],
  time: number,
  id: string,
  o: VelocityOptions,
): (readonly [number, string])[] {
  if (recent.some(([, e]) => e === id)) return recent.slice();
  const out = [...recent, [time, id] as const].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
  return out.slice(-o.maxEvidence);
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
  return { buckets: prune(buckets, Math.max(time, buckets[buckets.length - 1]![0]), o), recent: state.recent };
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
  const windowMin = o.windowMs / 60_000;
  // posts/min per minute: how fast the rate itself is climbing
  const acceleration = (current - previous) / windowMin / windowMin;
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
      message: `${round(perMinute)} posts/min over the last ${windowMin} min (growth x${round(growth)}, acceleration ${round(acceleration)} posts/min²)`,
      evidence: state.recent.filter(([t]) => t > evidenceFrom && t <= now).map(([, id]) => id),
    },
  ];
}

export const velocity = defineDetector<VelocityOptions, VelocityState>({
  name: 'cascade/velocity',
  family: 'cascade',
  version: '1.1.0',
  description: 'event-time reposts per minute over a sliding window, its growth and acceleration',
  options: VelocityOptions,
  init: () => ({ buckets: [], recent: [] }),
  step(state, event, _ctx, o) {
    const added = add(state, event.time, o);
    const next = { buckets: added.buckets, recent: remember(state.recent, event.time, event.eventId, o) };
    const newest = next.buckets[next.buckets.length - 1]![0];
    return { state: next, signals: judge(next, Math.max(event.time, newest), o) };
  },
  tick(state, ctx, o) {
    const next = { buckets: prune(state.buckets.slice(), ctx.watermark, o), recent: state.recent };
    return { state: next, signals: judge(next, ctx.watermark, o) };
  },
  merge(a, b, o) {
    const byStart = new Map<number, number>();
    for (const [s, n] of [...a.buckets, ...b.buckets]) byStart.set(s, (byStart.get(s) ?? 0) + n);
    const buckets = [...byStart].sort((x, y) => x[0] - y[0]);
    let recent: (readonly [number, string])[] = a.recent.slice();
    for (const [t, id] of b.recent) recent = remember(recent, t, id, o);
    return { buckets: prune(buckets, buckets.length ? buckets[buckets.length - 1]![0] : 0, o), recent };
  },
  save: (state) => ({
    buckets: state.buckets.map(([s, n]) => [s, n]),
    recent: state.recent.map(([t, id]) => [t, id]),
  }),
  restore(saved) {
    // 1.0.0 saved the bucket list alone
    const parsed = z
      .union([
        z.array(z.tuple([z.number(), z.number()])).transform((buckets) => ({ buckets, recent: [] })),
        z.object({
          buckets: z.array(z.tuple([z.number(), z.number()])),
          recent: z.array(z.tuple([z.number(), z.string()])),
        }),
      ])
      .parse(saved);
    return {
      buckets: parsed.buckets.map(([s, n]) => [s, n] as const),
      recent: parsed.recent.map(([t, id]) => [t, id] as const),
    };
  },
});
