import { describe, expect, it } from 'vitest';
import { SCHEMAS, type OutputRecord, type Sink } from '../../../src/contract/index.js';
import { createPartitionedPipeline } from '../../../src/pipeline/index.js';
import { createKafkaSource } from '../../../src/source/kafka/index.js';
import {
  BROKERS,
  UNAVAILABLE,
  createTopic,
  kafkaConfig,
  produce,
  quietLogger,
  testClient,
  testTopics,
  waitFor,
  withTimeout,
} from './helpers/kafka.js';

const PARTITIONS = 2;
const PER_PARTITION = 300;
const CHUNK = 50;
const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Durable offsets per partition, shared by every instance's sink: what any flush that succeeded covered.
 * `prefix[p]`: every offset below it is durable (a commit up to it loses nothing; one past a hole would).
 */
class Durable {
  readonly prefix = new Array<number>(PARTITIONS).fill(0);
  readonly seen = Array.from({ length: PARTITIONS }, () => new Set<number>());

  add(p: number, offset: number): void {
    const seen = this.seen[p]!;
    seen.add(offset);
    while (seen.has(this.prefix[p]!)) this.prefix[p]!++;
  }
}

/**
 * A sink of one instance: every input record is malformed, so each output is a dead letter carrying its
 * partition and offset. `hold(n)` decides how long this sink's n-th flush takes.
 */
class HeldSink implements Sink {
  readonly name = 'held';
  private emitted: [number, number][] = [];
  flushes = 0;

  constructor(
    private readonly durable: Durable,
    private readonly hold: (n: number) => Promise<void>,
  ) {}

  emit(record: OutputRecord): void {
    if (record.schema === SCHEMAS.deadLetter && record.position.kind === 'kafka')
      this.emitted.push([record.position.partition, Number(record.position.offset)]);
  }

  async flush(): Promise<void> {
    const n = ++this.flushes;
    const pending = this.emitted;
    this.emitted = [];
    await this.hold(n);
    for (const [p, offset] of pending) this.durable.add(p, offset);
  }

  async close(): Promise<void> {}
}

/**
 * A rebalance while a partition's flush → commit chain is in flight (src/source/kafka/batch-runner.ts awaits
 * every chain when the heartbeat sees a rebalance, so revoked partitions commit in their generation): a second
 * instance joins while the first holds a flush. At no time may a partition's committed offset pass what was
 * durable, and once both instances have read everything, every record's output was made (nothing lost).
 */
describe.skipIf(!BROKERS)(`Kafka source: a rebalance while a chain is in flight ${UNAVAILABLE}`, () => {
  it('a second instance joins while the first holds a flush: commits never pass what was durable, nothing lost', async () => {
    const t = testTopics('overlap-rebalance');
    await createTopic(t.input, PARTITIONS);
    await produce(
      t.input,
      Array.from({ length: PARTITIONS * PER_PARTITION }, (_, i) => ({
        value: `not json ${i} {`,
        partition: i % PARTITIONS,
      })),
    );
    const config = kafkaConfig(t, { kafka: { maxBatchRecords: CHUNK } });
    const durable = new Durable();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let holding = false;
    // the first instance: its second flush waits until the second instance has joined
    const firstSink = new HeldSink(durable, async (n) => {
      if (n !== 2) return delay(20);
      holding = true;
      await held;
    });
    const start = async (sink: Sink) => {
      const pipeline = createPartitionedPipeline({ config, sink });
      const source = await createKafkaSource(config, { logger: quietLogger() });
      const ac = new AbortController();
      return { ac, running: source.run((b) => pipeline.handleBatch(b), ac.signal) };
    };
    const admin = testClient('admin').admin();
    await admin.connect();
    let violations = 0;
    const committed = new Array<number>(PARTITIONS).fill(-1);
    let samples = 0;
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const [topic] = await admin.fetchOffsets({ groupId: t.groupId, topics: [t.input] });
        for (const p of topic!.partitions) {
          const c = Number(p.offset);
          committed[p.partition] = c;
          // the durable prefix only grows and is read after the committed offset: never stricter than the truth
          if (c > durable.prefix[p.partition]!) violations++;
        }
        samples++;
        await delay(10);
      }
    })();
    const first = await start(firstSink);
    let second: Awaited<ReturnType<typeof start>> | null = null;
    try {
      await waitFor(() => holding, 'the first instance holding its second flush');
      second = await start(new HeldSink(durable, () => delay(20)));
      // the group rebalances while the held chain is in flight; release it after the join began
      await delay(2000);
      release();
      await waitFor(() => committed.every((c) => c === PER_PARTITION), 'every partition committed to its end', 90_000);
    } finally {
      release();
      watching = false;
      await watch;
      await admin.disconnect();
      first.ac.abort();
      second?.ac.abort();
      await withTimeout(Promise.all([first.running, second?.running]), 30_000, 'graceful stops');
    }
    expect(violations).toBe(0);
    expect(samples).toBeGreaterThan(10);
    // nothing lost: every record of every partition had its output made and flushed by one instance or the other
    for (let p = 0; p < PARTITIONS; p++) expect(durable.seen[p]!.size).toBe(PER_PARTITION);
  });
});
