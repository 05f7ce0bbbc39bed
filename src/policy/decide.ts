import type { PropagationGraph } from '../graph/index.js';
import { type ActiveCommand, type Incident, targetsOf } from '../incident/index.js';
import { type RiskAssessment, levelRank } from '../risk/index.js';
import type { AlertLevel, AlertRecord, InterventionRecord, Reason } from '../contract/index.js';
import { publicInterestGate } from './gate.js';
import type { PolicyGuard } from './guard.js';
import type { PolicyOptions } from './options.js';
import { alertRecord, commandRecord, policyReason, type RecordContext, type Targets } from './records.js';
import { inHoldback, inRollout } from './rollout.js';
import { pendingNotice, QUOTA_REVIEW_RULE, RULES, type Rule } from './rules.js';

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

const NOTHING: PolicyDecision = Object.freeze({
  alerts: Object.freeze([]) as unknown as AlertRecord[],
  commands: Object.freeze([]) as unknown as InterventionRecord[],
  shadowCommands: Object.freeze([]) as unknown as InterventionRecord[],
  noticeToAction: Object.freeze([]) as unknown as number[],
});

/**
 * Turns an incident's assessed level into alerts (on every level change) and
 * commands. Each rule has at most one command in force per incident; it is
 * renewed shortly before its TTL runs out while still wanted, lifted when no
 * longer wanted but only after `minHoldSeconds`, and not re-issued within
 * `cooldownSeconds` of a lift unless the level rose. Ids hash the incident,
 * rule and event-time step, so a replay re-emits the same ids.
 */
export function decide(input: PolicyInput): PolicyDecision {
  const { incident, assessment, level, time, options } = input;
  const rank = levelRank(level);
  // Most evaluations are of quiet cascades: level unchanged and at most watch, nothing in force, no notice
  // waiting. No alert is due and no rule can apply, so skip building the decision (the common case).
  if (level === incident.level && rank <= 1 && incident.commands.size === 0 && !pendingNotice(incident)) return NOTHING;
  const guard = input.guard;
  const step = Math.floor(time / input.stepMs);
  const ctx: RecordContext = { incident, graph: input.graph, time, maxPostIds: input.maxPostIds, options, level };
  const alerts: AlertRecord[] = [];
  const commands: InterventionRecord[] = [];
  const policyReasons: Reason[] = [];

  for (const [id, c] of incident.commands) if (c.expiresAt <= time) incident.commands.delete(id);

  const gate = publicInterestGate(
    assessment.dimensions.publicInterest,
    options.publicInterestReview,
    incident.disclosures.keys(),
    ps(incident, 'verdict:public_interest') !== undefined,
  );
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

  const wanted = new Set<string>();
  const ruleInput = { incident, level, rank, gate };
  const targets = (): Targets => targetsOf(incident, input.graph, options.maxTargetsPerPlatform);
  const issue = (rule: Rule, t: Targets, reasons: readonly Reason[]): void => {
    const cmd = commandRecord(ctx, {
      rule: rule.name,
      action: rule.action,
      targets: t,
      reasons,
    });
    const active: ActiveCommand = {
      id: cmd.id,
      action: rule.action,
      rule: rule.name,
      issuedAt: time,
      expiresAt: time + options.ttlSeconds[rule.action] * 1000,
    };
    for (const [id, c] of incident.commands) if (c.rule === rule.name) incident.commands.delete(id);
    incident.commands.set(cmd.id, active);
    incident.policyState[`issued:${rule.name}`] = time;
    incident.policyState[`issuedRank:${rule.name}`] = rank;
    guard?.issued(cmd.id, incident.id, rule.name);
    commands.push(cmd);
  };

  for (const rule of RULES) {
    if (!rule.applies(ruleInput)) continue;
    if (rule.automatic && (holdback || suppressed)) continue;
    if (!inRollout(incident.id, rule.name, options.rules[rule.name]?.rollout ?? 1)) continue;
    wanted.add(rule.name);
    const inForce = [...incident.commands.values()].find((c) => c.rule === rule.name);
    if (inForce) {
      const renewDue = inForce.expiresAt - time <= options.renewBeforeSeconds * 1000;
      if (!renewDue || inForce.issuedAt === time) continue;
    } else {
      const lifted = ps(incident, `lifted:${rule.name}`);
      const coolingDown = lifted !== undefined && time - lifted < options.cooldownSeconds * 1000;
      if (coolingDown && rank <= (ps(incident, `issuedRank:${rule.name}`) ?? 0)) continue;
    }
    let t = targets();
    if (rule.action === 'throttle' || rule.action === 'popup_warning') {
      const quota = options.quotaPerHour[rule.action];
      const refused = guard ? t.filter((x) => !guard.take(x.platform, rule.action, time, quota)) : [];
      if (refused.length > 0) {
        t = t.filter((x) => !refused.includes(x));
        const names = refused.map((x) => x.platform).join(', ');
        const reason = policyReason('GUARD_QUOTA', `${rule.action} quota of ${quota}/h reached on ${names}`);
        if (refused.some((x) => guard!.tripOnce(x.platform, rule.action, time)))
          alerts.push(alertRecord(ctx, 'critical', incident.level, assessment, [reason]));
        if (
          rule.action === 'throttle' &&
          Math.floor((ps(incident, `issued:${QUOTA_REVIEW_RULE}`) ?? -Infinity) / input.stepMs) !== step
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
      }
      if (t.length === 0) continue;
    }
    issue(rule, t, [...policyReasons, ...assessment.reasons]);
  }

  // Lift what no rule asks for any more, once held long enough; reviews stay with the reviewers.
  for (const [id, c] of [...incident.commands]) {
    if (wanted.has(c.rule) || c.action === 'review_takedown') continue;
    if (time - c.issuedAt < options.minHoldSeconds * 1000) continue;
    commands.push(liftOf(ctx, id, c, assessment.reasons));
  }

  const noticeToAction: number[] = [];
  if (commands.length > 0 && !options.shadow)
    for (const n of incident.noticeEntries)
      if (n.firstActionTime === null) {
        n.firstActionTime = time;
        noticeToAction.push(Math.max(0, (time - n.time) / 1000));
      }
  if (commands.length > 0 || alerts.length > 0) incident.dirty = true;
  return options.shadow
    ? { alerts, commands: [], shadowCommands: commands, noticeToAction }
    : { alerts, commands, shadowCommands: [], noticeToAction };
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
  incident.policyState[`lifted:${c.rule}`] = time;
  return commandRecord(ctx, {
    rule: c.rule,
    action: 'lift',
    targets: targetsOf(incident, ctx.graph, ctx.options.maxTargetsPerPlatform),
    reasons,
    lifts: commandId,
  });
}
