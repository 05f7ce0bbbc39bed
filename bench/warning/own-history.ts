/**
 * `--fit --input FILE`: a platform's own history (doxguard events NDJSON) as
 * cascades by root, fitted with the shipped family. Unselected history — every
 * cascade, not only those that grew large — is what makes the fit honest for
 * that platform (see the README's "Refitting the forecast").
 */
import { readFileSync } from 'node:fs';
import { decodeRecord } from '../../src/decode/index.js';
import type { RepostEvent } from '../../src/contract/index.js';
import { groupByRoot } from '../../src/forecast/index.js';
import type { Cascade } from './datasets.js';
import { correctedAt } from './forecast-fit.js';
import { KNOT_AGES, observeTable } from './forecast-models.js';
import { SHIPPED_FAMILY, type ShippedFit, fitShipped, shippedOptions } from './forecast-ship.js';
import { fitInterval } from './interval-fit.js';

/** The history's cascades (by root), only those of `platform` when given. */
export function historyCascades(file: string, platform?: string): Cascade[] {
  const events: RepostEvent[] = [];
  readFileSync(file)
    .toString('utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      const r = decodeRecord({
        value: Buffer.from(line),
        key: null,
        position: { kind: 'file', file, line: i + 1 },
      });
      if (r.ok && r.record.type === 'event' && (platform === undefined || r.record.platform === platform))
        events.push(r.record);
    });
  return groupByRoot(events).map((c) => {
    const sorted = [...c.events].sort((a, b) => a.time - b.time);
    const t0 = sorted[0]!.time;
    return {
      id: `${c.platform}:${c.rootId}`,
      events: sorted.map((e) => [(e.time - t0) / 1000, e.authorFollowers] as const),
    };
  });
}

/**
 * `--interval-only`: the shipped (pooled) correction kept, only the interval calibrated on the history —
 * for a platform whose own correction does not beat naive on its held-out check (few cascades, tiny ones).
 */
export function fitOwnInterval(file: string, platform?: string): ShippedFit {
  const o = shippedOptions();
  const cascades = historyCascades(file, platform).filter((c) => c.events.length >= o.minPosts);
  const rows = observeTable(cascades, o);
  const predict = (x: Parameters<typeof correctedAt>[0], a: number): number =>
    correctedAt(x, KNOT_AGES[a]!, o.correction, o.maxRatio);
  return {
    family: 'shipped correction',
    correction: o.correction,
    interval: fitInterval([rows], predict),
    cascades: rows.length,
  };
}

export function fitOwnHistory(file: string, platform?: string, name = SHIPPED_FAMILY): ShippedFit {
  const o = shippedOptions();
  const cascades = historyCascades(file, platform).filter((c) => c.events.length >= o.minPosts);
  return fitShipped(name, [observeTable(cascades, o)], o.maxRatio);
}
