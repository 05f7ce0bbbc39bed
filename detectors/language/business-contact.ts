import { z } from 'zod';
import {
  type EnrichedEvent,
  type PiiCategory,
  BUSINESS_CONTACT_CODE,
  defineDetector,
  type Signal,
} from '../../src/contract/index.js';
import { emptySet, ownSet } from '../../src/util/index.js';
import { NO_STRINGS, mergeEvidence, pushEvidence, round2 } from '../cascade/shared.js';
import { BUSINESS, THIRD_PARTY } from './business-lexicon.js';
import { anyOf, isReported, prepared } from './text.js';

/**
 * language/business-contact: contact details presented as the poster's own
 * business — a shop, company or clinic posting its phone, address or email
 * with the cues of a business notice (本店, 欢迎来电, 营业时间, 门店地址,
 * call us, opening hours, visit our store, book now). Not doxxing, and the
 * commonest false alarm of a disclosure detector.
 *
 * The signal is a modifier, not a harm: risk uses it to discount the
 * sensitivity dimension (src/risk/business.ts), and only when no calls to act
 * and no malice are present. It is emitted only while everything disclosed in
 * the incident is explained by the self-disclosure:
 * - the business cues and the contact findings are in a ROOT post (no parent:
 *   its author speaks for itself; a reply or repost naming a shop is someone
 *   else talking about it), not quoted, not framed as news;
 * - every finding of the incident is of a contact category (CONTACT), and any
 *   contact detail posted outside such a root (a reply, a repost) repeats one
 *   the business disclosed itself (same fingerprint);
 * - no post of the incident names the business as someone else's or calls
 *   to act against it (THIRD_PARTY: 这是他开的店, 去他店里闹, her shop, 1-star).
 * An ID number, family, health or any other private category anywhere in the
 * incident removes the signal for good.
 */
export const CONTACT: ReadonlySet<PiiCategory> = new Set([
  'phone',
  'email',
  // street addresses are reported as home_address by the scanner; a shop's address in its own notice is its business address
  'home_address',
  'postcode',
  'workplace',
  'social_handle',
  'org_code',
]);

export const BusinessContactOptions = z.object({
  /** a post's business cues must reach this strength (strongest cue, +0.15 per extra cue) */
  minContext: z.number().min(0).max(1).default(0.8),
  /** findings below this confidence are ignored (as pii/dossier does) */
  minConfidence: z.number().min(0).max(1).default(0.5),
  /** distinct fingerprints kept per set; past it the signal is withheld (bounded state, fail safe) */
  maxFingerprints: z.number().int().positive().max(1024).default(64),
  maxEvidence: z.number().int().min(1).max(50).default(5),
});
export type BusinessContactOptions = z.infer<typeof BusinessContactOptions>;

/** Updated in place (the runner owns it); `codes` and `evidence` are replaced, never mutated. */
export interface BusinessContactState {
  /** strongest business context of a self-disclosing root post */
  strength: number;
  /** posts that name the business as someone else's or call to act against it */
  thirdParty: number;
  /** a set outgrew maxFingerprints */
  overflow: boolean;
  /** non-contact categories disclosed anywhere in the incident */
  other: Set<PiiCategory>;
  /** contact categories disclosed by the business itself */
  categories: Set<PiiCategory>;
  /** fingerprints the business disclosed itself */
  covered: Set<string>;
  /** contact fingerprints posted outside a self-disclosing root */
  outside: Set<string>;
  codes: readonly string[];
  evidence: readonly string[];
  /** signals of the last judgement; null when a figure they show changed since (derived, not saved) */
  signals: readonly Signal[] | null;
}

/** How strongly a text presents itself as a business notice, and whether it talks of someone else's. */
export function businessContext(text: string): { strength: number; codes: string[]; thirdParty: boolean } {
  if (text === '') return { strength: 0, codes: [], thirdParty: false };
  const { norm, unquoted } = prepared(text);
  const thirdParty = ANY_THIRD_PARTY.test(unquoted);
  return { ...businessCues(norm, unquoted), thirdParty };
}

const BUSINESS_RES: readonly RegExp[] = BUSINESS.map((c) => c.re);
/** The unions, made once (not looked up per post): no flags, so `test` keeps no state between posts */
const ANY_BUSINESS = anyOf(BUSINESS_RES);
const ANY_THIRD_PARTY = anyOf(THIRD_PARTY);
/** An empty text's prepared forms (shared: no object per post without text) */
const NO_TEXT = Object.freeze({ norm: '', unquoted: '' });

/** The business cues of a prepared text (see businessContext). */
function businessCues(norm: string, unquoted: string): { strength: number; codes: string[] } {
  // most posts hold no business cue: one combined regex says so without testing each
  if (!ANY_BUSINESS.test(unquoted)) return { strength: 0, codes: [] };
  const weights: number[] = [];
  const codes: string[] = [];
  for (const c of BUSINESS)
    if (c.re.test(unquoted)) {
      weights.push(c.weight);
      if (!codes.includes(c.code)) codes.push(c.code);
    }
  if (weights.length === 0 || isReported(norm)) return { strength: 0, codes: [] };
  const strength = Math.min(1, Math.max(...weights) + 0.15 * (weights.length - 1));
  return { strength: round2(strength), codes: codes.sort() };
}

/** A new state (the shared empty collections): what `EMPTY` stands for, owned by its incident. */
const fresh = (): BusinessContactState => ({
  strength: 0,
  thirdParty: 0,
  overflow: false,
  other: emptySet(),
  categories: emptySet(),
  covered: emptySet(),
  outside: emptySet(),
  codes: NO_STRINGS,
  evidence: NO_STRINGS,
  signals: null,
});

/**
 * The state of every incident nothing has been written to (no finding, no third-party post: most incidents),
 * shared and frozen; a step or merge that writes takes its own first (`own`).
 */
const EMPTY: BusinessContactState = Object.freeze(fresh());
const own = (s: BusinessContactState): BusinessContactState => (s === EMPTY ? fresh() : s);

function addCapped(s: BusinessContactState, which: 'covered' | 'outside', value: string, cap: number): void {
  const set = s[which];
  if (set.has(value)) return;
  if (set.size >= cap) s.overflow = true;
  else (s[which] = ownSet(set)).add(value);
}

const NONE: readonly Signal[] = [];

function explained(s: BusinessContactState): boolean {
  if (s.strength <= 0 || s.thirdParty > 0 || s.overflow || s.other.size > 0) return false;
  for (const fp of s.outside) if (!s.covered.has(fp)) return false;
  return true;
}

function judge(s: BusinessContactState): readonly Signal[] {
  if (!explained(s)) return NONE;
  return (s.signals ??= [
    {
      dimension: 'sensitivity',
      score: s.strength,
      code: BUSINESS_CONTACT_CODE,
      message: `contact details (${[...s.categories].sort().join(', ')}) presented as the poster's own business in a root post (${s.codes.join(', ')})`,
      evidence: s.evidence,
    },
  ]);
}

function isRoot(e: EnrichedEvent): boolean {
  return e.kind === 'post' && e.parentId === null;
}

const Saved = z.object({
  strength: z.number(),
  thirdParty: z.number(),
  overflow: z.boolean(),
  other: z.array(z.string()),
  categories: z.array(z.string()),
  covered: z.array(z.string()),
  outside: z.array(z.string()),
  codes: z.array(z.string()),
  evidence: z.array(z.string()),
});

export const businessContact = defineDetector<BusinessContactOptions, BusinessContactState>({
  name: 'language/business-contact',
  family: 'language',
  version: '1.0.0',
  description: "contact details presented as the poster's own business (a modifier that discounts sensitivity)",
  options: BusinessContactOptions,
  constants: [EMPTY, NONE, NO_STRINGS],
  init: () => EMPTY,
  step(given, event, _ctx, o) {
    let state = given;
    let contact = false;
    for (const f of event.findings) {
      if (f.confidence < o.minConfidence) continue;
      if (CONTACT.has(f.category)) contact = true;
      else ((state = own(state)).other = ownSet(state.other)).add(f.category);
    }
    const text = event.text;
    const { norm, unquoted } = text === '' ? NO_TEXT : prepared(text);
    const thirdParty = text !== '' && ANY_THIRD_PARTY.test(unquoted);
    if (thirdParty) (state = own(state)).thirdParty++;
    const bc = contact && !thirdParty && isRoot(event) ? businessCues(norm, unquoted) : null;
    const selfDisclosure = bc !== null && bc.strength >= o.minContext;
    if (contact) {
      state = own(state);
      for (const f of event.findings)
        if (f.confidence >= o.minConfidence && CONTACT.has(f.category)) {
          if (selfDisclosure) {
            addCapped(state, 'covered', f.fingerprint, o.maxFingerprints);
            (state.categories = ownSet(state.categories)).add(f.category);
          } else addCapped(state, 'outside', f.fingerprint, o.maxFingerprints);
        }
    }
    if (selfDisclosure) {
      const s = (state = own(state));
      s.signals = null;
      s.strength = Math.max(s.strength, bc.strength);
      if (bc.codes.some((c) => !s.codes.includes(c))) s.codes = [...new Set([...s.codes, ...bc.codes])].sort();
      s.evidence = pushEvidence(s.evidence, event.eventId, o.maxEvidence);
    }
    return { state, signals: judge(state) };
  },
  merge(x, b, o) {
    if (b === EMPTY) return x;
    const a = own(x);
    a.strength = Math.max(a.strength, b.strength);
    a.thirdParty += b.thirdParty;
    a.overflow ||= b.overflow;
    for (const c of b.other) (a.other = ownSet(a.other)).add(c);
    for (const c of b.categories) (a.categories = ownSet(a.categories)).add(c);
    for (const fp of b.covered) addCapped(a, 'covered', fp, o.maxFingerprints);
    for (const fp of b.outside) addCapped(a, 'outside', fp, o.maxFingerprints);
    a.codes = [...new Set([...a.codes, ...b.codes])].sort();
    a.evidence = mergeEvidence(a.evidence, b.evidence, o.maxEvidence);
    a.signals = null;
    return a;
  },
  save: (s) => ({
    strength: s.strength,
    thirdParty: s.thirdParty,
    overflow: s.overflow,
    other: [...s.other],
    categories: [...s.categories],
    covered: [...s.covered],
    outside: [...s.outside],
    codes: [...s.codes],
    evidence: [...s.evidence],
  }),
  restore: (saved) => {
    const p = Saved.parse(saved);
    return {
      ...p,
      other: new Set(p.other as PiiCategory[]),
      categories: new Set(p.categories as PiiCategory[]),
      covered: new Set(p.covered),
      outside: new Set(p.outside),
      signals: null,
    };
  },
});
