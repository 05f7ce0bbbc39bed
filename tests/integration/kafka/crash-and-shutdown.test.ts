import { describe, expect, it } from 'vitest';
import {
  BROKERS,
  UNAVAILABLE,
  committedOffsets,
  createTopic,
  endOffsets,
  kafkaConfigObject,
  produce,
  testTopics,
  waitFor,
  type ProduceMessage,
} from './helpers/kafka.js';
import { processorsKilledAfterEach, writeConfig } from './helpers/processor.js';
import { byId, idCounts, idOf, readOutputs, runFileMode, scenario, type Scenario } from './helpers/scenario.js';

const start = processorsKilledAfterEach();

/** One partition, record timestamps = event time (the keying and timestamp contract of deploy/kafka/README.md). */
function timedMessages(s: Scenario): ProduceMessage[] {
  let last = Date.UTC(2026, 0, 5, 8);
  return s.lines.map((value, i) => {
    try {
      const t = (JSON.parse(value) as { createdAt?: unknown; receivedAt?: unknown }).createdAt;
      if (typeof t === 'number') last = t;
      else if (typeof t === 'string' && !Number.isNaN(Date.parse(t))) last = Date.parse(t);
    } catch {
      // malformed lines keep the previous timestamp
    }
    return { key: s.keys[i]!, value, partition: 0, timestamp: last };
  });
}

async function committed(t: { groupId: string; input: string }): Promise<bigint> {
  return (await committedOffsets(t.groupId, t.input)).get(0) ?? -1n;
}

describe.skipIf(!BROKERS)(`processor crashes and shutdowns ${UNAVAILABLE}`, () => {
  const s = scenario({
    seed: 23,
    backgroundCascades: 400,
    doxxing: 4,
    doxxingSize: 200,
    viral: 1,
    viralSize: 600,
    malformedRate: 0.002,
  });

  it('(b) kill -9 mid-stream, restart: every event processed, every output present, no command under a new id', async () => {
    const t = testTopics('kill9');
    await createTopic(t.input, 1);
    await produce(t.input, timedMessages(s));
    const end = (await endOffsets(t.input)).get(0)!;
    // warnings and errors (kafkajs's among them) reach stderr, which a timeout prints
    const config = kafkaConfigObject(t, { kafka: { maxBatchRecords: 50 }, log: { level: 'warn' } });
    const reference = runFileMode(s, config);
    expect(reference.interventions.length).toBeGreaterThan(0);
    const file = writeConfig(config);

    const first = start(file);
    await waitFor(async () => (await committed(t)) >= end / 3n, 'a third of the input committed', 120_000, 20);
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const atKill = await committed(t);
    expect(atKill).toBeLessThan(end); // really mid-stream

    const second = start(file);
    await waitFor(
      async () => (await committed(t)) === end,
      'the restarted processor to commit the whole input',
      180_000,
    ).catch(async (e: unknown) => {
      throw new Error(
        `${String(e)}; committed ${await committed(t)} of ${end}; stderr:\n${second.stderr().slice(-4000)}`,
      );
    });
    second.kill('SIGTERM');
    expect(await second.exited, second.stderr()).toEqual({ code: 0, signal: null });

    const got = await readOutputs(t);
    for (const channel of ['alerts', 'interventions'] as const) {
      const want = byId(reference[channel]);
      const have = byId(got[channel]); // throws if one id came back with other content
      expect([...have.keys()].sort(), channel).toEqual([...want.keys()].sort());
      for (const [id, json] of want) expect(have.get(id), `${channel} ${id}`).toBe(json);
      const repeats = [...idCounts(got[channel]).values()].filter((n) => n > 1).length;
      console.info(`kill -9: ${channel} ${have.size} ids, ${repeats} repeated under the same id`);
    }
    // incident snapshots: every reference state is present
    const incidents = new Set(got.incidents.map(idOf));
    for (const r of reference.incidents) expect(incidents.has(idOf(r)), idOf(r)).toBe(true);
  });

  it('(e) SIGTERM mid-batch: exits 0, commits what it finished, and the restarted run neither loses nor repeats a command', async () => {
    const t = testTopics('sigterm');
    await createTopic(t.input, 1);
    await produce(t.input, timedMessages(s));
    const end = (await endOffsets(t.input)).get(0)!;
    const config = kafkaConfigObject(t, { kafka: { maxBatchRecords: 400, shutdownDeadlineMs: 10_000 } });
    const reference = runFileMode(s, config);
    const file = writeConfig(config);

    const first = start(file);
    await waitFor(async () => (await committed(t)) > 0n, 'the first commit', 120_000, 20);
    const signalled = Date.now();
    first.kill('SIGTERM');
    expect(await first.exited, first.stderr()).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(10_000);
    const atStop = await committed(t);
    expect(atStop).toBeGreaterThan(0n);
    expect(atStop).toBeLessThan(end);

    const second = start(file);
    await waitFor(
      async () => (await committed(t)) === end,
      'the restarted processor to commit the whole input',
      180_000,
    );
    second.kill('SIGTERM');
    expect(await second.exited, second.stderr()).toEqual({ code: 0, signal: null });

    const got = await readOutputs(t);
    for (const channel of ['alerts', 'interventions'] as const) {
      expect(got[channel].map(idOf).sort(), channel).toEqual(reference[channel].map(idOf).sort());
      expect([...byId(got[channel])].sort(), channel).toEqual([...byId(reference[channel])].sort());
    }
  });
});
