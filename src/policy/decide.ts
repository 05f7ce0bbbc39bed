import type { PropagationGraph } from '../graph/index.js';
import type { Incident } from '../incident/incident.js';
import type { RiskAssessment } from '../risk/index.js';
import { levelRank } from '../risk/index.js';
import {
  SCHEMAS,
  type Action,
  type AlertLevel,
  type AlertRecord,
  type InterventionRecord,
  type Reason,
} from '../sink/records.js';
import { stableId } from '../util/hash.js';
import { isoTime } from '../util/time.js';
import type { PolicyOptions } from './options.js';
import { recordBase, targetsOf } from './record-base.js';

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
}

export interface PolicyDecision {
  readonly alerts: AlertRecord[];
  readonly commands: InterventionRecord[];
}

/** A rule of the ladder: when it applies, the action it asks for. */
interface Rule {
  readonly name: string;
  readonly action: Exclude<Action, 'lift'>;
  applies(input: PolicyInput): boolean;
}

const pendingNotice = (i: Incident): boolean => i.noticeEntries.some((n) => n.firstActionTime === null);
const publicInterest = (p: PolicyInput): boolean =>
  p.assessment.dimensions.publicInterest >= p.options.publicInterestReview;

/** Proportionate ladder: a warning pops up on reshare, critical throttles, public interest goes to people. */
const RULES: readonly Rule[] = [
  { name: 'ladder/warning-popup', action: 'popup_warning', applies: (p) => levelRank(p.level) >= 2 },
  {
    name: 'ladder/critical-throttle',
    action: 'throttle',
    applies: (p) => p.level === 'critical' && !publicInterest(p),
  },
  {
    name: 'public-interest/review',
    action: 'review_takedown',
    applies: (p) => levelRank(p.level) >= 2 && publicInterest(p),
  },
  {
    name: 'notice/review',
    action: 'review_takedown',
    applies: (p) => levelRank(p.level) >= 1 && pendingNotice(p.incident),
  },
];

/**
 * Turns an incident's assessed level into alerts (on every level change) and
 * commands (each rule at most once while in force; lifted when no rule
 * asks for it any more, left to expire by TTL otherwise). Ids hash the
 * incident, rule and event-time step, so a replay re-emits the same ids.
 */
export function decide(input: PolicyInput): PolicyDecision {
  const { incident, assessment, level, time, options } = input;
  const alerts: AlertRecord[] = [];
  const commands: InterventionRecord[] = [];
  const step = Math.floor(time / input.stepMs);
  const base = (): ReturnType<typeof recordBase> => recordBase(incident, input.graph, time, input.maxPostIds);

  for (const [id, c] of incident.commands) if (c.expiresAt <= time) incident.commands.delete(id);

  const previous = incident.level;
  if (level !== previous) {
    incident.level = level;
    incident.dirty = true;
    if (level !== null) {
      alerts.push({
        schema: SCHEMAS.alert,
        id: stableId('alr', incident.id, level, step),
        ...base(),
        level,
        previousLevel: previous,
        score: assessment.score,
        dimensions: { ...assessment.dimensions },
        platforms: [...incident.platforms].sort(),
        piiCategories: [...incident.disclosures.keys()].sort(),
        reasons: assessment.reasons.slice(0, 20),
        shadow: options.shadow,
      });
    }
  }

  const wanted = new Set<string>();
  for (const rule of RULES) {
    if (!rule.applies(input)) continue;
    wanted.add(rule.name);
    if ([...incident.commands.values()].some((c) => c.rule === rule.name)) continue;
    const ttlSeconds = options.ttlSeconds[rule.action];
    const cmd = command(
      input,
      base(),
      rule.name,
      rule.action,
      stableId('cmd', incident.id, rule.name, step),
      ttlSeconds,
      assessment.reasons,
    );
    incident.commands.set(cmd.id, {
      id: cmd.id,
      action: rule.action,
      rule: rule.name,
      issuedAt: time,
      expiresAt: time + ttlSeconds * 1000,
    });
    commands.push(cmd);
  }
  // Lift what no rule asks for any more (review_takedown stays with the human reviewers).
  for (const [id, c] of [...incident.commands]) {
    if (wanted.has(c.rule) || c.action === 'review_takedown') continue;
    incident.commands.delete(id);
    commands.push(
      command(input, base(), c.rule, 'lift', stableId('cmd', incident.id, 'lift', id), 0, assessment.reasons, id),
    );
  }
  if (commands.length > 0 || alerts.length > 0) {
    for (const n of incident.noticeEntries) if (n.firstActionTime === null) n.firstActionTime = time;
    incident.dirty = true;
  }
  return { alerts, commands: options.shadow ? [] : commands };
}

function command(
  input: PolicyInput,
  base: ReturnType<typeof recordBase>,
  rule: string,
  action: Action,
  id: string,
  ttlSeconds: number,
  reasons: readonly Reason[],
  lifts: string | null = null,
): InterventionRecord {
  const { options } = input;
  const params: Record<string, string | number | boolean> =
    action === 'throttle'
      ? {
          reshareRatePerMinute: options.throttle.reshareRatePerMinute,
          excludeFromRecommendation: options.throttle.excludeFromRecommendation,
        }
      : action === 'popup_warning'
        ? { message: 'doxxing_warning', requireConfirmation: true }
        : action === 'review_takedown'
          ? { queue: input.incident.noticeEntries.length ? 'notice' : 'proactive', priority: input.level ?? 'watch' }
          : {};
  return {
    schema: SCHEMAS.intervention,
    id,
    ...base,
    action,
    lifts,
    targets: targetsOf(input.incident, input.graph, options.maxTargetsPerPlatform),
    params,
    ttlSeconds,
    expiresAt: isoTime(input.time + ttlSeconds * 1000),
    rule,
    reasons: reasons.slice(0, 10),
  };
}
