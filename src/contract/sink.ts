import type { OutputRecord } from './records.js';

/**
 * Where output records go. `emit` queues; `flush` resolves when everything
 * emitted so far is durable (file written / broker acknowledged). A source
 * commits its positions only after the flush that covers them.
 */
export interface Sink {
  readonly name: string;
  emit(record: OutputRecord): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}
