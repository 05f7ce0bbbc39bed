import { describe, expect, it } from 'vitest';
import { DoxguardError } from '../../../src/errors/index.js';
import { deadLetterAt } from '../../helpers/records.js';
import { createPipeline } from '../../../src/pipeline/index.js';
import { createKafkaSink } from '../../../src/sink/kafka/index.js';
import { SCHEMAS, type DeadLetterRecord, type RawBatch } from '../../../src/contract/index.js';
import { createKafkaSource } from '../../../src/source/kafka/index.js';
import { simulate } from '../../../src/simulate/index.js';
import {
  BROKERS,
  UNAVAILABLE,
  committedOffsets,
  createTopic,
  endOffsets,
  kafkaConfig,
  produce,
  quietLogger,
  readTopic,
  testClient,
  testTopics,
  waitFor,
  withTimeout,
} from './helpers/kafka.js';

const TOPIC_RESOURCE = 2;

describe.skipIf(!BROKERS)(`Kafka source and sink against a real broker ${UNAVAILABLE}`, () => {
  it('sink: creates missing topics (incidents compacted), keys by incident, acks before flush resolves, dead letters keep bytes and offsets', async () => {
    const t = testTopics('sink');
    const config = kafkaConfig(t, { kafka: { createTopics: { partitions: 2 } } });
    const sink = await createKafkaSink(config, { logger: quietLogger() });
    // real outputs from the pipeline, plus a dead letter for bytes that are not UTF-8
    const pipeline = createPipeline({ config, sink });
    const { lines } = simulate({ seed: 7, backgroundCascades: 30, doxxing: 1, doxxingSize: 60, viral: 0 });
    const records = lines.map((l, i) => ({
      value: Buffer.from(l),
      key: null,
      position: { kind: 'kafka' as const, topic: 'in', partition: 0, offset: String(i) },
    }));
    const bad = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    records.push({
      value: bad,
      key: Buffer.from('k-bad') as never,
      position: { kind: 'kafka', topic: 'in', partition: 3, offset: '42' },
    });
    await pipeline.handleBatch({ records, commit: async () => {} });
    await pipeline.finish();
    const emitted = pipeline.stats.outputs;
    expect(emitted).toBeGreaterThan(1);

    const admin = testClient().admin();
    await admin.connect();
    const meta = await admin.fetchTopicMetadata({ topics: [t.alerts, t.interventions, t.incidents, t.dlq] });
    expect(meta.topics.map((x) => x.partitions.length)).toEqual([2, 2, 2, 2]);
    const { resources } = await admin.describeConfigs({
      resources: [{ type: TOPIC_RESOURCE, name: t.incidents, configNames: ['cleanup.policy'] }],
      includeSynonyms: false,
    });
    await admin.disconnect();
    expect(resources[0]!.configEntries[0]!.configValue).toBe('compact');

    // flush resolved: everything is already in the topics
    const out = (await Promise.all([t.alerts, t.interventions, t.incidents, t.dlq].map(readTopic))).flat();
    expect(out.length).toBe(emitted);
    for (const m of out) {
      const rec = JSON.parse(m.value!) as { schema: string; id: string; incidentId?: string };
      expect(m.headers['doxguard-schema']).toBe(rec.schema);
      expect(m.headers['doxguard-id']).toBe(rec.id);
      if (rec.schema !== SCHEMAS.deadLetter) expect(m.key).toBe(rec.incidentId);
    }
    const dlq = out.filter((m) => m.topic === t.dlq).map((m) => ({ m, r: JSON.parse(m.value!) as DeadLetterRecord }));
    const badLetter = dlq.find((d) => d.r.position.kind === 'kafka' && d.r.position.offset === '42');
    expect(badLetter?.r.reason).toBe('DG_DLQ_INVALID_UTF8');
    expect(badLetter?.r.valueEncoding).toBe('base64');
    expect(Buffer.from(badLetter!.r.value!, 'base64').equals(bad)).toBe(true);
    expect(badLetter?.m.key).toBe('k-bad');
    expect(badLetter?.m.headers).toMatchObject({
      'doxguard-reason': 'DG_DLQ_INVALID_UTF8',
      'doxguard-source-topic': 'in',
      'doxguard-source-partition': '3',
      'doxguard-source-offset': '42',
    });
    await sink.close();
  });

  it('sink: the producer thread writes what the in-thread sink writes: each partition the same keys, values and headers in the same order', async () => {
    const { lines } = simulate({ seed: 11, backgroundCascades: 40, doxxing: 2, doxxingSize: 80, viral: 0 });
    const records = lines.map((l, i) => ({
      value: Buffer.from(l),
      key: null,
      position: { kind: 'kafka' as const, topic: 'in', partition: 0, offset: String(i) },
    }));
    const written = async (producerThread: boolean) => {
      const t = testTopics(producerThread ? 'thread' : 'inthread');
      const config = kafkaConfig(t, { kafka: { producerThread, createTopics: { partitions: 2 } } });
      const sink = await createKafkaSink(config, { logger: quietLogger(), sendThreshold: 7 });
      const pipeline = createPipeline({ config, sink });
      // several batches, each flushed (as the source's batches are), with sends of 7 between the flushes
      for (let i = 0; i < records.length; i += 50)
        await pipeline.handleBatch({ records: records.slice(i, i + 50), commit: async () => {} });
      await pipeline.finish();
      await sink.close();
      const names = [t.alerts, t.interventions, t.incidents, t.dlq];
      const out = (await Promise.all(names.map(readTopic))).flat();
      return out.map(({ topic, partition, offset, key, value, headers }) => ({
        topic: names.indexOf(topic),
        partition,
        offset,
        key,
        value,
        headers,
      }));
    };
    const threaded = await written(true);
    const inThread = await written(false);
    expect(threaded.length).toBeGreaterThan(20);
    expect(threaded).toEqual(inThread);
  });

  it('sink: a send the broker refuses fails the flush, and every later one, the same way on the producer thread', async () => {
    // an output topic the broker refuses at once (an illegal name: not retried)
    const failures = async (producerThread: boolean) => {
      const t = testTopics(producerThread ? 'refusedpt' : 'refused');
      const config = kafkaConfig(t, {
        kafka: { producerThread, createTopics: { enabled: false }, topics: { dlq: `${t.dlq}!bad name` } },
      });
      const sink = await createKafkaSink(config, { logger: quietLogger() });
      sink.emit(deadLetterAt(0, 'x'));
      const first = await sink.flush().catch((e: unknown) => e);
      const second = await sink.flush().catch((e: unknown) => e);
      await sink.close().catch(() => {});
      return { first, second };
    };
    for (const producerThread of [false, true]) {
      const { first, second } = await failures(producerThread);
      expect(first, `producerThread ${producerThread}`).toBeInstanceOf(DoxguardError);
      expect(first).toMatchObject({
        code: 'DG_ERR_SINK_WRITE',
        message: 'the broker did not acknowledge output records',
      });
      expect((first as Error).cause).toMatchObject({ name: expect.stringMatching(/^KafkaJS/) });
      expect(second).toMatchObject({ code: 'DG_ERR_SINK_WRITE' });
    }
  });

  it('source: hands every record once with its position, passes tombstones through, commits only what the handler committed, leaves on abort', async () => {
    const t = testTopics('source');
    await createTopic(t.input, 3);
    const messages = Array.from({ length: 900 }, (_, i) => ({ key: `k${i % 17}`, value: `v${i}` }));
    await produce(t.input, [
      ...messages,
      { key: 'tomb', value: null, partition: 1 },
      { key: 'empty', value: Buffer.alloc(0), partition: 0 },
    ]);
    const config = kafkaConfig(t, { kafka: { maxBatchRecords: 100 } });
    const source = await createKafkaSource(config, { logger: quietLogger() });
    const seen = new Map<string, { value: string | null; key: string | null }>();
    const ac = new AbortController();
    const handler = async (b: RawBatch): Promise<void> => {
      expect(b.records.length).toBeLessThanOrEqual(100);
      expect(b.rebuild).toBeFalsy();
      let partition = -1;
      for (const r of b.records) {
        if (r.position.kind !== 'kafka') throw new Error('kafka position expected');
        partition = r.position.partition;
        const id = `${r.position.partition}:${r.position.offset}`;
        expect(seen.has(id)).toBe(false);
        seen.set(id, {
          value: r.value === null ? null : Buffer.from(r.value).toString(),
          key: r.key && Buffer.from(r.key).toString(),
        });
      }
      // partition 2's batches are never committed (as if their outputs never became durable)
      if (partition !== 2) await b.commit();
    };
    const running = source.run(handler, ac.signal);
    await waitFor(() => seen.size === 902, 'all records handed over');
    ac.abort();
    await withTimeout(running, 20_000, 'graceful stop');
    const values = [...seen.values()];
    expect(values.filter((v) => v.value === null).map((v) => v.key)).toEqual(['tomb']);
    expect(values.filter((v) => v.value === '').map((v) => v.key)).toEqual(['empty']);
    expect(new Set(values.map((v) => v.value)).size).toBe(902);
    const committed = await committedOffsets(t.groupId, t.input);
    const ends = await endOffsets(t.input);
    expect(ends.get(2)).toBeGreaterThan(0n);
    expect(committed.get(0)).toBe(ends.get(0));
    expect(committed.get(1)).toBe(ends.get(1));
    expect(committed.get(2)).toBe(-1n);
  });

  it('source: a handler that fails makes run() reject with its error, and nothing of that batch is committed', async () => {
    const t = testTopics('crash');
    await createTopic(t.input, 1);
    await produce(
      t.input,
      Array.from({ length: 50 }, (_, i) => ({ value: `v${i}` })),
    );
    const source = await createKafkaSource(kafkaConfig(t, { kafka: { maxBatchRecords: 20 } }), {
      logger: quietLogger(),
    });
    let calls = 0;
    const boom = new DoxguardError('DG_ERR_SINK_WRITE', 'sink down');
    const running = source.run(async (b) => {
      if (++calls === 2) throw boom;
      await b.commit();
    }, new AbortController().signal);
    await expect(withTimeout(running, 30_000, 'crash')).rejects.toBe(boom);
    expect((await committedOffsets(t.groupId, t.input)).get(0)).toBe(20n);
  });

  it('source: a newly owned partition is rebuilt from the look-back (without emitting) before records are live again', async () => {
    const t = testTopics('restore');
    await createTopic(t.input, 1);
    const t0 = Date.UTC(2026, 0, 5, 8);
    // 300 records one minute apart in record time
    await produce(
      t.input,
      Array.from({ length: 300 }, (_, i) => ({ value: `v${i}`, timestamp: t0 + i * 60_000 })),
    );
    const lookbackMs = 60 * 60_000; // one hour = 60 records
    const config = kafkaConfig(t, { kafka: { maxBatchRecords: 50, restoreLookbackMs: lookbackMs } });
    // first member: commits up to offset 200 and stops
    const first = await createKafkaSource(config, { logger: quietLogger() });
    const ac1 = new AbortController();
    let upTo = 0;
    const run1 = first.run(async (b) => {
      if (upTo >= 200) return;
      upTo += b.records.length;
      await b.commit();
      if (upTo >= 200) ac1.abort();
    }, ac1.signal);
    await withTimeout(run1, 30_000, 'first member');
    expect((await committedOffsets(t.groupId, t.input)).get(0)).toBe(200n);
    // second member: rebuild [140, 200) muted, then live from 200
    const second = await createKafkaSource(config, { logger: quietLogger() });
    const rebuilt: number[] = [];
    const live: number[] = [];
    const ac2 = new AbortController();
    const run2 = second.run(async (b) => {
      for (const r of b.records)
        if (r.position.kind === 'kafka') (b.rebuild ? rebuilt : live).push(Number(r.position.offset));
      await b.commit();
    }, ac2.signal);
    await waitFor(() => live.length === 100, 'live records after the rebuild');
    ac2.abort();
    await withTimeout(run2, 20_000, 'second member');
    expect(rebuilt).toEqual(Array.from({ length: 60 }, (_, i) => 140 + i));
    expect(live).toEqual(Array.from({ length: 100 }, (_, i) => 200 + i));
    expect((await committedOffsets(t.groupId, t.input)).get(0)).toBe(300n);
  });
});
