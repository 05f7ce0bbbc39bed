import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../src/metrics/index.js';
import { NO_HOOKS } from '../../../src/contract/index.js';

async function series(
  registry: Registry,
  name: string,
): Promise<{ labels: Record<string, string | number>; value: number }[]> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  return (await metric.get()).values.map((v) => ({
    labels: v.labels as Record<string, string | number>,
    value: v.value,
  }));
}

async function valueOf(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const match = (await series(registry, name)).filter((s) =>
    Object.entries(labels).every(([k, v]) => String(s.labels[k]) === v),
  );
  if (match.length !== 1) throw new Error(`${name}${JSON.stringify(labels)}: ${match.length} series`);
  return match[0]!.value;
}

const make = (options: Parameters<typeof createMetrics>[1] = {}) => {
  const registry = new Registry();
  return createMetrics(registry, { defaultMetrics: false, ...options });
};

describe('createMetrics', () => {
  it('implements every PipelineHooks method', () => {
    const { hooks } = make();
    for (const name of Object.keys(NO_HOOKS))
      expect(typeof (hooks as unknown as Record<string, unknown>)[name], name).toBe('function');
  });

  it('follows Prometheus naming: doxguard_ prefix, _total counters, base-unit histograms', async () => {
    const { registry } = make();
    const metrics = await registry.getMetricsAsJSON();
    expect(metrics.length).toBeGreaterThan(15);
    for (const m of metrics) {
      const type = String(m.type);
      expect(m.name).toMatch(/^doxguard_[a-z][a-z0-9_]*[a-z0-9]$/);
      if (type === 'counter') expect(m.name).toMatch(/_total$/);
      else expect(m.name).not.toMatch(/_total$/);
      if (type === 'histogram') expect(m.name).toMatch(/_seconds$/);
      expect(m.help.length).toBeGreaterThan(10);
    }
  });

  it('counts events by platform and outcome, dead letters by reason, alerts, commands and feedback', async () => {
    const { registry, hooks } = make();
    hooks.eventIn('weibo', 'accepted');
    hooks.eventIn('weibo', 'accepted');
    hooks.eventIn('douyin', 'duplicate');
    hooks.eventIn('unknown', 'dead_letter');
    hooks.deadLetter('DG_DLQ_NOT_JSON');
    hooks.alert('critical');
    hooks.command('throttle', false);
    hooks.command('throttle', true);
    hooks.feedbackIn('notice', 'joined');
    hooks.evicted('incident', 'cap');
    expect(await valueOf(registry, 'doxguard_events_total', { platform: 'weibo', outcome: 'accepted' })).toBe(2);
    expect(await valueOf(registry, 'doxguard_events_total', { platform: 'douyin', outcome: 'duplicate' })).toBe(1);
    expect(await valueOf(registry, 'doxguard_events_total', { platform: 'unknown', outcome: 'dead_letter' })).toBe(1);
    expect(await valueOf(registry, 'doxguard_dead_letters_total', { reason: 'DG_DLQ_NOT_JSON' })).toBe(1);
    expect(await valueOf(registry, 'doxguard_alerts_total', { level: 'critical' })).toBe(1);
    expect(await valueOf(registry, 'doxguard_alerts_total', { level: 'watch' })).toBe(0);
    expect(await valueOf(registry, 'doxguard_commands_total', { action: 'throttle', shadow: 'false' })).toBe(1);
    expect(await valueOf(registry, 'doxguard_commands_total', { action: 'throttle', shadow: 'true' })).toBe(1);
    expect(await valueOf(registry, 'doxguard_feedback_total', { kind: 'notice', outcome: 'joined' })).toBe(1);
    expect(await valueOf(registry, 'doxguard_evictions_total', { what: 'incident', reason: 'cap' })).toBe(1);
  });

  it('initialises every known series at zero so rates exist from the first scrape', async () => {
    const { registry } = make({ platforms: ['weibo', 'x'] });
    const events = await series(registry, 'doxguard_events_total');
    const platforms = new Set(events.map((s) => s.labels.platform));
    expect([...platforms].sort()).toEqual(['other', 'unknown', 'weibo', 'x']);
    expect(events).toHaveLength(4 * 4);
    expect(events.every((s) => s.value === 0)).toBe(true);
    expect((await series(registry, 'doxguard_dead_letters_total')).length).toBeGreaterThanOrEqual(9);
    expect(await valueOf(registry, 'doxguard_incidents_open', { level: 'critical' })).toBe(0);
  });

  it('keeps labels bounded: unlisted platforms, reasons and detectors become `other`', async () => {
    const { registry, hooks } = make({ platforms: ['weibo'], detectors: ['cascade/velocity'] });
    for (let i = 0; i < 5000; i++) {
      hooks.eventIn(`p${i}`, 'accepted');
      hooks.deadLetter(`DG_DLQ_MADE_UP_${i}`);
      hooks.detectorLatency(`made/up-${i}`, 0.001);
    }
    hooks.detectorLatency('cascade/velocity', 0.0001);
    expect(await valueOf(registry, 'doxguard_events_total', { platform: 'other', outcome: 'accepted' })).toBe(5000);
    expect(await series(registry, 'doxguard_events_total')).toHaveLength(3 * 4);
    expect(await valueOf(registry, 'doxguard_dead_letters_total', { reason: 'other' })).toBe(5000);
    const detectors = new Set(
      (await series(registry, 'doxguard_detector_duration_seconds')).map((s) => s.labels.detector),
    );
    expect([...detectors].sort()).toEqual(['cascade/velocity', 'other']);
    const text = await registry.metrics();
    expect(text).toContain('doxguard_detector_duration_seconds_count{detector="other"} 5000');
    expect(text).toContain('doxguard_detector_duration_seconds_count{detector="cascade/velocity"} 1');
  });

  it('samples gauges: incidents by level, graph size, watermark in seconds, notice clock', async () => {
    let wall = 1_700_000_000_000;
    const { registry, hooks } = make({ noticeDeadlineSeconds: 900, now: () => wall });
    hooks.gauges({
      liveIncidents: 7,
      incidentsByLevel: { watch: 3, warning: 2, critical: 1 },
      graphNodes: 120,
      graphEdges: 110,
      watermark: 1_800_000_000_000,
      openNotices: 2,
      oldestOpenNoticeTime: 1_800_000_000_000 - 1_200_000,
    });
    expect(await valueOf(registry, 'doxguard_incidents_live')).toBe(7);
    expect(await valueOf(registry, 'doxguard_incidents_open', { level: 'critical' })).toBe(1);
    expect(await valueOf(registry, 'doxguard_incidents_open', { level: 'watch' })).toBe(3);
    expect(await valueOf(registry, 'doxguard_graph_nodes')).toBe(120);
    expect(await valueOf(registry, 'doxguard_graph_edges')).toBe(110);
    expect(await valueOf(registry, 'doxguard_watermark_timestamp_seconds')).toBe(1_800_000_000);
    expect(await valueOf(registry, 'doxguard_notices_open')).toBe(2);
    expect(await valueOf(registry, 'doxguard_notice_oldest_open_age_seconds')).toBe(1200);
    expect(await valueOf(registry, 'doxguard_notice_deadline_seconds')).toBe(900);
    expect(await valueOf(registry, 'doxguard_last_batch_timestamp_seconds')).toBe(1_700_000_000);
    wall += 5000;
    hooks.gauges({
      liveIncidents: 0,
      incidentsByLevel: { watch: 0, warning: 0, critical: 0 },
      graphNodes: 0,
      graphEdges: 0,
      watermark: Number.NEGATIVE_INFINITY,
      openNotices: 0,
      oldestOpenNoticeTime: null,
    });
    expect(await valueOf(registry, 'doxguard_notice_oldest_open_age_seconds')).toBe(0);
    expect(await valueOf(registry, 'doxguard_incidents_open', { level: 'critical' })).toBe(0);
    expect(await valueOf(registry, 'doxguard_last_batch_timestamp_seconds')).toBe(1_700_000_005);
    // a watermark of -Infinity (nothing seen yet) leaves the last finite one
    expect(await valueOf(registry, 'doxguard_watermark_timestamp_seconds')).toBe(1_800_000_000);
  });

  it('puts the notice deadline on a histogram bucket boundary', async () => {
    const { registry, hooks } = make({ noticeDeadlineSeconds: 2700 });
    hooks.noticeToAction(2000);
    hooks.noticeToAction(3000);
    const text = await registry.metrics();
    expect(text).toContain('doxguard_notice_to_action_seconds_bucket{le="2700"} 1');
    expect(text).toContain('doxguard_notice_to_action_seconds_count 2');
  });

  it('exports consumer lag per partition and forgets revoked partitions', async () => {
    const { registry, setConsumerLag, clearConsumerLag, resetConsumerLag } = make();
    setConsumerLag('doxguard.events', 0, 12);
    setConsumerLag('doxguard.events', 1, 30);
    setConsumerLag('doxguard.events', 1, -4);
    expect(await valueOf(registry, 'doxguard_consumer_lag_records', { partition: '0' })).toBe(12);
    expect(await valueOf(registry, 'doxguard_consumer_lag_records', { partition: '1' })).toBe(0);
    clearConsumerLag('doxguard.events', 0);
    expect(await series(registry, 'doxguard_consumer_lag_records')).toHaveLength(1);
    resetConsumerLag();
    expect(await series(registry, 'doxguard_consumer_lag_records')).toHaveLength(0);
  });

  it('tracks readiness checks and mirrors them as doxguard_ready', async () => {
    const { registry, readiness } = make();
    expect(readiness.isReady()).toBe(false);
    readiness.set('state_restored', true);
    expect(readiness.isReady()).toBe(false);
    readiness.set('source_connected', true);
    expect(readiness.isReady()).toBe(true);
    expect(await valueOf(registry, 'doxguard_ready', { check: 'source_connected' })).toBe(1);
    readiness.set('source_connected', false);
    expect(readiness.isReady()).toBe(false);
    expect(readiness.checks()).toEqual({ state_restored: true, source_connected: false });
    expect(await valueOf(registry, 'doxguard_ready', { check: 'source_connected' })).toBe(0);
  });

  it('adds the default process metrics when asked, on the registry passed in only', async () => {
    const registry = new Registry();
    createMetrics(registry);
    const names = (await registry.getMetricsAsJSON()).map((m) => m.name);
    expect(names).toContain('process_cpu_seconds_total');
    expect(names).toContain('nodejs_eventloop_lag_seconds');
    const other = new Registry();
    expect(await other.getMetricsAsJSON()).toHaveLength(0);
  });
});
