/**
 * The progress of long runs (`run`, `replay`, `simulate`): records done and
 * records per second; with a known total, a bar, the share done and the time
 * left. Where it goes follows the command's logs: when they are JSON (`run`),
 * a structured log line every few seconds and at the end (`log`), never a bar
 * among them; otherwise a live bar redrawn in place on a terminal, and a plain
 * line every few seconds when stderr is not one. Wall clock injected, so a
 * test can drive it.
 */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
}

/** What a JSON progress log line carries under `progress`. */
export interface ProgressFields {
  readonly label: string;
  readonly records: number;
  readonly total: number | null;
  readonly recordsPerSecond: number;
  readonly elapsedSeconds: number;
  /** seconds left at the current rate (null without a total or a rate) */
  readonly etaSeconds: number | null;
  readonly done: boolean;
}

/** A structured logger's line: `logger.info({progress}, message)`. */
export type ProgressLog = (fields: { progress: ProgressFields }, message: string) => void;

export class Progress {
  private readonly start: number;
  private last: number;
  private done = 0;
  /** `done` at the last report */
  private reported = 0;

  /** @param total records expected; null when unknown (a live run) */
  constructor(
    private readonly label: string,
    private readonly total: number | null,
    private readonly stream: ProgressStream = process.stderr,
    private readonly now: () => number = Date.now,
    private readonly enabled = true,
    /** logs are JSON: progress goes to them as structured lines, never as a bar on the stream */
    private readonly log?: ProgressLog,
  ) {
    this.start = now();
    this.last = this.start;
  }

  advance(n: number): void {
    this.done += n;
    const t = this.now();
    if (this.enabled && t - this.last >= (this.stream.isTTY && !this.log ? 200 : 5000)) {
      this.last = t;
      this.report(t, false);
    }
  }

  /**
   * Called on a timer while the input is idle (a live source between batches): reports what `advance` has not
   * reported yet, once the usual interval has passed, so the last batch before a lull shows up.
   */
  idle(): void {
    const t = this.now();
    if (this.enabled && this.done !== this.reported && t - this.last >= (this.stream.isTTY && !this.log ? 200 : 5000)) {
      this.last = t;
      this.report(t, false);
    }
  }

  finish(): void {
    if (this.enabled) this.report(this.now(), true);
  }

  private report(t: number, final: boolean): void {
    this.reported = this.done;
    if (this.log) this.log({ progress: this.fields(t, final) }, this.line(t, final));
    else this.stream.write(this.render(t, final));
  }

  /** The structured progress at wall time `t`. */
  fields(t: number, final: boolean): ProgressFields {
    const secs = Math.max(0.001, (t - this.start) / 1000);
    const rate = this.done / secs;
    return {
      label: this.label,
      records: this.done,
      total: this.total,
      recordsPerSecond: Math.round(rate),
      elapsedSeconds: Math.round(secs * 10) / 10,
      etaSeconds:
        this.total === null || rate <= 0 || final ? null : Math.round(Math.max(0, this.total - this.done) / rate),
      done: final,
    };
  }

  private line(t: number, final: boolean): string {
    const secs = Math.max(0.001, (t - this.start) / 1000);
    const rate = this.done / secs;
    return this.total === null ? this.count(secs, rate, final) : this.bar(this.total, secs, rate, final);
  }

  /** The progress line at wall time `t`. */
  render(t: number, final: boolean): string {
    const line = this.line(t, final);
    return this.stream.isTTY ? `\r\x1b[K${line}${final ? '\n' : ''}` : `${line}\n`;
  }

  private count(secs: number, rate: number, final: boolean): string {
    const line = `${this.label}: ${fmt(this.done)} records, ${fmt(rate)}/s`;
    return final ? `${line} in ${secs.toFixed(1)}s` : line;
  }

  private bar(total: number, secs: number, rate: number, final: boolean): string {
    const pct = total > 0 ? Math.min(100, (100 * this.done) / total) : 100;
    const width = 24;
    const filled = Math.round((pct / 100) * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    const line = `${this.label} ${bar} ${pct.toFixed(1)}% ${fmt(this.done)}/${fmt(total)} records · ${fmt(rate)} ev/s`;
    if (final) return `${line} · done in ${secs.toFixed(1)}s`;
    return `${line} · ETA ${rate > 0 ? formatDuration(Math.max(0, total - this.done) / rate) : '?'}`;
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
