import { describe, expect, it } from 'vitest';
import type { DeadLetterRecord } from '../../../src/contract/index.js';
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
import { idOf, readOutputs, runFileMode, scenario } from './helpers/scenario.js';

const start = processorsKilledAfterEach();

const T = 1767600000000;
const BAD: readonly { name: string; value: Buffer | null; reason: string }[] = [
  { name: 'not JSON', value: Buffer.from('{"eventId": "x1", "platform":'), reason: 'DG_DLQ_NOT_JSON' },
  { name: 'JSON but not an object', value: Buffer.from('["post", 1]'), reason: 'DG_DLQ_NOT_OBJECT' },
  {
    name: 'wrong types',
    value: Buffer.from(
      JSON.stringify({ eventId: 5, platform: 'weibo', kind: 'post', postId: 'p', authorId: 'a', createdAt: T }),
    ),
    reason: 'DG_DLQ_SCHEMA',
  },
  {
    name: 'over the size limit',
    value: Buffer.from(
      JSON.stringify({
        eventId: 'big',
        platform: 'weibo',
        kind: 'post',
        postId: 'big',
        authorId: 'a',
        createdAt: T,
        text: 'x'.repeat(300 * 1024),
      }),
    ),
    reason: 'DG_DLQ_TOO_LARGE',
  },
  {
    name: 'invalid UTF-8',
    value: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x7d]),
    reason: 'DG_DLQ_INVALID_UTF8',
  },
  { name: 'an empty value', value: Buffer.alloc(0), reason: 'DG_DLQ_EMPTY' },
  { name: 'a tombstone', value: null, reason: 'DG_DLQ_EMPTY' },
];

describe.skipIf(!BROKERS)(`malformed input ${UNAVAILABLE}`, () => {
  it('(c) every kind of malformed message lands in the dead-letter topic with its reason, bytes and offset; the processor keeps going', async () => {
    const t = testTopics('dlq');
    const s = scenario({ seed: 5, backgroundCascades: 120, doxxing: 2, doxxingSize: 120, viral: 0 });
    await createTopic(t.input, 1);
    const half = Math.floor(s.lines.length / 2);
    const good = (from: number, to: number): ProduceMessage[] =>
      s.lines.slice(from, to).map((value, i) => ({ key: s.keys[from + i]!, value, partition: 0 }));
    const bad: ProduceMessage[] = BAD.map((b, i) => ({ key: `bad-${i}`, value: b.value, partition: 0 }));
    await produce(t.input, [...good(0, half), ...bad, ...good(half, s.lines.length)]);
    const end = (await endOffsets(t.input)).get(0)!;
    const config = kafkaConfigObject(t, { kafka: { maxBatchRecords: 200 } });

    const proc = start(writeConfig(config));
    await waitFor(
      async () => (await committedOffsets(t.groupId, t.input)).get(0) === end,
      'the whole input committed',
      120_000,
    );
    proc.kill('SIGTERM');
    expect(await proc.exited, proc.stderr()).toEqual({ code: 0, signal: null });

    const dlqMessages = await readTopic(t.dlq);
    expect(dlqMessages.length).toBe(BAD.length);
    const letters = dlqMessages.map((m) => ({ m, d: JSON.parse(m.value!) as DeadLetterRecord }));
    BAD.forEach((b, i) => {
      const offset = String(half + i);
      const found = letters.find(({ d }) => d.position.kind === 'kafka' && d.position.offset === offset);
      expect(found, b.name).toBeDefined();
      const { m, d } = found!;
      expect(d.reason, b.name).toBe(b.reason);
      expect(d.position, b.name).toEqual({ kind: 'kafka', topic: t.input, partition: 0, offset });
      expect(d.key, b.name).toBe(`bad-${i}`);
      expect(m.key, b.name).toBe(`bad-${i}`);
      expect(m.headers['doxguard-reason'], b.name).toBe(b.reason);
      expect(m.headers['doxguard-source-offset'], b.name).toBe(offset);
      if (b.value === null) expect(d.value, b.name).toBeNull();
      else
        expect(
          Buffer.from(d.value ?? '', d.valueEncoding === 'base64' ? 'base64' : 'utf8').equals(b.value),
          b.name,
        ).toBe(true);
    });
    expect(letters.find(({ d }) => d.reason === 'DG_DLQ_INVALID_UTF8')?.d.valueEncoding).toBe('base64');

    // the valid events around them were all processed, exactly as without the bad ones
    const reference = runFileMode(s, config);
    const got = await readOutputs(t);
    for (const channel of ['alerts', 'interventions', 'incidents'] as const)
      expect(got[channel].map(idOf).sort(), channel).toEqual(reference[channel].map(idOf).sort());
  });
});
