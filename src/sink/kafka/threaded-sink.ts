import type { Worker } from 'node:worker_threads';
import type { Config } from '../../config/index.js';
import { DoxguardError, fromWireError } from '../../errors/index.js';
import { channelOf, type Channel, type OutputRecord, type Sink } from '../../contract/index.js';
import { siblingModule, startWorker } from '../../util/index.js';
import type { KafkaSinkOptions } from './connect.js';
import { toMessage } from './kafka-sink.js';
import type { FromProducer, ProducerInit, ToProducer, WireMessage } from './producer-protocol.js';

/** Outputs held here before they cross to the producer thread in one message (a flush sends them sooner). */
const POST_MESSAGES = 256;
const POST_CHARS = 256 * 1024;

interface PendingFlush {
  resolve(): void;
  reject(e: unknown): void;
}

/**
 * The main thread's side of a KafkaSink on its own thread (src/sink/kafka/producer-thread.ts).
 * `emit` makes the message here (JSON, key, headers: the record never crosses) and hands it over in
 * groups; `flush` resolves once the broker acknowledged everything emitted before it, as KafkaSink's
 * does. A failed send, or the thread ending, is sticky: that flush and every later one reject with
 * DG_ERR_SINK_WRITE, so the source never commits past an output that was lost.
 */
export class ThreadedKafkaSink implements Sink {
  readonly name: string;
  private held: WireMessage[] = [];
  private heldChars = 0;
  private readonly flushes = new Map<number, PendingFlush>();
  private nextFlush = 0;
  private failure: DoxguardError | null = null;
  private closed = false;
  /** resolved when the thread answers `closed` (it flushed and disconnected) or ends */
  private readonly done: Promise<void>;
  private finished!: () => void;

  constructor(
    private readonly thread: Worker,
    private readonly topics: Readonly<Record<Channel, string>>,
  ) {
    this.name = `kafka:${Object.values(topics).join(',')}`;
    this.done = new Promise((resolve) => (this.finished = resolve));
    thread.on('message', (m: FromProducer) => this.onMessage(m));
    thread.on('error', (e) => this.fail(this.lost(`the producer thread failed: ${e.message}`, e)));
    thread.on('exit', (code) => {
      if (!this.closed) this.fail(this.lost(`the producer thread exited (code ${code})`, null));
      this.finished();
    });
  }

  emit(record: OutputRecord): void {
    if (this.closed) throw new DoxguardError('DG_ERR_SINK_WRITE', 'emit after close', { context: { sink: this.name } });
    const { key, value, headers } = toMessage(record);
    const json = value as string;
    this.held.push([this.topics[channelOf(record)], key as string | null, json, headers as Record<string, string>]);
    this.heldChars += json.length;
    if (this.held.length >= POST_MESSAGES || this.heldChars >= POST_CHARS) this.handOver();
  }

  flush(): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    this.handOver();
    const id = this.nextFlush++;
    return new Promise<void>((resolve, reject) => {
      this.flushes.set(id, { resolve, reject });
      this.post({ t: 'flush', id });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      // a thread that failed has nothing to flush: it ends at once; else it disconnects first
      if (this.failure === null) {
        this.post({ t: 'close' });
        await this.done;
      }
      await this.thread.terminate();
    }
  }

  /** The held outputs cross to the producer thread, in emit order. */
  private handOver(): void {
    if (this.held.length === 0) return;
    this.post({ t: 'emit', messages: this.held });
    this.held = [];
    this.heldChars = 0;
  }

  private post(m: ToProducer): void {
    this.thread.postMessage(m);
  }

  private onMessage(m: FromProducer): void {
    if (m.t === 'flushed') {
      this.flushes.get(m.id)?.resolve();
      this.flushes.delete(m.id);
    } else if (m.t === 'failed') {
      this.fail(fromWireError(m.error, 'DG_ERR_SINK_WRITE'));
    } else if (m.t === 'closed') {
      this.finished();
    }
  }

  private lost(message: string, cause: unknown): DoxguardError {
    return new DoxguardError('DG_ERR_SINK_WRITE', message, {
      context: { sink: this.name },
      ...(cause !== null ? { cause } : {}),
    });
  }

  /** Sticky: every pending and later flush rejects with the first failure. */
  private fail(e: DoxguardError): void {
    this.failure ??= e;
    for (const f of this.flushes.values()) f.reject(this.failure);
    this.flushes.clear();
  }
}

/**
 * Start the producer thread and wait until its producer is connected (and the missing output topics made):
 * a sink that cannot connect fails here with the error the in-thread sink would have thrown.
 */
export async function startProducerThread(config: Readonly<Config>, options: KafkaSinkOptions): Promise<Sink> {
  const init: ProducerInit = { config, sendThreshold: options.sendThreshold, sendBytes: options.sendBytes };
  const thread = startWorker(siblingModule('producer-thread', import.meta.url), init);
  await new Promise<void>((resolve, reject) => {
    // until the first answer only: the sink listens for itself from then on
    const settle = (error: DoxguardError | null): void => {
      thread.off('message', onMessage).off('error', onError).off('exit', onExit);
      if (error === null) resolve();
      else reject(error);
    };
    const onMessage = (m: FromProducer): void =>
      settle(
        m.t === 'ready'
          ? null
          : m.t === 'failed'
            ? fromWireError(m.error, 'DG_ERR_SINK_CONNECT')
            : new DoxguardError('DG_ERR_SINK_CONNECT', `the producer thread answered ${m.t} before ready`),
      );
    const onError = (e: Error): void =>
      settle(new DoxguardError('DG_ERR_SINK_CONNECT', `the producer thread failed: ${e.message}`, { cause: e }));
    const onExit = (code: number): void =>
      settle(new DoxguardError('DG_ERR_SINK_CONNECT', `the producer thread exited (code ${code}) before it connected`));
    thread.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
  return new ThreadedKafkaSink(thread, config.kafka.topics);
}
