import type { Config } from '../../config/index.js';
import { DoxguardError, ERROR_CATALOGUE, type ErrorCode, isDoxguardError } from '../../errors/index.js';

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

/** A DoxguardError as it crosses threads: its code, message and context, and its cause's name and message. */
export interface WireError {
  readonly code: string | null;
  readonly message: string;
  readonly context: Readonly<Record<string, unknown>>;
  readonly cause: { readonly name: string; readonly message: string } | null;
}

export function toWireError(e: unknown): WireError {
  const cause =
    e instanceof Error && e.cause instanceof Error ? { name: e.cause.name, message: e.cause.message } : null;
  return {
    code: isDoxguardError(e) ? e.code : null,
    message: e instanceof Error ? e.message : String(e),
    context: isDoxguardError(e) ? e.context : {},
    cause,
  };
}

/** The error again, typed: its own code when the catalogue knows it, else `fallback`. */
export function fromWireError(w: WireError, fallback: ErrorCode): DoxguardError {
  const code = w.code !== null && w.code in ERROR_CATALOGUE ? (w.code as ErrorCode) : fallback;
  const cause = w.cause === null ? undefined : Object.assign(new Error(w.cause.message), { name: w.cause.name });
  return new DoxguardError(code, w.message, { context: w.context, ...(cause ? { cause } : {}) });
}
