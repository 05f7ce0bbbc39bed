import type { IncidentRecord } from '../contract/index.js';
import type { ReportPost } from './collect.js';
import { esc, isoMinute, round, scale } from './svg-util.js';

/** A forecast as the incident snapshots carried it. */
export interface ForecastPoint {
  readonly time: number;
  readonly finalSize: number;
  readonly low: number;
  readonly high: number;
}

/** Each distinct forecast the incident's snapshots carried, in event-time order. */
export function forecastPoints(snapshots: readonly IncidentRecord[]): ForecastPoint[] {
  const seen = new Map<number, ForecastPoint>();
  for (const s of snapshots)
    if (s.forecast) {
      const time = Date.parse(s.forecast.observedAt);
      seen.set(time, { time, finalSize: s.forecast.finalSize, low: s.forecast.low, high: s.forecast.high });
    }
  return [...seen.values()].sort((a, b) => a.time - b.time);
}

const COLOUR = '#444';

/**
 * Over the timeline, on a right-hand log axis in posts: the incident's size so far
 * (grey steps) and each final-size forecast at the moment it was made (dot at
 * the forecast, bar over its 80% interval), the latest one labelled: how big
 * it was expected to get, next to how big it was.
 */
export function forecastOverlay(
  posts: readonly ReportPost[],
  points: readonly ForecastPoint[],
  x: (minute: number) => number,
  box: { readonly top: number; readonly bottom: number; readonly right: number },
): string[] {
  if (points.length === 0) return [];
  const times = posts.map((p) => p.time).sort((a, b) => a - b);
  const max = Math.max(2, times.length, ...points.map((p) => p.high));
  // log scale: an early forecast's wide interval must not flatten the size so far
  const ly = scale(0, Math.log(max), box.bottom, box.top);
  const y = (v: number): number => ly(Math.log(Math.max(1, v)));
  const out: string[] = [];
  out.push(`<text x="${box.right}" y="${box.top - 6}" class="axis" text-anchor="end">${max} posts (log) ▸</text>`);
  const steps = times.map((t, i) => `${round(x(t / 60_000))},${round(y(i + 1))}`).join(' ');
  if (times.length)
    out.push(
      `<polyline class="size-so-far" fill="none" stroke="#999" stroke-width="1.2" points="${steps}"><title>posts so far</title></polyline>`,
    );
  for (const p of points) {
    const xv = round(x(p.time / 60_000));
    const label = `${isoMinute(p.time)} forecast ${p.finalSize} posts (80%: ${p.low}–${p.high})`;
    out.push(
      `<g class="forecast"><line x1="${xv}" y1="${round(y(p.low))}" x2="${xv}" y2="${round(y(p.high))}" stroke="${COLOUR}" stroke-width="1"/>` +
        `<circle cx="${xv}" cy="${round(y(p.finalSize))}" r="2.5" fill="${COLOUR}"/><title>${esc(label)}</title></g>`,
    );
  }
  const last = points[points.length - 1]!;
  out.push(
    `<text class="forecast-label axis key-label" x="${box.right - 4}" y="${box.top + 14}" text-anchor="end">forecast final size ${last.finalSize} posts (80%: ${last.low}–${last.high}) at ${isoMinute(last.time)}</text>`,
  );
  return out;
}
