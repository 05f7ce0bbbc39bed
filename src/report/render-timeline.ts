import type { AlertRecord, InterventionRecord } from '../contract/index.js';
import type { ReportPost } from './collect.js';
import { forecastOverlay, type ForecastPoint } from './render-forecast.js';
import { ACTION_COLOUR, esc, isoMinute, LEVEL_COLOUR, round, scale } from './svg-util.js';

const W = 960;
const PLOT_H = 226;
const LANE_H = 13;
/** command lanes, in this order, with their short labels */
const LANES: readonly (readonly [string, string])[] = [
  ['popup_warning', 'popup'],
  ['throttle', 'throttle'],
  ['review_takedown', 'review'],
  ['lift', 'lift'],
  ['protect_target', 'protect'],
  ['warn_account', 'warn acct'],
  ['verify_account', 'verify acct'],
];
/** markers closer than this (px; they are 9 px wide) on one lane are drawn as one, its title giving the count */
const MERGE_PX = 10;

/**
 * Reposts per minute per platform, with the moment of each warning (vertical
 * dashed line, coloured and labelled by level) and the commands (triangles,
 * one labelled lane per action above the plot; commands closer than a few
 * pixels, such as a command's follow-ups, share one triangle whose tooltip
 * counts them); with forecasts, the size so far and each final-size forecast
 * on a right-hand axis (render-forecast.ts).
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
  const lanes = LANES.filter(([a]) => commands.some((c) => c.action === a));
  const PAD = { l: 70, r: 16, t: 8 + lanes.length * LANE_H + 26, b: 28 };
  const H = PAD.t + PLOT_H + PAD.b;
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
  out.push(`<text x="${PAD.l}" y="${PAD.t - 6}" class="axis" text-anchor="middle">${max}/min</text>`);
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
  const labelled: { x: number; y: number }[] = [];
  for (const a of alerts) {
    const xv = round(x(Date.parse(a.eventTime) / 60_000));
    out.push(
      `<line class="marker-alert" x1="${xv}" y1="${PAD.t}" x2="${xv}" y2="${H - PAD.b}" stroke="${LEVEL_COLOUR[a.level]}" stroke-dasharray="4 3"><title>${esc(`${a.eventTime} ${a.previousLevel ?? '-'} → ${a.level}`)}</title></line>`,
    );
    // the level beside its line, stacked below a label it would overlap (~55 px wide)
    let ly = PAD.t + 38;
    while (labelled.some((o) => Math.abs(o.x - xv) < 58 && Math.abs(o.y - ly) < 18)) ly += 18;
    labelled.push({ x: xv, y: ly });
    out.push(
      `<text class="alert-label key-label" x="${xv + 3}" y="${ly}" fill="${LEVEL_COLOUR[a.level]}">${esc(a.level)}</text>`,
    );
  }
  lanes.forEach(([action, label], i) => {
    const yl = 8 + i * LANE_H;
    out.push(
      `<text class="lane-label axis" x="${PAD.l - 8}" y="${yl + 9}" text-anchor="end">${esc(label)}</text>`,
      `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${yl + LANE_H - 1}" y2="${yl + LANE_H - 1}" stroke="#f0f0f0"/>`,
    );
    const groups: { x: number; cmds: InterventionRecord[] }[] = [];
    for (const c of commands.filter((k) => k.action === action).sort((p, q) => (p.eventTime < q.eventTime ? -1 : 1))) {
      const xv = round(x(Date.parse(c.eventTime) / 60_000));
      const g = groups.at(-1);
      if (g && xv - g.x < MERGE_PX) g.cmds.push(c);
      else groups.push({ x: xv, cmds: [c] });
    }
    for (const g of groups) {
      const first = g.cmds[0]!;
      const lastTime = g.cmds.at(-1)!.eventTime;
      const rules = [...new Set(g.cmds.map((c) => c.rule))].join(', ');
      const title =
        g.cmds.length === 1
          ? `${first.eventTime} ${action} (${rules})`
          : `${g.cmds.length} × ${action} (${rules}) ${first.eventTime} – ${lastTime}`;
      out.push(
        `<path class="marker-command" data-count="${g.cmds.length}" d="M${g.x - 4.5},${yl + 1} L${g.x + 4.5},${yl + 1} L${g.x},${yl + 10} Z" fill="${ACTION_COLOUR[action]}"><title>${esc(title)}</title></path>`,
      );
    }
  });
  out.push('</svg>');
  return out.join('\n');
}
