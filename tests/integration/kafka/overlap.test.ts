import { describe, expect, it } from 'vitest';
import { SCHEMAS, type OutputRecord, type Sink } from '../../../src/contract/index.js';
import { DoxguardError } from '../../../src/errors/index.js';
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
  type TestTopics,
} from './helpers/kafka.js';

const RECORDS = 300;
const CHUNK = 50;
const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Durable offsets per partition, shared by every instance's sink: what any flush that succeeded covered.
 * `prefix[p]`: every offset below it is durable (a commit up to it loses nothing; one past a hole would).
 */
class Durable {
  readonly prefix: number[];
  readonly seen: Set<number>[];

  constructor(partitions: number) {
    this.prefix = new Array<number>(partitions).fill(0);
    this.seen = Array.from({ length: partitions }, () => new Set<number>());
  }

  add(p: number, offset: number): void {
    const seen = this.seen[p]!;
    seen.add(offset);
    while (seen.has(this.prefix[p]!)) this.prefix[p]!++;
  }
}

/**
 * A sink whose flushes take as long as `gate` says. Every input record here is malformed, so each output
 * is a dead letter carrying its source offset. Flushes may overlap and end out of order, so what is durable
 * can have a hole: `durable` is the end of the durable prefix (every offset up to it was covered by a flush
 * that succeeded), `durableMax` the highest durable offset. Not sticky on purpose: after a failed flush a
 * later one may succeed, and the source must still commit nothing past the failed one.
 */
class GatedSink implements Sink {
  readonly name = 'gated';
  private readonly emitted: number[] = [];
  private readonly durableOffsets = new Durable(1);
  durableMax = -1;
  /** a flush ended while an earlier one had not: some later offset was durable before an earlier one */
  sawHole = false;
  flushes = 0;
  private pending = 0;
  /** an output was emitted while an earlier flush was in flight: the next chunk was processed meanwhile */
  overlapped = false;
  failedFlush: DoxguardError | null = null;
  /** a flush started after the failed one succeeded (whenever it ended) */
  succeededAfterFailure = false;
  /** the flush (1-based) that fails; 0: none */
  failAt = 0;

  constructor(private readonly gate: (n: number) => Promise<void>) {}

  /** the highest offset below which every offset is durable (-1: none) */
  get durable(): number {
    return this.durableOffsets.prefix[0]! - 1;
  }

  emit(record: OutputRecord): void {
    if (this.pending > 0) this.overlapped = true;
    if (record.schema === SCHEMAS.deadLetter && record.position.kind === 'kafka')
      this.emitted.push(Number(record.position.offset));
  }

  async flush(): Promise<void> {
    const n = ++this.flushes;
    // this flush covers what was emitted since the previous one
    const covers = this.emitted.splice(0);
    this.pending++;
    try {
      await this.gate(n);
      if (this.failedFlush === null && n === this.failAt) {
        this.failedFlush = new DoxguardError('DG_ERR_SINK_WRITE', 'the broker did not acknowledge output records');
        throw this.failedFlush;
      }
      if (this.failAt > 0 && n > this.failAt) this.succeededAfterFailure = true;
      for (const offset of covers) {
        this.durableOffsets.add(0, offset);
        this.durableMax = Math.max(this.durableMax, offset);
      }
      if (this.durableMax > this.durable) this.sawHole = true;
    } finally {
      this.pending--;
    }
  }

  async close(): Promise<void> {}
}

/**
 * The group's committed offsets (next to read) of the input's partitions, polled every few ms with one admin
 * client; `check` sees each partition's at every sample, `last` is partition 0's.
 */
function watchCommits(t: TestTopics, check: (committed: number, partition: number) => void) {
  const admin = testClient('admin').admin();
  let stop = false;
  const committed: number[] = [];
  let samples = 0;
  const done = (async () => {
    await admin.connect();
    try {
      while (!stop) {
        const [topic] = await admin.fetchOffsets({ groupId: t.groupId, topics: [t.input] });
        for (const p of topic!.partitions) {
          committed[p.partition] = Number(p.offset);
          check(committed[p.partition]!, p.partition);
        }
        samples++;
        await delay(10);
      }
    } finally {
      await admin.disconnect();
    }
  })();
  return {
    get last() {
      return committed[0] ?? -1;
    },
    committed,
    get samples() {
      return samples;
    },
    stop: async () => {
      stop = true;
      await done;
    },
  };
}

const REBALANCE_PARTITIONS = 2;
const PER_PARTITION = 300;

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

async function setUp(prefix: string, gate: (n: number) => Promise<void>) {
  const t = testTopics(prefix);
  await createTopic(t.input, 1);
  await produce(
    t.input,
    Array.from({ length: RECORDS }, (_, i) => ({ value: `not json ${i} {` })),
  );
  const config = kafkaConfig(t, { kafka: { maxBatchRecords: CHUNK } });
  const sink = new GatedSink(gate);
  const pipeline = createPartitionedPipeline({ config, sink });
  const source = await createKafkaSource(config, { logger: quietLogger() });
  const ac = new AbortController();
  const running = source.run((b) => pipeline.handleBatch(b), ac.signal);
  return { t, sink, ac, running };
}

/**
 * The Kafka source hands a partition's next chunk over while the previous chunk's flush → commit chain is in
 * flight (src/source/kafka/batch-runner.ts). What must still hold: an offset is committed only after the
 * outputs of every record before it are durable, a failed flush commits nothing past it and stops the source
 * with its error, and a graceful stop lets the chain in flight finish.
 */
describe.skipIf(!BROKERS)(
  `Kafka source: the next chunk processed while the previous one flushes ${UNAVAILABLE}`,
  () => {
    it('with a slow sink whose flushes end out of order, the committed offset never passes the durable prefix', async () => {
      // odd flushes slow, even ones fast: a later chunk's flush ends first and leaves a hole in what is durable
      const { t, sink, ac, running } = await setUp('overlap-slow', (n) => delay(n % 2 === 1 ? 250 : 40));
      let violations = 0;
      // the durable prefix is read after the committed offset: it only grows, so this is never stricter than the truth
      const watch = watchCommits(t, (committed) => {
        if (committed > sink.durable + 1) violations++;
      });
      try {
        await waitFor(() => watch.last === RECORDS, 'everything committed');
      } finally {
        await watch.stop();
      }
      ac.abort();
      await withTimeout(running, 20_000, 'graceful stop');
      expect(violations).toBe(0);
      expect(watch.samples).toBeGreaterThan(10);
      expect(sink.durable).toBe(RECORDS - 1);
      // the next chunk was processed while a flush was in flight, and flushes ended out of order
      expect(sink.overlapped).toBe(true);
      expect(sink.sawHole).toBe(true);
    });

    it('a flush that fails: run() rejects with its error, nothing past it is committed although a later flush succeeded', async () => {
      // flush 3 fails after 600 ms; flush 4 (the next chunk, processed meanwhile) succeeds before that
      const { t, sink, running } = await setUp('overlap-fail', (n) => delay(n === 3 ? 600 : 100));
      sink.failAt = 3;
      let violations = 0;
      const watch = watchCommits(t, (committed) => {
        if (committed > 2 * CHUNK) violations++;
      });
      let error: unknown = null;
      try {
        error = await withTimeout(running, 30_000, 'the crash').then(
          () => null,
          (e: unknown) => e,
        );
        await delay(300); // a late commit would show now
      } finally {
        await watch.stop();
      }
      expect(error).not.toBeNull();
      expect(error).toBe(sink.failedFlush);
      expect(sink.failedFlush?.code).toBe('DG_ERR_SINK_WRITE');
      expect(sink.succeededAfterFailure).toBe(true);
      expect(violations).toBe(0);
      // the two chunks before the failed one were flushed and committed
      expect(watch.last).toBe(2 * CHUNK);
    });

    it('a stop while a chain is in flight waits for it: what was flushed is committed, nothing more', async () => {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let holding = false;
      const { t, sink, ac, running } = await setUp('overlap-stop', async (n) => {
        if (n !== 2) return;
        holding = true;
        await held;
      });
      await waitFor(() => holding, 'the second flush held');
      ac.abort();
      await delay(300);
      const stillRunning = await Promise.race([running.then(() => false), delay(0).then(() => true)]);
      release();
      await withTimeout(running, 20_000, 'graceful stop');
      const watch = watchCommits(t, () => {});
      await waitFor(() => watch.samples > 0, 'the committed offset');
      await watch.stop();
      // the stop waited for the held chain, whose commit then went out
      expect(stillRunning).toBe(true);
      expect(watch.last).toBeGreaterThanOrEqual(2 * CHUNK);
      expect(watch.last).toBe(sink.durable + 1);
    });

    /**
     * A rebalance while a partition's chain is in flight (the runner awaits every chain when the heartbeat sees
     * one, so revoked partitions commit in their generation): a second instance joins while the first holds a
     * flush. No partition's committed offset may pass its durable prefix, and nothing may be lost.
     */
    it('a second instance joins while the first holds a flush: commits never pass what was durable, nothing lost', async () => {
      const t = testTopics('overlap-rebalance');
      await createTopic(t.input, REBALANCE_PARTITIONS);
      await produce(
        t.input,
        Array.from({ length: REBALANCE_PARTITIONS * PER_PARTITION }, (_, i) => ({
          value: `not json ${i} {`,
          partition: i % REBALANCE_PARTITIONS,
        })),
      );
      const config = kafkaConfig(t, { kafka: { maxBatchRecords: CHUNK } });
      const durable = new Durable(REBALANCE_PARTITIONS);
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
      let violations = 0;
      // the durable prefix only grows and is read after the committed offset: never stricter than the truth
      const watch = watchCommits(t, (committed, p) => {
        if (committed > durable.prefix[p]!) violations++;
      });
      const first = await start(firstSink);
      let second: Awaited<ReturnType<typeof start>> | null = null;
      try {
        await waitFor(() => holding, 'the first instance holding its second flush');
        second = await start(new HeldSink(durable, () => delay(20)));
        // the group rebalances while the held chain is in flight; release it after the join began
        await delay(2000);
        release();
        await waitFor(
          () => watch.committed.length === REBALANCE_PARTITIONS && watch.committed.every((c) => c === PER_PARTITION),
          'every partition committed to its end',
          90_000,
        );
      } finally {
        release();
        await watch.stop();
        first.ac.abort();
        second?.ac.abort();
        await withTimeout(Promise.all([first.running, second?.running]), 30_000, 'graceful stops');
      }
      expect(violations).toBe(0);
      expect(watch.samples).toBeGreaterThan(10);
      // nothing lost: every record of every partition had its output made and flushed by one instance or the other
      for (let p = 0; p < REBALANCE_PARTITIONS; p++) expect(durable.seen[p]!.size).toBe(PER_PARTITION);
    });
  },
);
