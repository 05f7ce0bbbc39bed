import { z } from 'zod';
import { defineDetector, type Signal } from '../../src/contract/index.js';
import { insert1, insert3 } from '../../src/util/index.js';
import { logScore, round2 } from './shared.js';

/**
 * Distinct authors and their reach (`authorFollowers`). A hundred reposts by
 * one account are not a crowd; ten reposts by accounts with a million
 * followers each put a dossier in front of millions. The author set is
 * bounded: past `maxAuthors` new authors are counted (and their reach added)
 * without being remembered.
 *
 * Per event O(maxEvidence): the state is updated in place (the runner owns
 * it), the widest-reaching authors are kept as a small sorted top list (an
 * author's reach only grows, so the list never needs the whole set), and the
 * signal is rebuilt only when a figure it shows changed.
 */
export const ReachOptions = z.object({
  /** distinct authors scoring 0 (below) and 1 (at or above), log scale */
  lowAuthors: z.number().positive().default(5),
  highAuthors: z.number().positive().default(200),
  /** summed followers of distinct authors scoring 0 and 1, log scale */
  lowReach: z.number().positive().default(1_000),
  highReach: z.number().positive().default(2_000_000),
  maxAuthors: z.number().int().positive().default(2_000),
  /** evidence: event ids of the widest-reaching authors */
  maxEvidence: z.number().int().min(1).max(50).default(5),
});
export type ReachOptions = z.infer<typeof ReachOptions>;

export interface ReachState {
  /**
   * authorId -> the author's index; null below MAP_FROM authors (most incidents have one or two): the ids are
   * kept in `entries` and scanned instead, and a Map (~180 bytes empty, ~60 an entry) is built at the
   * MAP_FROM-th, the ids then leaving `entries`
   */
  authors: Map<string, number> | null;
  /**
   * Per author, its largest follower count and the event id of its first post, preceded by its id while
   * there is no Map: author i at [3i + 1], [3i + 2] (id at [3i]) without it, at [2i], [2i + 1] with it.
   * One flat array for every author (an array per author cost ~64 bytes each; a 1,000-author cascade held
   * 113 KB)
   */
  entries: (number | string)[];
  remembered: number;
  /** authors past the cap, and their summed followers */
  overflow: number;
  overflowReach: number;
  reach: number;
  /** the widest-reaching remembered authors (their indices), best first, at most maxEvidence */
  top: readonly number[];
  /** signals of the last judgement; null when a shown figure changed since */
  signals: readonly Signal[] | null;
}

/** Authors from which a state keeps a Map from author id to index (below, a scan of `entries`). */
export const MAP_FROM = 8;

/** The top list of a state whose one author is the first (most incidents): shared, frozen, replaced on change. */
const FIRST_ONLY: readonly number[] = Object.freeze([0]);

const NONE: readonly Signal[] = Object.freeze([]) as readonly Signal[];

/** Where author i's follower count is in `entries` (its event id follows it). */
const slotOf = (s: ReachState, i: number): number => (s.authors === null ? 3 * i + 1 : 2 * i);
const followersOf = (s: ReachState, i: number): number => s.entries[slotOf(s, i)] as number;
const eventOf = (s: ReachState, i: number): string => s.entries[slotOf(s, i) + 1] as string;

/** Author `author`'s index, or undefined. */
function indexOf(s: ReachState, author: string): number | undefined {
  if (s.authors !== null) return s.authors.get(author);
  const e = s.entries;
  for (let k = 0; k < e.length; k += 3) if (e[k] === author) return k / 3;
  return undefined;
}

/** The remembered author ids, in index order. */
function authorIds(s: ReachState): string[] {
  if (s.authors !== null) return [...s.authors.keys()];
  const out: string[] = [];
  for (let k = 0; k < s.entries.length; k += 3) out.push(s.entries[k] as string);
  return out;
}

/** author i before author j in the evidence order: more followers first, then the smaller event id */
function before(s: ReachState, i: number, j: number): boolean {
  const a = followersOf(s, i);
  const b = followersOf(s, j);
  return a > b || (a === b && eventOf(s, i) < eventOf(s, j));
}

/** The event ids of the widest-reaching authors, best first (the signal's evidence). */
export function topEvents(s: ReachState): string[] {
  // an indexed loop into an exact-size list: no closure and no `map` per rebuilt signal (most new authors rebuild it)
  const top = s.top;
  const out = new Array<string>(top.length);
  for (let k = 0; k < top.length; k++) out[k] = eventOf(s, top[k]!);
  return out;
}

/** Author `i` (new or grown) takes its place in the top list. */
function promote(s: ReachState, i: number, cap: number): void {
  let top = s.top as number[];
  let at = top.indexOf(i);
  if (at === 0) return; // already first: nothing moves
  if (at < 0) {
    if (top.length === 0) {
      // a literal holds one slot; a first push onto [] reserves 17 (most incidents have one author)
      s.top = i === 0 ? FIRST_ONLY : [i];
      return;
    }
    if (top.length >= cap && !before(s, i, top[top.length - 1]!)) return;
    if (top.length >= cap) top = top === FIRST_ONLY ? [] : (top.pop(), top);
    s.top = top = insert1(top, top.length, i);
    at = top.length - 1;
  }
  // the author only moved up: bubble it towards the front
  while (at > 0 && before(s, i, top[at - 1]!)) {
    top[at] = top[at - 1]!;
    at--;
  }
  top[at] = i;
}

function rebuildTop(s: ReachState, cap: number): void {
  const all = Array.from({ length: s.remembered }, (_, i) => i);
  s.top = all.sort((a, b) => (before(s, a, b) ? -1 : before(s, b, a) ? 1 : 0)).slice(0, cap);
}

function judge(s: ReachState, o: ReachOptions): readonly Signal[] {
  if (s.signals) return s.signals;
  const authors = s.remembered + s.overflow;
  let signals: readonly Signal[] = NONE;
  if (authors > 0) {
    const authorScore = logScore(authors, o.lowAuthors, o.highAuthors);
    const reachScore = logScore(s.reach, o.lowReach, o.highReach);
    const score = round2(Math.max(authorScore, 0.5 * authorScore + 0.5 * reachScore));
    if (score > 0)
      signals = [
        {
          dimension: 'spread',
          score,
          code: 'CASCADE_REACH',
          // joined, not a template literal: one flat string kept with the signal (until a figure changes)
          // instead of a rope of three nodes over two number strings, ~100 bytes less
          message: [authors, ' distinct authors reaching ', s.reach, ' followers'].join(''),
          evidence: topEvents(s),
        },
      ];
  }
  s.signals = signals;
  return signals;
}

/** Counts one author (in place); returns whether anything changed. */
function addAuthor(s: ReachState, author: string, followers: number, eventId: string, o: ReachOptions): boolean {
  const known = indexOf(s, author);
  if (known !== undefined) {
    const had = followersOf(s, known);
    if (followers <= had) return false;
    // the same author seen with more followers later: count the larger reach
    s.reach += followers - had;
    s.entries[slotOf(s, known)] = followers;
    promote(s, known, o.maxEvidence);
  } else if (s.remembered >= o.maxAuthors) {
    s.overflow++;
    s.overflowReach += followers;
    s.reach += followers;
  } else {
    const i = s.remembered;
    const e = s.entries;
    if (s.authors !== null) {
      s.authors.set(author, i);
      e.push(followers, eventId);
    } else {
      // exact size while small (a push onto a 3-item array reserves 25 slots; most incidents have an author or two)
      s.entries = insert3<number | string>(e, e.length, author, followers, eventId);
      if (i + 1 >= MAP_FROM) withMap(s);
    }
    s.remembered++;
    s.reach += followers;
    promote(s, i, o.maxEvidence);
  }
  s.signals = null;
  return true;
}

/** The ids leave `entries` for a Map (MAP_FROM authors reached). */
function withMap(s: ReachState): void {
  const ids = authorIds(s);
  s.entries = s.entries.filter((_, k) => k % 3 !== 0);
  s.authors = new Map(ids.map((a, k) => [a, k]));
}

const Saved = z.object({
  authors: z.record(z.string(), z.tuple([z.number(), z.string()])),
  overflow: z.number(),
  overflowReach: z.number(),
});

/** No authors yet: the initial lists (shared, frozen: replaced by an exact-size copy at the first author). */
const NO_ENTRIES: (number | string)[] = Object.freeze([]) as unknown as (number | string)[];
const NO_TOP: readonly number[] = Object.freeze([]);

const empty = (): ReachState => ({
  authors: null,
  entries: NO_ENTRIES,
  remembered: 0,
  overflow: 0,
  overflowReach: 0,
  reach: 0,
  top: NO_TOP,
  signals: null,
});

export const reach = defineDetector<ReachOptions, ReachState>({
  name: 'cascade/reach',
  family: 'cascade',
  version: '1.0.0',
  description: 'distinct authors and the summed followers they reach',
  options: ReachOptions,
  constants: [NONE, FIRST_ONLY, NO_ENTRIES, NO_TOP],
  init: empty,
  step(state, event, _ctx, o) {
    addAuthor(state, event.authorId, event.authorFollowers ?? 0, event.eventId, o);
    return { state, signals: judge(state, o) };
  },
  merge(a, b, o) {
    a.overflow += b.overflow;
    a.overflowReach += b.overflowReach;
    a.reach += b.overflowReach;
    const ids = authorIds(b);
    const order = ids.map((_, i) => i).sort((x, y) => (ids[x]! < ids[y]! ? -1 : ids[x]! > ids[y]! ? 1 : 0));
    for (const i of order) addAuthor(a, ids[i]!, followersOf(b, i), eventOf(b, i), o);
    rebuildTop(a, o.maxEvidence);
    a.signals = null;
    return a;
  },
  save: (s) => ({
    authors: Object.fromEntries(authorIds(s).map((k, i) => [k, [followersOf(s, i), eventOf(s, i)]])),
    overflow: s.overflow,
    overflowReach: s.overflowReach,
  }),
  restore(saved, o) {
    const p = Saved.parse(saved);
    const s = empty();
    s.entries = [];
    for (const [k, [f, id]] of Object.entries(p.authors)) {
      s.entries.push(k, f, id);
      s.reach += f;
    }
    s.remembered = s.entries.length / 3;
    if (s.remembered >= MAP_FROM) withMap(s);
    s.overflow = p.overflow;
    s.overflowReach = p.overflowReach;
    s.reach += p.overflowReach;
    rebuildTop(s, o.maxEvidence);
    return s;
  },
});
