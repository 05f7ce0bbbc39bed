import type { AlertLevel, Action } from './records.js';

/**
 * What the pipeline reports as it works: src/metrics implements this with
 * prom-client, tests with plain counters. Labels are bounded vocabularies,
 * never ids, hashes or text. Wall time appears only here (latencies).
 */
export interface PipelineHooks {
  eventIn(platform: string, outcome: 'accepted' | 'duplicate' | 'late' | 'dead_letter'): void;
  deadLetter(reason: string): void;
  /** a platform message kind doxguard does not use (likes, follows, profile updates…), by format and kind */
  skipped(format: string, kind: string): void;
  /** a deletion: marked on a post in the graph, or about a post not (or no longer) there */
  deletion(outcome: 'marked' | 'unknown'): void;
  feedbackIn(kind: 'notice' | 'verdict', outcome: 'joined' | 'unmatched'): void;
  evicted(what: 'incident' | 'node', why: 'idle' | 'cap'): void;
  /** seconds one detector step took */
  detectorLatency(detector: string, seconds: number): void;
  alert(level: AlertLevel): void;
  command(action: Action, shadow: boolean): void;
  /** seconds from the causing event's event time to the emission of an alert or command (wall clock at emit) */
  emitLatency(kind: 'alert' | 'command', seconds: number): void;
  /** event-time seconds from a notice to the first action on its incident */
  noticeToAction(seconds: number): void;
  /** a cross-partition link claim published or received (src/pipeline/peer-join.ts) */
  linkClaim(direction: 'published' | 'received'): void;
  /** a claim of another partition matched here; late when the local watermark had passed its join delay */
  linkJoin(timing: 'on_time' | 'late'): void;
  /**
   * records re-read to rebuild a partition's state after a restart or a rebalance: processed without
   * emitting, and counted here only (every other counter and histogram counts live work alone)
   */
  rebuilt(records: number): void;
  /** sampled after each batch */
  gauges(g: {
    liveIncidents: number;
    incidentsByLevel: Record<AlertLevel, number>;
    graphNodes: number;
    graphEdges: number;
    watermark: number;
    openNotices: number;
    /** event time (ms) of the oldest notice not yet acted on, null when none: the notice clock */
    oldestOpenNoticeTime: number | null;
  }): void;
}

const noop = (): void => {};
export const NO_HOOKS: PipelineHooks = {
  eventIn: noop,
  deadLetter: noop,
  skipped: noop,
  deletion: noop,
  feedbackIn: noop,
  evicted: noop,
  detectorLatency: noop,
  alert: noop,
  command: noop,
  emitLatency: noop,
  noticeToAction: noop,
  linkClaim: noop,
  linkJoin: noop,
  rebuilt: noop,
  gauges: noop,
};
