import type { PropagationGraph } from '../graph/index.js';
import { type Incident, recordBase } from '../incident/index.js';
import type { RiskAssessment } from '../risk/index.js';
import {
  SCHEMAS,
  type Action,
  type AlertLevel,
  type AlertRecord,
  type InterventionRecord,
  type Reason,
} from '../contract/index.js';
import { contentId, isoTime } from '../util/index.js';
import type { PolicyOptions } from './options.js';

export type Targets = { platform: string; postIds: string[] }[];

export interface RecordContext {
  readonly incident: Incident;
  readonly graph: PropagationGraph;
  readonly time: number;
  readonly maxPostIds: number;
  readonly options: PolicyOptions;
  readonly level: AlertLevel | null;
}

/** A policy-made reason (holdback, quota, verdict): no detector behind it. */
export function policyReason(code: string, message: string, evidence: readonly string[] = []): Reason {
  return { detector: 'policy', code, dimension: 'spread', score: 0, message, evidence: [...evidence] };
}

/** An alert; its id is a hash of its content (src/util/hash.ts contentId: one id, one content). */
export function alertRecord(
  ctx: RecordContext,
  level: AlertLevel,
  previous: AlertLevel | null,
  assessment: RiskAssessment,
  extra: readonly Reason[],
): AlertRecord {
  const { incident } = ctx;
  return contentId('alr', {
    schema: SCHEMAS.alert,
    id: '',
    ...recordBase(incident, ctx.graph, ctx.time, ctx.maxPostIds),
    level,
    previousLevel: previous,
    score: assessment.score,
    dimensions: { ...assessment.dimensions },
    platforms: [...incident.platforms].sort(),
    piiCategories: [...incident.disclosures.keys()].sort(),
    reasons: [...extra, ...assessment.reasons].slice(0, 20),
    shadow: ctx.options.shadow,
  });
}

/** Review priority: a notice from the victim or an authority comes first. */
export function priorityOf(incident: Incident, level: AlertLevel | null): string {
  const reporters = new Set(incident.noticeEntries.map((n) => n.reporter));
  if (reporters.has('victim') || reporters.has('authority')) return 'urgent';
  if (reporters.size > 0 || level === 'critical') return 'high';
  return level === 'warning' ? 'normal' : 'low';
}

/** A command; its id is a hash of its content (one id, one content). */
export function commandRecord(
  ctx: RecordContext,
  spec: {
    rule: string;
    action: Action;
    targets: Targets;
    reasons: readonly Reason[];
    lifts?: string;
    /** a follow-up's: the command it extends (params.extends), whose expiry it shares (its TTL: what is left, rounded up) */
    extends?: { readonly id: string; readonly expiresAt: number };
  },
): InterventionRecord {
  const { options, incident } = ctx;
  const ttlSeconds =
    spec.action === 'lift'
      ? 0
      : spec.extends !== undefined
        ? Math.ceil((spec.extends.expiresAt - ctx.time) / 1000)
        : options.ttlSeconds[spec.action];
  const params: Record<string, string | number | boolean> =
    spec.action === 'throttle'
      ? {
          reshareRatePerMinute: options.throttle.reshareRatePerMinute,
          excludeFromRecommendation: options.throttle.excludeFromRecommendation,
        }
      : spec.action === 'popup_warning'
        ? { message: 'doxxing_warning', requireConfirmation: true }
        : spec.action === 'review_takedown'
          ? {
              queue: incident.noticeEntries.length
                ? 'notice'
                : spec.rule.startsWith('public-interest')
                  ? 'public_interest'
                  : 'proactive',
              priority: priorityOf(incident, ctx.level),
              notices: incident.noticeEntries.length,
            }
          : {};
  if (spec.extends) params.extends = spec.extends.id;
  return contentId('cmd', {
    schema: SCHEMAS.intervention,
    id: '',
    ...recordBase(incident, ctx.graph, ctx.time, ctx.maxPostIds),
    action: spec.action,
    lifts: spec.lifts ?? null,
    targets: spec.targets,
    params,
    ttlSeconds,
    expiresAt: isoTime(spec.extends?.expiresAt ?? ctx.time + ttlSeconds * 1000),
    rule: spec.rule,
    reasons: spec.reasons.slice(0, 10),
  });
}
