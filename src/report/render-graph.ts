import type { Participant } from '../contract/index.js';
import type { ReportEdge, ReportPost } from './collect.js';
import { esc, round, scale } from './svg-util.js';

const W = 960;
const BAND = 150;
const PAD = { l: 90, r: 20, t: 20, b: 20 };
/** more posts than this are drawn as the first N by time (the shape of the start is what matters) */
export const MAX_DRAWN_POSTS = 3000;
/** a label line, its white halo included */
const LINE = 16;

/**
 * The propagation graph: time left to right, one band per platform (coloured),
 * reshare/link edges as lines, nodes sized by their reshares, and the key
 * participants (originators, consolidators, spreaders) named by their
 * pseudonymous author id on their most reshared post.
 */
export function renderGraph(
  id: string,
  posts: readonly ReportPost[],
  edges: readonly ReportEdge[],
  participants: readonly Participant[],
  colours: ReadonlyMap<string, string>,
): string {
  const drawn = [...posts].sort((a, b) => a.time - b.time || (a.key < b.key ? -1 : 1)).slice(0, MAX_DRAWN_POSTS);
  const platforms = [...new Set(drawn.map((p) => p.platform))].sort();
  const H = PAD.t + PAD.b + BAND * Math.max(1, platforms.length);
  if (drawn.length === 0) return `<svg id="${id}" class="graph" viewBox="0 0 ${W} ${H}"></svg>`;
  const at = new Map(drawn.map((p) => [p.key, p]));
  const children = new Map<string, number>();
  for (const e of edges) if (at.has(e.from) && at.has(e.to)) children.set(e.from, (children.get(e.from) ?? 0) + 1);
  // square-root time: cascades are bursty, most posts come early; this spreads the start out
  const t0 = drawn[0]!.time;
  const sx = scale(0, Math.sqrt(drawn.at(-1)!.time - t0), PAD.l, W - PAD.r);
  const x = (t: number): number => sx(Math.sqrt(t - t0));
  const pos = new Map<string, { x: number; y: number; r: number }>();
  for (const p of drawn) {
    const band = platforms.indexOf(p.platform);
    const jitter = (hash(p.key) % 1000) / 1000;
    pos.set(p.key, {
      x: round(x(p.time)),
      y: round(PAD.t + band * BAND + 10 + jitter * (BAND - 20)),
      // capped: a root with thousands of reshares must not cover its band
      r: round(Math.min(16, 2.5 + 2 * Math.sqrt(children.get(p.key) ?? 0))),
    });
  }
  const out: string[] = [
    `<svg id="${id}" class="graph" viewBox="0 0 ${W} ${H}" role="img" aria-label="propagation graph">`,
  ];
  platforms.forEach((p, i) => {
    const y0 = PAD.t + i * BAND;
    out.push(`<rect x="0" y="${y0}" width="${W}" height="${BAND}" fill="${colours.get(p)}" fill-opacity="0.06"/>`);
    out.push(`<text x="6" y="${y0 + BAND / 2}" class="band" fill="${colours.get(p)}">${esc(p)}</text>`);
  });
  for (const e of edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    const cross = at.get(e.from)!.platform !== at.get(e.to)!.platform;
    out.push(
      `<line class="edge edge-${esc(e.kind)}" x1="${a.x}" y1="${a.y}" x2="${b.x}" y2="${b.y}" stroke="${cross ? '#b00020' : '#888'}" stroke-opacity="${cross ? 0.9 : 0.35}" stroke-width="${cross ? 1.6 : 0.7}"/>`,
    );
  }
  for (const p of drawn) {
    const q = pos.get(p.key)!;
    out.push(
      `<circle class="node" cx="${q.x}" cy="${q.y}" r="${q.r}" fill="${colours.get(p.platform)}"><title>${esc(`${p.key} by ${p.authorId}`)}</title></circle>`,
    );
  }
  const roles = new Map(participants.filter((p) => p.role !== 'participant').map((p) => [p.authorId, p.role]));
  const best = new Map<string, ReportPost>();
  for (const p of drawn)
    if (roles.has(p.authorId)) {
      const cur = best.get(p.authorId);
      if (!cur || (children.get(p.key) ?? 0) > (children.get(cur.key) ?? 0)) best.set(p.authorId, p);
    }
  // label boxes already placed: [x0, x1] × baseline y; 11 px type is ~6.4 px a character, 16 px a line with its halo
  const placed: { x0: number; x1: number; y: number }[] = [];
  for (const [author, p] of [...best].sort(([, a], [, b]) => a.time - b.time)) {
    const q = pos.get(p.key)!;
    const text = `${author} · ${roles.get(author)!}`;
    const width = text.length * 6.4;
    // right of the node, or left of it when it would run past the edge
    const right = q.x + q.r + 5 + width <= W - 4;
    const x0 = right ? q.x + q.r + 5 : q.x - q.r - 5 - width;
    const band = platforms.indexOf(p.platform);
    const bottom = PAD.t + (band + 1) * BAND - 4;
    // nudge down (within the band, then up) until it clears every label already placed
    const clear = (y: number) => !placed.some((o) => o.x0 < x0 + width && x0 < o.x1 && Math.abs(o.y - y) < LINE);
    let ly = q.y + 4;
    while (!clear(ly) && ly + LINE <= bottom) ly += LINE;
    if (!clear(ly)) for (ly = q.y + 4; !clear(ly) && ly - LINE >= PAD.t + band * BAND + 12;) ly -= LINE;
    placed.push({ x0, x1: x0 + width, y: ly });
    out.push(
      `<circle class="key-node" cx="${q.x}" cy="${q.y}" r="${q.r + 3}" fill="none" stroke="#111" stroke-width="1.4"/>`,
      `<text class="key-label" x="${round(right ? x0 : x0 + width)}" y="${ly}"${right ? '' : ' text-anchor="end"'}>${esc(text)}</text>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
