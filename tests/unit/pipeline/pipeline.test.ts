import { describe, expect, it } from 'vitest';
import { burst, eventLine, T0 } from '../../helpers/events.js';
import { raw, runLines, testConfig } from '../../helpers/pipeline.js';
import { createPipeline } from '../../../src/pipeline/index.js';
import { NO_HOOKS } from '../../../src/contract/index.js';
import { createMemorySink } from '../../../src/sink/index.js';

describe('pipeline', () => {
  it('raises an alert with reasons on a fast cascade and none on a slow one', async () => {
    const { records } = await runLines(
      [...burst('fast', 200, T0, 1000), ...burst('slow', 20, T0, 600_000)].sort(byTime),
    );
    const alerts = records.filter((r) => r.schema === 'doxguard.alert/1');
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      expect(a.rootIds).toEqual(['fast']);
      const velocity = a.reasons.find((r) => r.detector === 'cascade/velocity');
      expect(velocity!.message).toMatch(/posts\/min/);
    }
  });

  it('is deterministic: the same input twice gives byte-identical output', async () => {
    const lines = [...burst('a', 300, T0, 500), ...burst('b', 100, T0 + 30_000, 900, 'douyin'), 'garbage'].sort(byTime);
    const one = await runLines(lines);
    const two = await runLines(lines, testConfig(), undefined, 37);
    expect(two.ndjson).toBe(one.ndjson);
    expect(one.ndjson.length).toBeGreaterThan(0);
  });

  it('dead-letters bad lines with their position and goes on', async () => {
    const { records, pipeline } = await runLines([
      eventLine({ eventId: 'e', postId: 'p' }),
      '{oops',
      eventLine({ eventId: 'f', postId: 'q' }),
    ]);
    const dlq = records.filter((r) => r.schema === 'doxguard.dlq/1');
    expect(dlq).toHaveLength(1);
    expect(dlq[0]!.position).toEqual({ kind: 'file', file: 'test.ndjson', line: 2 });
    expect(pipeline.stats.events).toBe(2);
  });

  it('counts and skips duplicate event ids', async () => {
    const line = eventLine({ eventId: 'same', postId: 'p' });
    const { pipeline } = await runLines([line, line, line]);
    expect(pipeline.stats.duplicates).toBe(2);
    expect(pipeline.stats.events).toBe(1);
  });

  it('places late events in the graph and counts them', async () => {
    const cfg = testConfig({ time: { outOfOrdernessMs: 1000 } });
    const { pipeline } = await runLines(
      [
        eventLine({ eventId: 'a', postId: 'r', createdAt: T0 + 60_000 }),
        eventLine({ eventId: 'b', postId: 'c', parentId: 'r', createdAt: T0 }),
      ],
      cfg,
    );
    expect(pipeline.stats.late).toBe(1);
    expect(pipeline.store.graph.hasNode('weibo:c')).toBe(true);
  });

  it('expires idle incidents by event time and frees their memory', async () => {
    const cfg = testConfig({ time: { incidentIdleTtlMs: 3_600_000, tickEveryMs: 60_000, outOfOrdernessMs: 0 } });
    const lines = [
      ...burst('old', 300, T0, 200),
      eventLine({ eventId: 'later', postId: 'later', createdAt: T0 + 5 * 3_600_000 }),
    ];
    const { pipeline, records } = await runLines(lines, cfg);
    expect(pipeline.stats.expired).toBe(1);
    expect(pipeline.store.graph.hasNode('weibo:old')).toBe(false);
    expect(pipeline.store.liveCount).toBe(1);
    const expired = records.filter((r) => r.schema === 'doxguard.incident/1' && r.status === 'expired');
    expect(expired.length).toBe(1);
  });

  it('keeps memory flat under a flood of unique one-post cascades, evicting the coldest', async () => {
    const cfg = testConfig({ limits: { maxLiveIncidents: 500, maxLiveNodes: 800 } });
    const lines = Array.from({ length: 5000 }, (_, i) =>
      eventLine({ eventId: `u${i}`, postId: `u${i}`, createdAt: T0 + i }),
    );
    const { pipeline } = await runLines(lines, cfg);
    expect(pipeline.store.liveCount).toBeLessThanOrEqual(500);
    expect(pipeline.store.graph.order).toBeLessThanOrEqual(800);
    expect(pipeline.stats.evictions).toBe(4500);
    expect(pipeline.store.graph.hasNode('weibo:u4999')).toBe(true);
    expect(pipeline.store.graph.hasNode('weibo:u0')).toBe(false);
  });

  it('joins a cross-platform jump into one incident', async () => {
    const lines = [
      ...burst('w', 60, T0, 1000),
      eventLine({
        eventId: 'x0',
        postId: '900',
        platform: 'x',
        createdAt: T0 + 30_000,
        urls: ['https://weibo.com/1234/w'],
      }),
      ...burst('900x', 5, T0 + 31_000, 1000, 'x'),
    ].sort(byTime);
    const { pipeline } = await runLines(lines);
    const inc = pipeline.store.incidentOfNode('x:900')!;
    expect(inc).toBe(pipeline.store.incidentOfNode('weibo:w'));
    expect([...inc.platforms].sort()).toEqual(['weibo', 'x']);
  });

  it('shadow mode records alerts (marked) but emits no command', async () => {
    const lines = burst('fast', 400, T0, 200);
    const live = await runLines(
      lines,
      testConfig({ risk: { weights: { spread: 1, sensitivity: 0, mobilisation: 0, malice: 0 } } }),
    );
    const shadow = await runLines(
      lines,
      testConfig({
        policy: { shadow: true },
        risk: { weights: { spread: 1, sensitivity: 0, mobilisation: 0, malice: 0 } },
      }),
    );
    expect(live.records.some((r) => r.schema === 'doxguard.intervention/1')).toBe(true);
    expect(shadow.records.some((r) => r.schema === 'doxguard.intervention/1')).toBe(false);
    const alerts = shadow.records.filter((r) => r.schema === 'doxguard.alert/1');
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.schema === 'doxguard.alert/1' && a.shadow)).toBe(true);
  });
});

function byTime(a: string, b: string): number {
  const t = (l: string): number => {
    try {
      return (JSON.parse(l) as { createdAt: number }).createdAt;
    } catch {
      return Number.MAX_SAFE_INTEGER;
    }
  };
  return t(a) - t(b);
}

describe('event-time-to-emit latency', () => {
  const lines = burst('r', 120, T0, 1_000);
  /** Latencies observed, and the kinds of the alerts and commands emitted, in order. */
  async function run(
    clock: (() => number) | null,
  ): Promise<{ seen: { kind: string; seconds: number }[]; kinds: string[] }> {
    const seen: { kind: string; seconds: number }[] = [];
    const sink = createMemorySink();
    const p = createPipeline({
      config: testConfig(),
      sink,
      clock,
      hooks: { ...NO_HOOKS, emitLatency: (kind, seconds) => seen.push({ kind, seconds }) },
    });
    await p.handleBatch({ records: raw(lines), commit: async () => {} });
    const kinds = sink.records
      .filter((r) => r.schema === 'doxguard.alert/1' || r.schema === 'doxguard.intervention/1')
      .map((r) => (r.schema === 'doxguard.alert/1' ? 'alert' : 'command'));
    return { seen, kinds };
  }

  it('observes wall clock at emit minus the causing event time, for each alert and command', async () => {
    // the wall clock is 3 s past the last event: every latency is at least that, and at most the burst's length more
    const { seen, kinds } = await run(() => T0 + 120_000 + 3_000);
    expect(kinds.length).toBeGreaterThan(0);
    expect(seen.map((s) => s.kind)).toEqual(kinds);
    for (const s of seen) {
      expect(s.seconds).toBeGreaterThanOrEqual(3);
      expect(s.seconds).toBeLessThanOrEqual(123);
    }
  });

  it('observes nothing without a clock (replays, tests)', async () => {
    const { seen, kinds } = await run(null);
    expect(kinds.length).toBeGreaterThan(0);
    expect(seen).toEqual([]);
  });
});
