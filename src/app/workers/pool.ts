import type { Worker } from 'node:worker_threads';
import { DoxguardError, fromWireError } from '../../errors/index.js';
import type { LinkClaim, RawRecord } from '../../contract/index.js';
import type { GroupResult } from './group.js';
import { packRecords, transferList } from './pack.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';
import { siblingModule, startWorker } from '../../util/index.js';

/** The compiled worker entry in a build, its source in a run from source. */
function spawn(workerData: WorkerInit): Worker {
  return startWorker(siblingModule('worker', import.meta.url), workerData);
}

interface Pending {
  resolve(r: GroupResult): void;
  reject(e: unknown): void;
}

/**
 * The main thread's side of N worker threads, each a PartitionGroup: partition
 * p runs on worker p mod N. Every failure of a worker (an error it reports, an
 * uncaught exception, an exit) rejects what is pending with a typed error
 * (DG_ERR_WORKER_CRASHED, or the worker's own code) and fails every later call.
 */
export class WorkerPool {
  private readonly threads: Worker[] = [];
  private readonly pending: Map<number, Pending>[] = [];
  private nextId = 0;
  private failure: DoxguardError | null = null;
  private closing = false;
  /** Kafka: a worker's outputs made between batches, in the order it made them relative to its results */
  onSpill: ((worker: number, result: GroupResult) => void) | null = null;

  private constructor(readonly size: number) {}

  static async start(size: number, init: Omit<WorkerInit, 'index'>): Promise<WorkerPool> {
    const pool = new WorkerPool(size);
    await Promise.all(
      Array.from({ length: size }, (_, index) => {
        const w = spawn({ ...init, index });
        pool.threads.push(w);
        pool.pending.push(new Map());
        return new Promise<void>((resolve, reject) => {
          w.on('message', (m: FromWorker) => (m.t === 'ready' ? resolve() : pool.onMessage(index, m)));
          w.on('error', (e) => {
            pool.fail(index, pool.crashed(index, `worker ${index} failed: ${e.message}`, { cause: e }));
            reject(pool.failure);
          });
          w.on('exit', (code) => {
            if (!pool.closing) pool.fail(index, pool.crashed(index, `worker ${index} exited (code ${code})`, { code }));
            reject(pool.failure);
          });
        });
      }),
    ).catch(async (e: unknown) => {
      await pool.terminate();
      throw e;
    });
    return pool;
  }

  /** The worker that runs `partition`. */
  workerOf(partition: number): number {
    return partition % this.size;
  }

  /** One round on every worker (each gets its partitions' records, maybe none, and every claim). */
  round(parts: ReadonlyMap<number, readonly RawRecord[]>, claims: readonly LinkClaim[]): Promise<GroupResult[]> {
    return Promise.all(
      this.threads.map((_, w) => {
        const mine = [...parts].filter(([p]) => this.workerOf(p) === w).map(([p, r]) => [p, packRecords(r)] as const);
        return this.send(w, (id) => ({ t: 'round', id, parts: mine, claims }), transferList(mine.map(([, x]) => x)));
      }),
    );
  }

  /** One Kafka partition's batch, on its worker. */
  batch(partition: number, records: readonly RawRecord[], rebuild: boolean): Promise<GroupResult> {
    const packed = packRecords(records);
    return this.send(this.workerOf(partition), (id) => ({ t: 'batch', id, partition, rebuild, records: packed }), [
      packed.bytes,
    ]);
  }

  finish(): Promise<GroupResult[]> {
    return Promise.all(this.threads.map((_, w) => this.send(w, (id) => ({ t: 'finish', id }), [])));
  }

  /** Close each worker's pipelines (and links topic) then stop the threads. */
  async close(): Promise<void> {
    if (this.failure === null)
      await Promise.all(this.threads.map((_, w) => this.send(w, (id) => ({ t: 'close', id }), []))).catch(() => {});
    await this.terminate();
  }

  private async terminate(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((w) => w.terminate()));
  }

  private send(w: number, make: (id: number) => ToWorker, transfer: ArrayBuffer[]): Promise<GroupResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<GroupResult>((resolve, reject) => {
      this.pending[w]!.set(id, { resolve, reject });
      this.threads[w]!.postMessage(make(id), transfer);
    });
  }

  private onMessage(w: number, m: FromWorker): void {
    if (m.t === 'result' || m.t === 'closed') {
      const p = this.pending[w]!.get(m.id);
      this.pending[w]!.delete(m.id);
      if (m.t === 'result') p?.resolve(m.result);
      else p?.resolve(null as never);
    } else if (m.t === 'spill') {
      this.onSpill?.(w, m.result);
    } else if (m.t === 'error') {
      const e = m.error;
      const named = { ...e, message: `worker ${w}: ${e.message}`, context: { ...e.context, worker: w } };
      this.fail(w, fromWireError(named, 'DG_ERR_WORKER_CRASHED'));
    }
  }

  private crashed(w: number, message: string, o: { code?: number; cause?: unknown }): DoxguardError {
    return new DoxguardError('DG_ERR_WORKER_CRASHED', message, {
      context: { worker: w, ...(o.code !== undefined ? { exitCode: o.code } : {}) },
      ...(o.cause !== undefined ? { cause: o.cause } : {}),
    });
  }

  private fail(w: number, error: DoxguardError): void {
    this.failure ??= error;
    for (const map of this.pending) {
      for (const p of map.values()) p.reject(this.failure);
      map.clear();
    }
    void w;
  }
}
