import { forecast } from '../../../../detectors/cascade/forecast.js';
import type { CalPoint } from '../../../../detectors/cascade/forecast-online.js';
import { forecastHistory, groupByRoot } from '../../../../src/forecast/index.js';
import { mulberry32 } from '../../../../bench/warning/forecast-fit.js';
import { ev } from './fixtures.js';

/** Synthetic streams for the online calibration's tests (forecast-online*.test.ts): no real data. */
export const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
export const MIN = 60_000;
export const HOUR = 3_600_000;

export type Ev = ReturnType<typeof ev>;

/**
 * `count` cascades on one platform, one every `every` ms: 8 posts in their first 20 minutes, then
 * growth to 8 × e^(mu + sigma·z) posts (z roughly standard normal) spread over hours 1–3, so the size at
 * 1 h says nothing of how much more comes: a stream whose growth the fitted interval knows nothing of.
 */
export function stream(count: number, every: number, mu: number, sigma: number, seed = 1, first = 0): Ev[] {
  const r = mulberry32(seed);
  const events: Ev[] = [];
  for (let c = first; c < first + count; c++) {
    const start = T0 + c * every;
    const z = r() + r() + r() + r() - 2; // variance 1/3
    const final = Math.max(8, Math.round(8 * Math.exp(mu + sigma * Math.sqrt(3) * z)));
    const root = `c${c}`;
    for (let i = 0; i < final; i++) {
      const t = i < 8 ? start + i * 2.5 * MIN : start + HOUR + 5 * MIN + Math.floor(r() * 2 * HOUR);
      events.push(ev({ postId: i === 0 ? root : `${root}_${i}`, parentId: i === 0 ? null : root, time: t }));
    }
  }
  return events.sort((a, b) => a.time - b.time);
}

/** A narrow fitted interval (±0.1 in ln) at 10 min and 1 h: what the stream's growth makes wrong. */
export const narrow = {
  sizes: [],
  knots: [
    { ageSeconds: 600, low: [-0.1], high: [0.1] },
    { ageSeconds: 3600, low: [-0.1], high: [0.1] },
  ],
};
export const raw = (online: Record<string, unknown>) => ({
  interval: narrow,
  online: { settleSeconds: 4 * 3600, ...online },
});
export const at1h = [{ label: '1h', seconds: 3600 }];

/** Coverage of the final size by the 1 h lines of the cascades `from`…`to` (stream order). */
export function coverage(events: Ev[], raw: unknown, from: number, to: number): number {
  const cascades = groupByRoot(events);
  const lines = forecastHistory(cascades, at1h, forecast.options.parse(raw)).map((l) => l[0]!);
  const inside = lines
    .slice(from, to)
    .filter((l, i) => l.low <= cascades[from + i]!.events.length && cascades[from + i]!.events.length <= l.high);
  return inside.length / (to - from);
}

/**
 * Cascades one every 30 min: 8 posts in their first 20 minutes, most of their growth (to 8 × e^(mu + sigma·z))
 * in hours 1–3, then one more post every 20 h for `tail` days: whether they outgrew the 1 h interval is plain
 * within hours, their outcome (a day without a post) comes days later.
 */
export function slowEnding(count: number, mu: number, sigma: number, seed: number, first = 0, tail = 5): Ev[] {
  const r = mulberry32(seed);
  const events: Ev[] = [];
  for (let c = first; c < first + count; c++) {
    const start = T0 + c * 30 * MIN;
    const z = r() + r() + r() + r() - 2;
    const grown = Math.max(8, Math.round(8 * Math.exp(mu + sigma * Math.sqrt(3) * z)));
    const root = `s${c}`;
    const post = (i: number, t: number): void => {
      events.push(ev({ postId: i === 0 ? root : `${root}_${i}`, parentId: i === 0 ? null : root, time: t }));
    };
    for (let i = 0; i < grown; i++)
      post(i, i < 8 ? start + i * 2.5 * MIN : start + HOUR + 5 * MIN + Math.floor(r() * 2 * HOUR));
    for (let d = 1; d <= (tail * 24) / 20; d++) post(grown + d - 1, start + 3 * HOUR + d * 20 * HOUR);
  }
  return events.sort((a, b) => a.time - b.time);
}

/**
 * Cascades one every 30 min, 8 posts in their first 20 minutes and growth to 8 × e^(mu + sigma·z) posts after:
 * every other one (`slow`, drawn at random) has a quarter of that growth in hours 1–3 and the rest spread over
 * hours 2–40, the others all of it in hours 1–3. With `horizonSeconds` 10 h and `settleSeconds` 4 h, a slow one's outcome
 * is cut by the horizon (still posting) and below its final size; a fast one's is its final size.
 */
export function lateTail(count: number, mu: number, sigma: number, seed: number, slowShare = 0.5): Ev[] {
  const r = mulberry32(seed);
  const events: Ev[] = [];
  for (let c = 0; c < count; c++) {
    const start = T0 + c * 30 * MIN;
    const z = r() + r() + r() + r() - 2;
    const final = Math.max(10, Math.round(8 * Math.exp(mu + sigma * Math.sqrt(3) * z)));
    const slow = r() < slowShare;
    const root = `l${c}`;
    for (let i = 0; i < final; i++) {
      const late = slow && i >= 8 + (final - 8) / 4;
      const t =
        i < 8
          ? start + i * 2.5 * MIN
          : late
            ? start + 2 * HOUR + Math.floor(r() * 38 * HOUR)
            : start + HOUR + 5 * MIN + Math.floor(r() * 2 * HOUR);
      events.push(ev({ postId: i === 0 ? root : `${root}_${i}`, parentId: i === 0 ? null : root, time: t }));
    }
  }
  return events.sort((a, b) => a.time - b.time);
}

/** A 1 h forecast of 10 (9–12) made at `at` with 9 posts seen, its fitted offsets ±0.1. */
export const point = (at: number): CalPoint => ({
  at,
  knot: 3600,
  quiet: false,
  forecast: 10,
  lo: -0.1,
  hi: 0.1,
  low: 9,
  high: 12,
  posts: 9,
});
