/**
 * A one-line progress report on stderr for long runs: records, events/s and,
 * when the total is known, percent and ETA. Wall time only; redrawn in place
 * on a terminal, one line every few seconds otherwise.
 */
export class Progress {
  private readonly start = Date.now();
  private last = Date.now();
  private done = 0;

  constructor(
    private readonly label: string,
    private readonly total: number | null,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled = true,
  ) {}

  advance(n: number): void {
    this.done += n;
    const now = Date.now();
    const interval = this.stream.isTTY ? 200 : 5000;
    if (this.enabled && now - this.last >= interval) {
      this.last = now;
      this.draw(now, false);
    }
  }

  finish(): void {
    if (this.enabled) this.draw(Date.now(), true);
  }

  private draw(now: number, final: boolean): void {
    const secs = Math.max(0.001, (now - this.start) / 1000);
    const rate = this.done / secs;
    let line = `${this.label}: ${this.done.toLocaleString('en-US')} records, ${Math.round(rate).toLocaleString('en-US')}/s`;
    if (this.total) {
      const pct = Math.min(100, (100 * this.done) / this.total);
      const eta = rate > 0 ? Math.max(0, (this.total - this.done) / rate) : 0;
      line += `, ${pct.toFixed(1)}%` + (final ? '' : `, ETA ${eta.toFixed(0)}s`);
    }
    line += final ? ` in ${secs.toFixed(1)}s` : '';
    if (this.stream.isTTY) this.stream.write(`\r\x1b[K${line}${final ? '\n' : ''}`);
    else this.stream.write(line + '\n');
  }
}
