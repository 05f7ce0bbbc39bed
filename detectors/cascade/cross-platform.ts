import { z } from 'zod';
import { defineDetector, type Signal } from '../../src/contract/index.js';
import { clamp01, round2 } from './shared.js';

/**
 * Cross-platform spread: how many platforms the incident has reached and the
 * moment of each jump (the first post on a new platform). A doxxing campaign
 * that jumps from one platform to another within minutes is being pushed;
 * platforms are kept as the earliest post seen on each, so the answer does
 * not depend on arrival order.
 */
export const CrossPlatformOptions = z.object({
  /** platforms at which the score is 1 */
  highPlatforms: z.number().int().min(2).default(4),
  /** a jump within this long of the incident's first post scores the full speed bonus */
  fastJumpMs: z
    .number()
    .int()
    .positive()
    .default(30 * 60_000),
  /** platforms remembered (beyond, only counted) */
  maxPlatforms: z.number().int().min(2).max(256).default(32),
});
export type CrossPlatformOptions = z.infer<typeof CrossPlatformOptions>;

/** [platform, time of its first post, eventId of that post], earliest first. */
export type PlatformEntry = readonly [string, number, string];

/** Updated in place (the runner owns it); the signal is rebuilt only when the platform list changed. */
export interface CrossPlatformState {
  /** (a literal [entry] on the first: a first push onto [] reserves 17 slots, most incidents stay on one platform) */
  platforms: PlatformEntry[];
  /** signals of the current platform list; null when it changed since */
  signals: readonly Signal[] | null;
}

/** Keeps `e` if it is its platform's earliest post (in place); returns whether the list changed. */
function upsert(s: CrossPlatformState, e: PlatformEntry, o: CrossPlatformOptions): boolean {
  return upsertPost(s, e[0], e[1], e[2], o, e);
}

/** upsert with the entry's fields: the entry is made only when it is kept (most posts are not a platform's first). */
function upsertPost(
  s: CrossPlatformState,
  platform: string,
  time: number,
  eventId: string,
  o: CrossPlatformOptions,
  given: PlatformEntry | null,
): boolean {
  const list = s.platforms;
  if (list.length === 0) {
    s.platforms = [given ?? [platform, time, eventId]];
    return true;
  }
  let i = 0;
  while (i < list.length && list[i]![0] !== platform) i++;
  if (i < list.length) {
    const old = list[i]!;
    if (old[1] < time || (old[1] === time && old[2] <= eventId)) return false;
    list[i] = given ?? [platform, time, eventId];
  } else list.push(given ?? [platform, time, eventId]);
  list.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  if (list.length > o.maxPlatforms) list.length = o.maxPlatforms;
  return true;
}

/** The moment of the first jump (second platform), or null. */
export function jumpOf(s: CrossPlatformState): { from: string; to: string; afterMs: number; eventId: string } | null {
  if (s.platforms.length < 2) return null;
  const [first, second] = [s.platforms[0]!, s.platforms[1]!];
  return { from: first[0], to: second[0], afterMs: second[1] - first[1], eventId: second[2] };
}

function judge(s: CrossPlatformState, o: CrossPlatformOptions): readonly Signal[] {
  return (s.signals ??= judgeAfresh(s, o));
}

function judgeAfresh(s: CrossPlatformState, o: CrossPlatformOptions): Signal[] {
  const jump = jumpOf(s);
  if (!jump) return [];
  const n = s.platforms.length;
  const breadth = clamp01((n - 1) / (o.highPlatforms - 1));
  const speed = clamp01(1 - jump.afterMs / (4 * o.fastJumpMs)) * (jump.afterMs <= o.fastJumpMs ? 1 : 0.5);
  const score = round2(clamp01(0.5 * breadth + 0.2 * speed + 0.3));
  const minutes = round2(jump.afterMs / 60_000);
  return [
    {
      dimension: 'spread',
      score,
      code: 'CASCADE_CROSS_PLATFORM',
      message: `on ${n} platforms (${s.platforms.map(([p]) => p).join(', ')}); jumped ${jump.from} → ${jump.to} after ${minutes} min`,
      evidence: s.platforms.map(([, , id]) => id),
    },
  ];
}

const Saved = z.array(z.tuple([z.string(), z.number(), z.string()]));

export const crossPlatform = defineDetector<CrossPlatformOptions, CrossPlatformState>({
  name: 'cascade/cross-platform',
  family: 'cascade',
  version: '1.0.0',
  description: 'number of platforms reached and the moment of each jump',
  options: CrossPlatformOptions,
  init: () => ({ platforms: [], signals: null }),
  step(state, event, _ctx, o) {
    if (upsertPost(state, event.platform, event.time, event.eventId, o, null)) state.signals = null;
    return { state, signals: judge(state, o) };
  },
  merge(a, b, o) {
    for (const e of b.platforms) upsert(a, e, o);
    a.signals = null;
    return a;
  },
  save: (s) => s.platforms.map(([p, t, id]) => [p, t, id]),
  restore: (saved) => ({
    platforms: Saved.parse(saved).map(([p, t, id]): PlatformEntry => [p, t, id]),
    signals: null,
  }),
});
