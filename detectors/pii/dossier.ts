import { z } from 'zod';
import { DoxguardError } from '../../src/errors/index.js';
import {
  IDENTIFYING_CATEGORIES,
  PRIVATE_CATEGORIES,
  type PiiCategory,
  type EnrichedEvent,
  defineDetector,
  UNATTRIBUTED_CODE,
  type JsonValue,
  type Signal,
} from '../../src/contract/index.js';
import { PublicInterestOptions, publicRoleOf } from '../language/public-interest.js';
import {
  EMPTY,
  SavedDossier,
  addEvent,
  mergeCategories,
  mergeStates,
  round,
  type Categories,
  type DossierState,
} from './dossier-state.js';

/**
 * pii/dossier: what an incident has disclosed about its target, and how
 * concentrated. Emits sensitivity signals: one for the categories disclosed
 * about a person (noisy-or of each category's strongest weight x confidence),
 * one for the single post that gathers the most facts (a dossier weighs most),
 * and, while nobody is named, one for what was disclosed without a person
 * (counted by risk only once a call to find someone is made).
 *
 * A disclosure counts only when it is about a person being exposed
 * (attribution.ts): about a person a post points at; or about nobody named
 * once the incident has a target (such a disclosure, or a post gathering
 * `dossierMinCategories` facts); never the poster's own contact details. The
 * risk gates (src/risk/gates.ts) read how many identifying categories are
 * about a private person being exposed (dossier-state.ts `exposed`: in an
 * original post, in a post gathering several, or repeated by a second author):
 * a disclosure made in a post about an official in office (public interest)
 * does not count, unless it is a private fact.
 */
export { UNATTRIBUTED_CODE };
export const DossierOptions = z.object({
  /** findings below this confidence are not counted */
  minConfidence: z.number().min(0).max(1).default(0.5),
  /** distinct fingerprints kept per category (bounded state) */
  maxFingerprints: z.number().int().positive().max(256).default(16),
  /** categories in one post from which it counts as a dossier */
  dossierMinCategories: z.number().int().min(2).default(3),
  /** a dossier post scores at least this, plus dossierStep per category from dossierMinCategories on */
  dossierBase: z.number().min(0).max(1).default(0.7),
  dossierStep: z.number().min(0).max(1).default(0.1),
  /** fingerprints and event ids listed as evidence per signal */
  maxEvidence: z.number().int().positive().default(12),
  /** an identifying category counts for the risk gates from this confidence (a housing estate alone: 0.55) */
  identifyingMinConfidence: z.number().min(0).max(1).default(0.6),
  /**
   * an address identifies a home from this confidence (address_zh: a street number with its city 0.8, a flat
   * 0.9+; a building in an estate 0.75 and a road 0.55 are where a case was found in news, not someone's home)
   */
  homeAddressMinConfidence: z.number().min(0).max(1).default(0.8),
  /**
   * identifying categories about one incident's target from which each counts as exposed wherever it came
   * from (a gradual dossier: one fact per reply, each by another account). Stray replies in a real cascade
   * rarely bring two, let alone three (bench/risk/real-cascades.ts, tune split)
   */
  crowdDossierMin: z.number().int().min(2).default(3),
  /** a disclosure made in a post with a public role from this score is about an official in office (policy.publicInterestReview) */
  publicRoleAt: z.number().min(0).max(1).default(0.5),
});
export type DossierOptions = z.infer<typeof DossierOptions>;

/**
 * Signals per state: a state is never changed once made (addEvent returns a
 * new one when an event discloses something, the same one otherwise), so most
 * events, which disclose nothing, reuse the last judgement.
 */
const judged = new WeakMap<DossierState, { readonly o: DossierOptions; readonly signals: readonly Signal[] }>();

function judge(state: DossierState, o: DossierOptions): readonly Signal[] {
  const hit = judged.get(state);
  if (hit && hit.o === o) return hit.signals;
  const signals = judgeAfresh(state, o);
  judged.set(state, { o, signals });
  return signals;
}

function judgeAfresh(state: DossierState, o: DossierOptions): Signal[] {
  const best = state.best;
  const facts = best ? distinctFacts(best.categories) : 0;
  // a target: someone the posts point at, or a post gathering identifying facts (about whom else?)
  const targeted = Object.keys(state.categories).length > 0 || state.gathering || facts >= o.dossierMinCategories;
  const effective = targeted ? mergeCategories(state.categories, state.pending, o.maxFingerprints) : state.categories;
  const signals: Signal[] = [];
  const cats = sorted(effective);
  if (cats.length > 0) {
    // a crowd assembling a dossier across posts (one fact per reply) exposes its person as surely as one post
    const ids = cats.filter((c) => identifies(effective[c]!, c, o));
    const identifying = ids.filter((c) => effective[c]!.exposed);
    const professional = cats.filter((c) => effective[c]!.role >= o.publicRoleAt && !PRIVATE_CATEGORIES.has(c));
    const privateIds = identifying.filter((c) => !professional.includes(c));
    signals.push({
      dimension: 'sensitivity',
      score: noisyOr(effective, cats),
      code: 'PII_DISCLOSED',
      message:
        `disclosed about a person: ${cats.join(', ')} (${cats.length} ${cats.length === 1 ? 'category' : 'categories'}; ` +
        `identifying a private person being exposed: ${privateIds.length ? privateIds.join(', ') : 'none'}` +
        (professional.length ? `; about an official in office: ${professional.join(', ')})` : ')'),
      evidence: evidenceOf(effective, cats, o),
      // A crowd assembling a dossier across posts (one fact per reply, each by another account) exposes its
      // person too, but counts as one category: enough to warn, never to throttle without mobilisation (stray
      // replies of unrelated real posts laid on one tree reached three: bench/realistic tune split)
      gate: { identifying: crowdOrExposed(privateIds.length, ids, professional, o) },
    });
  }
  const waiting = targeted ? [] : sorted(state.pending);
  if (waiting.length > 0)
    signals.push({
      dimension: 'sensitivity',
      score: noisyOr(state.pending, waiting),
      code: UNATTRIBUTED_CODE,
      message: `disclosed without anybody named: ${waiting.join(', ')} (counts once someone calls to find a person)`,
      evidence: evidenceOf(state.pending, waiting, o),
      gate: {
        unattributed: waiting.filter((c) => identifies(state.pending[c]!, c, o) && state.pending[c]!.exposed).length,
      },
    });
  if (best && targeted && facts >= o.dossierMinCategories) {
    const steps = facts - o.dossierMinCategories + 1;
    signals.push({
      dimension: 'sensitivity',
      score: round(Math.min(1, Math.max(o.dossierBase, best.score) + o.dossierStep * steps)),
      code: 'PII_DOSSIER',
      message: `dossier: ${best.categories.join(' + ')} disclosed in one post (${best.categories.length} categories)`,
      evidence: [best.eventId, ...best.fingerprints].slice(0, o.maxEvidence),
    });
  }
  return signals;
}

function crowdOrExposed(
  exposed: number,
  identifying: readonly PiiCategory[],
  professional: readonly PiiCategory[],
  o: DossierOptions,
): number {
  const about = identifying.filter((c) => !professional.includes(c)).length;
  return exposed === 0 && about >= o.crowdDossierMin ? 1 : exposed;
}

const sorted = (c: Categories): PiiCategory[] => (Object.keys(c) as PiiCategory[]).sort();

function noisyOr(c: Categories, cats: readonly PiiCategory[]): number {
  let none = 1;
  for (const k of cats) none *= 1 - c[k]!.strength;
  return round(1 - none);
}

function evidenceOf(c: Categories, cats: readonly PiiCategory[], o: DossierOptions): string[] {
  return [...new Set(cats.flatMap((k) => [c[k]!.firstEventId, ...c[k]!.fingerprints.slice(0, 2)]))].slice(
    0,
    o.maxEvidence,
  );
}

/** An identifying category, found at least once with the confidence that makes it one (not a housing estate alone). */
function identifies(entry: { readonly confidence: number }, c: PiiCategory, o: DossierOptions): boolean {
  const min = c === 'home_address' ? o.homeAddressMinConfidence : o.identifyingMinConfidence;
  return IDENTIFYING_CATEGORIES.has(c) && entry.confidence >= min;
}

const ROLE_OPTIONS = PublicInterestOptions.parse({});
const roleOf = (event: EnrichedEvent): number => publicRoleOf(event.text, event.mentions, ROLE_OPTIONS).score;

/**
 * Facts a post gathers, for the dossier threshold: a postcode next to the home address says where the same
 * person lives, so the two count once (a postcode alone still counts as the location).
 */
function distinctFacts(categories: readonly PiiCategory[]): number {
  return categories.length - (categories.includes('postcode') && categories.includes('home_address') ? 1 : 0);
}

export const dossier = defineDetector<DossierOptions, DossierState>({
  name: 'pii/dossier',
  family: 'pii',
  version: '1.0.0',
  description: 'categories of personal information disclosed per incident, who first added each, and dossier posts',
  options: DossierOptions,
  init: () => EMPTY,
  step(state, event, _ctx, o) {
    // (the options are the thresholds; the role a function of the event: no object or closure per event)
    const next = addEvent(state, event, o, roleOf);
    return { state: next, signals: judge(next, o) };
  },
  tick(state, _ctx, o) {
    // time changes nothing here: the judgement is the state's (the same list while the state stands)
    return { state, signals: judge(state, o), dueAt: Infinity };
  },
  merge: (a, b, o) => mergeStates(a, b, o.maxFingerprints),
  save: (state) => JSON.parse(JSON.stringify(state)) as JsonValue,
  restore(saved, o) {
    const parsed = SavedDossier.safeParse(saved);
    if (!parsed.success)
      throw new DoxguardError(
        'DG_ERR_STATE_RESTORE',
        `pii/dossier: ${parsed.error.issues[0]?.message ?? 'bad state'}`,
        {
          context: { detector: 'pii/dossier' },
        },
      );
    // re-apply the bound in case the saved state came from a larger cap
    return mergeStates(EMPTY, parsed.data as DossierState, o.maxFingerprints);
  },
});

/** Consolidators: authors who first added at least one category, with the categories they added. */
export function consolidators(state: DossierState): Map<string, PiiCategory[]> {
  const out = new Map<string, PiiCategory[]>();
  for (const c of (Object.keys(state.categories) as PiiCategory[]).sort()) {
    const a = state.categories[c]!.firstAuthor;
    out.set(a, [...(out.get(a) ?? []), c]);
  }
  return out;
}
