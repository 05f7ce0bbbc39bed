import { describe, expect, it } from 'vitest';
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
} from './helpers/kafka.js';
import { processorsKilledAfterEach, writeConfig, type Processor } from './helpers/processor.js';
import { byId, idCounts, readOutputs, runFileMode, scenario, toMessages } from './helpers/scenario.js';

const start = processorsKilledAfterEach();

/** Partitions each instance was last assigned, from its structured log. */
function assignments(p: Processor): number[] {
  return p
    .stderr()
    .split('\n')
    .filter((l) => l.includes('"partition assignment"'))
    .map((l) => (JSON.parse(l) as { partitions: number }).partitions);
}

describe.skipIf(!BROKERS)(`scale-out across a consumer group ${UNAVAILABLE}`, () => {
  it('(d) three instances share the partitions; one is killed; the other two take over and the outputs are complete', async () => {
    const t = testTopics('group');
    // no cross-platform jumps here: every incident lives on one partition (the cross-partition case has its own test)
    const s = scenario({
      seed: 31,
      backgroundCascades: 900,
      doxxing: 6,
      doxxingSize: 200,
      jumpShare: 0,
      viral: 1,
      viralSize: 800,
    });
    const PARTITIONS = 6;
    await createTopic(t.input, PARTITIONS);
    await createTopic(t.feedback, 1);
    const config = kafkaConfigObject(t, { log: { level: 'info' }, kafka: { maxBatchRecords: 100 } });
    const file = writeConfig(config);
    const instances = [0, 1, 2].map(() => start(file));
    // all three are in the group and own input partitions before any input arrives
    await waitFor(
      () =>
        instances.every((p) => (assignments(p).at(-1) ?? 0) > 0) &&
        instances.map((p) => assignments(p).at(-1)!).reduce((a, b) => a + b) === PARTITIONS + 1,
      'three members sharing the partitions',
      60_000,
    );
    const messages = toMessages(s);
    const third = Math.floor(messages.length / 3);
    await produce(t.input, messages.slice(0, third));
    await waitFor(
      async () =>
        [...(await committedOffsets(t.groupId, t.input)).values()].filter((o) => o > 0n).length === PARTITIONS,
      'every partition in progress',
      60_000,
    );
    instances[0]!.kill('SIGKILL');
    await produce(t.input, messages.slice(third));
    const ends = await endOffsets(t.input);
    await waitFor(
      async () => {
        const c = await committedOffsets(t.groupId, t.input);
        return [...ends].every(([p, e]) => c.get(p) === e);
      },
      'the two survivors to commit every partition to its end',
      180_000,
    );
    // the survivors took the dead member's partitions over
    for (const p of instances.slice(1)) expect(assignments(p).length, p.stderr()).toBeGreaterThan(1);
    expect(
      instances
        .slice(1)
        .map((p) => assignments(p).at(-1)!)
        .reduce((a, b) => a + b),
    ).toBe(PARTITIONS + 1);
    for (const p of instances.slice(1)) p.kill('SIGTERM');
    for (const p of instances.slice(1))
      expect(await p.exited, p.stderr().slice(-2000)).toEqual({ code: 0, signal: null });

    // reference: each partition's records, in partition order, through file mode (state is partitioned like the input)
    const byPartition = new Map<number, string[]>();
    for (const m of await readTopic(t.input))
      byPartition.set(m.partition, [...(byPartition.get(m.partition) ?? []), m.value!]);
    expect(byPartition.size).toBe(PARTITIONS);
    const parts = [...byPartition.values()].map((lines) => runFileMode({ lines, keys: [] }, config));
    const reference = { alerts: parts.flatMap((p) => p.alerts), interventions: parts.flatMap((p) => p.interventions) };
    expect(reference.interventions.length).toBeGreaterThan(0);
    const got = await readOutputs(t);
    for (const channel of ['alerts', 'interventions'] as const) {
      const want = byId(reference[channel]);
      const have = byId(got[channel]);
      expect([...have.keys()].sort(), channel).toEqual([...want.keys()].sort());
      const repeats = [...idCounts(got[channel]).values()].filter((n) => n > 1).length;
      console.info(`scale-out: ${channel} ${have.size} ids, ${repeats} repeated under the same id`);
    }
  });
});
