import { z } from 'zod';
import { type Dimension, defineDetector, type Detector, type Signal } from '../../src/contract/index.js';
import { emptySet, ownSet } from '../../src/util/index.js';
import { NO_STRINGS, mergeEvidence, pushEvidence, round2 } from '../cascade/shared.js';
import type { Cue } from './lexicon.js';
import { analyse, cueStrength, makesCall, mayHaveCue } from './text.js';

/**
 * The shape shared by the cue-based language detectors (mobilisation,
 * malice): each post's text is scored for its cues (negation, quotation and
 * news framing handled in text.ts), and the incident's score grows with the
 * strongest cue and with the number of distinct authors who use one. Post
 * texts are never kept: only event ids, counts and cue codes.
 */
export const CueOptions = z.object({
  /** distinct authors with a cue at which the crowd bonus is full */
  crowdAuthors: z.number().int().min(1).default(5),
  /** score of a single author's strongest cue before the crowd bonus */
  soloShare: z.number().min(0).max(1).default(0.7),
  maxAuthors: z.number().int().positive().default(1_000),
  maxEvidence: z.number().int().min(1).max(50).default(8),
});
export type CueOptions = z.infer<typeof CueOptions>;

/**
 * Updated in place (the runner owns it). `codes` and `evidence` are replaced
 * (never mutated) when they change, so signals may share them.
 */
export interface CueState {
  posts: number;
  hitPosts: number;
  /** posts whose cues were negated, quoted away or reported (counted, not scored) */
  discounted: number;
  strongest: number;
  /** posts making a call to find or harass a person (lexicon.ts `Cue.call`): what opens the risk gate */
  calls: number;
  /** insertion order; the shared empty Set until a post has a cue (most incidents never do) */
  authors: Set<string>;
  /** sorted */
  codes: readonly string[];
  evidence: readonly string[];
}

const Saved = z.object({
  posts: z.number(),
  hitPosts: z.number(),
  discounted: z.number(),
  strongest: z.number(),
  calls: z.number().default(0),
  authors: z.array(z.string()),
  codes: z.array(z.string()),
  evidence: z.array(z.string()),
});

const NONE: readonly Signal[] = [];

export function cueDetector(spec: {
  name: string;
  description: string;
  dimension: Dimension;
  code: string;
  noun: string;
  cues: readonly Cue[];
}): Detector<CueOptions, CueState> {
  function judge(s: CueState, o: CueOptions): readonly Signal[] {
    if (s.strongest <= 0) return NONE;
    const crowd = Math.min(1, (s.authors.size - 1) / Math.max(1, o.crowdAuthors - 1));
    const score = round2(s.strongest * (o.soloShare + (1 - o.soloShare) * crowd));
    return [
      {
        dimension: spec.dimension,
        score,
        code: spec.code,
        message:
          `${spec.noun} in ${s.hitPosts} of ${s.posts} posts by ${s.authors.size} authors (${s.codes.join(', ')})` +
          (s.calls > 0 ? `; ${s.calls} ${s.calls === 1 ? 'post calls' : 'posts call'} to find or harass a person` : ''),
        evidence: s.evidence,
        ...(s.calls > 0 ? { gate: { call: true } } : {}),
      },
    ];
  }
  return defineDetector<CueOptions, CueState>({
    name: spec.name,
    family: 'language',
    version: '1.0.0',
    description: spec.description,
    options: CueOptions,
    init: () => ({
      posts: 0,
      hitPosts: 0,
      discounted: 0,
      strongest: 0,
      calls: 0,
      authors: emptySet(),
      codes: NO_STRINGS,
      evidence: NO_STRINGS,
    }),
    step(state, event, _ctx, o) {
      state.posts++;
      // most posts hold no cue at all: one combined regex says so without the clause-by-clause pass
      if (!mayHaveCue(event.text, spec.cues)) return { state, signals: judge(state, o) };
      const a = analyse(event.text, spec.cues);
      const strength = cueStrength(a);
      if (strength > 0) {
        state.hitPosts++;
        state.strongest = Math.max(state.strongest, strength);
        if (makesCall(a)) state.calls++;
        if (!state.authors.has(event.authorId) && state.authors.size < o.maxAuthors)
          (state.authors = ownSet(state.authors)).add(event.authorId);
        let codes: Set<string> | null = null;
        for (const h of a.hits)
          if (h.weight > 0 && !state.codes.includes(h.code)) (codes ??= new Set(state.codes)).add(h.code);
        if (codes) state.codes = [...codes].sort();
        state.evidence = pushEvidence(state.evidence, event.eventId, o.maxEvidence);
      } else if (a.hits.length > 0) state.discounted++;
      return { state, signals: judge(state, o) };
    },
    merge(a, b, o) {
      for (const x of b.authors)
        if (!a.authors.has(x) && a.authors.size < o.maxAuthors) (a.authors = ownSet(a.authors)).add(x);
      a.posts += b.posts;
      a.hitPosts += b.hitPosts;
      a.discounted += b.discounted;
      a.strongest = Math.max(a.strongest, b.strongest);
      a.calls += b.calls;
      a.codes = [...new Set([...a.codes, ...b.codes])].sort();
      a.evidence = mergeEvidence(a.evidence, b.evidence, o.maxEvidence);
      return a;
    },
    save: (s) => ({
      posts: s.posts,
      hitPosts: s.hitPosts,
      discounted: s.discounted,
      strongest: s.strongest,
      calls: s.calls,
      authors: [...s.authors],
      codes: [...s.codes],
      evidence: [...s.evidence],
    }),
    restore: (saved) => {
      const p = Saved.parse(saved);
      return { ...p, authors: new Set(p.authors) };
    },
  });
}
