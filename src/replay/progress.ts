/**
 * Replay progress on stderr: records done of the total, events per second and
 * the time left. Redrawn in place on a terminal, a line every few seconds
 * otherwise. Wall clock injected, so a test can drive it.
 */
export class ReplayProgress {
  private readonly start: number;
  private last: number;
  private done = 0;

  constructor(
    private readonly total: number,
    private readonly stream: { write(s: string): unknown; isTTY?: boolean },
    private readonly now: () => number = Date.now,
    private readonly enabled = true,
  ) {
    this.start = now();
    this.last = this.start;
  }

  advance(n: number): void {
    this.done += n;
    const t = this.now();
    if (this.enabled && t - this.last >= (this.stream.isTTY ? 200 : 5000)) {
      this.last = t;
      this.stream.write(this.render(t, false));
    }
  }

  finish(): void {
    if (this.enabled) this.stream.write(this.render(this.now(), true));
  }

  /** The progress line at wall time `t`. */
  render(t: number, final: boolean): string {
    const secs = Math.max(0.001, (t - this.start) / 1000);
    const rate = this.done / secs;
    const pct = this.total > 0 ? Math.min(100, (100 * this.done) / this.total) : 100;
    const width = 24;
    const filled = Math.round((pct / 100) * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
    let line = `replay ${bar} ${pct.toFixed(1)}% ${fmt(this.done)}/${fmt(this.total)} records · ${fmt(rate)} ev/s`;
    if (final) line += ` · done in ${secs.toFixed(1)}s`;
    else line += ` · ETA ${rate > 0 ? formatDuration(Math.max(0, this.total - this.done) / rate) : '?'}`;
    return this.stream.isTTY ? `\r\x1b[K${line}${final ? '\n' : ''}` : `${line}\n`;
  }
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
