import { z } from 'zod';
import { defineDetector, type Signal } from '../types.js';
import { logScore, round2 } from './shared.js';

/**
 * Distinct authors and their reach (`authorFollowers`). A hundred reposts by
 * one account are not a crowd; ten reposts by accounts with a million
 * followers each put a dossier in front of millions. The author set is
 * bounded: past `maxAuthors` new authors are counted (and their reach added)
 * without being remembered.
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
  /** authorId -> [followers, eventId of their first post] */
  readonly authors: Readonly<Record<string, readonly [number, string]>>;
  readonly remembered: number;
  /** authors past the cap, and their summed followers */
  readonly overflow: number;
  readonly overflowReach: number;
  readonly reach: number;
}

function judge(s: ReachState, o: ReachOptions): Signal[] {
  const authors = s.remembered + s.overflow;
  if (authors === 0) return [];
  const authorScore = logScore(authors, o.lowAuthors, o.highAuthors);
  const reachScore = logScore(s.reach, o.lowReach, o.highReach);
  const score = round2(Math.max(authorScore, 0.5 * authorScore + 0.5 * reachScore));
  if (score <= 0) return [];
  const top = Object.values(s.authors)
    .slice()
    .sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1))
    .slice(0, o.maxEvidence)
    .map(([, id]) => id);
  return [
    {
      dimension: 'spread',
      score,
      code: 'CASCADE_REACH',
      message: `${authors} distinct authors reaching ${s.reach} followers`,
      evidence: top,
    },
  ];
}

function addAuthor(s: ReachState, author: string, followers: number, eventId: string, o: ReachOptions): ReachState {
  const known = s.authors[author];
  if (known) {
    if (followers <= known[0]) return s;
    // the same author seen with more followers later: count the larger reach
    return {
      ...s,
      authors: { ...s.authors, [author]: [followers, known[1]] },
      reach: s.reach + followers - known[0],
    };
  }
  if (s.remembered >= o.maxAuthors)
    return { ...s, overflow: s.overflow + 1, overflowReach: s.overflowReach + followers, reach: s.reach + followers };
  return {
    ...s,
    authors: { ...s.authors, [author]: [followers, eventId] },
    remembered: s.remembered + 1,
    reach: s.reach + followers,
  };
}

const Saved = z.object({
  authors: z.record(z.string(), z.tuple([z.number(), z.string()])),
  overflow: z.number(),
  overflowReach: z.number(),
});

export const reach = defineDetector<ReachOptions, ReachState>({
  name: 'cascade/reach',
  family: 'cascade',
  version: '1.0.0',
  description: 'distinct authors and the summed followers they reach',
  options: ReachOptions,
  init: () => ({ authors: {}, remembered: 0, overflow: 0, overflowReach: 0, reach: 0 }),
  step(state, event, _ctx, o) {
    const next = addAuthor(state, event.authorId, event.authorFollowers ?? 0, event.eventId, o);
    return { state: next, signals: judge(next, o) };
  },
  merge(a, b, o) {
    let out: ReachState = {
      ...a,
      overflow: a.overflow + b.overflow,
      overflowReach: a.overflowReach + b.overflowReach,
      reach: a.reach + b.overflowReach,
    };
    for (const author of Object.keys(b.authors).sort()) {
      const [f, id] = b.authors[author]!;
      out = addAuthor(out, author, f, id, o);
    }
    return out;
  },
  save: (s) => ({
    authors: Object.fromEntries(Object.entries(s.authors).map(([k, [f, id]]) => [k, [f, id]])),
    overflow: s.overflow,
    overflowReach: s.overflowReach,
  }),
  restore(saved) {
    const p = Saved.parse(saved);
    const values = Object.values(p.authors);
    return {
      authors: p.authors,
      remembered: values.length,
      overflow: p.overflow,
      overflowReach: p.overflowReach,
      reach: values.reduce((sum, [f]) => sum + f, 0) + p.overflowReach,
    };
  },
});
