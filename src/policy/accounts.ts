import type { PropagationGraph } from '../graph/index.js';
import type { ActiveCommand, Incident, ParticipantEntry, TargetEntry } from '../incident/index.js';
import { levelRank } from '../risk/index.js';
import type { AccountTarget, Action, AlertLevel, InterventionRecord } from '../contract/index.js';
import { contentId, ownMap } from '../util/index.js';
import type { PolicyOptions } from './options.js';
import { commandRecord, policyReason, type RecordContext } from './records.js';
import {
  accountKey,
  ACTIONS,
  participantRanked,
  rankedDrivers,
  rankedTargets,
  targetRanked,
  type AccountAction,
  type Ranked,
  type Why,
} from './account-candidates.js';

export interface AccountDecisionInput {
  readonly incident: Incident;
  readonly graph: PropagationGraph;
  readonly level: AlertLevel | null;
  readonly time: number;
  readonly stepMs: number;
  readonly maxPostIds: number;
  readonly options: PolicyOptions;
}

/** What most evaluations decide (nothing in force, no rung reached): one shared frozen list, not one per evaluation. */
const NO_COMMANDS: readonly InterventionRecord[] = Object.freeze([]);

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
  /** the ledger's entry it was ranked from, and why (null for a target): what a later plan may reuse it for */
  readonly entry: ParticipantEntry | TargetEntry;
  readonly why: Why | null;
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
  readonly minor: boolean;
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
  // the plan this one replaces: its Wanted of an entry still wanted alike are taken over (see reusable)
  const prev = known !== undefined && known.minor === minor && known.policy === policy ? known.wanted : NO_WANTED;
  const wanted: Wanted[] = [];
  let targets: ReadonlySet<string> | null = null;
  for (const action of policy.enabled ? ACTIONS : []) {
    if (rank === 0 || rank < levelRank(ladder[action])) continue;
    if (action === 'protect_target') {
      for (const t of rankedTargets(incident, policy.maxPerIncident))
        if (on(policy, t.platform, action))
          wanted.push(
            reusable(prev, wanted.length, action, t, null) ?? wantedOf(action, targetRanked(t, minor), t, null),
          );
      continue;
    }
    targets ??= targetKeys(incident);
    for (const { p, why } of rankedDrivers(incident, action, targets, policy))
      if (on(policy, p.platform, action))
        wanted.push(
          reusable(prev, wanted.length, action, p, why) ??
            wantedOf(action, participantRanked(p, why, action, minor), p, why),
        );
  }
  const plan: Plan = {
    version,
    rank,
    policy,
    minor,
    held: [...incident.accountCommands.keys()],
    wanted,
    keys: new Set(wanted.map((w) => w.key)),
  };
  plans.set(incident, plan);
  return plan;
}

const NO_WANTED: readonly Wanted[] = [];

const on = (policy: PolicyOptions['accounts'], platform: string, action: AccountAction): boolean =>
  policy.platforms[platform]?.[action] ?? true;

/** The targets' platform and account ids, as rankedDrivers looks drivers up in them. */
function targetKeys(incident: Incident): ReadonlySet<string> {
  const targets = incident.accounts.targets;
  if (targets.size === 0) return NO_KEYS;
  const keys = new Set<string>();
  for (const t of targets.values()) keys.add(`${t.platform}\u0000${t.accountId}`);
  return keys;
}
const NO_KEYS: ReadonlySet<string> = new Set();

const wantedOf = (
  action: AccountAction,
  ranked: Ranked,
  entry: ParticipantEntry | TargetEntry,
  why: Why | null,
): Wanted => ({ action, key: accountKey(action, ranked.account), ranked, entry, why });

/**
 * The previous plan's Wanted of `entry` for `action` and `why`, looked for near place `n` (a plan is rebuilt
 * whenever a driver posts, and its ranking then moves by a place or two at most), or null. Its account, key and
 * command builder are what a new one would be: the same entry (whose platform and ids never change), action, why
 * and minor flag (planOf reuses only a plan of the same minor flag and options), read again when it is built.
 * A hot incident's plan lists up to maxPerIncident accounts per action, rebuilt at every post of a driver.
 */
function reusable(
  prev: readonly Wanted[],
  n: number,
  action: AccountAction,
  entry: ParticipantEntry | TargetEntry,
  why: Why | null,
): Wanted | null {
  for (let d = 0; d < 5; d++) {
    // n, n - 1, n + 1, n - 2, n + 2
    const w = prev[d & 1 ? n - ((d + 1) >> 1) : n + (d >> 1)];
    if (w !== undefined && w.entry === entry && w.action === action && w.why === why) return w;
  }
  return null;
}

/**
 * Account-level commands, beside the post ladder (decide.ts): `protect_target` for the account the incident
 * is about, `warn_account` for accounts that disclose identifying details or call for harassment,
 * `verify_account` for accounts that repeat the same words in concert or, fresh, drive it. Each is wanted from its level on the
 * ladder (a stricter one when the target is a minor), kept in force with a TTL, renewed while wanted and
 * lifted like every command once no longer wanted and held `minHoldSeconds`. Switchable per platform.
 */
export function decideAccounts(input: AccountDecisionInput): readonly InterventionRecord[] {
  const { incident, level, time, options } = input;
  const policy = options.accounts;
  if (!policy.enabled && incident.accountCommands.size === 0) return NO_COMMANDS;
  // (this runs for every evaluation: no iterator, no closure, unless commands are in force)
  if (incident.accountCommands.size > 0)
    incident.accountCommands.forEach((c, k, commands) => {
      if (c.expiresAt <= time) commands.delete(k);
    });
  const rank = levelRank(level);
  const minor = incident.accounts.minor !== null;
  // Most evaluations are of incidents below every rung with nothing in force: nothing to issue or lift.
  if (incident.accountCommands.size === 0 && !onSomeRung(rank, minor ? policy.minors.ladder : policy.ladder))
    return NO_COMMANDS;
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
