import { describe, expect, it } from 'vitest';
import { requireBinary } from '../prometheus/binaries.js';
import { freePort, startPrometheus, type RunningPrometheus } from '../prometheus/prometheus-server.js';
import {
  BROKERS,
  UNAVAILABLE,
  committedOffsets,
  createTopic,
  endOffsets,
  kafkaConfigObject,
  produce,
  readTopic,
  testTopics,
  waitFor,
  type ProduceMessage,
} from './helpers/kafka.js';
import { processorsKilledAfterEach, writeConfig } from './helpers/processor.js';
import { scenario, type Scenario } from './helpers/scenario.js';

const start = processorsKilledAfterEach();
const PROMETHEUS = requireBinary('prometheus');

/** One partition, record timestamps = event time. */
function timed(s: Scenario): ProduceMessage[] {
  let last = 0;
  return s.lines.map((value, i) => {
    try {
      const t = (JSON.parse(value) as { createdAt?: unknown }).createdAt;
      if (typeof t === 'string' && !Number.isNaN(Date.parse(t))) last = Date.parse(t);
      else if (typeof t === 'number') last = t;
    } catch {
      // a malformed line keeps the previous timestamp
    }
    return { key: s.keys[i]!, value, partition: 0, timestamp: last };
  });
}

const sum = async (prom: RunningPrometheus, metric: string): Promise<number | null> => prom.scalar(`sum(${metric})`);

/** Input records counted live: events (any outcome) plus notices and verdicts. */
const records = (prom: RunningPrometheus): Promise<number | null> =>
  prom.scalar('sum(doxguard_events_total) + sum(doxguard_feedback_total)');

describe.skipIf(!BROKERS || !PROMETHEUS)(`a restart's rebuild counts nothing twice ${UNAVAILABLE}`, () => {
  it('counters after a restart count only what the new process emits; the rebuild has its own counter (real Prometheus)', async () => {
    const t = testTopics('rebuild-metrics');
    await createTopic(t.input, 1);
    const hour = 3600_000;
    const first = scenario({ seed: 41, durationMs: 2 * hour, backgroundCascades: 60, doxxing: 2, doxxingSize: 120 });
    await produce(t.input, timed(first));
    const end = (await endOffsets(t.input)).get(0)!;
    const port = await freePort();
    const file = writeConfig(kafkaConfigObject(t, { metrics: { enabled: true, port } }));
    const prom = await startPrometheus({ binary: PROMETHEUS!, targets: [`127.0.0.1:${port}`] });
    try {
      const committed = async (): Promise<bigint> => (await committedOffsets(t.groupId, t.input)).get(0) ?? -1n;
      const scrapedUp = (): Promise<boolean> => prom.scalar('up').then((v) => v === 1);

      // 1. the first process reads everything; its counters match the topics
      const one = start(file);
      await waitFor(async () => (await committed()) === end, 'the first process to commit the input', 180_000);
      const alertsSent = (await readTopic(t.alerts)).length;
      expect(alertsSent).toBeGreaterThan(0);
      const dlqFirst = (await readTopic(t.dlq)).length;
      await waitFor(async () => (await sum(prom, 'doxguard_alerts_total')) === alertsSent, 'alerts scraped', 30_000);
      expect(await records(prom)).toBe(Number(end));
      one.kill('SIGTERM');
      expect((await one.exited).code, one.stderr()).toBe(0);
      await waitFor(async () => !(await scrapedUp()), 'the target to go down', 30_000);

      // 2. the restarted process: its partition is rebuilt from the look-back (the whole first input) when
      // its first new batch arrives, without counting it again; then the new input is counted once
      const two = start(file);
      await waitFor(scrapedUp, 'the restarted process to be scraped', 120_000);
      for (const metric of ['doxguard_alerts_total', 'doxguard_commands_total', 'doxguard_rebuild_records_total'])
        expect(await sum(prom, metric), metric).toBe(0);
      const second = scenario({
        seed: 42,
        start: Date.UTC(2026, 0, 5, 8) + 2 * hour,
        durationMs: hour,
        backgroundCascades: 20,
        doxxing: 1,
        doxxingSize: 100,
      });
      const producedAt = Date.now();
      await produce(t.input, timed(second));
      const end2 = (await endOffsets(t.input)).get(0)!;
      await waitFor(async () => (await committed()) === end2, 'the restarted process to commit the new input', 180_000);
      const newAlerts = (await readTopic(t.alerts)).length - alertsSent;
      expect(newAlerts).toBeGreaterThan(0);
      await waitFor(
        async () => (await sum(prom, 'doxguard_rebuild_records_total')) === Number(end),
        'the rebuild to be scraped',
        60_000,
      );
      await waitFor(async () => (await sum(prom, 'doxguard_alerts_total')) === newAlerts, 'new alerts scraped', 30_000);
      // alerts come early in the input: a scrape can match them while later records are still uncounted
      await waitFor(async () => (await records(prom)) === Number(end2 - end), 'every new record scraped', 30_000);
      expect(await records(prom)).toBe(Number(end2 - end));
      expect(await sum(prom, 'doxguard_dead_letters_total')).toBe((await readTopic(t.dlq)).length - dlqFirst);
      // the query that showed 322 alerts nobody sent: over the restarted process's life it is what it sent
      const window = Math.max(5, Math.ceil((Date.now() - producedAt) / 1000) + 5);
      const increase = await prom.scalar(`sum(increase(doxguard_alerts_total[${window}s]))`);
      expect(increase).toBeGreaterThanOrEqual(newAlerts * 0.9);
      expect(increase).toBeLessThanOrEqual(newAlerts * 1.5);
      console.info(
        `rebuild-metrics: first run ${alertsSent} alerts / ${end} records; after the restart ${end} records rebuilt (counted only in doxguard_rebuild_records_total), ${newAlerts} new alerts sent and counted ${await sum(prom, 'doxguard_alerts_total')}, increase over ${window}s ${increase}`,
      );
      two.kill('SIGTERM');
      expect((await two.exited).code, two.stderr()).toBe(0);
    } finally {
      await prom.stop();
    }
  });
});
