import type { SourcePosition } from './events.js';

/** One raw record as read: bytes, an optional key, and where it came from. */
export interface RawRecord {
  readonly value: Uint8Array | null;
  readonly key: Uint8Array | null;
  readonly position: SourcePosition;
}

/**
 * A batch of raw records. The pipeline processes it, flushes the sinks, and
 * only then resolves `commit`, so positions are committed after the outputs
 * they caused are durable (at-least-once).
 */
export interface RawBatch {
  readonly records: readonly RawRecord[];
  /**
   * Records re-read only to rebuild state (after a crash or a rebalance): the
   * pipeline processes them without emitting; their commit is a no-op.
   */
  readonly rebuild?: boolean;
  commit(): Promise<void>;
  /**
   * Called by the handler, if it wants, once the records are processed and
   * before it flushes: the source may then hand over the next batch (the Kafka
   * source: of the same partition) while this one's flush and commit go on. The
   * source still commits in order and never after a batch that failed.
   */
  processed?(): void;
}

export type BatchHandler = (batch: RawBatch) => Promise<void>;

/**
 * A source drives the pipeline: `run` delivers batches to the handler one at a
 * time (awaiting each, or until the handler calls `processed`: that is the
 * backpressure) until the input ends or the signal aborts, then resolves. A
 * source that cannot go on rejects.
 */
export interface Source {
  readonly name: string;
  run(handler: BatchHandler, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
