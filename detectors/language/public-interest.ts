import { z } from 'zod';
import { mergeEvidence, pushEvidence, round2 } from '../cascade/shared.js';
import { defineDetector, type Signal } from '../types.js';
import { OFFICIAL_TITLE_EN, OFFICIAL_TITLE_ZH, PROFESSIONAL_EN, PROFESSIONAL_ZH } from './lexicon.js';
import { normalise, stripQuotes } from './text.js';

/**
 * Public interest: the person named is an official or public figure, marked
 * by the platform (`mentions[].publicFigure`) or recognised from the text (a
 * title of office such as 局长, 书记, mayor or senator, in a professional
 * context: the office, its budget, votes, conduct in office). This scores the
 * `publicInterest` dimension, a gate for policy rather than a harm: policy
 * sends such incidents to human review instead of throttling them, unless
 * private facts (home, family, health, ID numbers) are disclosed too.
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

export interface PublicInterestState {
  readonly score: number;
  readonly posts: number;
  readonly marked: number;
  readonly titled: number;
  readonly evidence: readonly string[];
}

/** How strongly one post points at a public role: [score, why]. */
export function publicRoleOf(
  text: string,
  mentions: readonly { publicFigure?: boolean | undefined }[],
  o: PublicInterestOptions,
): { score: number; marked: boolean; titled: boolean } {
  const marked = mentions.some((m) => m.publicFigure === true);
  const t = stripQuotes(normalise(text));
  const title = OFFICIAL_TITLE_ZH.test(t) || OFFICIAL_TITLE_EN.test(t);
  const context = PROFESSIONAL_ZH.test(t) || PROFESSIONAL_EN.test(t);
  const titleScore = title ? (context ? o.titleInContextScore : o.titleOnlyScore) : 0;
  return { score: Math.max(marked ? o.markedScore : 0, titleScore), marked, titled: title && context };
}

function judge(s: PublicInterestState): Signal[] {
  if (s.score <= 0) return [];
  return [
    {
      dimension: 'publicInterest',
      score: round2(s.score),
      code: 'LANG_PUBLIC_ROLE',
      message: `an official or public figure in a professional context (${s.marked} posts marked by the platform, ${s.titled} with a title of office) of ${s.posts}`,
      evidence: [...s.evidence],
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
  init: () => ({ score: 0, posts: 0, marked: 0, titled: 0, evidence: [] }),
  step(state, event, _ctx, o) {
    const r = publicRoleOf(event.text, event.mentions, o);
    const next: PublicInterestState = {
      score: Math.max(state.score, r.score),
      posts: state.posts + 1,
      marked: state.marked + (r.marked ? 1 : 0),
      titled: state.titled + (r.titled ? 1 : 0),
      evidence: r.score > 0 ? pushEvidence(state.evidence, event.eventId, o.maxEvidence) : state.evidence,
    };
    return { state: next, signals: judge(next) };
  },
  merge: (a, b, o) => ({
    score: Math.max(a.score, b.score),
    posts: a.posts + b.posts,
    marked: a.marked + b.marked,
    titled: a.titled + b.titled,
    evidence: mergeEvidence(a.evidence, b.evidence, o.maxEvidence),
  }),
  save: (s) => ({ ...s, evidence: [...s.evidence] }),
  restore: (saved) => Saved.parse(saved),
});
