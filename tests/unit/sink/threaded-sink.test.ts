import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeadLetterRecord } from '../../../src/contract/index.js';
import { ConfigSchema } from '../../../src/config/index.js';
import { DoxguardError } from '../../../src/errors/index.js';
import { createKafkaSink, ThreadedKafkaSink, toMessage } from '../../../src/sink/kafka/index.js';
import { deadLetterAt } from '../../helpers/records.js';

const topics = { alerts: 'a', interventions: 'i', incidents: 'n', dlq: 'd' };
const deadLetter = (i: number, size = 10): DeadLetterRecord => deadLetterAt(i, 'x'.repeat(size));

/**
 * A stand-in producer thread speaking the producer thread's protocol: it keeps every message it is
 * sent and reports it to the test (`seen`); it answers a flush only when the test posts `ack` (or
 * `fail`) to it, so the test decides when the broker "acknowledged".
 */
const SCRIPT = `
const { parentPort } = require('node:worker_threads');
const flushes = [];
parentPort.on('message', (m) => {
  if (m.t === 'emit' || m.t === 'flush' || m.t === 'close') parentPort.postMessage({ t: 'seen', m });
  if (m.t === 'flush') flushes.push(m.id);
  else if (m.t === 'close') parentPort.postMessage({ t: 'closed' });
  else if (m.t === 'ack') parentPort.postMessage({ t: 'flushed', id: flushes.shift() });
  else if (m.t === 'fail')
    parentPort.postMessage({ t: 'failed', id: flushes.shift(), error: { code: 'DG_ERR_SINK_WRITE',
      message: 'the broker did not acknowledge output records', context: { sink: 'k' },
      cause: { name: 'KafkaJSProtocolError', message: 'NOT_ENOUGH_REPLICAS' } } });
  else if (m.t === 'exit') process.exit(3);
});
`;

interface Harness {
  readonly sink: ThreadedKafkaSink;
  readonly thread: Worker;
  /** what the thread received, in order */
  readonly seen: { t: string; messages?: unknown[]; id?: number }[];
}

const threads: Worker[] = [];
afterEach(async () => {
  await Promise.all(threads.splice(0).map((t) => t.terminate()));
});

function harness(): Harness {
  const thread = new Worker(SCRIPT, { eval: true });
  threads.push(thread);
  const seen: Harness['seen'] = [];
  thread.on('message', (m: { t: string; m?: Harness['seen'][number] }) => {
    if (m.t === 'seen') seen.push(m.m!);
  });
  return { sink: new ThreadedKafkaSink(thread, topics), thread, seen };
}

/** Until the thread has received `n` messages (a round trip through it). */
async function received(h: Harness, n: number): Promise<void> {
  for (let i = 0; i < 500 && h.seen.length < n; i++) await new Promise((r) => setTimeout(r, 2));
  expect(h.seen.length).toBeGreaterThanOrEqual(n);
}

const state = async (p: Promise<void>): Promise<'pending' | 'resolved' | 'rejected'> => {
  let s: 'pending' | 'resolved' | 'rejected' = 'pending';
  p.then(
    () => (s = 'resolved'),
    () => (s = 'rejected'),
  );
  await new Promise((r) => setTimeout(r, 20));
  return s;
};

describe('Kafka sink on a producer thread: the main thread’s side', () => {
  it('hands each output over as the in-thread sink would send it, in emit order, before the flush that follows it', async () => {
    const h = harness();
    const records = Array.from({ length: 300 }, (_, i) => deadLetter(i));
    for (const r of records.slice(0, 299)) h.sink.emit(r);
    // 256 held outputs cross at once; the rest wait for the flush
    await received(h, 1);
    expect(h.seen[0]!.t).toBe('emit');
    expect(h.seen[0]!.messages).toHaveLength(256);
    h.sink.emit(records[299]!);
    const f = h.sink.flush();
    await received(h, 3);
    expect(h.seen.map((m) => m.t)).toEqual(['emit', 'emit', 'flush']);
    const crossed = h.seen.flatMap((m) => m.messages ?? []);
    expect(crossed).toEqual(
      records.map((r) => {
        const { key, value, headers } = toMessage(r);
        return ['d', key, value, headers];
      }),
    );
    expect(await state(f)).toBe('pending'); // not before the thread says the broker acknowledged
    h.thread.postMessage({ t: 'ack' });
    expect(await state(f)).toBe('resolved');
  });

  it('a flush with nothing held still waits for the outputs emitted before it', async () => {
    const h = harness();
    h.sink.emit(deadLetter(0));
    const f1 = h.sink.flush();
    const f2 = h.sink.flush();
    await received(h, 3);
    expect(h.seen.map((m) => m.t)).toEqual(['emit', 'flush', 'flush']);
    h.thread.postMessage({ t: 'ack' });
    expect(await state(f1)).toBe('resolved');
    expect(await state(f2)).toBe('pending');
    h.thread.postMessage({ t: 'ack' });
    expect(await state(f2)).toBe('resolved');
  });

  it('a failed send fails its flush and every later one with the thread’s typed error and cause', async () => {
    const h = harness();
    h.sink.emit(deadLetter(0));
    const f1 = h.sink.flush();
    const f2 = h.sink.flush();
    await received(h, 3);
    h.thread.postMessage({ t: 'fail' });
    const e1 = await f1.catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(DoxguardError);
    expect(e1).toMatchObject({ code: 'DG_ERR_SINK_WRITE', context: { sink: 'k' } });
    expect((e1 as Error).cause).toMatchObject({ name: 'KafkaJSProtocolError', message: 'NOT_ENOUGH_REPLICAS' });
    await expect(f2).rejects.toBe(e1); // pending behind it: the same failure
    await expect(h.sink.flush()).rejects.toBe(e1); // sticky
  });

  it('the thread ending unasked fails what is pending and every later flush', async () => {
    const h = harness();
    h.sink.emit(deadLetter(0));
    const f = h.sink.flush();
    await received(h, 2);
    h.thread.postMessage({ t: 'exit' });
    await expect(f).rejects.toMatchObject({ code: 'DG_ERR_SINK_WRITE', message: expect.stringContaining('code 3') });
    await expect(h.sink.flush()).rejects.toMatchObject({ code: 'DG_ERR_SINK_WRITE' });
  });

  it('close flushes, asks the thread to close, and ends it; an emit after close throws', async () => {
    const h = harness();
    h.sink.emit(deadLetter(0));
    const closing = h.sink.close();
    await received(h, 2);
    expect(await state(closing)).toBe('pending'); // its flush waits for the acknowledgement
    h.thread.postMessage({ t: 'ack' });
    await closing;
    expect(h.seen.map((m) => m.t)).toEqual(['emit', 'flush', 'close']);
    expect(() => h.sink.emit(deadLetter(1))).toThrow(/emit after close/);
    expect(h.thread.threadId).toBe(-1); // terminated
  });
});

describe('Kafka sink on a producer thread: starting', () => {
  it('a sink that cannot start fails with the error the in-thread sink gives: its code, message and context', async () => {
    // a CA file that is not there fails before any connection (no broker needed)
    const config = ConfigSchema.parse({
      output: { kind: 'kafka' },
      kafka: { brokers: ['127.0.0.1:1'], tls: { enabled: true, caFile: '/nonexistent/doxguard-test-ca.pem' } },
    });
    const inThread = await createKafkaSink({ ...config, kafka: { ...config.kafka, producerThread: false } }).catch(
      (e: unknown) => e,
    );
    const threaded = await createKafkaSink({ ...config, kafka: { ...config.kafka, producerThread: true } }).catch(
      (e: unknown) => e,
    );
    expect(inThread).toBeInstanceOf(DoxguardError);
    expect(threaded).toBeInstanceOf(DoxguardError);
    const { code, message, context } = inThread as DoxguardError;
    expect(message).toContain('kafka.tls.caFile');
    expect(threaded).toMatchObject({ code, message, context });
  });
});
