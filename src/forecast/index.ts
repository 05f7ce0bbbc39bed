/**
 * `doxguard forecast`: the final size of each cascade in a history, as the
 * live cascade/forecast detector would judge it at given ages. A cascade is
 * the posts sharing a root (rootId when the platform gives it, else followed
 * up the parentId chain; a parent never seen is taken as the root), on one
 * platform. The state is built and judged with the detector's own functions
 * (addEvent, forecastNow): the same model, by construction and by test.
 */
import { type ForecastOptions, addEvent, forecast, forecastNow } from '../../detectors/index.js';
import type { RepostEvent } from '../contract/index.js';

export interface Cascade {
  readonly platform: string;
  readonly rootId: string;
  /** in input order */
  readonly events: RepostEvent[];
}

/** Cascades by root, ordered by their first event time, then platform and root id. */
export function groupByRoot(events: Iterable<RepostEvent>): Cascade[] {
  const rootOf = new Map<string, string>();
  const cascades = new Map<string, Cascade>();
  const key = (platform: string, id: string): string => `${platform}\u0000${id}`;
  for (const e of events) {
    const root = e.rootId ?? (e.parentId === null ? e.postId : (rootOf.get(key(e.platform, e.parentId)) ?? e.parentId));
    rootOf.set(key(e.platform, e.postId), root);
    const k = key(e.platform, root);
    let c = cascades.get(k);
    if (!c) cascades.set(k, (c = { platform: e.platform, rootId: root, events: [] }));
    c.events.push(e);
  }
  const first = (c: Cascade): number => Math.min(...c.events.map((e) => e.time));
  return [...cascades.values()]
    .map((c) => ({ c, t: first(c) }))
    .sort(
      (a, b) =>
        a.t - b.t ||
        (a.c.platform < b.c.platform ? -1 : a.c.platform > b.c.platform ? 1 : 0) ||
        (a.c.rootId < b.c.rootId ? -1 : a.c.rootId > b.c.rootId ? 1 : 0),
    )
    .map((x) => x.c);
}

export interface Horizon {
  /** as given on the command line */
  readonly label: string;
  readonly seconds: number;
}

/** '90s', '30m', '1h', '1.5h', '2d' → seconds; null when unreadable. */
export function parseHorizon(label: string): Horizon | null {
  const m = /^(\d+(?:\.\d+)?)(s|m|h|d)$/.exec(label.trim());
  if (!m) return null;
  const seconds = Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return seconds > 0 ? { label: label.trim(), seconds } : null;
}

export interface ForecastLine {
  readonly rootId: string;
  readonly horizon: string;
  readonly observed: number;
  readonly forecast: number;
  readonly low: number;
  readonly high: number;
}

/** One line per cascade and horizon: the forecast from the posts up to that age (event time since its first post). */
export function forecastCascade(c: Cascade, horizons: readonly Horizon[], o: ForecastOptions): ForecastLine[] {
  // stable by time: posts at one instant keep their input order
  const events = c.events.map((e, i) => ({ e, i })).sort((a, b) => a.e.time - b.e.time || a.i - b.i);
  const t0 = events[0]!.e.time;
  return [...horizons]
    .map((h, i) => ({ h, i }))
    .sort((a, b) => a.h.seconds - b.h.seconds || a.i - b.i)
    .reduce(
      (acc, { h, i }) => {
        const until = t0 + h.seconds * 1000;
        while (acc.next < events.length && events[acc.next]!.e.time <= until) {
          const { e } = events[acc.next++]!;
          addEvent(acc.state, e.time, e.authorFollowers, e.eventId, o, c.platform);
        }
        const f = forecastNow(acc.state, until, o, c.platform);
        acc.lines[i] = {
          rootId: c.rootId,
          horizon: h.label,
          observed: acc.state.posts,
          forecast: f.finalSize,
          low: f.low,
          high: f.high,
        };
        return acc;
      },
      { state: forecast.init(o), next: 0, lines: new Array<ForecastLine>(horizons.length) },
    ).lines;
}
