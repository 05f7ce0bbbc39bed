import { z } from 'zod';
import { defineDetector, type GraphView, type Signal } from '../types.js';
import { clamp01, fnv1a, round2 } from './shared.js';

/**
 * Breadth, depth and structural virality (Goel, Anderson, Hofman, Watts,
 * Management Science 2016: the average shortest-path distance between all
 * pairs of nodes of the cascade tree; ~2 for a broadcast star, large for
 * person-to-person chains). Computed on a bounded, deterministic bottom-k
 * sample (the k posts with the smallest hash of their key), so it is the same
 * whatever the arrival order, mergeable, and O(k · depth) per change. Each
 * sampled post keeps its ancestor chain; two posts in different trees are
 * joined through a virtual super-root (the incident).
 */
export const StructureOptions = z.object({
  sampleSize: z.number().int().min(2).max(1024).default(128),
  /** ancestor chains are cut at this depth (deeper posts count as this deep) */
  maxDepth: z.number().int().min(1).max(256).default(48),
  /** fewer posts than this: no signal */
  minPosts: z.number().int().min(2).default(10),
  /** structural virality scoring 0 and 1 */
  lowVirality: z.number().min(1).default(2.5),
  highVirality: z.number().min(1).default(8),
  /** depth scoring 1 */
  highDepth: z.number().int().positive().default(8),
});
export type StructureOptions = z.infer<typeof StructureOptions>;

interface Sampled {
  readonly rank: number;
  readonly eventId: string;
  /** root first, the post itself last */
  readonly chain: readonly string[];
}

export interface StructureState {
  readonly posts: number;
  readonly maxDepth: number;
  readonly deepestEvent: string | null;
  /** posts per depth (index = depth), up to maxDepth */
  readonly levels: readonly number[];
  /** bottom-k sample, ascending rank */
  readonly sample: readonly Sampled[];
  /** sum of pairwise distances within the sample */
  readonly pairSum: number;
}

function distance(a: readonly string[], b: readonly string[]): number {
  let l = 0;
  while (l < a.length && l < b.length && a[l] === b[l]) l++;
  // different roots: through the virtual super-root
  return l === 0 ? a.length + b.length : a.length + b.length - 2 * l;
}

function chainOf(key: string, graph: GraphView, maxDepth: number): string[] {
  const chain = [key];
  let k: string | null = graph.parentOf(key);
  while (k !== null && chain.length <= maxDepth && !chain.includes(k)) {
    chain.push(k);
    k = graph.parentOf(k);
  }
  return chain.reverse();
}

function insert(s: StructureState, item: Sampled, o: StructureOptions): { sample: Sampled[]; pairSum: number } {
  if (s.sample.some((x) => x.rank === item.rank && x.chain[x.chain.length - 1] === item.chain[item.chain.length - 1]))
    return { sample: s.sample.slice(), pairSum: s.pairSum };
  const full = s.sample.length >= o.sampleSize;
  if (full && item.rank >= s.sample[s.sample.length - 1]!.rank) return { sample: s.sample.slice(), pairSum: s.pairSum };
  let pairSum = s.pairSum;
  const sample = s.sample.slice();
  if (full) {
    const out = sample.pop()!;
    for (const x of sample) pairSum -= distance(x.chain, out.chain);
  }
  for (const x of sample) pairSum += distance(x.chain, item.chain);
  let i = sample.length;
  while (i > 0 && sample[i - 1]!.rank > item.rank) i--;
  sample.splice(i, 0, item);
  return { sample, pairSum };
}

function judge(s: StructureState, o: StructureOptions): Signal[] {
  if (s.posts < o.minPosts) return [];
  const m = s.sample.length;
  const virality = m < 2 ? 0 : s.pairSum / ((m * (m - 1)) / 2);
  const breadth = Math.max(0, ...s.levels);
  const vScore = clamp01((virality - o.lowVirality) / (o.highVirality - o.lowVirality));
  // depth 1 is a broadcast: depth counts from 2 on
  const dScore = clamp01((s.maxDepth - 1) / (o.highDepth - 1));
  const score = round2(Math.max(vScore, 0.6 * dScore));
  if (score <= 0) return [];
  return [
    {
      dimension: 'spread',
      score,
      code: 'CASCADE_STRUCTURE',
      message: `structural virality ${round2(virality)} (sample ${m}), depth ${s.maxDepth}, breadth ${breadth}`,
      evidence: s.deepestEvent ? [s.deepestEvent] : [],
    },
  ];
}

function recompute(sample: readonly Sampled[]): number {
  let sum = 0;
  for (let i = 0; i < sample.length; i++)
    for (let j = i + 1; j < sample.length; j++) sum += distance(sample[i]!.chain, sample[j]!.chain);
  return sum;
}

const Saved = z.object({
  posts: z.number(),
  maxDepth: z.number(),
  deepestEvent: z.string().nullable(),
  levels: z.array(z.number()),
  sample: z.array(z.object({ rank: z.number(), eventId: z.string(), chain: z.array(z.string()) })),
});

export const structure = defineDetector<StructureOptions, StructureState>({
  name: 'cascade/structure',
  family: 'cascade',
  version: '1.0.0',
  description: 'breadth, depth and structural virality (bounded bottom-k sample)',
  options: StructureOptions,
  init: () => ({ posts: 0, maxDepth: 0, deepestEvent: null, levels: [], sample: [], pairSum: 0 }),
  step(state, event, ctx, o) {
    const chain = chainOf(event.nodeKey, ctx.graph, o.maxDepth);
    const depth = Math.min(chain.length - 1, o.maxDepth);
    const levels = state.levels.slice();
    while (levels.length <= depth) levels.push(0);
    levels[depth]!++;
    const deeper = depth > state.maxDepth || state.deepestEvent === null;
    const { sample, pairSum } = insert(state, { rank: fnv1a(event.nodeKey), eventId: event.eventId, chain }, o);
    const next: StructureState = {
      posts: state.posts + 1,
      maxDepth: Math.max(state.maxDepth, depth),
      deepestEvent: deeper ? event.eventId : state.deepestEvent,
      levels,
      sample,
      pairSum,
    };
    return { state: next, signals: judge(next, o) };
  },
  merge(a, b, o) {
    const byKey = new Map<string, Sampled>();
    for (const x of [...a.sample, ...b.sample]) byKey.set(x.chain[x.chain.length - 1]!, x);
    const sample = [...byKey.values()]
      .sort((x, y) => x.rank - y.rank || (x.eventId < y.eventId ? -1 : 1))
      .slice(0, o.sampleSize);
    const levels: number[] = [];
    for (let d = 0; d < Math.max(a.levels.length, b.levels.length); d++)
      levels.push((a.levels[d] ?? 0) + (b.levels[d] ?? 0));
    const deepest = a.maxDepth >= b.maxDepth ? a : b;
    return {
      posts: a.posts + b.posts,
      maxDepth: deepest.maxDepth,
      deepestEvent: deepest.deepestEvent,
      levels,
      sample,
      pairSum: recompute(sample),
    };
  },
  save: (s) => ({
    posts: s.posts,
    maxDepth: s.maxDepth,
    deepestEvent: s.deepestEvent,
    levels: [...s.levels],
    sample: s.sample.map((x) => ({ rank: x.rank, eventId: x.eventId, chain: [...x.chain] })),
  }),
  restore(saved) {
    const p = Saved.parse(saved);
    return { ...p, pairSum: recompute(p.sample) };
  },
});
