import {
  channelOf,
  NO_HOOKS,
  type Channel,
  type OutputRecord,
  type PipelineHooks,
  type Sink,
} from '../../contract/index.js';
import {
  bodyOfNotice,
  bodyOfRecord,
  bodyOfVerdict,
  prepareBody,
  type EvidenceBody,
  type EvidenceLog,
  type PreparedBody,
} from '../../evidence/index.js';
import { jsonOf } from '../../util/index.js';

/**
 * What a pipeline on a worker thread wrote, in the order it wrote it, made
 * ready to write where it was made: a sink record as its JSON (with the ids
 * the main thread routes verdicts by: its incident, and its command id when it
 * is a command), an evidence entry as its serialised body. The main thread
 * replays the ops into the real sink and evidence log
 * (src/app/workers/rounds.ts), so the hash chain and the output files have one
 * writer, and all that is left to it is linking each entry into the chain and
 * appending text.
 */
export type Op =
  readonly [0, Channel, json: string, incidentId: string | null, commandId: string | null] | readonly [1, PreparedBody];

/** A sink and an evidence log that only record what they are given. */
export class Capture {
  private ops: Op[] = [];

  /** @param onFlush told when the sink is flushed (the pipelines flush after each batch, and after a late claim) */
  constructor(private readonly onFlush: () => void = () => {}) {}

  /** Something was recorded since the last take(). */
  get pending(): boolean {
    return this.ops.length > 0;
  }

  readonly sink: Sink = {
    name: 'capture',
    emit: (r) => {
      const incident = 'incidentId' in r ? r.incidentId : null;
      const command = r.schema === 'doxguard.intervention/1' ? r.id : null;
      this.ops.push([0, channelOf(r), jsonOf(r), incident, command]);
    },
    flush: () => {
      this.onFlush();
      return DONE;
    },
    close: () => DONE,
  };

  readonly evidence: EvidenceLog = {
    name: 'capture-evidence',
    head: '',
    entries: 0,
    emit: (r) => this.entry(bodyOfRecord(r)),
    notice: (n, id) => this.entry(bodyOfNotice(n, id)),
    verdict: (v, id) => this.entry(bodyOfVerdict(v, id)),
    shadowCommand: (r) => this.entry(bodyOfRecord(r, true)),
    prepared: (p) => void this.ops.push([1, p]),
    flush: () => DONE,
    close: () => DONE,
  };

  /** The ops recorded since the last call. */
  take(): Op[] {
    const out = this.ops;
    this.ops = [];
    return out;
  }

  private entry(body: EvidenceBody | null): void {
    if (body) this.ops.push([1, prepareBody(body)]);
  }
}

const DONE = Promise.resolve();

/** Write recorded ops to the real sink and evidence log. */
export function replayOps(ops: readonly Op[], sink: Sink, evidence: EvidenceLog | null): void {
  for (const op of ops) {
    if (op[0] === 1) evidence?.prepared(op[1]);
    else if (sink.emitJson) sink.emitJson(op[1], op[2]);
    else sink.emit(JSON.parse(op[2]) as OutputRecord);
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
