import { z } from 'zod';
import type { Dimension } from '../../src/sink/records.js';
import { mergeEvidence, pushEvidence, round2 } from '../cascade/shared.js';
import { defineDetector, type Detector, type Signal } from '../types.js';
import type { Cue } from './lexicon.js';
import { analyse, cueStrength } from './text.js';

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

export interface CueState {
  readonly posts: number;
  readonly hitPosts: number;
  /** posts whose cues were negated, quoted away or reported (counted, not scored) */
  readonly discounted: number;
  readonly strongest: number;
  readonly authors: readonly string[];
  readonly codes: readonly string[];
  readonly evidence: readonly string[];
}

const Saved = z.object({
  posts: z.number(),
  hitPosts: z.number(),
  discounted: z.number(),
  strongest: z.number(),
  authors: z.array(z.string()),
  codes: z.array(z.string()),
  evidence: z.array(z.string()),
});

export function cueDetector(spec: {
  name: string;
  description: string;
  dimension: Dimension;
  code: string;
  noun: string;
  cues: readonly Cue[];
}): Detector<CueOptions, CueState> {
  const judge = (s: CueState, o: CueOptions): Signal[] => {
    if (s.strongest <= 0) return [];
    const crowd = Math.min(1, (s.authors.length - 1) / Math.max(1, o.crowdAuthors - 1));
    const score = round2(s.strongest * (o.soloShare + (1 - o.soloShare) * crowd));
    return [
      {
        dimension: spec.dimension,
        score,
        code: spec.code,
        message: `${spec.noun} in ${s.hitPosts} of ${s.posts} posts by ${s.authors.length} authors (${s.codes.join(', ')})`,
        evidence: [...s.evidence],
      },
    ];
  };
  return defineDetector<CueOptions, CueState>({
    name: spec.name,
    family: 'language',
    version: '1.0.0',
    description: spec.description,
    options: CueOptions,
    init: () => ({ posts: 0, hitPosts: 0, discounted: 0, strongest: 0, authors: [], codes: [], evidence: [] }),
    step(state, event, _ctx, o) {
      const a = event.text ? analyse(event.text, spec.cues) : { reported: false, hits: [] };
      const strength = cueStrength(a);
      let next: CueState = { ...state, posts: state.posts + 1 };
      if (strength > 0) {
        const codes = [...new Set([...state.codes, ...a.hits.filter((h) => h.weight > 0).map((h) => h.code)])].sort();
        next = {
          ...next,
          hitPosts: state.hitPosts + 1,
          strongest: Math.max(state.strongest, strength),
          authors:
            state.authors.includes(event.authorId) || state.authors.length >= o.maxAuthors
              ? state.authors
              : [...state.authors, event.authorId],
          codes,
          evidence: pushEvidence(state.evidence, event.eventId, o.maxEvidence),
        };
      } else if (a.hits.length > 0) next = { ...next, discounted: state.discounted + 1 };
      return { state: next, signals: judge(next, o) };
    },
    merge(a, b, o) {
      const authors = [...a.authors];
      for (const x of b.authors) if (!authors.includes(x) && authors.length < o.maxAuthors) authors.push(x);
      return {
        posts: a.posts + b.posts,
        hitPosts: a.hitPosts + b.hitPosts,
        discounted: a.discounted + b.discounted,
        strongest: Math.max(a.strongest, b.strongest),
        authors,
        codes: [...new Set([...a.codes, ...b.codes])].sort(),
        evidence: mergeEvidence(a.evidence, b.evidence, o.maxEvidence),
      };
    },
    save: (s) => ({ ...s, authors: [...s.authors], codes: [...s.codes], evidence: [...s.evidence] }),
    restore: (saved) => Saved.parse(saved),
  });
}
