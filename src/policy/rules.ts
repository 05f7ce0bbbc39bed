import type { Incident } from '../incident/index.js';
import type { Action, AlertLevel } from '../contract/index.js';
import type { GateOutcome } from './gate.js';

/** What a rule sees: the settled level, the public-interest gate, the notices. */
export interface RuleInput {
  readonly incident: Incident;
  readonly level: AlertLevel | null;
  readonly rank: number;
  readonly gate: GateOutcome;
  /** event-time ms the incident has been critical without a break (null when it is not critical) */
  readonly criticalForMs: number | null;
  /** `policy.reviewCriticalAfterSeconds` in ms */
  readonly reviewCriticalAfterMs: number;
}

/** A rule of the ladder: when it applies, the action it asks for. */
export interface Rule {
  readonly name: string;
  readonly action: Exclude<Action, 'lift'>;
  /** automatic rules are subject to holdback, suppression after a false positive, and rollout */
  readonly automatic: boolean;
  applies(input: RuleInput): boolean;
}

/** A notice about the incident waits for its first action (asked on every evaluation: no closure). */
export function pendingNotice(i: Incident): boolean {
  for (let k = 0; k < i.noticeEntries.length; k++) if (i.noticeEntries[k]!.firstActionTime === null) return true;
  return false;
}

/**
 * Public-interest review's case below warning (asked by decide's quiet return too, with the gate): an incident at
 * watch with something disclosed. With a pending notice, the only way a rule applies to an incident at most at watch.
 */
export function disclosedAtWatch(i: Incident, rank: number): boolean {
  return rank === 1 && i.disclosures.size > 0;
}

/**
 * The proportionate ladder: watch is an alert only; a warning pops up an
 * interstitial on reshare; critical throttles; public interest (professional
 * disclosures about an official, from watch on) goes to people and is never
 * throttled or warned against automatically; an incident that stays critical for
 * `reviewCriticalAfterSeconds` goes to a reviewer by itself (throttling is not
 * enough for it); a notice always reaches a reviewer.
 */
export const RULES: readonly Rule[] = [
  {
    name: 'ladder/warning-popup',
    action: 'popup_warning',
    automatic: true,
    applies: (p) => p.rank >= 2 && p.gate !== 'professional',
  },
  {
    name: 'ladder/critical-throttle',
    action: 'throttle',
    automatic: true,
    applies: (p) => p.level === 'critical' && p.gate !== 'professional',
  },
  {
    name: 'ladder/critical-review',
    action: 'review_takedown',
    automatic: true,
    applies: (p) =>
      p.level === 'critical' &&
      p.gate !== 'professional' &&
      p.criticalForMs !== null &&
      p.criticalForMs >= p.reviewCriticalAfterMs,
  },
  {
    name: 'public-interest/review',
    action: 'review_takedown',
    automatic: true,
    // from watch: a disclosure about an official in office is capped below warning by the risk gates (it is
    // about no private person), and still deserves a reviewer's eyes
    applies: (p) => p.gate === 'professional' && (p.rank >= 2 || disclosedAtWatch(p.incident, p.rank)),
  },
  {
    name: 'notice/review',
    action: 'review_takedown',
    automatic: false,
    applies: (p) => pendingNotice(p.incident),
  },
];

/** Where throttles refused by the quota go instead. */
export const QUOTA_REVIEW_RULE = 'guard/quota-review';

/** Every rule name config `policy.rules` may switch (the quota's review too). */
export const RULE_NAMES: readonly string[] = [...RULES.map((r) => r.name), QUOTA_REVIEW_RULE];
