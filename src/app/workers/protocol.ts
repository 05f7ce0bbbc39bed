import type { Config } from '../../config/index.js';
import type { LinkClaim } from '../../contract/index.js';
import type { WireError } from '../../errors/index.js';
import type { GroupResult } from './group.js';
import type { PackedRecords } from './pack.js';

/** Given to each worker at start (workerData). */
export interface WorkerInit {
  readonly index: number;
  readonly config: Readonly<Config>;
  readonly secret: string;
  /** tally hook calls and ship them (metrics); false: none */
  readonly hooks: boolean;
  readonly evidence: boolean;
  /** measure event-time-to-emit latency against the wall clock (live runs) */
  readonly clock: boolean;
  /** Kafka with kafka.links.enabled: the worker reads and writes the links topic itself */
  readonly kafkaLinks: boolean;
}

export type ToWorker =
  | {
      readonly t: 'round';
      readonly id: number;
      readonly parts: readonly (readonly [number, PackedRecords])[];
      readonly claims: readonly LinkClaim[];
    }
  | {
      readonly t: 'batch';
      readonly id: number;
      readonly partition: number;
      readonly rebuild: boolean;
      readonly records: PackedRecords;
    }
  | { readonly t: 'finish'; readonly id: number }
  | { readonly t: 'close'; readonly id: number };

export type FromWorker =
  | { readonly t: 'ready' }
  | { readonly t: 'result'; readonly id: number; readonly result: GroupResult }
  /** Kafka: outputs a worker made between batches (a late cross-partition claim placed) */
  | { readonly t: 'spill'; readonly result: GroupResult }
  | { readonly t: 'closed'; readonly id: number }
  | { readonly t: 'error'; readonly id: number | null; readonly error: WireError };
