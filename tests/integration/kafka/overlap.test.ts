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
 * A sink whose flushes take as long as `gate` says. Every input record here is malformed, so each output
 * is a dead letter carrying its source offset: `durable` is the highest offset whose output a flush that
 * succeeded covered. Not sticky on purpose: after a failed flush a later one may succeed, and the source
 * must still commit nothing past the failed one.
 */
class GatedSink implements Sink {
  readonly name = 'gated';
  private readonly emitted: number[] = [];
  durable = -1;
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

  emit(record: OutputRecord): void {
    if (this.pending > 0) this.overlapped = true;
    if (record.schema === SCHEMAS.deadLetter && record.position.kind === 'kafka')
      this.emitted.push(Number(record.position.offset));
  }

  async flush(): Promise<void> {
    const n = ++this.flushes;
    const upTo = this.emitted.length;
    this.pending++;
    try {
      await this.gate(n);
      if (this.failedFlush === null && n === this.failAt) {
        this.failedFlush = new DoxguardError('DG_ERR_SINK_WRITE', 'the broker did not acknowledge output records');
        throw this.failedFlush;
      }
      if (this.failAt > 0 && n > this.failAt) this.succeededAfterFailure = true;
      for (let i = 0; i < upTo; i++) this.durable = Math.max(this.durable, this.emitted[i]!);
    } finally {
      this.pending--;
    }
  }

  async close(): Promise<void> {}
}

/** The group's committed offset (next to read) of partition 0, polled every few ms with one admin client. */
function watchCommits(t: TestTopics, check: (committed: number) => void) {
  const admin = testClient('admin').admin();
  let stop = false;
  let last = -1;
  let samples = 0;
  const done = (async () => {
    await admin.connect();
    try {
      while (!stop) {
        const [topic] = await admin.fetchOffsets({ groupId: t.groupId, topics: [t.input] });
        last = Number(topic!.partitions.find((p) => p.partition === 0)!.offset);
        samples++;
        check(last);
        await delay(10);
      }
    } finally {
      await admin.disconnect();
    }
  })();
  return {
    get last() {
      return last;
    },
    get samples() {
      return samples;
    },
    stop: async () => {
      stop = true;
      await done;
    },
  };
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
    it('with a slow sink, the committed offset never passes what was flushed, while chains are in flight', async () => {
      const { t, sink, ac, running } = await setUp('overlap-slow', () => delay(150));
      let violations = 0;
      // durable is read after the committed offset: it only grows, so this is never stricter than the truth
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
      // the next chunk was processed while a flush was in flight: the overlap happened
      expect(sink.overlapped).toBe(true);
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
  },
);
