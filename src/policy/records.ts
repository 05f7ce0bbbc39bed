import type { PropagationGraph } from '../graph/index.js';
import { type Incident, type RecordBase, recordBase } from '../incident/index.js';
import type { RiskAssessment } from '../risk/index.js';
import {
  SCHEMAS,
  type Action,
  type AlertLevel,
  type AlertRecord,
  type InterventionRecord,
  type Reason,
} from '../contract/index.js';
import { contentId, isoTime, valueTexts, type ValueTexts } from '../util/index.js';
import type { PolicyOptions } from './options.js';

export type Targets = { platform: string; postIds: string[] }[];

/**
 * One evaluation's context for the records it builds. Make a new one per evaluation: the records built from one
 * context share its record base (post ids as of that moment; see `Shared` below), so a context kept across
 * evaluations would give later records stale post ids.
 */
export interface RecordContext {
  readonly incident: Incident;
  readonly graph: PropagationGraph;
  readonly time: number;
  readonly maxPostIds: number;
  readonly options: PolicyOptions;
  readonly level: AlertLevel | null;
}

/**
 * What the commands of one evaluation (one RecordContext) share: the record base (the same incident, graph and
 * time) and, for the commands given the same reasons (every rule's, and each follow-up's), the same capped list of
 * reasons: most of a command's bytes (the reasons' evidence ids, the incident's post ids). Made once per
 * evaluation, with their texts (src/util/json.ts valueTexts), so the tenth follow-up of an escalating incident is
 * serialised as its own few members, not again whole. Nothing changes them while the evaluation runs: the records
 * hold them, and records never change once made.
 */
interface Shared {
  readonly base: RecordBase;
  /** the texts of the base's arrays, then of `reasons` when it is set */
  readonly texts: ValueTexts[];
  /** the reasons list `reasons` was capped from (its identity: decide passes one list to every command) */
  reasonsFrom: readonly Reason[] | null;
  reasons: Reason[];
}
/**
 * The context's Shared, held by the context itself (not enumerable): not a WeakMap keyed by the context, whose
 * young key V8's scavenger would keep its value alive by, promoting every evaluation's texts (src/util/hash.ts).
 */
const SHARED = Symbol('doxguard.sharedRecordParts');
const MAX_COMMAND_REASONS = 10;

function sharedOf(ctx: RecordContext): Shared {
  let shared = (ctx as { [SHARED]?: Shared })[SHARED];
  if (shared === undefined) {
    const base = recordBase(ctx.incident, ctx.graph, ctx.time, ctx.maxPostIds);
    const texts: ValueTexts[] = [];
    for (const list of [base.rootIds, base.postIds]) {
      const t = valueTexts(list);
      if (t !== null) texts.push(t);
    }
    Object.defineProperty(ctx, SHARED, { value: (shared = { base, texts, reasonsFrom: null, reasons: [] }) });
  }
  return shared;
}

/** The command reasons of `from` (capped), the list (and its texts) made for the evaluation's last such `from`. */
function commandReasons(shared: Shared, from: readonly Reason[]): Reason[] {
  if (shared.reasonsFrom === from) return shared.reasons;
  const reasons = from.slice(0, MAX_COMMAND_REASONS);
  // the previous list's texts give way: a command names one list
  if (shared.reasonsFrom !== null && shared.texts.at(-1)?.value === shared.reasons) shared.texts.pop();
  const t = valueTexts(reasons);
  if (t !== null) shared.texts.push(t);
  shared.reasonsFrom = from;
  shared.reasons = reasons;
  return reasons;
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
  const shared = sharedOf(ctx);
  return contentId(
    'alr',
    {
      schema: SCHEMAS.alert,
      id: '',
      ...shared.base,
      level,
      previousLevel: previous,
      score: assessment.score,
      dimensions: { ...assessment.dimensions },
      platforms: [...incident.platforms].sort(),
      piiCategories: [...incident.disclosures.keys()].sort(),
      reasons: [...extra, ...assessment.reasons].slice(0, 20),
      shadow: ctx.options.shadow,
    },
    shared.texts,
  );
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
  const shared = sharedOf(ctx);
  const reasons = commandReasons(shared, spec.reasons);
  return contentId(
    'cmd',
    {
      schema: SCHEMAS.intervention,
      id: '',
      ...shared.base,
      action: spec.action,
      lifts: spec.lifts ?? null,
      targets: spec.targets,
      params,
      ttlSeconds,
      expiresAt: isoTime(spec.extends?.expiresAt ?? ctx.time + ttlSeconds * 1000),
      rule: spec.rule,
      reasons,
    },
    shared.texts,
  );
}
