import type { Incident, ParticipantEntry, TargetEntry } from '../incident/index.js';
import type { AccountTarget, Reason } from '../contract/index.js';
import type { PolicyOptions } from './options.js';
import { policyReason } from './records.js';

/**
 * Who an incident's account commands are for (src/policy/accounts.ts decides when): its targets and the drivers
 * wanted for each action, ranked, and how each one's command is built when it is issued.
 */

export type AccountAction = 'protect_target' | 'warn_account' | 'verify_account';
export const ACTIONS: readonly AccountAction[] = ['protect_target', 'warn_account', 'verify_account'];

export interface Candidate {
  readonly rule: string;
  readonly account: AccountTarget;
  readonly reason: Reason;
  readonly params: Record<string, string | number | boolean>;
}

/**
 * A ranked candidate before its command is built: the account (what the command key needs) and how to build
 * the rest. Most evaluations of an incident in force only confirm what is in force, so the reasons and
 * parameters (strings, sorted category lists) are built for the commands issued, not for every candidate.
 */
export interface Ranked {
  readonly account: AccountTarget;
  readonly build: () => Candidate;
}

export const accountKey = (action: string, a: AccountTarget): string =>
  `${action}\u0000${a.platform}\u0000${a.accountId ?? `#${a.handleFingerprint}`}`;

/** The incident's targets, best first, at most `max`. */
export function rankedTargets(incident: Incident, max: number): TargetEntry[] {
  return [...incident.accounts.targets.values()]
    .sort((a, b) => b.count - a.count || a.firstTime - b.firstTime || keyOf(a).localeCompare(keyOf(b)))
    .slice(0, max);
}

export function targetRanked(t: TargetEntry, minor: boolean): Ranked {
  const account: AccountTarget = {
    platform: t.platform,
    accountId: t.accountId,
    handleFingerprint: t.handleFingerprint,
    role: 'target',
    minor,
  };
  return { account, build: () => targetCandidate(t, account, minor) };
}

function targetCandidate(t: TargetEntry, account: AccountTarget, minor: boolean): Candidate {
  return {
    rule: `accounts/protect-target-${t.via.replace('_', '-')}`,
    account,
    reason: policyReason(
      `TARGET_${t.via.toUpperCase()}`,
      `${t.via === 'notice' ? 'a notice names' : t.via === 'mentioned' ? `${t.count} disclosing or mobilising posts mention` : 'a post discloses the handle of'} the account this incident targets${minor ? ' (a minor)' : ''}`,
      t.evidence,
    ),
    params: {
      offer: 'one_click_protection',
      limitStrangerComments: true,
      limitStrangerMessages: true,
      limitStrangerReshares: true,
      protectivePrompt: true,
      via: t.via,
    },
  };
}

const keyOf = (t: TargetEntry): string => `${t.platform}:${t.accountId ?? t.handleFingerprint}`;

const DAY = 24 * 3600 * 1000;

/** Days between the account's creation and its first post in the incident, when the platform reported it. */
const ageDays = (p: ParticipantEntry): number | null =>
  p.createdAt === null ? null : Math.max(0, Math.floor((p.firstTime - p.createdAt) / DAY));

/** Why an account is wanted for an action (checked on every evaluation: no strings built here). */
export type Why = 'discloser' | 'mobiliser' | 'coordinated' | 'fresh';
const RULE: Record<Why, { readonly rule: string; readonly code: string }> = {
  discloser: { rule: 'accounts/warn-discloser', code: 'ACCOUNT_DISCLOSED' },
  mobiliser: { rule: 'accounts/warn-mobiliser', code: 'ACCOUNT_MOBILISED' },
  coordinated: { rule: 'accounts/verify-coordinated', code: 'ACCOUNT_COORDINATED' },
  fresh: { rule: 'accounts/verify-fresh', code: 'ACCOUNT_FRESH' },
};

function whyParticipant(p: ParticipantEntry, action: 'warn_account' | 'verify_account', freshDays: number): Why | null {
  const drives = p.disclosures.size > 0 || p.mobilising;
  if (action === 'warn_account') return !drives ? null : p.disclosures.size > 0 ? 'discloser' : 'mobiliser';
  if (p.coordinated) return 'coordinated';
  const age = ageDays(p);
  return drives && age !== null && freshDays > 0 && age < freshDays ? 'fresh' : null;
}

/** What the account did, in the reason's words (built only for a command issued). */
function whatItDid(p: ParticipantEntry, why: Why): string {
  if (why === 'coordinated') return 'posted the same words as other accounts driving the incident';
  const did = [
    p.disclosures.size > 0 ? `disclosed ${[...p.disclosures].sort().join(', ')}` : '',
    p.mobilising ? 'called to find or harass' : '',
  ]
    .filter(Boolean)
    .join(' and ');
  if (why !== 'fresh') return did;
  const age = ageDays(p)!;
  return `created ${age === 0 ? 'the same day' : `${age} day${age === 1 ? '' : 's'} before`} it ${did}`;
}

/** A driver wanted for an action, and why. */
interface RankedDriver {
  readonly p: ParticipantEntry;
  readonly why: Why;
  readonly held: number;
}

/** The drivers wanted for `action`, best first, at most policy.maxPerIncident; `targets`: the targets' keys. */
export function rankedDrivers(
  incident: Incident,
  action: 'warn_account' | 'verify_account',
  targets: ReadonlySet<string>,
  policy: PolicyOptions['accounts'],
): RankedDriver[] {
  // an account already commanded keeps its place while it still qualifies: a busier newcomer does not lift it
  const ranked: RankedDriver[] = [];
  // only a driver can be wanted (whyParticipant): the ledger lists them apart from the many that only reshare
  const drivers = incident.accounts.driverList();
  for (let i = 0; i < drivers.length; i++) {
    const p = drivers[i]!;
    if (targets.size > 0 && targets.has(`${p.platform}\u0000${p.accountId}`)) continue;
    const why = whyParticipant(p, action, policy.freshAccountDays);
    if (why === null) continue;
    const held =
      incident.accountCommands.size > 0 &&
      incident.accountCommands.has(`${action}\u0000${p.platform}\u0000${p.accountId}`);
    ranked.push({ p, why, held: held ? 0 : 1 });
  }
  ranked.sort(
    (x, y) =>
      x.held - y.held ||
      y.p.disclosures.size - x.p.disclosures.size ||
      y.p.posts - x.p.posts ||
      x.p.firstTime - y.p.firstTime ||
      (x.p.accountId < y.p.accountId ? -1 : x.p.accountId > y.p.accountId ? 1 : x.p.platform < y.p.platform ? -1 : 1),
  );
  if (ranked.length > policy.maxPerIncident) ranked.length = policy.maxPerIncident;
  return ranked;
}

export function participantRanked(p: ParticipantEntry, why: Why, action: AccountAction, minor: boolean): Ranked {
  const account: AccountTarget = {
    platform: p.platform,
    accountId: p.accountId,
    handleFingerprint: null,
    role: 'participant',
    minor,
  };
  return {
    account,
    build: (): Candidate => ({
      rule: RULE[why].rule,
      account,
      reason: policyReason(
        RULE[why].code,
        `an account ${whatItDid(p, why)}${minor ? ' about a minor' : ''}`,
        p.evidence,
      ),
      params:
        action === 'verify_account'
          ? { method: 'identity_reverification', restrictUntilVerified: true }
          : {
              message: minor ? 'doxxing_minor_account_warning' : 'doxxing_account_warning',
              requireAcknowledgement: true,
            },
    }),
  };
}
