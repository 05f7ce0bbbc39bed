import type { AlertRecord, InterventionRecord } from '../../src/contract/index.js';

/**
 * What a run decided, without the reasons each record lists (they name every signal, so they change with any
 * detector): a command as its time, incident, action, rule, targets and TTL; a warning or critical alert as its
 * time, incident, level and score. `watch` alerts and `previousLevel` are left out: spread alone decides watch,
 * and with it an incident may be watched before it warns. One line each, for bench/core/measure.ts's decisions
 * digest and tests/unit/pipeline/cascade-family.test.ts.
 */
export const commandDecision = (c: InterventionRecord): string =>
  [c.eventTime, c.incidentId, c.action, c.rule, JSON.stringify(c.targets), c.ttlSeconds].join(' ');

/** A warning or critical alert's decision line (see commandDecision); null for a watch alert. */
export const alertDecision = (a: AlertRecord): string | null =>
  a.level === 'watch' ? null : [a.eventTime, a.incidentId, a.level, a.score].join(' ');
