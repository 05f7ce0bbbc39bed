import { DoxguardError } from '../errors/index.js';
import type { EvidenceLog } from '../evidence/index.js';
import {
  type Notice,
  type Verdict,
  OutputRecordSchema,
  type AlertRecord,
  type IncidentRecord,
  type InterventionRecord,
  type OutputRecord,
  type Sink,
  type PipelineHooks,
} from '../contract/index.js';
import type { PipelineStats } from './stats.js';
import { compileRecordCheck } from './record-check.js';

/** zod's yes without zod's copy of the record (src/pipeline/record-check.ts); zod itself on anything else */
const quickCheck = compileRecordCheck(OutputRecordSchema);

export interface PipelineOutputsDeps {
  readonly sink: Sink;
  readonly evidence: EvidenceLog | null;
  readonly hooks: PipelineHooks;
  readonly stats: PipelineStats;
  /** validate every record against its zod schema before it is sent */
  readonly validate: boolean;
  /** wall clock (epoch ms) for the event-time-to-emit latency; null: not measured (replays, tests) */
  readonly clock: (() => number) | null;
}

/**
 * The pipeline's output side. Every record it writes passes here: checked
 * against its schema, counted, sent to the sink and kept in the evidence
 * log. While `muted` (rebuilding state after a restart) decisions are still
 * made but nothing is written, so a rebuilt partition does not repeat what
 * its previous owner already sent.
 */
export class PipelineOutputs {
  muted = false;

  constructor(private readonly deps: PipelineOutputsDeps) {}

  emit(record: OutputRecord | IncidentRecord): void {
    if (this.muted) return;
    if (this.deps.validate && !quickCheck(record)) {
      const r = OutputRecordSchema.safeParse(record);
      if (!r.success)
        throw new DoxguardError('DG_ERR_RECORD_INVALID', `output record failed its schema: ${r.error.message}`, {
          context: { schema: record.schema, id: record.id },
        });
    }
    this.deps.stats.outputs++;
    this.deps.sink.emit(record);
    this.deps.evidence?.emit(record);
  }

  /** An alert caused by an event (or tick) at `eventTime`. */
  alert(alert: AlertRecord, eventTime: number): void {
    this.deps.stats.alerts++;
    this.deps.hooks.alert(alert.level);
    this.emit(alert);
    this.observeLatency('alert', eventTime);
  }

  /** A command; `eventTime` null when no event caused it (a reviewer's verdict lifted it). */
  command(command: InterventionRecord, eventTime: number | null): void {
    this.deps.stats.commands++;
    this.deps.hooks.command(command.action, false);
    this.emit(command);
    if (eventTime !== null) this.observeLatency('command', eventTime);
  }

  /** Shadow mode: commands decided but not sent are counted and kept in the evidence log. */
  shadow(commands: readonly OutputRecord[]): void {
    for (let i = 0; i < commands.length; i++) {
      const c = commands[i]!;
      if (c.schema === 'doxguard.intervention/1') this.deps.hooks.command(c.action, true);
      if (!this.muted) this.deps.evidence?.shadowCommand(c);
    }
  }

  notice(notice: Notice, incidentId: string | null): void {
    if (!this.muted) this.deps.evidence?.notice(notice, incidentId);
  }

  verdict(verdict: Verdict, incidentId: string | null): void {
    if (!this.muted) this.deps.evidence?.verdict(verdict, incidentId);
  }

  /** Makes everything written so far durable: the sink, then the evidence log. */
  async flush(): Promise<void> {
    await this.deps.sink.flush();
    await this.deps.evidence?.flush();
  }

  /** Event time of the cause to emission, by the wall clock (live runs only: a replay's history is old by design). */
  private observeLatency(kind: 'alert' | 'command', eventTime: number): void {
    const { clock } = this.deps;
    if (clock && !this.muted) this.deps.hooks.emitLatency(kind, Math.max(0, (clock() - eventTime) / 1000));
  }
}
