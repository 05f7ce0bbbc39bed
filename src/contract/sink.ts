import type { Channel, OutputRecord } from './records.js';

/**
 * Where output records go. `emit` queues; `flush` resolves when everything
 * emitted so far is durable (file written / broker acknowledged). A source
 * commits its positions only after the flush that covers them.
 */
export interface Sink {
  readonly name: string;
  emit(record: OutputRecord): void;
  /**
   * A record already serialised as `JSON.stringify(record)` (worker threads
   * serialise off the main thread): sinks that write JSON text take it as is;
   * without this method the caller parses it back and calls `emit`.
   */
  emitJson?(channel: Channel, json: string): void;
  flush(): Promise<void>;
  /** flush and release; how the run ended decides whether file outputs replace the previous run's */
  close(outcome?: RunOutcome): Promise<void>;
}

/**
 * How a run ended, for sinks that write files: `completed` (the input ended)
 * publishes the run's outputs; `interrupted` (a signal) keeps them aside;
 * `failed` (an error) drops them. The previous run's files stay unless the
 * run completed. Sinks whose records are sent as they go (Kafka, stdout)
 * ignore it.
 */
export type RunOutcome = 'completed' | 'interrupted' | 'failed';
