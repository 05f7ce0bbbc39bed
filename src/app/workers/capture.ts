import {
  NO_HOOKS,
  type Notice,
  type OutputRecord,
  type PipelineHooks,
  type Sink,
  type Verdict,
} from '../../contract/index.js';
import type { EvidenceLog } from '../../evidence/index.js';

/**
 * What a pipeline on a worker thread wrote, in the order it wrote it: sink
 * records and evidence-log entries. The main thread replays the ops into the
 * real sink and evidence log (src/app/workers/rounds.ts), so the hash chain
 * and the output files have one writer.
 */
export type Op =
  | readonly [0, OutputRecord]
  | readonly [1, OutputRecord]
  | readonly [2, Notice, string | null]
  | readonly [3, Verdict, string | null]
  | readonly [4, OutputRecord];

/** A sink and an evidence log that only record what they are given. */
export class Capture {
  private ops: Op[] = [];

  readonly sink: Sink = {
    name: 'capture',
    emit: (r) => void this.ops.push([0, r]),
    flush: () => DONE,
    close: () => DONE,
  };

  readonly evidence: EvidenceLog = {
    name: 'capture-evidence',
    head: '',
    entries: 0,
    emit: (r) => void this.ops.push([1, r]),
    notice: (n, id) => void this.ops.push([2, n, id]),
    verdict: (v, id) => void this.ops.push([3, v, id]),
    shadowCommand: (r) => void this.ops.push([4, r]),
    flush: () => DONE,
    close: () => DONE,
  };

  /** The ops recorded since the last call. */
  take(): Op[] {
    const out = this.ops;
    this.ops = [];
    return out;
  }
}

const DONE = Promise.resolve();

/** Write recorded ops to the real sink and evidence log; `seen` learns who wrote each output. */
export function replayOps(ops: readonly Op[], sink: Sink, evidence: EvidenceLog | null): void {
  for (const op of ops) {
    switch (op[0]) {
      case 0:
        sink.emit(op[1]);
        break;
      case 1:
        evidence?.emit(op[1]);
        break;
      case 2:
        evidence?.notice(op[1], op[2]);
        break;
      case 3:
        evidence?.verdict(op[1], op[2]);
        break;
      case 4:
        evidence?.shadowCommand(op[1]);
        break;
    }
  }
}

/** Hook calls summed on the worker: counters as counts, histograms as their observations. */
export interface HookTally {
  readonly counts: [name: string, args: unknown[], count: number][];
  readonly observations: [name: string, labels: unknown[], values: number[]][];
}

/** histogram hooks: the last argument is the observed value */
const HISTOGRAMS = new Set<string>(['detectorLatency', 'emitLatency', 'noticeToAction']);

/** PipelineHooks that tally (everything but gauges, which the caller keeps per partition). */
export function tallyHooks(gauges: PipelineHooks['gauges']): { hooks: PipelineHooks; take(): HookTally } {
  let counts = new Map<string, [string, unknown[], number]>();
  let obs = new Map<string, [string, unknown[], number[]]>();
  const hooks: Record<string, (...args: unknown[]) => void> = {};
  for (const name of Object.keys(NO_HOOKS)) {
    if (name === 'gauges') continue;
    hooks[name] = HISTOGRAMS.has(name)
      ? (...args) => {
          const labels = args.slice(0, -1);
          const key = `${name}|${labels.join('|')}`;
          const value = args[args.length - 1] as number;
          const e = obs.get(key);
          if (e) e[2].push(value);
          else obs.set(key, [name, labels, [value]]);
        }
      : (...args) => {
          const key = `${name}|${args.join('|')}`;
          const e = counts.get(key);
          if (e) e[2]++;
          else counts.set(key, [name, args, 1]);
        };
  }
  hooks.gauges = gauges as (...args: unknown[]) => void;
  return {
    hooks: hooks as unknown as PipelineHooks,
    take: () => {
      const out = { counts: [...counts.values()], observations: [...obs.values()] };
      counts = new Map();
      obs = new Map();
      return out;
    },
  };
}

/** Replay a worker's tally onto the real hooks. */
export function replayTally(tally: HookTally, hooks: PipelineHooks): void {
  const call = hooks as unknown as Record<string, (...a: unknown[]) => void>;
  for (const [name, args, count] of tally.counts) for (let i = 0; i < count; i++) call[name]!(...args);
  for (const [name, labels, values] of tally.observations) for (const v of values) call[name]!(...labels, v);
}
