import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createMetrics } from '../../../src/metrics/index.js';

/**
 * The dashboard and the alert rules name metrics by string; this keeps them
 * in step with what createMetrics actually registers.
 */
const DEPLOY = join(import.meta.dirname, '../../../deploy');

interface Panel {
  type: string;
  title: string;
  id: number;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { uid: string };
  targets?: { expr: string; refId: string }[];
}

const dashboard = JSON.parse(readFileSync(join(DEPLOY, 'grafana/dashboard.json'), 'utf8')) as {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string }[] };
};
const rules = parse(readFileSync(join(DEPLOY, 'prometheus/rules.yml'), 'utf8')) as {
  groups: { rules: { alert: string; expr: string }[] }[];
};

const dashboardExprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
const ruleExprs = rules.groups.flatMap((g) => g.rules.map((r) => r.expr));

function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b((?:doxguard|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!);
}

async function registered(): Promise<{ names: Set<string>; histograms: Set<string> }> {
  const registry = new Registry();
  createMetrics(registry);
  const json = await registry.getMetricsAsJSON();
  return {
    names: new Set(json.map((m) => m.name)),
    histograms: new Set(json.filter((m) => String(m.type) === 'histogram').map((m) => m.name)),
  };
}

function resolve(name: string, histograms: Set<string>): string {
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return base !== name && histograms.has(base) ? base : name;
}

describe('metric names used in deploy/', () => {
  it('every metric in the alert rules is registered by createMetrics', async () => {
    const { names, histograms } = await registered();
    const used = ruleExprs.flatMap(metricNames);
    expect(used.length).toBeGreaterThan(5);
    expect(used.map((n) => resolve(n, histograms)).filter((n) => !names.has(n))).toEqual([]);
  });

  it('every metric in the Grafana dashboard is registered by createMetrics', async () => {
    const { names, histograms } = await registered();
    const used = dashboardExprs.flatMap(metricNames);
    expect(used.length).toBeGreaterThan(20);
    expect(used.map((n) => resolve(n, histograms)).filter((n) => !names.has(n))).toEqual([]);
  });

  it('the name check catches a misspelt metric', async () => {
    const { names, histograms } = await registered();
    expect(names.has(resolve('doxguard_event_total', histograms))).toBe(false);
    expect(names.has(resolve('doxguard_detector_duration_seconds_bucket', histograms))).toBe(true);
    expect(names.has(resolve('doxguard_events_total_count', histograms))).toBe(false);
  });
});

describe('Grafana dashboard', () => {
  it('has the panels an operator needs', () => {
    const titles = dashboard.panels.map((p) => p.title.toLowerCase());
    for (const want of ['throughput', 'lag', 'incidents by level', 'commands', 'detector latency', 'notice'])
      expect(
        titles.some((t) => t.includes(want)),
        want,
      ).toBe(true);
  });

  it('is importable: unique ids, panels on the 24-column grid, queries through the datasource variable', () => {
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'job']);
    for (const p of dashboard.panels) {
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
      if (p.type === 'row') continue;
      expect(p.datasource?.uid, p.title).toBe('${datasource}');
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      const refIds = p.targets!.map((t) => t.refId);
      expect(new Set(refIds).size, p.title).toBe(refIds.length);
      for (const t of p.targets!) expect(t.expr, p.title).toMatch(/job=~"\$job"/);
    }
  });
});
