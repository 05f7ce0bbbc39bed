import type { PropagationGraph } from '../graph/index.js';
import { type ActiveCommand, type Incident, targetsOf } from '../incident/index.js';
import { type RiskAssessment, levelRank } from '../risk/index.js';
import type { AlertLevel, AlertRecord, InterventionRecord, Reason } from '../contract/index.js';
import { publicInterestGate, type GateOutcome } from './gate.js';
import type { PolicyGuard } from './guard.js';
import type { PolicyOptions } from './options.js';
import { alertRecord, commandRecord, policyReason, type RecordContext, type Targets } from './records.js';
import { inHoldback, inRollout } from './rollout.js';
import { cursorOf, newPosts, startFollowing } from './follow.js';
import { ownMap } from '../util/index.js';
import {
  disclosedAtWatch,
  pendingNotice,
  QUOTA_REVIEW_RULE,
  RULE_NAMES,
  RULES,
  type Rule,
  type RuleInput,
} from './rules.js';

export interface PolicyInput {
  readonly incident: Incident;
  readonly graph: PropagationGraph;
  readonly assessment: RiskAssessment;
  /** the level the risk stage settled on (with hysteresis) */
  readonly level: AlertLevel | null;
  /** event time of the decision */
  readonly time: number;
  readonly stepMs: number;
  readonly maxPostIds: number;
  readonly options: PolicyOptions;
  /** quotas, rule statistics, command index; one per pipeline (a fresh one when omitted) */
  readonly guard?: PolicyGuard;
}

export interface PolicyDecision {
  readonly alerts: AlertRecord[];
  /** commands to send (empty in shadow mode) */
  readonly commands: InterventionRecord[];
  /** commands decided but not sent because of shadow mode */
  readonly shadowCommands: InterventionRecord[];
  /** event-time seconds from each notice answered by this decision to its first action */
  readonly noticeToAction: number[];
}

const ps = (i: Incident, key: string): number | undefined => i.policyState[key];

/** A rule's policy-memory keys. */
interface RuleKeys {
  readonly issued: string;
  readonly issuedRank: string;
  readonly lifted: string;
}
const keysFor = (rule: string): RuleKeys => ({
  issued: `issued:${rule}`,
  issuedRank: `issuedRank:${rule}`,
  lifted: `lifted:${rule}`,
});
/**
 * The keys of every rule, made once: a template string per rule per evaluation was a string built and then
 * internalised by the property lookup each time (an incident in force is evaluated at every post).
 */
const RULE_KEYS: ReadonlyMap<string, RuleKeys> = new Map(RULE_NAMES.map((r) => [r, keysFor(r)]));
const keysOf = (rule: string): RuleKeys => RULE_KEYS.get(rule) ?? keysFor(rule);

/**
 * The decision of an evaluation that could not act: level unchanged and at most watch, nothing in force, no
 * notice waiting (decide's first test). It depends on none of the time, so while the signals stay the same it
 * stays the answer (the pipeline's tick relies on this: src/pipeline/pipeline.ts).
 */
export const NOTHING: PolicyDecision = Object.freeze({
  alerts: Object.freeze([]) as unknown as AlertRecord[],
  commands: Object.freeze([]) as unknown as InterventionRecord[],
  shadowCommands: Object.freeze([]) as unknown as InterventionRecord[],
  noticeToAction: Object.freeze([]) as unknown as number[],
});

/**
 * A decision of a full evaluation that sent and raised nothing (an incident in force, its rules' commands
 * standing): shared and frozen like NOTHING, but not NOTHING, which says the evaluation could not act at all.
 */
const NONE_SENT: PolicyDecision = Object.freeze({ ...NOTHING });

/** The public-interest gate of an evaluation (it reads the disclosures only past its first test: no iterator below it). */
const gateOf = ({ incident, assessment, options }: PolicyInput): GateOutcome =>
  publicInterestGate(
    assessment.dimensions.publicInterest,
    options.publicInterestReview,
    incident.disclosures,
    ps(incident, 'verdict:public_interest') !== undefined,
  );

/**
 * Turns an incident's assessed level into alerts (on every level change) and
 * commands. Each rule has at most one command in force per incident; it is
 * renewed shortly before its TTL runs out while still wanted, lifted when no
 * longer wanted but only after `minHoldSeconds`, and not re-issued within
 * `cooldownSeconds` of a lift unless the level rose. While a rule is in force
 * and wanted, posts and platforms joining the incident get a follow-up of the
 * rule in the same evaluation (src/policy/follow.ts). Ids hash the record's
 * content, so a replay re-emits the same ids.
 */
export function decide(input: PolicyInput): PolicyDecision {
  const { incident, assessment, level, time, options } = input;
  const rank = levelRank(level);
  // Most evaluations are of quiet cascades: level unchanged and at most watch, nothing in force, no notice
  // waiting. No alert is due and no rule can apply, so skip building the decision (the common case). Besides a
  // notice, the one rule that applies below warning is public-interest review at watch (src/policy/rules.ts): an
  // incident already at watch (from spread) when the disclosure comes sees no level change, so it is asked here.
  if (
    level === incident.level &&
    rank <= 1 &&
    incident.commands.size === 0 &&
    !pendingNotice(incident) &&
    !(disclosedAtWatch(incident, rank) && gateOf(input) === 'professional')
  )
    return NOTHING;
  const guard = input.guard;
  const step = Math.floor(time / input.stepMs);
  const ctx: RecordContext = { incident, graph: input.graph, time, maxPostIds: input.maxPostIds, options, level };
  const alerts: AlertRecord[] = [];
  const commands: InterventionRecord[] = [];
  const policyReasons: Reason[] = [];

  incident.commands.forEach((c, id, commands) => {
    if (c.expiresAt <= time) commands.delete(id);
  });
  if (incident.followCursors.size > 0)
    for (const rule of incident.followCursors.keys())
      if (firstInForce(incident, rule) === null) incident.followCursors.delete(rule);

  const gate = gateOf(input);
  const holdback = inHoldback(incident.id, options.holdbackShare);
  const suppressed =
    (ps(incident, 'suppressedUntil') ?? -Infinity) > time && rank <= (ps(incident, 'suppressedRank') ?? 0);
  if (holdback && rank >= 2) policyReasons.push(policyReason('POLICY_HOLDBACK', 'holdback group: watch only'));
  if (suppressed && rank >= 2)
    policyReasons.push(policyReason('POLICY_SUPPRESSED', 'a reviewer judged this incident a false positive'));
  if (gate === 'professional')
    policyReasons.push(
      policyReason('POLICY_PUBLIC_INTEREST', 'professional disclosure about an official: human review'),
    );

  const previous = incident.level;
  if (level !== previous) {
    incident.level = level;
    incident.dirty = true;
    if (level !== null) alerts.push(alertRecord(ctx, level, previous, assessment, policyReasons));
  }

  if (level === 'critical') {
    if (incident.policyState.criticalSince === undefined) incident.ownPolicyState().criticalSince = time;
  } else if (incident.policyState.criticalSince !== undefined) delete incident.ownPolicyState().criticalSince;
  const criticalSince = ps(incident, 'criticalSince');

  const wanted = new Set<string>();
  const ruleInput: RuleInput = {
    incident,
    level,
    rank,
    gate,
    criticalForMs: criticalSince === undefined ? null : time - criticalSince,
    reviewCriticalAfterMs: options.reviewCriticalAfterSeconds * 1000,
  };
  const cap = options.maxTargetsPerPlatform;
  /** a full command (new or renewed), or a follow-up extending `extending` (its expiry and lift shared) */
  const issue = (rule: Rule, t: Targets, reasons: readonly Reason[], extending?: ActiveCommand): void => {
    const cmd = commandRecord(ctx, {
      rule: rule.name,
      action: rule.action,
      targets: t,
      reasons,
      ...(extending && { extends: extending }),
    });
    commands.push(cmd);
    if (extending) {
      extending.followUps?.push(cmd.id);
      const cursor = cursorOf(incident, rule.name);
      for (const x of t) cursor.platforms.add(x.platform);
      cursor.lastAt = time;
      guard?.indexed(cmd.id, incident.id, rule.name);
      return;
    }
    for (const [id, c] of incident.commands) if (c.rule === rule.name) incident.commands.delete(id);
    (incident.commands = ownMap(incident.commands)).set(cmd.id, {
      id: cmd.id,
      action: rule.action,
      rule: rule.name,
      issuedAt: time,
      expiresAt: time + options.ttlSeconds[rule.action] * 1000,
      followUps: [],
    });
    const state = incident.ownPolicyState();
    const keys = keysOf(rule.name);
    state[keys.issued] = time;
    state[keys.issuedRank] = rank;
    startFollowing(incident, input.graph, rule.name, t, time);
    guard?.issued(cmd.id, incident.id, rule.name);
  };
  /** Takes quota per platform new to the rule; refused throttles go to review. What may be sent. */
  const admit = (rule: Rule, t: Targets, acting: ReadonlySet<string>): Targets => {
    if (rule.action !== 'throttle' && rule.action !== 'popup_warning') return t;
    const quota = options.quotaPerHour[rule.action];
    const refused = guard
      ? t.filter((x) => !acting.has(x.platform) && !guard.take(x.platform, rule.action, time, quota))
      : [];
    if (refused.length === 0) return t;
    const names = refused.map((x) => x.platform).join(', ');
    const reason = policyReason('GUARD_QUOTA', `${rule.action} quota of ${quota}/h reached on ${names}`);
    if (refused.some((x) => guard!.tripOnce(x.platform, rule.action, time)))
      alerts.push(alertRecord(ctx, 'critical', incident.level, assessment, [reason]));
    if (
      rule.action === 'throttle' &&
      Math.floor((ps(incident, keysOf(QUOTA_REVIEW_RULE).issued) ?? -Infinity) / input.stepMs) !== step
    ) {
      const review: Rule = {
        name: QUOTA_REVIEW_RULE,
        action: 'review_takedown',
        automatic: false,
        applies: () => true,
      };
      wanted.add(QUOTA_REVIEW_RULE);
      issue(review, refused, [reason, ...assessment.reasons]);
    }
    return t.filter((x) => !refused.includes(x));
  };

  // every rule's commands carry the same reasons: built once, and only for a command issued (most evaluations of
  // an incident in force issue none, and the assessment's reasons are built on first read)
  let reasons: Reason[] | null = null;
  const reasonsOf = (): Reason[] => (reasons ??= [...policyReasons, ...assessment.reasons]);
  for (const rule of RULES) {
    if (!rule.applies(ruleInput)) continue;
    if (rule.automatic && (holdback || suppressed)) continue;
    if (!inRollout(incident.id, rule.name, options.rules[rule.name]?.rollout ?? 1)) continue;
    wanted.add(rule.name);
    const first = firstInForce(incident, rule.name);
    if (first !== null) {
      const renewDue = first.expiresAt - time <= options.renewBeforeSeconds * 1000;
      if (!renewDue || first.issuedAt === time) {
        // in force: follow what joined the incident since (batched when followEverySeconds says so)
        const cursor = cursorOf(incident, rule.name);
        const every = (options.followEverySeconds as Partial<Record<string, number>>)[rule.action] ?? 0;
        if (time - cursor.lastAt < every * 1000) continue;
        // (admit reads the platforms acting before issue adds the new ones)
        const t = admit(rule, newPosts(incident, input.graph, cursor, cap), cursor.platforms);
        if (t.length > 0) issue(rule, t, reasonsOf(), first);
        continue;
      }
    } else {
      const keys = keysOf(rule.name);
      const lifted = ps(incident, keys.lifted);
      const coolingDown = lifted !== undefined && time - lifted < options.cooldownSeconds * 1000;
      if (coolingDown && rank <= (ps(incident, keys.issuedRank) ?? 0)) continue;
    }
    const t = admit(rule, targetsOf(incident, input.graph, cap), NO_PLATFORMS);
    if (t.length > 0) issue(rule, t, reasonsOf());
  }

  // Lift what no rule asks for any more, once held long enough; reviews stay with the reviewers.
  let lifts: string[] | null = null;
  for (const [id, c] of incident.commands) {
    if (wanted.has(c.rule) || c.action === 'review_takedown') continue;
    if (time - c.issuedAt < options.minHoldSeconds * 1000) continue;
    (lifts ??= []).push(id);
  }
  for (const id of lifts ?? []) commands.push(liftOf(ctx, id, incident.commands.get(id)!, assessment.reasons));

  const noticeToAction: number[] = [];
  if (commands.length > 0 && !options.shadow)
    for (const n of incident.noticeEntries)
      if (n.firstActionTime === null) {
        n.firstActionTime = time;
        noticeToAction.push(Math.max(0, (time - n.time) / 1000));
      }
  if (commands.length > 0 || alerts.length > 0) incident.dirty = true;
  else return NONE_SENT; // (noticeToAction is empty too: it is filled only when commands go)
  return options.shadow
    ? { alerts, commands: [], shadowCommands: commands, noticeToAction }
    : { alerts, commands, shadowCommands: [], noticeToAction };
}

const NO_PLATFORMS: ReadonlySet<string> = new Set();

/** The rule's command in force that expires first (the first of them on a tie), or null when it has none. */
function firstInForce(incident: Incident, rule: string): ActiveCommand | null {
  let first: ActiveCommand | null = null;
  for (const c of incident.commands.values())
    if (c.rule === rule && (first === null || c.expiresAt < first.expiresAt)) first = c;
  return first;
}

/** Lifts a command in force (removing it from the incident) and remembers when, for the cooldown. */
export function liftOf(
  ctx: RecordContext,
  commandId: string,
  c: ActiveCommand,
  reasons: readonly Reason[],
): InterventionRecord {
  const { incident, time } = ctx;
  incident.commands.delete(commandId);
  if (firstInForce(incident, c.rule) === null) incident.followCursors.delete(c.rule);
  incident.ownPolicyState()[keysOf(c.rule).lifted] = time;
  return commandRecord(ctx, {
    rule: c.rule,
    action: 'lift',
    targets: targetsOf(incident, ctx.graph, ctx.options.maxTargetsPerPlatform),
    reasons,
    lifts: commandId,
  });
}
