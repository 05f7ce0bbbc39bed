import { z } from 'zod';
import { defineDetector, type Signal } from '../../src/contract/index.js';
import { insert2, insertNumbers2 } from '../../src/util/index.js';
import { dueBefore, round2 } from './shared.js';

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

/**
 * Updated in place (the runner owns it): a step touches the newest bucket and a bounded evidence list. Both
 * lists are flat (an array per bucket or event cost ~60 bytes more each; most incidents hold one of each) and
 * sized exactly while small (shared.ts `put`).
 */
export interface VelocityState {
  /**
   * [bucketStart, count] pairs, flat, oldest first, spanning at most two windows. Null while they are exactly
   * the events of `recent`, one each (no more events than it keeps, none pruned, none merged): derived when read
   * (`bucketsOf`), made at the first event that would break that. Most incidents have a post or two: a list of
   * their own cost ~64 bytes each.
   */
  buckets: number[] | null;
  /** latest event ids as [time, eventId] pairs, flat, oldest first (bounded) */
  recent: (number | string)[];
  /** the last signal built and the counts it shows (derived, not saved): reused while they hold */
  shown: Shown | null;
}

interface Shown {
  readonly options: VelocityOptions;
  readonly current: number;
  readonly previous: number;
  readonly signals: readonly Signal[];
}

const NONE: readonly Signal[] = Object.freeze([]) as readonly Signal[];
/** The empty lists of a new state (shared, frozen: replaced by the first post, never written) */
const NO_BUCKETS: readonly number[] = Object.freeze([]);
const NO_RECENT: readonly (number | string)[] = Object.freeze([]);

/** The start of the bucket event time `time` falls in. */
const startOf = (time: number, o: VelocityOptions): number => Math.floor(time / o.bucketMs) * o.bucketMs;

/** The buckets of `recent`'s events, one each (time order is bucket order): a new list. */
function derived(recent: readonly (number | string)[], o: VelocityOptions): number[] {
  const out: number[] = [];
  for (let k = 0; k < recent.length; k += 2) {
    const start = startOf(recent[k] as number, o);
    if (out.length > 0 && out[out.length - 2] === start) out[out.length - 1]!++;
    else out.push(start, 1);
  }
  return out;
}

/** The state's buckets: its own list, or derived from `recent` (a new list, not to be kept). */
export const bucketsOf = (state: VelocityState, o: VelocityOptions): readonly number[] =>
  state.buckets ?? derived(state.recent, o);

/** Whether `recent` holds the event id `id`. */
function holds(recent: readonly (number | string)[], id: string): boolean {
  for (let k = 1; k < recent.length; k += 2) if (recent[k] === id) return true;
  return false;
}

/**
 * Prunes the derived buckets at `now`: when some would go (the oldest event's is the first to), the state gets
 * its own list (what is left; the shared empty one when nothing is). Derives them only then.
 */
function pruneDerived(state: VelocityState, now: number, o: VelocityOptions): void {
  const recent = state.recent;
  if (recent.length === 0 || startOf(recent[0] as number, o) >= now - 2 * o.windowMs) return;
  const buckets = derived(recent, o);
  prune(buckets, now, o);
  state.buckets = buckets.length > 0 ? buckets : (NO_BUCKETS as number[]);
}

/** Whether `evidence` is what judge would list from `recent` between `from` (exclusive) and `now`. */
function sameEvidence(
  evidence: readonly string[],
  recent: readonly (number | string)[],
  from: number,
  now: number,
): boolean {
  let n = 0;
  for (let k = 0; k < recent.length; k += 2) {
    const t = recent[k] as number;
    if (t > from && t <= now) {
      if (n >= evidence.length || evidence[n] !== recent[k + 1]) return false;
      n++;
    }
  }
  return n === evidence.length;
}

/** Keeps the latest `maxEvidence` events, ordered by time then id (in place once full). */
function remember(state: VelocityState, time: number, id: string, o: VelocityOptions): void {
  const recent = state.recent;
  if (holds(recent, id)) return;
  // the pair goes after every pair not later than it
  let i = recent.length / 2;
  while (i > 0) {
    const t = recent[2 * i - 2] as number;
    if (!(t > time || (t === time && (recent[2 * i - 1] as string) > id))) break;
    i--;
  }
  if (recent.length >= 2 * o.maxEvidence) {
    // full: the oldest goes (the new one itself if it is the oldest); the pairs before it move down one
    if (i === 0) return;
    for (let k = 0; k < 2 * i - 2; k++) recent[k] = recent[k + 2]!;
    recent[2 * i - 2] = time;
    recent[2 * i - 1] = id;
    return;
  }
  state.recent = insert2<number | string>(recent, 2 * i, time, id);
}

function add(state: VelocityState, time: number, o: VelocityOptions): void {
  const start = startOf(time, o);
  const buckets = state.buckets!;
  let i = buckets.length / 2;
  while (i > 0 && buckets[2 * i - 2]! > start) i--;
  if (i > 0 && buckets[2 * i - 2] === start) buckets[2 * i - 1]!++;
  else state.buckets = insertNumbers2(buckets, 2 * i, start, 1); // stays a list of unboxed doubles
  const own = state.buckets!;
  prune(own, Math.max(time, own[own.length - 2]!), o);
}

/** Drops (in place) the buckets older than two windows before `now`. */
function prune(buckets: number[], now: number, o: VelocityOptions): void {
  const horizon = now - 2 * o.windowMs;
  let k = 0;
  while (k < buckets.length && buckets[k]! < horizon) k += 2;
  if (k) buckets.splice(0, k);
}

/** Pairs of a flat list (save, merge). */
function pairsOf<A, B>(flat: readonly (A | B)[]): [A, B][] {
  const out: [A, B][] = [];
  for (let k = 0; k < flat.length; k += 2) out.push([flat[k] as A, flat[k + 1] as B]);
  return out;
}

function judge(state: VelocityState, now: number, o: VelocityOptions): readonly Signal[] {
  let current = 0;
  let previous = 0;
  const evidenceFrom = now - o.windowMs;
  const buckets = bucketsOf(state, o);
  for (let k = 0; k < buckets.length; k += 2) {
    const s = buckets[k]!;
    const n = buckets[k + 1]!;
    if (s > now) continue;
    if (s + o.bucketMs > evidenceFrom) current += n;
    else if (s + o.bucketMs > evidenceFrom - o.windowMs) previous += n;
  }
  if (current < o.minEvents) return NONE;
  // the same counts and evidence as the signal last built: the same signal (score and message follow from them)
  const shown = state.shown;
  if (
    shown !== null &&
    shown.options === o &&
    shown.current === current &&
    shown.previous === previous &&
    sameEvidence(shown.signals[0]!.evidence, state.recent, evidenceFrom, now)
  )
    return shown.signals;
  const perMinute = current / (o.windowMs / 60_000);
  const growth = previous === 0 ? o.highGrowth : current / previous;
  const windowMin = o.windowMs / 60_000;
  // posts/min per minute: how fast the rate itself is climbing
  const acceleration = (current - previous) / windowMin / windowMin;
  const rateScore = Math.min(1, perMinute / o.highRatePerMinute);
  const growthScore = Math.min(1, Math.max(0, (growth - 1) / (o.highGrowth - 1)));
  // Rate carries most weight; growth lifts an accelerating cascade early.
  const score = Math.min(1, 0.75 * rateScore + 0.25 * growthScore * Math.min(1, rateScore * 2));
  const evidence: string[] = [];
  const recent = state.recent;
  for (let k = 0; k < recent.length; k += 2) {
    const t = recent[k] as number;
    if (t > evidenceFrom && t <= now) evidence.push(recent[k + 1] as string);
  }
  const signals: Signal[] = [
    {
      dimension: 'spread',
      score: round2(score),
      code: 'CASCADE_VELOCITY',
      // joined, not a template literal: one flat string kept with the signal, not a rope of nine nodes (~300
      // bytes more per live velocity signal)
      message: [
        round2(perMinute),
        ' posts/min over the last ',
        windowMin,
        ' min (growth x',
        round2(growth),
        ', acceleration ',
        round2(acceleration),
        ' posts/min²)',
      ].join(''),
      evidence,
    },
  ];
  state.shown = { options: o, current, previous, signals };
  return signals;
}

/**
 * When a tick after one at `now` is next due (TickResult.dueAt): judge's counts and evidence change only when the
 * watermark reaches a bucket's start (it counts), its end plus one window (it leaves the current window) or
 * plus two (the previous), an event's time or that plus one window (evidence); prune only once the oldest
 * bucket is two windows old. Between those the same counts give the same list (the `shown` cache).
 */
function nextDue(state: VelocityState, now: number, o: VelocityOptions): number {
  const { windowMs, bucketMs } = o;
  const buckets = bucketsOf(state, o);
  let next = buckets.length > 0 ? buckets[0]! + 2 * windowMs : Infinity;
  for (let k = 0; k < buckets.length; k += 2) {
    const s = buckets[k]!;
    if (s > now) next = Math.min(next, s);
    else if (s + bucketMs + windowMs > now) next = Math.min(next, s + bucketMs + windowMs);
    else if (s + bucketMs + 2 * windowMs > now) next = Math.min(next, s + bucketMs + 2 * windowMs);
  }
  const recent = state.recent;
  for (let k = 0; k < recent.length; k += 2) {
    const t = recent[k] as number;
    if (t > now) next = Math.min(next, t);
    else if (t + windowMs > now) next = Math.min(next, t + windowMs);
  }
  return next === Infinity ? next : dueBefore(next);
}

export const velocity = defineDetector<VelocityOptions, VelocityState>({
  name: 'cascade/velocity',
  family: 'cascade',
  version: '1.2.0',
  description: 'event-time reposts per minute over a sliding window, its growth and acceleration',
  options: VelocityOptions,
  constants: [NONE, NO_BUCKETS, NO_RECENT],
  init: () => ({ buckets: null, recent: NO_RECENT as (number | string)[], shown: null }),
  step(state, event, _ctx, o) {
    // still derivable when the event joins `recent` as a new one and drops none
    if (state.buckets === null && (state.recent.length >= 2 * o.maxEvidence || holds(state.recent, event.eventId)))
      state.buckets = derived(state.recent, o);
    if (state.buckets !== null) add(state, event.time, o);
    remember(state, event.time, event.eventId, o);
    // the newest bucket: derived buckets' is the latest event's (`recent` is in time order)
    const newest =
      state.buckets !== null
        ? state.buckets[state.buckets.length - 2]!
        : startOf(state.recent[state.recent.length - 2] as number, o);
    // (add prunes its own list; derived buckets are pruned here, at the same moment: never the newest)
    if (state.buckets === null) pruneDerived(state, Math.max(event.time, newest), o);
    return { state, signals: judge(state, Math.max(event.time, newest), o) };
  },
  tick(state, ctx, o) {
    if (state.buckets === null) pruneDerived(state, ctx.watermark, o);
    else prune(state.buckets, ctx.watermark, o);
    const signals = judge(state, ctx.watermark, o);
    return { state, signals, dueAt: nextDue(state, ctx.watermark, o) };
  },
  merge(a, b, o) {
    const byStart = new Map<number, number>();
    for (const [s, n] of [...pairsOf<number, number>(bucketsOf(a, o)), ...pairsOf<number, number>(bucketsOf(b, o))])
      byStart.set(s, (byStart.get(s) ?? 0) + n);
    const buckets = [...byStart].sort((x, y) => x[0] - y[0]).flat();
    for (const [t, id] of pairsOf<number, string>(b.recent)) remember(a, t, id, o);
    prune(buckets, buckets.length ? buckets[buckets.length - 2]! : 0, o);
    return { buckets, recent: a.recent, shown: null };
  },
  // buckets null: derived from `recent` (1.2.0)
  save: (state) => ({
    buckets: state.buckets === null ? null : pairsOf<number, number>(state.buckets),
    recent: pairsOf<number, string>(state.recent),
  }),
  restore(saved) {
    // 1.0.0 saved the bucket list alone
    const parsed = z
      .union([
        z.array(z.tuple([z.number(), z.number()])).transform((buckets) => ({ buckets, recent: [] })),
        z.object({
          buckets: z.array(z.tuple([z.number(), z.number()])).nullable(),
          recent: z.array(z.tuple([z.number(), z.string()])),
        }),
      ])
      .parse(saved);
    return {
      buckets: parsed.buckets === null ? null : parsed.buckets.flat(),
      recent: parsed.recent.flat(),
      shown: null,
    };
  },
});
