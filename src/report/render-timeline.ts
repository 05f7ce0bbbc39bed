import type { AlertRecord, InterventionRecord } from '../contract/index.js';
import type { ReportPost } from './collect.js';
import { forecastOverlay, type ForecastPoint } from './render-forecast.js';
import { ACTION_COLOUR, esc, isoMinute, LEVEL_COLOUR, round, scale } from './svg-util.js';

const W = 960;
const H = 260;
const PAD = { l: 44, r: 16, t: 34, b: 28 };

/**
 * Reposts per minute per platform, with the moment of each warning (vertical
 * line, coloured by level) and each command (triangle, coloured by action);
 * with forecasts, the size so far and each final-size forecast on a right-hand
 * axis (render-forecast.ts).
 */
export function renderTimeline(
  id: string,
  posts: readonly ReportPost[],
  alerts: readonly AlertRecord[],
  commands: readonly InterventionRecord[],
  colours: ReadonlyMap<string, string>,
  forecasts: readonly ForecastPoint[] = [],
): string {
  const marks = [
    ...alerts.map((a) => Date.parse(a.eventTime)),
    ...commands.map((c) => Date.parse(c.eventTime)),
    ...forecasts.map((f) => f.time),
  ];
  const times = [...posts.map((p) => p.time), ...marks];
  if (times.length === 0) return `<svg id="${id}" class="timeline" viewBox="0 0 ${W} ${H}"></svg>`;
  const t0 = Math.floor(Math.min(...times) / 60_000);
  const t1 = Math.max(t0 + 1, Math.floor(Math.max(...times) / 60_000));
  const bins = new Map<string, number[]>();
  for (const p of posts) {
    const row = bins.get(p.platform) ?? new Array<number>(t1 - t0 + 1).fill(0);
    row[Math.floor(p.time / 60_000) - t0]!++;
    bins.set(p.platform, row);
  }
  const max = Math.max(1, ...[...bins.values()].flat());
  const x = scale(t0, t1, PAD.l, W - PAD.r);
  const y = scale(0, max, H - PAD.b, PAD.t);
  const out: string[] = [];
  out.push(`<svg id="${id}" class="timeline" viewBox="0 0 ${W} ${H}" role="img" aria-label="reposts per minute">`);
  out.push(`<line x1="${PAD.l}" y1="${H - PAD.b}" x2="${W - PAD.r}" y2="${H - PAD.b}" stroke="#999"/>`);
  out.push(`<line x1="${PAD.l}" y1="${PAD.t}" x2="${PAD.l}" y2="${H - PAD.b}" stroke="#999"/>`);
  out.push(`<text x="4" y="${PAD.t - 6}" class="axis">${max}/min</text>`);
  const ticks = 6;
  for (let i = 0; i <= ticks; i++) {
    const m = Math.round(t0 + ((t1 - t0) * i) / ticks);
    out.push(`<text x="${round(x(m))}" y="${H - 8}" class="axis" text-anchor="middle">${isoMinute(m * 60_000)}</text>`);
  }
  for (const [platform, row] of [...bins].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const pts = row.map((n, i) => `${round(x(t0 + i))},${round(y(n))}`).join(' ');
    out.push(
      `<polyline class="series" data-platform="${esc(platform)}" fill="none" stroke="${colours.get(platform)}" stroke-width="1.6" points="${pts}"><title>${esc(platform)}</title></polyline>`,
    );
  }
  out.push(...forecastOverlay(posts, forecasts, x, { top: PAD.t, bottom: H - PAD.b, right: W - PAD.r }));
  for (const a of alerts) {
    const xv = round(x(Date.parse(a.eventTime) / 60_000));
    out.push(
      `<line class="marker-alert" x1="${xv}" y1="${PAD.t}" x2="${xv}" y2="${H - PAD.b}" stroke="${LEVEL_COLOUR[a.level]}" stroke-dasharray="4 3"><title>${esc(`${a.eventTime} ${a.previousLevel ?? '-'} → ${a.level}`)}</title></line>`,
    );
  }
  for (const c of commands) {
    const xv = round(x(Date.parse(c.eventTime) / 60_000));
    out.push(
      `<path class="marker-command" d="M${xv - 5},${PAD.t - 14} L${xv + 5},${PAD.t - 14} L${xv},${PAD.t - 4} Z" fill="${ACTION_COLOUR[c.action]}"><title>${esc(`${c.eventTime} ${c.action} (${c.rule})`)}</title></path>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}
