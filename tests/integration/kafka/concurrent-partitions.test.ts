import { describe, expect, it } from 'vitest';
import type { RawBatch } from '../../../src/contract/index.js';
import { createKafkaSource } from '../../../src/source/kafka/index.js';
import {
  BROKERS,
  UNAVAILABLE,
  committedOffsets,
  createTopic,
  endOffsets,
  kafkaConfig,
  produce,
  quietLogger,
  testTopics,
  waitFor,
  withTimeout,
} from './helpers/kafka.js';

const PER_PARTITION = 200;

/**
 * kafka.concurrentPartitions: a batch waiting on its round trips (the sink's acks, the commit) must not hold
 * every other partition's records behind it — that wait is most of a warning's latency through the broker.
 */
describe.skipIf(!BROKERS)(`Kafka source: partitions in hand at once ${UNAVAILABLE}`, () => {
  async function run(concurrentPartitions: number, holdMs: number) {
    const t = testTopics(`conc${concurrentPartitions}`);
    await createTopic(t.input, 2);
    await produce(
      t.input,
      [0, 1].flatMap((partition) =>
        Array.from({ length: PER_PARTITION }, (_, i) => ({ key: `k${i}`, value: `p${partition}-${i}`, partition })),
      ),
    );
    const config = kafkaConfig(t, { kafka: { maxBatchRecords: 50, concurrentPartitions } });
    const source = await createKafkaSource(config, { logger: quietLogger() });
    const offsets: number[][] = [[], []];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let holding = false;
    /** records of the other partition handed over while the first batch was held */
    let passedWhileHeld = -1;
    const ac = new AbortController();
    const handler = async (b: RawBatch): Promise<void> => {
      const first = b.records[0]!.position;
      if (first.kind !== 'kafka') throw new Error('kafka position expected');
      for (const r of b.records)
        if (r.position.kind === 'kafka') offsets[first.partition]!.push(Number(r.position.offset));
      if (!holding) {
        // the first batch waits, as a slow acknowledgement would
        holding = true;
        const other = 1 - first.partition;
        await Promise.race([held, new Promise((r) => setTimeout(r, holdMs))]);
        passedWhileHeld = offsets[other]!.length;
      }
      await b.commit();
    };
    const running = source.run(handler, ac.signal);
    await waitFor(() => holding, 'the first batch');
    if (concurrentPartitions > 1) {
      await waitFor(() => offsets[0]!.length + offsets[1]!.length >= PER_PARTITION + 50, 'the other partition');
      release();
    }
    await waitFor(() => offsets[0]!.length === PER_PARTITION && offsets[1]!.length === PER_PARTITION, 'every record');
    ac.abort();
    await withTimeout(running, 20_000, 'graceful stop');
    const ends = await endOffsets(t.input);
    const committed = await committedOffsets(t.groupId, t.input);
    return { offsets, passedWhileHeld, ends, committed };
  }

  it('while one partition’s batch waits, the other partition’s batches are handled; per partition in order, all committed', async () => {
    const r = await run(2, 60_000);
    // the whole other partition went through while the first batch was still held
    expect(r.passedWhileHeld).toBe(PER_PARTITION);
    for (const p of [0, 1]) {
      expect(r.offsets[p]).toEqual(Array.from({ length: PER_PARTITION }, (_, i) => i));
      expect(r.committed.get(p)).toBe(r.ends.get(p));
    }
  });

  it('concurrentPartitions 1: nothing else is handled while a batch waits', async () => {
    const r = await run(1, 2_000);
    expect(r.passedWhileHeld).toBe(0);
    for (const p of [0, 1]) expect(r.offsets[p]).toEqual(Array.from({ length: PER_PARTITION }, (_, i) => i));
  });
});
