import type { Verdict, InterventionRecord } from '../contract/index.js';
import type { PropagationGraph } from '../graph/index.js';
import type { Incident } from '../incident/index.js';
import { levelRank } from '../risk/index.js';
import { liftOf } from './decide.js';
import { liftFollowUp } from './follow.js';
import type { PolicyGuard } from './guard.js';
import type { PolicyOptions } from './options.js';
import { policyReason } from './records.js';

export interface VerdictInput {
  readonly incident: Incident;
  readonly verdict: Verdict;
  readonly graph: PropagationGraph;
  readonly guard: PolicyGuard;
  readonly options: PolicyOptions;
  readonly maxPostIds: number;
}

/**
 * A reviewer's verdict on an incident (or on one of its commands).
 * - `false_positive`: every command in force is lifted, each rule that acted
 *   is counted as a false positive, and no automatic command is issued for
 *   `falsePositiveSuppressSeconds` unless the level rises.
 * - `public_interest`: throttles and warnings are lifted; from now on the
 *   public-interest gate holds (review only) unless private facts appear.
 * - `confirmed`: commands stay; each rule that acted is counted as confirmed.
 * A verdict naming a command counts that command's rule only. Returns the
 * lift commands (empty in shadow mode: they are then returned as shadow).
 */
export function applyVerdict(input: VerdictInput): {
  commands: InterventionRecord[];
  shadowCommands: InterventionRecord[];
} {
  const { incident, verdict, guard, options } = input;
  const key = `verdict:${verdict.decision}`;
  const seen = incident.policyState[`seen:${verdict.verdictId}`];
  if (seen !== undefined) return { commands: [], shadowCommands: [] };
  const state = incident.ownPolicyState();
  state[`seen:${verdict.verdictId}`] = verdict.time;
  state[key] = verdict.time;
  incident.dirty = true;

  const named = verdict.commandId ? guard.incidentOfCommand(verdict.commandId) : null;
  const rules = named
    ? [named.rule]
    : Object.keys(incident.policyState)
        .filter((k) => k.startsWith('issued:'))
        .map((k) => k.slice('issued:'.length))
        .sort();
  for (const rule of rules) guard.verdict(rule, verdict.decision);

  const lifts: InterventionRecord[] = [];
  if (verdict.decision === 'confirmed') return { commands: [], shadowCommands: [] };
  if (verdict.decision === 'false_positive') {
    state.suppressedUntil = verdict.time + options.falsePositiveSuppressSeconds * 1000;
    state.suppressedRank = levelRank(incident.level);
  }
  const ctx = {
    incident,
    graph: input.graph,
    time: Math.max(verdict.time, incident.lastTime),
    maxPostIds: input.maxPostIds,
    options,
    level: incident.level,
  };
  const reason = policyReason(
    verdict.decision === 'false_positive' ? 'VERDICT_FALSE_POSITIVE' : 'VERDICT_PUBLIC_INTEREST',
    `reviewer verdict: ${verdict.decision}`,
    [verdict.verdictId],
  );
  for (const [id, c] of [...incident.commands]) {
    if (verdict.decision === 'public_interest' && c.action === 'review_takedown') continue;
    // a verdict on one command lifts that command (a follow-up alone); on the incident, all of them
    if (verdict.commandId !== null && id !== verdict.commandId) {
      const lifted = liftFollowUp(ctx, verdict.commandId, c, [reason]);
      if (lifted) lifts.push(lifted);
      continue;
    }
    lifts.push(liftOf(ctx, id, c, [reason]));
  }
  // A handled notice: the reviewers have acted on it.
  for (const n of incident.noticeEntries) if (n.firstActionTime === null) n.firstActionTime = verdict.time;
  return options.shadow ? { commands: [], shadowCommands: lifts } : { commands: lifts, shadowCommands: [] };
}
