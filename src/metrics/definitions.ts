import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * Every doxguard metric, created up front on the registry passed in.
 * Prometheus conventions: `doxguard_` prefix, base units (seconds),
 * `_total` for counters, `_seconds` for durations; labels are bounded
 * vocabularies (see labels.ts), never ids, hashes or text.
 */

const DETECTOR_BUCKETS = [
  0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05,
];
const EMIT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const NOTICE_BUCKETS = [60, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800];

export function defineMetrics(registry: Registry, noticeDeadlineSeconds: number) {
  const registers = [registry];
  const noticeBuckets = [...new Set([...NOTICE_BUCKETS, noticeDeadlineSeconds])].sort((a, b) => a - b);
  return {
    events: new Counter({
      name: 'doxguard_events_total',
      help: 'Input records by platform and outcome (accepted, duplicate, late, dead_letter)',
      labelNames: ['platform', 'outcome'] as const,
      registers,
    }),
    deadLetters: new Counter({
      name: 'doxguard_dead_letters_total',
      help: 'Records sent to the dead-letter sink, by DG_DLQ_* reason code',
      labelNames: ['reason'] as const,
      registers,
    }),
    skipped: new Counter({
      name: 'doxguard_input_skipped_total',
      help: 'Platform messages of kinds doxguard does not use (likes, follows, profile updates, …), by source.format and kind',
      labelNames: ['format', 'kind'] as const,
      registers,
    }),
    deletions: new Counter({
      name: 'doxguard_deletions_total',
      help: 'Post deletions received, by outcome (marked: the post was in the graph; unknown: it was not, or already marked)',
      labelNames: ['outcome'] as const,
      registers,
    }),
    feedback: new Counter({
      name: 'doxguard_feedback_total',
      help: 'Notices and verdicts received, by kind and whether they joined a known incident or post',
      labelNames: ['kind', 'outcome'] as const,
      registers,
    }),
    evictions: new Counter({
      name: 'doxguard_evictions_total',
      help: 'Incidents or graph nodes freed, by what and why (idle: expired in event time; cap: memory limit)',
      labelNames: ['what', 'reason'] as const,
      registers,
    }),
    linkClaims: new Counter({
      name: 'doxguard_link_claims_total',
      help: 'Cross-partition link claims (kafka.links), by direction: published by this instance, or received from another partition',
      labelNames: ['direction'] as const,
      registers,
    }),
    linkJoins: new Counter({
      name: 'doxguard_link_joins_total',
      help: 'Claims of another partition matched here and placed as peer posts, by timing (late: after the local watermark passed their join delay)',
      labelNames: ['timing'] as const,
      registers,
    }),
    rebuildRecords: new Counter({
      name: 'doxguard_rebuild_records_total',
      help: 'Input records re-read without emitting to rebuild a partition after a restart or a rebalance (the other counters and histograms count live work only)',
      registers,
    }),
    detectorDuration: new Histogram({
      name: 'doxguard_detector_duration_seconds',
      help: 'Wall time of one detector step, on one event in metrics.detectorTimingEvery (default 16)',
      labelNames: ['detector'] as const,
      buckets: DETECTOR_BUCKETS,
      registers,
    }),
    alerts: new Counter({
      name: 'doxguard_alerts_total',
      help: 'Alerts emitted, by level',
      labelNames: ['level'] as const,
      registers,
    }),
    commands: new Counter({
      name: 'doxguard_commands_total',
      help: 'Intervention commands decided, by action and whether policy runs in shadow mode',
      labelNames: ['action', 'shadow'] as const,
      registers,
    }),
    emitLatency: new Histogram({
      name: 'doxguard_emit_latency_seconds',
      help: 'Seconds from the event time of the causing event to the emission of an alert or command (wall clock at emit minus event time)',
      labelNames: ['kind'] as const,
      buckets: EMIT_BUCKETS,
      registers,
    }),
    noticeToAction: new Histogram({
      name: 'doxguard_notice_to_action_seconds',
      help: 'Event time from a notice to the first action on its incident (the safe-harbour clock)',
      buckets: noticeBuckets,
      registers,
    }),
    noticesOpen: new Gauge({
      name: 'doxguard_notices_open',
      help: 'Notices joined to a live incident and not yet acted on',
      registers,
    }),
    noticeOldestOpenAge: new Gauge({
      name: 'doxguard_notice_oldest_open_age_seconds',
      help: 'Event-time age (watermark minus notice time) of the oldest notice not yet acted on; 0 when none',
      registers,
    }),
    detectorTimingEvery: new Gauge({
      name: 'doxguard_detector_timing_every',
      help: 'Configured sample of doxguard_detector_duration_seconds: one event in this many is timed (multiply its _sum and _count by it for all steps)',
      registers,
    }),
    noticeDeadline: new Gauge({
      name: 'doxguard_notice_deadline_seconds',
      help: 'Configured time within which a notice must be acted on (alert rule threshold)',
      registers,
    }),
    incidentsLive: new Gauge({
      name: 'doxguard_incidents_live',
      help: 'Incidents held in memory',
      registers,
    }),
    incidentsOpen: new Gauge({
      name: 'doxguard_incidents_open',
      help: 'Live incidents currently at each alert level',
      labelNames: ['level'] as const,
      registers,
    }),
    graphNodes: new Gauge({ name: 'doxguard_graph_nodes', help: 'Posts held in the propagation graph', registers }),
    graphEdges: new Gauge({ name: 'doxguard_graph_edges', help: 'Edges held in the propagation graph', registers }),
    watermark: new Gauge({
      name: 'doxguard_watermark_timestamp_seconds',
      help: 'Event-time watermark (highest event time seen minus the allowed out-of-orderness), Unix seconds',
      registers,
    }),
    lastBatch: new Gauge({
      name: 'doxguard_last_batch_timestamp_seconds',
      help: 'Wall time at which the last batch was processed, Unix seconds',
      registers,
    }),
    consumerLag: new Gauge({
      name: 'doxguard_consumer_lag_records',
      help: 'Records between the committed offset and the end of each assigned input partition',
      labelNames: ['topic', 'partition'] as const,
      registers,
    }),
    ready: new Gauge({
      name: 'doxguard_ready',
      help: 'Readiness checks: 1 when satisfied (state_restored, source_connected)',
      labelNames: ['check'] as const,
      registers,
    }),
  };
}

export type MetricSet = ReturnType<typeof defineMetrics>;
