/**
 * `doxguard forecast`: the final size of each cascade in a history, as the
 * live cascade/forecast detector would judge it at given ages. A cascade is
 * the posts sharing a root (rootId when the platform gives it, else followed
 * up the parentId chain; a parent never seen is taken as the root), on one
 * platform. The state is built and judged with the detector's own functions
 * (addEvent, forecastNow): the same model, by construction and by test.
 */
import { type ForecastOptions, addPost, calibrate, forecast, forecastNow } from '../../detectors/index.js';
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

/**
 * One line per cascade and horizon (per cascade in the order given, its horizons as given): the forecast
 * from the posts up to that age, with the interval as the live detector's online calibration has it then.
 * The cascades are replayed together in event time, as a live pipeline sees them (watermark = the latest
 * event time: no out-of-orderness); forecasts a cascade reached a knot age with become calibration points
 * of its platform once their outcome is known, and move the later cascades' intervals (forecast-online.ts).
 */
export function forecastHistory(
  cascades: readonly Cascade[],
  horizons: readonly Horizon[],
  o: ForecastOptions,
): ForecastLine[][] {
  const cal = forecast.shared!.init(o);
  const states = cascades.map(() => forecast.init(o));
  const lines = cascades.map(() => new Array<ForecastLine>(horizons.length));
  // posts (kind 0) before queries (kind 1) at one instant: a query at an age counts the posts at it
  const items: { t: number; kind: 0 | 1; c: number; i: number }[] = [];
  cascades.forEach((c, ci) => {
    const t0 = c.events.reduce((m, e) => Math.min(m, e.time), Infinity);
    c.events.forEach((e, i) => items.push({ t: e.time, kind: 0, c: ci, i }));
    horizons.forEach((h, i) => items.push({ t: t0 + h.seconds * 1000, kind: 1, c: ci, i }));
  });
  items.sort((a, b) => a.t - b.t || a.kind - b.kind || a.c - b.c || a.i - b.i);
  for (const { t, kind, c, i } of items) {
    const state = states[c]!;
    const cascade = cascades[c]!;
    if (kind === 0) {
      const e = cascade.events[i]!;
      const post = { time: e.time, followers: e.authorFollowers, eventId: e.eventId, platform: cascade.platform };
      addPost(state, cal, post, o, t);
      continue;
    }
    calibrate(state, cal, o, t, t, true);
    const f = forecastNow(state, t, o, cascade.platform, cal);
    lines[c]![i] = {
      rootId: cascade.rootId,
      horizon: horizons[i]!.label,
      observed: state.posts,
      forecast: f.finalSize,
      low: f.low,
      high: f.high,
    };
  }
  return lines;
}

/** One cascade alone (forecastHistory of it). */
export const forecastCascade = (c: Cascade, horizons: readonly Horizon[], o: ForecastOptions): ForecastLine[] =>
  forecastHistory([c], horizons, o)[0]!;
