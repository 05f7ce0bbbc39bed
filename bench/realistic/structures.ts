/**
 * Real cascade shapes without text (../shared/data/cascades): r/ireland
 * discussion trees and Twitter15 retweet trees. The post-only corpora are
 * laid on them, so their real posts arrive with real branching and timing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CorpusPost } from './corpora.js';
import type { Split } from './split.js';
import type { Lang, Unit, UnitPost } from './units.js';

/** A shape: each node's parent index (-1 for the root) and time offset from the root, in time order. */
export interface Shape {
  readonly id: string;
  readonly parents: readonly number[];
  readonly offsets: readonly number[];
  /** epoch ms of the root */
  readonly start: number;
}

function ordered(id: string, start: number, parents: number[], offsets: number[]): Shape {
  const order = offsets.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i);
  const at = new Map(order.map((o, j) => [o.i, j]));
  const p = order.map((o, j) => {
    const q = parents[o.i]!;
    if (q < 0) return -1;
    const k = at.get(q)!;
    return k < j ? k : 0;
  });
  p[0] = -1;
  return { id, start, parents: p, offsets: order.map((o) => o.t - order[0]!.t) };
}

/** r/ireland discussion trees with at least `minSize` posts, in discussion order. */
export function redditShapes(cascadesDir: string, minSize: number, maxSize: number): Shape[] {
  const text = gunzipSync(readFileSync(join(cascadesDir, 'reddit_ireland.csv.gz'))).toString('utf8');
  const byDiscussion = new Map<string, { id: string; parent: string; time: number }[]>();
  for (const line of text.split('\n').slice(1)) {
    const [id, parent, discussion, , epoch] = line.split(',');
    if (!id || !discussion) continue;
    const list = byDiscussion.get(discussion) ?? [];
    list.push({ id, parent: parent!, time: Number(epoch) * 1000 });
    byDiscussion.set(discussion, list);
  }
  const shapes: Shape[] = [];
  for (const [d, rows] of byDiscussion) {
    if (rows.length < minSize || rows.length > maxSize) continue;
    const index = new Map(rows.map((r, i) => [r.id, i]));
    const root = rows.findIndex((r) => r.parent === '0');
    const rs = root > 0 ? [rows[root]!, ...rows.filter((_, i) => i !== root)] : rows;
    const idx = root > 0 ? new Map(rs.map((r, i) => [r.id, i])) : index;
    shapes.push(
      ordered(
        `reddit_ireland.csv.gz:${d}`,
        rs[0]!.time,
        rs.map((r, i) => (i === 0 ? -1 : (idx.get(r.parent) ?? 0))),
        rs.map((r) => r.time),
      ),
    );
  }
  return shapes;
}

/** Twitter15 retweet trees (a node is a user; its first edge gives its parent), capped at `maxSize` nodes. */
export function twitter15Shapes(cascadesDir: string, work: string, maxSize: number): Shape[] {
  const dir = join(work, 'twitter15', 'tree');
  if (!existsSync(dir)) {
    mkdirSync(work, { recursive: true });
    execFileSync('tar', ['xzf', join(cascadesDir, 'twitter15.tar.gz'), '-C', work]);
  }
  const base = Date.UTC(2015, 0, 1);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f, n) => {
      const index = new Map<string, number>();
      const parents: number[] = [];
      const offsets: number[] = [];
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        const m = /^\[([^\]]*)\]->\[([^\]]*)\]/.exec(line);
        if (!m) continue;
        const [pu, , pt] = m[1]!.split(',').map((s) => s.trim().replace(/'/g, ''));
        const [cu, , ct] = m[2]!.split(',').map((s) => s.trim().replace(/'/g, ''));
        if (index.has(cu!) || parents.length >= maxSize) continue;
        index.set(cu!, parents.length);
        parents.push(pu === 'ROOT' ? -1 : (index.get(pu!) ?? 0));
        offsets.push(Math.max(Number(ct) || 0, pu === 'ROOT' ? 0 : Number(pt) || 0) * 60_000);
      }
      return ordered(`twitter15.tar.gz:${f.replace('.txt', '')}`, base + n * 3_600_000, parents, offsets);
    })
    .filter((s) => s.parents.length >= 2);
}

/**
 * Lays a corpus's posts (already in one split, in a fixed order) on shapes,
 * one post per node, until either runs out or `maxUnits` are made. A laid
 * cascade takes its posts' split; its unit id names the corpus and the shape.
 */
export function layPosts(
  posts: readonly CorpusPost[],
  shapes: readonly Shape[],
  opts: { lang: Lang; platform: string; cls: string; split: Split; maxUnits: number },
): Unit[] {
  const units: Unit[] = [];
  let next = 0;
  for (const s of shapes) {
    if (units.length >= opts.maxUnits || next + s.parents.length > posts.length) break;
    const unitPosts: UnitPost[] = s.parents.map((p, i) => ({
      parent: p < 0 ? null : p,
      time: s.start + s.offsets[i]!,
      text: posts[next + i]!.text,
      author: `a${i}`,
      kind: p < 0 ? 'post' : opts.platform === 'weibo' ? 'repost' : 'reply',
    }));
    next += s.parents.length;
    units.push({
      sourceFile: posts[0]!.sourceFile,
      unitId: `laid:${s.id}`,
      split: opts.split,
      cls: opts.cls,
      lang: opts.lang,
      platform: opts.platform,
      posts: unitPosts,
    });
  }
  return units;
}
