import { z } from 'zod';
import { NO_STRINGS, mergeEvidence, pushEvidence, round2 } from '../cascade/shared.js';
import { defineDetector, type EnrichedEvent, type Signal } from '../../src/contract/index.js';
import { OFFICIAL_TITLE_EN, OFFICIAL_TITLE_ZH, PROFESSIONAL_EN, PROFESSIONAL_ZH } from './lexicon.js';
import { prepared } from './text.js';

/**
 * Public interest: the person named is an official or public figure, marked
 * by the platform (`mentions[].publicFigure`) or recognised from the text (a
 * title of office such as 局长, 书记, mayor or senator, in a professional
 * context: the office, its budget, votes, conduct in office). This scores the
 * `publicInterest` dimension, a gate for policy rather than a harm: policy
 * sends such incidents to human review instead of throttling them, unless
 * private facts (home, family, health, ID numbers) are disclosed too.
 *
 * The judgement belongs to the disclosure: only posts that disclose something
 * about a person (a finding attributed to a target) and cascade roots (what a
 * cascade is about) are judged, and the score is their maximum, so it never
 * thins out as reposts arrive, and reposters' chatter (一个局长说…) neither
 * makes nor unmakes a public-interest case.
 */
export const PublicInterestOptions = z.object({
  /** a platform-marked public figure */
  markedScore: z.number().min(0).max(1).default(0.9),
  /** a title of office in a professional context */
  titleInContextScore: z.number().min(0).max(1).default(0.8),
  /** a title alone (could be a nickname, a joke, a private matter) */
  titleOnlyScore: z.number().min(0).max(1).default(0.3),
  maxEvidence: z.number().int().min(1).max(50).default(5),
});
export type PublicInterestOptions = z.infer<typeof PublicInterestOptions>;

/** Updated in place (the runner owns it); `evidence` is replaced, never mutated, when it changes. */
export interface PublicInterestCounts {
  score: number;
  posts: number;
  marked: number;
  titled: number;
  evidence: readonly string[];
}

/**
 * The state: the post count alone (a number, no object) while no judged post pointed at a public role (most
 * incidents); the counts from the first that did.
 */
export type PublicInterestState = number | PublicInterestCounts;

const counts = (s: PublicInterestState): PublicInterestCounts =>
  typeof s === 'number' ? { score: 0, posts: s, marked: 0, titled: 0, evidence: NO_STRINGS } : s;

/** How strongly one post points at a public role: [score, why]. */
export function publicRoleOf(
  text: string,
  mentions: readonly { publicFigure?: boolean | undefined }[],
  o: PublicInterestOptions,
): { score: number; marked: boolean; titled: boolean } {
  roleInto(role, text, mentions, o);
  return { score: role.score, marked: role.marked, titled: role.titled };
}

/** The step's judgement of one post, read right after roleInto writes it (never escapes a call). */
const role = { score: 0, marked: false, titled: false };

/** publicRoleOf written into `out` (the step's call: no object per judged post). */
function roleInto(
  out: { score: number; marked: boolean; titled: boolean },
  text: string,
  mentions: readonly { publicFigure?: boolean | undefined }[],
  o: PublicInterestOptions,
): void {
  let marked = false;
  for (let i = 0; i < mentions.length; i++) if (mentions[i]!.publicFigure === true) marked = true;
  const t = text === '' ? '' : prepared(text).unquoted;
  const title = t !== '' && (OFFICIAL_TITLE_ZH.test(t) || OFFICIAL_TITLE_EN.test(t));
  const context = title && (PROFESSIONAL_ZH.test(t) || PROFESSIONAL_EN.test(t));
  const titleScore = title ? (context ? o.titleInContextScore : o.titleOnlyScore) : 0;
  out.score = Math.max(marked ? o.markedScore : 0, titleScore);
  out.marked = marked;
  out.titled = title && context;
}

/** Whether a finding of the post is about a person it points at (an indexed loop: no closure per event). */
function aboutTarget(findings: EnrichedEvent['findings']): boolean {
  for (let i = 0; i < findings.length; i++) if (findings[i]!.about === 'target') return true;
  return false;
}

const NONE: readonly Signal[] = Object.freeze([]) as readonly Signal[];

function judge(s: PublicInterestState): readonly Signal[] {
  if (typeof s === 'number' || s.score <= 0) return NONE;
  return [
    {
      dimension: 'publicInterest',
      score: round2(s.score),
      code: 'LANG_PUBLIC_ROLE',
      message: `an official or public figure in a professional context, in the disclosing or root posts (${s.marked} posts marked by the platform, ${s.titled} with a title of office) of ${s.posts}`,
      evidence: s.evidence,
    },
  ];
}

const Saved = z.object({
  score: z.number(),
  posts: z.number(),
  marked: z.number(),
  titled: z.number(),
  evidence: z.array(z.string()),
});

export const publicInterest = defineDetector<PublicInterestOptions, PublicInterestState>({
  name: 'language/public-interest',
  family: 'language',
  version: '1.0.0',
  description: 'officials and public figures named in a professional context (platform mark or title of office)',
  options: PublicInterestOptions,
  constants: [NONE, NO_STRINGS],
  init: () => 0,
  step(state, event, _ctx, o) {
    const judged = event.kind === 'post' || aboutTarget(event.findings);
    if (judged) roleInto(role, event.text, event.mentions, o);
    const r = judged ? role : null;
    if (r === null || (r.score <= 0 && !r.marked && !r.titled)) {
      if (typeof state === 'number') return { state: state + 1, signals: NONE };
      state.posts++;
      return { state, signals: judge(state) };
    }
    const s = counts(state);
    s.posts++;
    if (r.score > s.score) s.score = r.score;
    if (r.marked) s.marked++;
    if (r.titled) s.titled++;
    if (r.score > 0) s.evidence = pushEvidence(s.evidence, event.eventId, o.maxEvidence);
    return { state: s, signals: judge(s) };
  },
  merge: (x, y, o) => {
    if (typeof x === 'number' && typeof y === 'number') return x + y;
    const a = counts(x);
    const b = counts(y);
    return {
      score: Math.max(a.score, b.score),
      posts: a.posts + b.posts,
      marked: a.marked + b.marked,
      titled: a.titled + b.titled,
      evidence: mergeEvidence(a.evidence, b.evidence, o.maxEvidence),
    };
  },
  save: (state) => {
    const s = counts(state);
    return { ...s, evidence: [...s.evidence] };
  },
  restore: (saved) => {
    const p = Saved.parse(saved);
    return p.score === 0 && p.marked === 0 && p.titled === 0 && p.evidence.length === 0 ? p.posts : p;
  },
});
