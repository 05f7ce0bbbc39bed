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

/** [platform, time of its first post, eventId of that post]. */
export type PlatformEntry = readonly [string, number, string];

/**
 * Updated in place (the runner owns it); the signal is rebuilt only when the platform list changed. Most
 * incidents stay on one platform: its entry is held in three fields of the state, and the list is made at a
 * second platform (a list of one entry cost ~50 bytes more per incident).
 */
export interface CrossPlatformState {
  /** while on one platform: its name, the time of its earliest post and that post's event id; null before any */
  platform: string | null;
  time: number;
  eventId: string | null;
  /**
   * From a second platform on: per platform reached, earliest first, its name, the time of its first post and
   * that post's event id, one flat array of three items a platform (an array a platform cost ~90 bytes);
   * null while on one
   */
  platforms: (string | number)[] | null;
  /** signals of the current platform list; null when it changed since */
  signals: readonly Signal[] | null;
}

const NONE: readonly Signal[] = Object.freeze([]) as readonly Signal[];

/** The state's platforms as a flat list (a new one while on one platform). */
function flatOf(s: CrossPlatformState): (string | number)[] {
  if (s.platforms !== null) return s.platforms;
  return s.platform === null ? [] : [s.platform, s.time, s.eventId!];
}

/** The platform entries of a flat list, earliest first. */
function entriesOf(flat: readonly (string | number)[]): PlatformEntry[] {
  const out: PlatformEntry[] = [];
  for (let k = 0; k < flat.length; k += 3) out.push([flat[k] as string, flat[k + 1] as number, flat[k + 2] as string]);
  return out;
}

/** Keeps the post if it is its platform's earliest (in place); returns whether the list changed. */
function upsertPost(
  s: CrossPlatformState,
  platform: string,
  time: number,
  eventId: string,
  o: CrossPlatformOptions,
): boolean {
  if (s.platforms === null) {
    if (s.platform === null || s.platform === platform) {
      if (s.platform !== null && (s.time < time || (s.time === time && s.eventId! <= eventId))) return false;
      s.platform = platform;
      s.time = time;
      s.eventId = eventId;
      return true;
    }
  }
  const flat = flatOf(s);
  let k = 0;
  while (k < flat.length && flat[k] !== platform) k += 3;
  if (k < flat.length) {
    const t = flat[k + 1] as number;
    if (t < time || (t === time && (flat[k + 2] as string) <= eventId)) return false;
  }
  // a new platform, or an earlier post of one (rare): the list in order again
  const list = entriesOf(flat).filter((e) => e[0] !== platform);
  list.push([platform, time, eventId]);
  list.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  const n = Math.min(list.length, o.maxPlatforms);
  const out = new Array<string | number>(3 * n);
  for (let i = 0; i < n; i++) [out[3 * i], out[3 * i + 1], out[3 * i + 2]] = list[i]!;
  s.platforms = out;
  s.platform = null;
  s.time = 0;
  s.eventId = null;
  return true;
}

/** The moment of the first jump (second platform), or null. */
export function jumpOf(s: CrossPlatformState): { from: string; to: string; afterMs: number; eventId: string } | null {
  const p = s.platforms;
  if (p === null || p.length < 6) return null;
  return {
    from: p[0] as string,
    to: p[3] as string,
    afterMs: (p[4] as number) - (p[1] as number),
    eventId: p[5] as string,
  };
}

function judge(s: CrossPlatformState, o: CrossPlatformOptions): readonly Signal[] {
  return (s.signals ??= judgeAfresh(s, o));
}

function judgeAfresh(s: CrossPlatformState, o: CrossPlatformOptions): readonly Signal[] {
  const jump = jumpOf(s);
  if (!jump) return NONE;
  const entries = entriesOf(flatOf(s));
  const n = entries.length;
  const breadth = clamp01((n - 1) / (o.highPlatforms - 1));
  const speed = clamp01(1 - jump.afterMs / (4 * o.fastJumpMs)) * (jump.afterMs <= o.fastJumpMs ? 1 : 0.5);
  const score = round2(clamp01(0.5 * breadth + 0.2 * speed + 0.3));
  const minutes = round2(jump.afterMs / 60_000);
  return [
    {
      dimension: 'spread',
      score,
      code: 'CASCADE_CROSS_PLATFORM',
      message: `on ${n} platforms (${entries.map(([p]) => p).join(', ')}); jumped ${jump.from} → ${jump.to} after ${minutes} min`,
      evidence: entries.map(([, , id]) => id),
    },
  ];
}

const Saved = z.array(z.tuple([z.string(), z.number(), z.string()]));

export const crossPlatform = defineDetector<CrossPlatformOptions, CrossPlatformState>({
  name: 'cascade/cross-platform',
  family: 'cascade',
  version: '1.0.1',
  description: 'number of platforms reached and the moment of each jump',
  options: CrossPlatformOptions,
  constants: [NONE],
  init: () => ({ platform: null, time: 0, eventId: null, platforms: null, signals: null }),
  step(state, event, _ctx, o) {
    if (upsertPost(state, event.platform, event.time, event.eventId, o)) state.signals = null;
    return { state, signals: judge(state, o) };
  },
  merge(a, b, o) {
    for (const [p, t, id] of entriesOf(flatOf(b))) upsertPost(a, p, t, id, o);
    a.signals = null;
    return a;
  },
  save: (s) => entriesOf(flatOf(s)).map(([p, t, id]) => [p, t, id]),
  restore(saved) {
    const entries = Saved.parse(saved);
    if (entries.length > 1) return { platform: null, time: 0, eventId: null, platforms: entries.flat(), signals: null };
    const [p, t, id] = entries[0] ?? [null, 0, null];
    return { platform: p, time: t, eventId: id, platforms: null, signals: null };
  },
});
