import { PRIVATE_CATEGORIES, type PiiCategory } from '../contract/index.js';

/**
 * The public-interest gate. When the person is an official or public figure
 * and what is disclosed is professional (office phone, workplace, conduct in
 * office), the incident goes to human review and is never throttled
 * automatically. Private facts of the same person stay protected: with any
 * of these disclosed, the ordinary ladder applies.
 */
export { PRIVATE_CATEGORIES };

export type GateOutcome = 'none' | 'professional' | 'private';

/** `professional`: review only; `private`: a public figure, but private facts are out; `none`: not public interest. */
export function publicInterestGate(
  publicInterestScore: number,
  threshold: number,
  /** the disclosed categories (a Set, or an incident's disclosures Map): read only past the first test */
  disclosed: { keys(): Iterable<PiiCategory> },
  reviewerSaidPublicInterest: boolean,
): GateOutcome {
  if (publicInterestScore < threshold && !reviewerSaidPublicInterest) return 'none';
  for (const c of disclosed.keys()) if (PRIVATE_CATEGORIES.has(c)) return 'private';
  return 'professional';
}
