import { z } from 'zod';
import { type Dimension, defineDetector, type Detector, type Signal } from '../../src/contract/index.js';
import { emptySet, ownSet } from '../../src/util/index.js';
import { NO_STRINGS, mergeEvidence, pushEvidence, round2 } from '../cascade/shared.js';
import type { Cue } from './lexicon.js';
import { analyse, anyCue, cueStrength, makesCall, prepared } from './text.js';

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
export interface CueCounts {
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

/**
 * The state: the post count alone (a number, no object) while no post had a cue, negated or not — most
 * incidents never have one; the counts from the first post that has.
 */
export type CueState = number | CueCounts;

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

const NONE: readonly Signal[] = Object.freeze([]) as readonly Signal[];

/** The counts of `state`: itself, or a new object for a post count (the shared empty collections). */
function counts(state: CueState): CueCounts {
  if (typeof state !== 'number') return state;
  return {
    posts: state,
    hitPosts: 0,
    discounted: 0,
    strongest: 0,
    calls: 0,
    authors: emptySet(),
    codes: NO_STRINGS,
    evidence: NO_STRINGS,
  };
}

export function cueDetector(spec: {
  name: string;
  description: string;
  dimension: Dimension;
  code: string;
  noun: string;
  cues: readonly Cue[];
}): Detector<CueOptions, CueState> {
  function judge(s: CueCounts, o: CueOptions): readonly Signal[] {
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
  const anyRe = anyCue(spec.cues);
  return defineDetector<CueOptions, CueState>({
    name: spec.name,
    family: 'language',
    version: '1.0.0',
    description: spec.description,
    options: CueOptions,
    constants: [NONE, NO_STRINGS],
    init: () => 0,
    step(state, event, _ctx, o) {
      // most posts hold no cue at all: one combined regex says so without the clause-by-clause pass
      // (mayHaveCue with the union made once per detector, not looked up per post)
      const text = event.text;
      const a = text !== '' && anyRe.test(prepared(text).unquoted) ? analyse(text, spec.cues) : null;
      const strength = a === null ? 0 : cueStrength(a);
      if (a === null || (strength <= 0 && a.hits.length === 0)) {
        if (typeof state === 'number') return { state: state + 1, signals: NONE };
        state.posts++;
        return { state, signals: judge(state, o) };
      }
      const s = counts(state);
      s.posts++;
      if (strength > 0) {
        s.hitPosts++;
        s.strongest = Math.max(s.strongest, strength);
        if (makesCall(a)) s.calls++;
        if (!s.authors.has(event.authorId) && s.authors.size < o.maxAuthors)
          (s.authors = ownSet(s.authors)).add(event.authorId);
        let codes: Set<string> | null = null;
        for (const h of a.hits) if (h.weight > 0 && !s.codes.includes(h.code)) (codes ??= new Set(s.codes)).add(h.code);
        if (codes) s.codes = [...codes].sort();
        s.evidence = pushEvidence(s.evidence, event.eventId, o.maxEvidence);
      } else s.discounted++;
      return { state: s, signals: judge(s, o) };
    },
    merge(x, y, o) {
      if (typeof y === 'number') {
        if (typeof x === 'number') return x + y;
        x.posts += y;
        return x;
      }
      const a = counts(x);
      const b = y;
      for (const id of b.authors)
        if (!a.authors.has(id) && a.authors.size < o.maxAuthors) (a.authors = ownSet(a.authors)).add(id);
      a.posts += b.posts;
      a.hitPosts += b.hitPosts;
      a.discounted += b.discounted;
      a.strongest = Math.max(a.strongest, b.strongest);
      a.calls += b.calls;
      a.codes = [...new Set([...a.codes, ...b.codes])].sort();
      a.evidence = mergeEvidence(a.evidence, b.evidence, o.maxEvidence);
      return a;
    },
    save: (state) => {
      const s = typeof state === 'number' ? counts(state) : state;
      return {
        posts: s.posts,
        hitPosts: s.hitPosts,
        discounted: s.discounted,
        strongest: s.strongest,
        calls: s.calls,
        authors: [...s.authors],
        codes: [...s.codes],
        evidence: [...s.evidence],
      };
    },
    restore: (saved) => {
      const p = Saved.parse(saved);
      const cueless =
        p.hitPosts === 0 &&
        p.discounted === 0 &&
        p.strongest === 0 &&
        p.calls === 0 &&
        p.authors.length === 0 &&
        p.codes.length === 0 &&
        p.evidence.length === 0;
      return cueless ? p.posts : { ...p, authors: new Set(p.authors) };
    },
  });
}
