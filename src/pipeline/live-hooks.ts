import type { PipelineHooks } from '../contract/index.js';

/**
 * The pipeline's hooks, held back while it rebuilds. A rebuild re-reads up
 * to the look-back of input that an earlier owner (or this process before a
 * restart) already processed and counted; counting it again made
 * `increase(doxguard_alerts_total[…])` report hundreds of alerts nobody
 * sent. So while `rebuilding`, counters and histograms stay still and only
 * `rebuilt` counts; gauges, which describe the state, keep reporting it.
 */
export class LiveOnlyHooks implements PipelineHooks {
  rebuilding = false;

  constructor(private readonly live: PipelineHooks) {}

  eventIn(...a: Parameters<PipelineHooks['eventIn']>): void {
    if (!this.rebuilding) this.live.eventIn(...a);
  }
  deadLetter(reason: string): void {
    if (!this.rebuilding) this.live.deadLetter(reason);
  }
  skipped(format: string, kind: string): void {
    if (!this.rebuilding) this.live.skipped(format, kind);
  }
  deletion(...a: Parameters<PipelineHooks['deletion']>): void {
    if (!this.rebuilding) this.live.deletion(...a);
  }
  feedbackIn(...a: Parameters<PipelineHooks['feedbackIn']>): void {
    if (!this.rebuilding) this.live.feedbackIn(...a);
  }
  evicted(...a: Parameters<PipelineHooks['evicted']>): void {
    if (!this.rebuilding) this.live.evicted(...a);
  }
  detectorLatency(detector: string, seconds: number): void {
    if (!this.rebuilding) this.live.detectorLatency(detector, seconds);
  }
  alert(...a: Parameters<PipelineHooks['alert']>): void {
    if (!this.rebuilding) this.live.alert(...a);
  }
  command(...a: Parameters<PipelineHooks['command']>): void {
    if (!this.rebuilding) this.live.command(...a);
  }
  emitLatency(...a: Parameters<PipelineHooks['emitLatency']>): void {
    if (!this.rebuilding) this.live.emitLatency(...a);
  }
  noticeToAction(seconds: number): void {
    if (!this.rebuilding) this.live.noticeToAction(seconds);
  }
  linkClaim(...a: Parameters<PipelineHooks['linkClaim']>): void {
    if (!this.rebuilding) this.live.linkClaim(...a);
  }
  linkJoin(...a: Parameters<PipelineHooks['linkJoin']>): void {
    if (!this.rebuilding) this.live.linkJoin(...a);
  }
  rebuilt(records: number): void {
    this.live.rebuilt(records);
  }
  gauges(...a: Parameters<PipelineHooks['gauges']>): void {
    this.live.gauges(...a);
  }
}
