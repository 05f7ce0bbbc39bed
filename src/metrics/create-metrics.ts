import { collectDefaultMetrics, type Registry } from 'prom-client';
import { ADAPTERS } from '../formats/index.js';
import { DETECTORS } from '../../detectors/index.js';
import { type PipelineHooks, ActionSchema, AlertLevelSchema, type AlertLevel } from '../contract/index.js';
import { defineMetrics, type MetricSet } from './definitions.js';
import {
  bounded,
  DEAD_LETTER_REASONS,
  DEFAULT_METRIC_PLATFORMS,
  MAX_PLATFORM_LABELS,
  OTHER,
  UNKNOWN_PLATFORM,
} from './labels.js';
import { createReadiness, type Readiness } from './readiness.js';

export interface MetricsOptions {
  /** platforms labelled by name; any other platform is counted as `other` */
  readonly platforms?: readonly string[];
  /** detector names labelled by name (default: every registered detector); others are `other` */
  readonly detectors?: readonly string[];
  /** time within which a notice must be acted on, exported for the alert rule (default 1 h) */
  readonly noticeDeadlineSeconds?: number;
  /** one event in this many has its detector steps timed (config metrics.detectorTimingEvery; default 1) */
  readonly detectorTimingEvery?: number;
  /** collect the default process and Node.js metrics (default true) */
  readonly defaultMetrics?: boolean;
  /** wall clock in ms, for the last-batch timestamp (default Date.now) */
  readonly now?: () => number;
}

export interface DoxguardMetrics {
  /** pass to the pipeline */
  readonly hooks: PipelineHooks;
  readonly readiness: Readiness;
  /** the Kafka source sets this for each assigned partition after each fetch */
  setConsumerLag(topic: string, partition: number, lag: number): void;
  /** a partition revoked in a rebalance: stop exporting its lag */
  clearConsumerLag(topic: string, partition: number): void;
  /** all partitions revoked (rebalance start, shutdown) */
  resetConsumerLag(): void;
  readonly registry: Registry;
  /** the prom-client metric objects, for tests and the rare extra instrumentation */
  readonly metrics: MetricSet;
}

const OUTCOMES = ['accepted', 'duplicate', 'late', 'dead_letter'] as const;
const FEEDBACK = { kind: ['notice', 'verdict'], outcome: ['joined', 'unmatched'] } as const;
const EVICTION = { what: ['incident', 'node'], reason: ['idle', 'cap'] } as const;
const LEVELS = AlertLevelSchema.options;

/**
 * Create every doxguard metric on `registry` and return the PipelineHooks
 * that feed them, plus the consumer-lag and readiness handles. Label values
 * are mapped onto closed vocabularies and every known series is initialised
 * at zero, so rate() and absent-series alerts work from the first scrape.
 */
export function createMetrics(registry: Registry, options: MetricsOptions = {}): DoxguardMetrics {
  const now = options.now ?? Date.now;
  const deadline = options.noticeDeadlineSeconds ?? 3600;
  const m = defineMetrics(registry, deadline);
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const platformNames = [...new Set(options.platforms ?? DEFAULT_METRIC_PLATFORMS)].slice(0, MAX_PLATFORM_LABELS);
  const platformLabels = [...platformNames.filter((p) => p !== OTHER), UNKNOWN_PLATFORM, OTHER];
  const platform = bounded(new Set(platformLabels));
  const detectorNames = options.detectors ?? DETECTORS.map((d) => d.name);
  const detector = bounded(new Set(detectorNames));
  const reason = bounded(new Set(DEAD_LETTER_REASONS));

  for (const p of platformLabels) for (const outcome of OUTCOMES) m.events.inc({ platform: p, outcome }, 0);
  for (const r of [...DEAD_LETTER_REASONS, OTHER]) m.deadLetters.inc({ reason: r }, 0);
  for (const [format, adapter] of Object.entries(ADAPTERS))
    for (const kind of adapter.skipKinds) m.skipped.inc({ format, kind }, 0);
  for (const outcome of ['marked', 'unknown']) m.deletions.inc({ outcome }, 0);
  for (const kind of FEEDBACK.kind) for (const outcome of FEEDBACK.outcome) m.feedback.inc({ kind, outcome }, 0);
  for (const what of EVICTION.what) for (const r of EVICTION.reason) m.evictions.inc({ what, reason: r }, 0);
  for (const level of LEVELS) {
    m.alerts.inc({ level }, 0);
    m.incidentsOpen.set({ level }, 0);
  }
  for (const action of ActionSchema.options)
    for (const shadow of ['false', 'true']) m.commands.inc({ action, shadow }, 0);
  for (const d of detectorNames) m.detectorDuration.zero({ detector: d });
  for (const kind of ['alert', 'command']) m.emitLatency.zero({ kind });
  for (const direction of ['published', 'received']) m.linkClaims.inc({ direction }, 0);
  for (const timing of ['on_time', 'late']) m.linkJoins.inc({ timing }, 0);
  m.rebuildRecords.inc(0);
  m.noticeDeadline.set(deadline);
  m.detectorTimingEvery.set(options.detectorTimingEvery ?? 1);
  m.noticeOldestOpenAge.set(0);

  const hooks: DoxguardMetrics['hooks'] = {
    eventIn: (p, outcome) => m.events.inc({ platform: platform(p), outcome }),
    deadLetter: (r) => m.deadLetters.inc({ reason: reason(r) }),
    skipped: (format, kind) => {
      // the adapters' own vocabularies: bounded
      const known = ADAPTERS[format as keyof typeof ADAPTERS];
      const f = known ? format : OTHER;
      m.skipped.inc({ format: f, kind: known?.skipKinds.includes(kind) ? kind : OTHER });
    },
    deletion: (outcome) => m.deletions.inc({ outcome }),
    feedbackIn: (kind, outcome) => m.feedback.inc({ kind, outcome }),
    evicted: (what, why) => m.evictions.inc({ what, reason: why }),
    detectorLatency: (d, seconds) => m.detectorDuration.observe({ detector: detector(d) }, seconds),
    alert: (level) => m.alerts.inc({ level }),
    command: (action, shadow) => m.commands.inc({ action, shadow: String(shadow) }),
    emitLatency: (kind, seconds) => m.emitLatency.observe({ kind }, seconds),
    noticeToAction: (seconds) => m.noticeToAction.observe(seconds),
    linkClaim: (direction) => m.linkClaims.inc({ direction }),
    linkJoin: (timing) => m.linkJoins.inc({ timing }),
    rebuilt: (records) => m.rebuildRecords.inc(records),
    gauges: (g) => {
      m.incidentsLive.set(g.liveIncidents);
      for (const level of LEVELS) m.incidentsOpen.set({ level }, g.incidentsByLevel[level as AlertLevel] ?? 0);
      m.graphNodes.set(g.graphNodes);
      m.graphEdges.set(g.graphEdges);
      if (Number.isFinite(g.watermark)) m.watermark.set(g.watermark / 1000);
      m.noticesOpen.set(g.openNotices);
      const oldest = g.oldestOpenNoticeTime;
      const age =
        oldest !== undefined && oldest !== null && Number.isFinite(g.watermark) ? (g.watermark - oldest) / 1000 : 0;
      m.noticeOldestOpenAge.set(Math.max(0, age));
      m.lastBatch.set(now() / 1000);
    },
  };

  return {
    hooks,
    readiness: createReadiness(m.ready),
    setConsumerLag: (topic, partition, lag) =>
      m.consumerLag.set({ topic, partition: String(partition) }, Math.max(0, lag)),
    clearConsumerLag: (topic, partition) => m.consumerLag.remove({ topic, partition: String(partition) }),
    resetConsumerLag: () => m.consumerLag.reset(),
    registry,
    metrics: m,
  };
}
