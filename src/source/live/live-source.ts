import type { BatchHandler, RawRecord, Source, SourcePosition } from '../../contract/index.js';
import type { Transport } from './transports.js';

export interface LiveSourceOptions {
  readonly kind: 'websocket' | 'sse';
  readonly url: string;
  readonly transport: Transport;
  readonly batchSize: number;
  readonly flushMs: number;
  readonly reconnect: { readonly initialMs: number; readonly maxMs: number };
  /** a resumable stream's position in a message (Jetstream's time_us), and how a URL resumes from it */
  readonly cursor?: {
    readonly of: (bytes: Uint8Array) => number | null;
    readonly resume: (url: string, cursor: number) => string;
    readonly initial: number | null;
  };
  /** told about each connection and each drop (logs, tests) */
  readonly onConnection?: (event: { url: string; attempt: number; error?: unknown }) => void;
  /** backoff jitter in [0, 1); Math.random by default, a constant in tests */
  readonly random?: () => number;
}

/**
 * A live stream (WebSocket or server-sent events) as a source: messages are batched (batchSize or flushMs,
 * whichever first) and handed over one batch at a time; a dropped connection is reopened with exponential
 * backoff and jitter, resuming a resumable stream from the cursor of the last batch the pipeline committed
 * (Jetstream replays from there; redelivered events are dropped by the pipeline's dedupe). It ends only when
 * the signal aborts. Positions are the host and a sequence number: nothing of the URL's query (tokens).
 */
export class LiveSource implements Source {
  readonly name: string;
  private seq = 0;
  private committedCursor: number | null;
  private lastCursor: number | null;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(private readonly options: LiveSourceOptions) {
    this.name = `${options.kind}:${new URL(options.url).host}`;
    this.committedCursor = options.cursor?.initial ?? null;
    this.lastCursor = this.committedCursor;
  }

  /** the cursor the next connection resumes from: the last committed batch's */
  get cursor(): number | null {
    return this.committedCursor;
  }

  async run(handler: BatchHandler, signal: AbortSignal): Promise<void> {
    const { options } = this;
    const host = new URL(options.url).host;
    let pending: RawRecord[] = [];
    let timer: NodeJS.Timeout | null = null;
    const flush = (): void => {
      if (timer) clearTimeout(timer);
      timer = null;
      if (pending.length === 0) return;
      const records = pending;
      const cursor = this.lastCursor;
      pending = [];
      this.chain = this.chain
        .then(() =>
          handler({
            records,
            commit: async () => {
              if (cursor !== null) this.committedCursor = cursor;
            },
          }),
        )
        .catch((e: unknown) => {
          this.failure ??= e;
        });
    };
    const onMessage = (bytes: Uint8Array): void => {
      const position: SourcePosition = { kind: 'stream', stream: host, seq: ++this.seq };
      pending.push({ value: bytes, key: null, position });
      const c = options.cursor?.of(bytes);
      if (c !== undefined && c !== null && (this.lastCursor === null || c > this.lastCursor)) this.lastCursor = c;
      if (pending.length >= options.batchSize) flush();
      else timer ??= setTimeout(flush, options.flushMs);
    };
    let attempt = 0;
    while (!signal.aborted && this.failure === null) {
      const url =
        options.cursor && this.committedCursor !== null
          ? options.cursor.resume(options.url, this.committedCursor)
          : options.url;
      const before = this.seq;
      let error: unknown;
      try {
        await options.transport(url, onMessage, signal);
      } catch (e) {
        error = e;
      }
      flush();
      await this.chain;
      options.onConnection?.({ url, attempt, ...(error === undefined ? {} : { error }) });
      if (signal.aborted || this.failure !== null) break;
      attempt = this.seq > before ? 0 : attempt + 1;
      const base = Math.min(options.reconnect.maxMs, options.reconnect.initialMs * 2 ** Math.min(attempt, 20));
      await sleep(base * (0.5 + (options.random ?? Math.random)() / 2), signal);
    }
    flush();
    await this.chain;
    if (this.failure !== null) throw this.failure;
  }

  async close(): Promise<void> {}
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
