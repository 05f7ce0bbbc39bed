import type { PropagationGraph } from '../graph/index.js';
import type { ActiveCommand, Incident, ParticipantEntry, TargetEntry } from '../incident/index.js';
import { levelRank } from '../risk/index.js';
import type { AccountTarget, Action, AlertLevel, InterventionRecord, Reason } from '../contract/index.js';
import { contentId, ownMap } from '../util/index.js';
import type { PolicyOptions } from './options.js';
import { commandRecord, policyReason, type RecordContext } from './records.js';

export interface AccountDecisionInput {
  readonly incident: Incident;
  readonly graph: PropagationGraph;
  readonly level: AlertLevel | null;
  readonly time: number;
  readonly stepMs: number;
  readonly maxPostIds: number;
  readonly options: PolicyOptions;
}

type AccountAction = 'protect_target' | 'warn_account' | 'verify_account';
const ACTIONS: readonly AccountAction[] = ['protect_target', 'warn_account', 'verify_account'];

interface Candidate {
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
interface Ranked {
  readonly account: AccountTarget;
  readonly build: () => Candidate;
}

const accountKey = (action: string, a: AccountTarget): string =>
  `${action}\u0000${a.platform}\u0000${a.accountId ?? `#${a.handleFingerprint}`}`;

function targetCandidates(incident: Incident, minor: boolean, max: number): Ranked[] {
  const ranked = [...incident.accounts.targets.values()].sort(
    (a, b) => b.count - a.count || a.firstTime - b.firstTime || keyOf(a).localeCompare(keyOf(b)),
  );
  return ranked.slice(0, max).map((t) => {
    const account: AccountTarget = {
      platform: t.platform,
      accountId: t.accountId,
      handleFingerprint: t.handleFingerprint,
      role: 'target',
      minor,
    };
    return { account, build: () => targetCandidate(t, account, minor) };
  });
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
type Why = 'discloser' | 'mobiliser' | 'coordinated' | 'fresh';
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

function participantCandidates(
  incident: Incident,
  action: 'warn_account' | 'verify_account',
  minor: boolean,
  policy: PolicyOptions['accounts'],
): Ranked[] {
  const targets = new Set([...incident.accounts.targets.values()].map((t) => `${t.platform}\u0000${t.accountId}`));
  const asTarget = (p: ParticipantEntry): AccountTarget => ({
    platform: p.platform,
    accountId: p.accountId,
    handleFingerprint: null,
    role: 'participant',
    minor,
  });
  // an account already commanded keeps its place while it still qualifies: a busier newcomer does not lift it
  const ranked: { p: ParticipantEntry; why: Why; held: number }[] = [];
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
  return ranked.slice(0, policy.maxPerIncident).map(({ p, why }) => {
    const account = asTarget(p);
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
  });
}

/** Whether `rank` reaches the rung of some action on `ladder` (no level reaches none). */
function onSomeRung(rank: number, ladder: Readonly<Record<AccountAction, AlertLevel>>): boolean {
  if (rank === 0) return false;
  for (let i = 0; i < ACTIONS.length; i++) if (rank >= levelRank(ladder[ACTIONS[i]!])) return true;
  return false;
}

/** One account wanted for one action: its key among the commands in force, and how to build its command. */
interface Wanted {
  readonly action: AccountAction;
  readonly key: string;
  readonly ranked: Ranked;
}

/**
 * The accounts an incident wants commanded, ranked, and what they were ranked from: the ledger's version, the
 * rank, the options and the keys of the account commands in force (an account commanded keeps its place).
 * While all of these stay the same, so do the candidates: most evaluations of an incident in force are its
 * ticks, where none of them changed and only the time did (renewals, lifts). Kept for the latest evaluation.
 */
interface Plan {
  readonly version: number;
  readonly rank: number;
  readonly policy: PolicyOptions['accounts'];
  readonly held: readonly string[];
  readonly wanted: readonly Wanted[];
  readonly keys: ReadonlySet<string>;
}
const plans = new WeakMap<Incident, Plan>();

/** The keys of `commands`, in order, are `held`. */
function sameKeys(commands: ReadonlyMap<string, unknown>, held: readonly string[]): boolean {
  if (commands.size !== held.length) return false;
  let i = 0;
  for (const k of commands.keys()) if (k !== held[i++]) return false;
  return true;
}

function planOf(incident: Incident, rank: number, policy: PolicyOptions['accounts']): Plan {
  const known = plans.get(incident);
  const version = incident.accounts.version;
  if (
    known &&
    known.version === version &&
    known.rank === rank &&
    known.policy === policy &&
    sameKeys(incident.accountCommands, known.held)
  )
    return known;
  const minor = incident.accounts.minor !== null;
  const ladder = minor ? policy.minors.ladder : policy.ladder;
  const on = (platform: string, action: AccountAction): boolean => policy.platforms[platform]?.[action] ?? true;
  const wanted: Wanted[] = [];
  for (const action of policy.enabled ? ACTIONS : []) {
    if (rank === 0 || rank < levelRank(ladder[action])) continue;
    const candidates =
      action === 'protect_target'
        ? targetCandidates(incident, minor, policy.maxPerIncident)
        : participantCandidates(incident, action, minor, policy);
    for (const ranked of candidates)
      if (on(ranked.account.platform, action)) wanted.push({ action, key: accountKey(action, ranked.account), ranked });
  }
  const plan: Plan = {
    version,
    rank,
    policy,
    held: [...incident.accountCommands.keys()],
    wanted,
    keys: new Set(wanted.map((w) => w.key)),
  };
  plans.set(incident, plan);
  return plan;
}

/**
 * Account-level commands, beside the post ladder (decide.ts): `protect_target` for the account the incident
 * is about, `warn_account` for accounts that disclose identifying details or call for harassment,
 * `verify_account` for accounts that repeat the same words in concert or, fresh, drive it. Each is wanted from its level on the
 * ladder (a stricter one when the target is a minor), kept in force with a TTL, renewed while wanted and
 * lifted like every command once no longer wanted and held `minHoldSeconds`. Switchable per platform.
 */
export function decideAccounts(input: AccountDecisionInput): InterventionRecord[] {
  const { incident, level, time, options } = input;
  const policy = options.accounts;
  if (!policy.enabled && incident.accountCommands.size === 0) return [];
  // (this runs for every evaluation: no iterator, no closure, unless commands are in force)
  if (incident.accountCommands.size > 0)
    incident.accountCommands.forEach((c, k, commands) => {
      if (c.expiresAt <= time) commands.delete(k);
    });
  const rank = levelRank(level);
  const minor = incident.accounts.minor !== null;
  // Most evaluations are of incidents below every rung with nothing in force: nothing to issue or lift.
  if (incident.accountCommands.size === 0 && !onSomeRung(rank, minor ? policy.minors.ladder : policy.ladder)) return [];
  // (every action's candidates ranked before any is issued, as one at a time would: an action's candidates
  // read only its own commands in force, and only its own turn issues them)
  const plan = planOf(incident, rank, policy);
  const ctx: RecordContext = { incident, graph: input.graph, time, maxPostIds: input.maxPostIds, options, level };
  const out: InterventionRecord[] = [];
  const renewBeforeMs = options.renewBeforeSeconds * 1000;
  for (const { action, key, ranked } of plan.wanted) {
    const inForce = incident.accountCommands.get(key);
    if (inForce && (inForce.expiresAt - time > renewBeforeMs || inForce.issuedAt === time)) continue;
    const c = ranked.build();
    const ttl =
      options.ttlSeconds[action] * (minor && action === 'protect_target' ? policy.minors.protectTtlFactor : 1);
    const cmd = account(
      commandRecord(ctx, {
        rule: c.rule,
        action,
        targets: [],
        reasons: [c.reason],
      }),
      c.account,
      c.params,
      time,
      ttl,
    );
    (incident.accountCommands = ownMap(incident.accountCommands)).set(key, {
      id: cmd.id,
      action,
      rule: c.rule,
      issuedAt: time,
      expiresAt: time + ttl * 1000,
      account: c.account,
    });
    out.push(cmd);
  }
  // every wanted key is in force by now: as many in force as wanted means none unwanted, nothing to lift
  if (incident.accountCommands.size === plan.keys.size) {
    if (out.length > 0) incident.dirty = true;
    return out;
  }
  const minHoldMs = options.minHoldSeconds * 1000;
  let lifted: string[] | null = null;
  incident.accountCommands.forEach((c, key) => {
    if (!plan.keys.has(key) && time - c.issuedAt >= minHoldMs) (lifted ??= []).push(key);
  });
  for (const key of lifted ?? []) {
    const c = incident.accountCommands.get(key)!;
    incident.accountCommands.delete(key);
    out.push(liftAccount(ctx, c));
  }
  if (out.length > 0) incident.dirty = true;
  return out;
}

function account(
  cmd: InterventionRecord,
  a: AccountTarget,
  params: Record<string, string | number | boolean>,
  time: number,
  ttlSeconds: number,
): InterventionRecord {
  // the id hashes the content: computed again over the account and its parameters
  return contentId('cmd', {
    ...cmd,
    id: '',
    params,
    ttlSeconds,
    expiresAt: new Date(time + ttlSeconds * 1000).toISOString(),
    account: a,
  });
}

function liftAccount(ctx: RecordContext, c: ActiveCommand & { readonly account: AccountTarget }): InterventionRecord {
  const reason = policyReason('ACCOUNT_LIFT', `no longer wanted at level ${ctx.level ?? 'none'}`);
  const cmd = commandRecord(ctx, {
    rule: c.rule,
    action: 'lift' satisfies Action,
    targets: [],
    reasons: [reason],
    lifts: c.id,
  });
  return contentId('cmd', { ...cmd, id: '', account: c.account });
}
