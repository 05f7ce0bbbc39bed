import type { Incident, IncidentStore } from '../incident/index.js';
import type { AlertLevel, PipelineHooks } from '../contract/index.js';

/** Counters the CLI summary and tests read (metrics go through PipelineHooks). */
export class PipelineStats {
  events = 0;
  duplicates = 0;
  late = 0;
  deadLetters = 0;
  /** platform messages of kinds doxguard does not use */
  skipped = 0;
  /** posts marked deleted */
  deletions = 0;
  notices = 0;
  alerts = 0;
  commands = 0;
  outputs = 0;
  expired = 0;
  evictions = 0;
}

/** The gauges sampled after each batch: incidents by level, graph size, the watermark and the notice clock. */
export function gaugesOf(
  active: Iterable<Incident>,
  store: IncidentStore,
  watermark: number,
): Parameters<PipelineHooks['gauges']>[0] {
  const byLevel: Record<AlertLevel, number> = { watch: 0, warning: 0, critical: 0 };
  let openNotices = 0;
  let oldestOpenNoticeTime: number | null = null;
  for (const i of active) {
    if (i.level) byLevel[i.level]++;
    for (const n of i.noticeEntries) {
      if (n.firstActionTime !== null) continue;
      openNotices++;
      if (oldestOpenNoticeTime === null || n.time < oldestOpenNoticeTime) oldestOpenNoticeTime = n.time;
    }
  }
  return {
    liveIncidents: store.liveCount,
    incidentsByLevel: byLevel,
    graphNodes: store.graph.order,
    graphEdges: store.graph.size,
    watermark,
    openNotices,
    oldestOpenNoticeTime,
  };
}
