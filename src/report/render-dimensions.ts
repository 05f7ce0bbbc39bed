import { DIMENSIONS, type Dimension } from '../contract/index.js';
import { esc, isoMinute, round, scale } from './svg-util.js';

const W = 960;
const H = 220;
const PAD = { l: 44, r: 120, t: 14, b: 28 };
const COLOUR: Record<Dimension, string> = {
  sensitivity: '#b00020',
  spread: '#2e86ab',
  mobilisation: '#e4572e',
  malice: '#8e44ad',
  publicInterest: '#76b041',
};

/** Risk dimensions (0..1) over event time, one line each, from the alerts and snapshots. */
export function renderDimensions(
  id: string,
  points: readonly { time: number; dimensions: Partial<Record<Dimension, number>> }[],
): string {
  const pts = [...points].sort((a, b) => a.time - b.time);
  if (pts.length === 0) return `<svg id="${id}" class="dimensions" viewBox="0 0 ${W} ${H}"></svg>`;
  const x = scale(pts[0]!.time, Math.max(pts.at(-1)!.time, pts[0]!.time + 60_000), PAD.l, W - PAD.r);
  const y = scale(0, 1, H - PAD.b, PAD.t);
  const out = [`<svg id="${id}" class="dimensions" viewBox="0 0 ${W} ${H}" role="img" aria-label="risk dimensions">`];
  for (const v of [0, 0.5, 1])
    out.push(
      `<line x1="${PAD.l}" x2="${W - PAD.r}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="6" y="${y(v) + 4}" class="axis">${v}</text>`,
    );
  out.push(`<text x="${PAD.l}" y="${H - 8}" class="axis">${isoMinute(pts[0]!.time)}</text>`);
  out.push(`<text x="${W - PAD.r}" y="${H - 8}" class="axis" text-anchor="end">${isoMinute(pts.at(-1)!.time)}</text>`);
  DIMENSIONS.forEach((d, i) => {
    const line = pts.map((p) => `${round(x(p.time))},${round(y(p.dimensions[d] ?? 0))}`).join(' ');
    out.push(
      `<polyline class="dimension" data-dimension="${d}" fill="none" stroke="${COLOUR[d]}" stroke-width="1.6" points="${line}"/>`,
      `<text x="${W - PAD.r + 8}" y="${PAD.t + 14 + i * 18}" fill="${COLOUR[d]}" class="legend">${esc(d)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}
