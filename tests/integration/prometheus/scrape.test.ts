import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Simulation, type GroundTruth } from '../../../src/simulate/index.js';
import { requireBinary } from './binaries.js';
import { freePort, startPrometheus, waitFor, type RunningPrometheus } from './prometheus-server.js';

/**
 * A real Prometheus (Debian's binary) scrapes a running `doxguard run` that
 * reads simulated events on stdin; PromQL through Prometheus's HTTP API must
 * return the counts the simulator's ground truth and doxguard's own outputs say.
 */
const ROOT = join(import.meta.dirname, '../../..');
const prometheusBin = requireBinary('prometheus');

const sim = new Simulation({
  seed: 7,
  durationMs: 6 * 3600_000,
  backgroundCascades: 200,
  viral: 1,
  viralSize: 800,
  doxxing: 3,
  doxxingSize: 300,
  malformedRate: 0.03,
  duplicateRate: 0.03,
  noticeShare: 1,
});
const lines = [...sim.lines()];
const truth: GroundTruth = sim.truth();

/** Expected accepted (or late) events per platform: distinct eventIds of the well-formed lines. */
function eventsByPlatform(): Record<string, number> {
  const bad = new Set(truth.malformed.map((m) => m.line));
  const seen = new Set<string>();
  const out: Record<string, number> = {};
  lines.forEach((text, i) => {
    if (bad.has(i + 1)) return;
    const r = JSON.parse(text) as { type?: string; eventId?: string; platform?: string };
    if ((r.type ?? 'event') !== 'event' || seen.has(r.eventId!)) return;
    seen.add(r.eventId!);
    out[r.platform!] = (out[r.platform!] ?? 0) + 1;
  });
  return out;
}

const countBy = <T>(xs: readonly T[], key: (x: T) => string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const x of xs) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
};

describe.skipIf(prometheusBin === null)('Prometheus scrapes a running doxguard', () => {
  let dir: string;
  let doxguard: ChildProcess;
  let doxguardLog = '';
  let exited: Promise<number | null>;
  let prom: RunningPrometheus;
  let metricsPort: number;

  /** one sample per label value: `sum by (label) (expr)` as a plain object */
  async function byLabel(expr: string, label: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const s of await prom.query(`sum by (${label}) (${expr})`)) out[s.metric[label]!] = Number(s.value[1]);
    return out;
  }
  const nonZero = (o: Record<string, number>): Record<string, number> =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v > 0));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doxguard-scrape-'));
    metricsPort = await freePort();
    doxguard = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'run', '--input', '-', '--out', join(dir, 'out'), '--no-progress'],
      {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: {
          ...process.env,
          DOXGUARD_SECRET: 'scrape-test-secret-0123456789',
          DOXGUARD_CONFIG__metrics__enabled: 'true',
          DOXGUARD_CONFIG__metrics__host: '127.0.0.1',
          DOXGUARD_CONFIG__metrics__port: String(metricsPort),
          // a live stream: each line is processed as it arrives
          DOXGUARD_CONFIG__source__batchSize: '1',
          // every event's detector steps timed, so the histogram's count is checked against every event
          // (the default sample of one in 16 is checked exactly in tests/unit/pipeline/detector-runner.test.ts)
          DOXGUARD_CONFIG__metrics__detectorTimingEvery: '1',
        },
      },
    );
    doxguard.stdout!.on('data', (d: Buffer) => (doxguardLog += d.toString()));
    doxguard.stderr!.on('data', (d: Buffer) => (doxguardLog += d.toString()));
    exited = new Promise((resolve) => doxguard.once('exit', (code) => resolve(code)));
    prom = await startPrometheus({
      binary: prometheusBin!,
      targets: [`127.0.0.1:${metricsPort}`],
      scrapeIntervalSeconds: 1,
      ruleFile: join(ROOT, 'deploy/prometheus/rules.yml'),
    });
    // stdin stays open: doxguard keeps running (and being scraped) until the test ends it
    doxguard.stdin!.write(lines.join('\n') + '\n');
    const expected = truth.counts.events + truth.counts.duplicates + truth.counts.malformed;
    const done = await waitFor(async () => (await prom.scalar('sum(doxguard_events_total)')) === expected, 60_000);
    if (!done)
      throw new Error(
        `Prometheus never saw ${expected} input records; last: ${await prom.scalar('sum(doxguard_events_total)')}\n` +
          `doxguard:\n${doxguardLog}\nprometheus:\n${prom.log()}`,
      );
  }, 120_000);

  afterAll(async () => {
    if (doxguard && doxguard.exitCode === null) {
      doxguard.stdin?.end();
      const timer = setTimeout(() => doxguard.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    await prom?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('sees the target up and ready', async () => {
    expect(await prom.scalar('up{job="doxguard"}')).toBe(1);
    expect(await byLabel('doxguard_ready', 'check')).toEqual({ state_restored: 1, source_connected: 1 });
  });

  it('counts every input record by outcome as the ground truth says', async () => {
    const outcomes = await byLabel('doxguard_events_total', 'outcome');
    expect(outcomes.accepted! + outcomes.late!).toBe(truth.counts.events);
    expect(outcomes.duplicate).toBe(truth.counts.duplicates);
    expect(outcomes.dead_letter).toBe(truth.counts.malformed);
    expect(truth.counts.malformed).toBeGreaterThan(10);
    expect(truth.counts.duplicates).toBeGreaterThan(10);
  });

  it('counts accepted events per platform', async () => {
    const got = nonZero(await byLabel('doxguard_events_total{outcome=~"accepted|late"}', 'platform'));
    expect(got).toEqual(eventsByPlatform());
    expect(Object.keys(got).length).toBeGreaterThanOrEqual(2);
  });

  it('counts dead letters by reason code', async () => {
    const got = nonZero(await byLabel('doxguard_dead_letters_total', 'reason'));
    expect(got).toEqual(countBy(truth.malformed, (m) => m.expectedReason));
  });

  it('counts the notices received', async () => {
    expect(await prom.scalar('sum(doxguard_feedback_total{kind="notice"})')).toBe(truth.counts.notices);
    expect(truth.counts.notices).toBeGreaterThan(0);
  });

  it('counts alerts by level and commands by action as doxguard wrote them', async () => {
    // the run is live (stdin open): its outputs sit in <file>.partial until it completes (write-then-rename)
    const read = (f: string): Record<string, unknown>[] =>
      readFileSync(join(dir, 'out', `${f}.partial`), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    // outputs are flushed after each batch; wait until the scrape has caught up with the files
    let alerts: Record<string, number> = {};
    let commands: Record<string, number> = {};
    let fileAlerts: Record<string, number> = {};
    let fileCommands: Record<string, number> = {};
    await waitFor(async () => {
      fileAlerts = countBy(read('alerts.ndjson'), (r) => String(r.level));
      fileCommands = countBy(read('interventions.ndjson'), (r) => String(r.action));
      alerts = nonZero(await byLabel('doxguard_alerts_total', 'level'));
      commands = nonZero(await byLabel('doxguard_commands_total', 'action'));
      const same = (a: Record<string, number>, b: Record<string, number>): boolean =>
        Object.keys({ ...a, ...b }).every((k) => a[k] === b[k]);
      return same(alerts, fileAlerts) && same(commands, fileCommands);
    }, 15_000);
    expect(alerts).toEqual(fileAlerts);
    expect(commands).toEqual(fileCommands);
    expect(Object.values(fileAlerts).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(Object.values(fileCommands).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('exports the graph, the watermark and detector latencies', async () => {
    expect(await prom.scalar('sum(doxguard_graph_nodes)')).toBeGreaterThan(0);
    const watermark = (await prom.scalar('max(doxguard_watermark_timestamp_seconds)'))! * 1000;
    expect(watermark).toBeGreaterThan(truth.start);
    expect(watermark).toBeLessThanOrEqual(truth.end);
    expect(await prom.scalar('max(doxguard_detector_timing_every)')).toBe(1);
    const steps = await prom.scalar('sum(doxguard_detector_duration_seconds_count)');
    expect(steps).toBeGreaterThanOrEqual(truth.counts.events);
  });

  it('loads the alert rules, and every dashboard query runs without a PromQL error', async () => {
    const rules = (await (await fetch(`${prom.url}/api/v1/rules`)).json()) as {
      data: { groups: { rules: { name: string; health: string }[] }[] };
    };
    const loaded = rules.data.groups.flatMap((g) => g.rules);
    expect(loaded.length).toBeGreaterThanOrEqual(6);
    expect(loaded.filter((r) => r.health === 'err')).toEqual([]);
    const dashboard = JSON.parse(readFileSync(join(ROOT, 'deploy/grafana/dashboard.json'), 'utf8')) as {
      panels: { title: string; targets?: { expr: string }[] }[];
    };
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(20);
    // rate() needs two samples in its window: wait for a few scrapes
    expect(
      await waitFor(async () => ((await prom.scalar('count_over_time(up{job="doxguard"}[1m])')) ?? 0) >= 3, 15_000),
    ).toBe(true);
    const empty: string[] = [];
    for (const expr of exprs) {
      const q = expr.replaceAll('$job', 'doxguard').replaceAll('$__rate_interval', '1m');
      const result = await prom.query(q); // throws on a PromQL error
      if (result.length === 0) empty.push(q);
    }
    // with metrics served and scraped, every panel but Kafka lag (no Kafka here) has data
    expect(empty.filter((q) => !q.includes('doxguard_consumer_lag_records'))).toEqual([]);
  });
});
