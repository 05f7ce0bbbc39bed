import { z } from 'zod';
import { DoxguardError } from '../../src/errors/index.js';
import { type PiiCategory, defineDetector, type JsonValue, type Signal } from '../../src/contract/index.js';
import { EMPTY, SavedDossier, addEvent, mergeStates, round, type DossierState } from './dossier-state.js';

/**
 * pii/dossier: what an incident has disclosed about its target, and how
 * concentrated. Emits sensitivity signals: one for the categories disclosed
 * (noisy-or of each category's strongest weight x confidence), one for the
 * single post that gathers the most facts (a dossier weighs most).
 */
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
  const cats = (Object.keys(state.categories) as PiiCategory[]).sort();
  if (cats.length === 0) return [];
  const signals: Signal[] = [];
  let none = 1;
  for (const c of cats) none *= 1 - state.categories[c]!.strength;
  const evidence = [
    ...new Set(
      cats.flatMap((c) => [state.categories[c]!.firstEventId, ...state.categories[c]!.fingerprints.slice(0, 2)]),
    ),
  ].slice(0, o.maxEvidence);
  signals.push({
    dimension: 'sensitivity',
    score: round(1 - none),
    code: 'PII_DISCLOSED',
    message: `disclosed: ${cats.join(', ')} (${cats.length} ${cats.length === 1 ? 'category' : 'categories'})`,
    evidence,
  });
  const best = state.best;
  const facts = best ? distinctFacts(best.categories) : 0;
  if (best && facts >= o.dossierMinCategories) {
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
    const next = addEvent(state, event, { minConfidence: o.minConfidence, maxFingerprints: o.maxFingerprints });
    return { state: next, signals: judge(next, o) };
  },
  tick(state, _ctx, o) {
    return { state, signals: judge(state, o) };
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
