import type { Config } from '../../config/index.js';
import type { WireError } from '../../errors/index.js';

/** What the producer thread starts from. */
export interface ProducerInit {
  readonly config: Readonly<Config>;
  /** KafkaSinkOptions' (undefined: their defaults) */
  readonly sendThreshold: number | undefined;
  readonly sendBytes: number | undefined;
}

/** One output as it crosses to the producer thread: its topic, key, value (JSON) and headers. */
export type WireMessage = readonly [topic: string, key: string | null, value: string, headers: Record<string, string>];

export type ToProducer =
  /** outputs in emit order */
  | { readonly t: 'emit'; readonly messages: readonly WireMessage[] }
  /** answer `flushed` (or `failed`) once everything emitted before it is acknowledged */
  | { readonly t: 'flush'; readonly id: number }
  /** flush, disconnect, answer `closed`, end the thread */
  | { readonly t: 'close' };

export type FromProducer =
  | { readonly t: 'ready' }
  | { readonly t: 'flushed'; readonly id: number }
  /** the flush `id` failed (null: starting failed); every later flush fails too */
  | { readonly t: 'failed'; readonly id: number | null; readonly error: WireError }
  | { readonly t: 'closed' };
