import type { Producer, ProducerBatch } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { DeadLetterRecord } from '../../../src/contract/index.js';
import { DoxguardError } from '../../../src/errors/index.js';
import { createLogger } from '../../../src/log/index.js';
import { KafkaSink } from '../../../src/sink/kafka/index.js';
import { deadLetterAt } from '../../helpers/records.js';

const deadLetter = (i: number, size = 10): DeadLetterRecord => deadLetterAt(i, 'x'.repeat(size));

/** A producer whose sends are answered when the test says: `sends` holds each send's offsets, `answer` acks (or fails) the oldest. */
class FakeProducer {
  readonly sends: number[][] = [];
  private readonly pending: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  inFlight = 0;
  maxInFlight = 0;

  sendBatch(batch: ProducerBatch): Promise<unknown> {
    this.sends.push(
      batch.topicMessages!.flatMap((t) =>
        t.messages.map((m) =>
          Number((JSON.parse(m.value as string) as { position: { offset: string } }).position.offset),
        ),
      ),
    );
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    return new Promise((resolve, reject) => this.pending.push({ resolve: () => resolve([]), reject }));
  }

  async answer(error?: unknown): Promise<void> {
    await tick();
    const p = this.pending.shift()!;
    this.inFlight--;
    if (error === undefined) p.resolve();
    else p.reject(error);
    await tick();
  }

  disconnect(): Promise<void> {
    return Promise.resolve();
  }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const topics = { alerts: 'a', interventions: 'i', incidents: 'n', dlq: 'd' };
const sinkOn = (producer: FakeProducer, limits = { sendThreshold: 1000, sendBytes: 1 << 20 }): KafkaSink =>
  new KafkaSink(producer as unknown as Producer, { topics, ...limits }, createLogger({ level: 'silent' }));
const settledState = async (p: Promise<void>): Promise<'pending' | 'resolved' | 'rejected'> => {
  let state: 'pending' | 'resolved' | 'rejected' = 'pending';
  p.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await tick();
  return state;
};

describe('Kafka sink: one send in flight, flushes share the next', () => {
  it('flushes during a send ride together in the next one, in emit order; each resolves once its own outputs are acked', async () => {
    const producer = new FakeProducer();
    const sink = sinkOn(producer);
    sink.emit(deadLetter(0));
    const f0 = sink.flush();
    sink.emit(deadLetter(1));
    const f1 = sink.flush();
    sink.emit(deadLetter(2));
    sink.emit(deadLetter(3));
    const f2 = sink.flush();
    await tick();
    expect(producer.sends).toEqual([[0]]); // the first send is out; the rest wait for its answer
    await producer.answer();
    expect(await settledState(f0)).toBe('resolved');
    expect(await settledState(f1)).toBe('pending');
    expect(producer.sends).toEqual([[0], [1, 2, 3]]); // one send for both later flushes
    sink.emit(deadLetter(4)); // after f2: f2 does not wait for it
    await producer.answer();
    expect(await settledState(f1)).toBe('resolved');
    expect(await settledState(f2)).toBe('resolved');
    expect(producer.sends).toEqual([[0], [1, 2, 3], [4]]);
    await producer.answer();
    expect(producer.maxInFlight).toBe(1);
    expect(sink.acknowledged).toBe(5);
    await sink.flush(); // nothing queued: resolves at once
  });

  it('a send stays within one send’s limits: the queue goes out in several, in order', async () => {
    const producer = new FakeProducer();
    const sink = sinkOn(producer, { sendThreshold: 3, sendBytes: 1 << 20 });
    for (let i = 0; i < 8; i++) sink.emit(deadLetter(i)); // the threshold starts a send at 3
    const f = sink.flush();
    await tick();
    expect(producer.sends).toEqual([[0, 1, 2]]);
    await producer.answer();
    await producer.answer();
    expect(await settledState(f)).toBe('pending');
    await producer.answer();
    expect(await settledState(f)).toBe('resolved');
    expect(producer.sends).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7],
    ]);

    const bytes = new FakeProducer();
    const big = sinkOn(bytes, { sendThreshold: 1000, sendBytes: 2500 }); // ~1 KB per message here
    for (let i = 0; i < 6; i++) big.emit(deadLetter(i, 1000));
    const g = big.flush();
    for (let i = 0; i < 3; i++) await bytes.answer();
    await g;
    expect(bytes.sends.every((s) => s.length <= 3)).toBe(true);
    expect(bytes.sends.flat()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('a failed send fails its flush and every later one, and sends nothing more', async () => {
    const producer = new FakeProducer();
    const sink = sinkOn(producer);
    sink.emit(deadLetter(0));
    const f0 = sink.flush();
    sink.emit(deadLetter(1));
    const f1 = sink.flush();
    const outcomes = Promise.allSettled([f0, f1]);
    await producer.answer(new Error('broker gone'));
    const [r0, r1] = await outcomes;
    expect(r0.status === 'rejected' && r0.reason instanceof DoxguardError).toBe(true);
    expect(r1).toMatchObject({ status: 'rejected', reason: { code: 'DG_ERR_SINK_WRITE' } });
    sink.emit(deadLetter(2));
    await expect(sink.flush()).rejects.toMatchObject({ code: 'DG_ERR_SINK_WRITE' });
    expect(producer.sends).toEqual([[0]]);
  });
});
