import { z } from 'zod';
import { defineDetector, type GraphView, type Signal } from '../../src/contract/index.js';
import { clamp01, fnv1a, round2 } from './shared.js';

/**
 * Breadth, depth and structural virality (Goel, Anderson, Hofman, Watts,
 * Management Science 2016: the average shortest-path distance between all
 * pairs of nodes of the cascade tree; ~2 for a broadcast star, large for
 * person-to-person chains). Computed on a bounded, deterministic bottom-k
 * sample (the k posts with the smallest hash of their key), so it is the same
 * whatever the arrival order, mergeable, and O(depth) per change (a prefix
 * tree of the sampled chains gives the pair sum without a pass over the sample). Each
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

/**
 * Updated in place (the runner owns it): per event the depth is counted and,
 * only when the post's rank enters the bottom-k sample (rarely, once it is
 * full), its chain is kept and the pair sum updated.
 */
export interface StructureState {
  posts: number;
  maxDepth: number;
  deepestEvent: string | null;
  /** posts per depth (index = depth), up to maxDepth; grown to exact size (most cascades stay one level) */
  levels: number[];
  /** the largest level (breadth) */
  breadth: number;
  /** bottom-k sample, ascending rank (a post's rank is the hash of its key: found by binary search, no key set) */
  sample: Sampled[];
  /** sum of pairwise distances within the sample */
  pairSum: number;
  /**
   * the sample's chains as a prefix tree, and their summed lengths (derived, not saved): pair sums in O(depth);
   * null while the sample is smaller than TREE_FROM (a direct pass over it is cheaper, and most incidents stay there)
   */
  prefixes: Prefix | null;
  chainLengths: number;
  /** signals of the last judgement; null when a shown figure changed since */
  signals: readonly Signal[] | null;
}

/** A node of the prefix tree of the sampled chains: how many chains pass through it. */
interface Prefix {
  count: number;
  next: Map<string, Prefix> | null;
}

/** Σ over the sampled chains x of the common prefix length of x and `chain`. */
function commonPrefixSum(root: Prefix, chain: readonly string[]): number {
  let sum = 0;
  let node: Prefix | undefined = root;
  for (let d = 0; d < chain.length; d++) {
    node = node.next?.get(chain[d]!);
    if (node === undefined) break;
    sum += node.count;
  }
  return sum;
}

function addChain(root: Prefix, chain: readonly string[]): void {
  let node = root;
  for (const k of chain) {
    const next: Map<string, Prefix> = (node.next ??= new Map());
    let child = next.get(k);
    if (child === undefined) {
      child = { count: 0, next: null };
      next.set(k, child);
    }
    child.count++;
    node = child;
  }
}

function removeChain(root: Prefix, chain: readonly string[]): void {
  let node = root;
  for (const k of chain) {
    const child = node.next!.get(k)!;
    if (--child.count === 0) {
      // no sampled chain passes here any more: drop the branch
      node.next!.delete(k);
      return;
    }
    node = child;
  }
}

/** Below this many sampled chains there is no prefix tree: distanceSum passes over the sample instead. */
export const TREE_FROM = 16;

/**
 * Σ over the sampled chains x of distance(x, chain): with the prefix tree, as distance's formula
 * summed: Σ|x| + m·|chain| − 2·Σ common prefix; without it, each distance (integers: the same sum).
 */
function distanceSum(s: StructureState, chain: readonly string[]): number {
  if (s.prefixes === null) {
    let sum = 0;
    for (let i = 0; i < s.sample.length; i++) sum += distance(s.sample[i]!.chain, chain);
    return sum;
  }
  return s.chainLengths + s.sample.length * chain.length - 2 * commonPrefixSum(s.prefixes, chain);
}

/** The sample's chains as a prefix tree. */
function treeOf(sample: readonly Sampled[]): Prefix {
  const root: Prefix = { count: 0, next: null };
  for (const x of sample) addChain(root, x.chain);
  return root;
}

function distance(a: readonly string[], b: readonly string[]): number {
  let l = 0;
  while (l < a.length && l < b.length && a[l] === b[l]) l++;
  // different roots: through the virtual super-root
  return l === 0 ? a.length + b.length : a.length + b.length - 2 * l;
}

/** The post's ancestors, the post first, into `out` (cut at maxDepth, stops at a cycle). */
function ancestors(key: string, graph: GraphView, maxDepth: number, out: string[]): string[] {
  out.length = 0;
  out.push(key);
  let k: string | null = graph.parentOf(key);
  while (k !== null && out.length <= maxDepth && !out.includes(k)) {
    out.push(k);
    k = graph.parentOf(k);
  }
  return out;
}

/** `chain` root first, as a new array (one copy, not a copy and a reversal) */
function reversed(chain: readonly string[]): string[] {
  const n = chain.length;
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = chain[n - 1 - i]!;
  return out;
}

/** scratch for the ancestor walk: no allocation per event (never escapes a call) */
const scratch: string[] = [];

const keyOf = (x: Sampled): string => x.chain[x.chain.length - 1]!;

/** Whether the post `key` of rank `rank` is in the sample (ascending rank; equal ranks sit together). */
function inSample(sample: readonly Sampled[], rank: number, key: string): boolean {
  let lo = 0;
  let hi = sample.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sample[mid]!.rank < rank) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sample.length && sample[i]!.rank === rank; i++) if (keyOf(sample[i]!) === key) return true;
  return false;
}

const NONE: readonly Signal[] = Object.freeze([]) as readonly Signal[];

/** Inserts `item` into the bottom-k sample in place, keeping the pair sum exact. */
function insert(s: StructureState, item: Sampled, o: StructureOptions): void {
  const sample = s.sample;
  if (sample.length >= o.sampleSize) {
    const out = sample.pop()!;
    if (s.prefixes !== null) removeChain(s.prefixes, out.chain);
    s.chainLengths -= out.chain.length;
    s.pairSum -= distanceSum(s, out.chain);
  }
  s.pairSum += distanceSum(s, item.chain);
  if (s.prefixes !== null) addChain(s.prefixes, item.chain);
  s.chainLengths += item.chain.length;
  if (sample.length === 0) {
    // a literal holds one slot; a first insert into [] reserves 17
    s.sample = [item];
    return;
  }
  let i = sample.length;
  while (i > 0 && sample[i - 1]!.rank > item.rank) i--;
  sample.splice(i, 0, item);
  if (s.prefixes === null && sample.length >= TREE_FROM) s.prefixes = treeOf(sample);
}

function judge(s: StructureState, o: StructureOptions): readonly Signal[] {
  if (s.signals) return s.signals;
  s.signals = NONE;
  if (s.posts < o.minPosts) return s.signals;
  const m = s.sample.length;
  const virality = m < 2 ? 0 : s.pairSum / ((m * (m - 1)) / 2);
  const vScore = clamp01((virality - o.lowVirality) / (o.highVirality - o.lowVirality));
  // depth 1 is a broadcast: depth counts from 2 on
  const dScore = clamp01((s.maxDepth - 1) / (o.highDepth - 1));
  const score = round2(Math.max(vScore, 0.6 * dScore));
  if (score > 0)
    s.signals = [
      {
        dimension: 'spread',
        score,
        code: 'CASCADE_STRUCTURE',
        message: `structural virality ${round2(virality)} (sample ${m}), depth ${s.maxDepth}, breadth ${s.breadth}`,
        evidence: s.deepestEvent ? [s.deepestEvent] : [],
      },
    ];
  return s.signals;
}

function recompute(sample: readonly Sampled[]): number {
  let sum = 0;
  for (let i = 0; i < sample.length; i++)
    for (let j = i + 1; j < sample.length; j++) sum += distance(sample[i]!.chain, sample[j]!.chain);
  return sum;
}

function build(
  posts: number,
  maxDepth: number,
  deepestEvent: string | null,
  levels: number[],
  sample: Sampled[],
): StructureState {
  let chainLengths = 0;
  for (const x of sample) chainLengths += x.chain.length;
  return {
    posts,
    maxDepth,
    deepestEvent,
    levels,
    breadth: Math.max(0, ...levels),
    sample,
    pairSum: recompute(sample),
    prefixes: sample.length >= TREE_FROM ? treeOf(sample) : null,
    chainLengths,
    signals: null,
  };
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
  init: () => ({
    posts: 0,
    maxDepth: 0,
    deepestEvent: null,
    levels: [],
    breadth: 0,
    sample: [],
    pairSum: 0,
    prefixes: null,
    chainLengths: 0,
    signals: null,
  }),
  step(state, event, ctx, o) {
    const chain = ancestors(event.nodeKey, ctx.graph, o.maxDepth, scratch);
    const depth = Math.min(chain.length - 1, o.maxDepth);
    const s = state;
    if (s.levels.length <= depth) s.levels = s.levels.concat(new Array<number>(depth + 1 - s.levels.length).fill(0));
    const level = ++s.levels[depth]!;
    // the signal changes only with a figure it shows (or once posts reach minPosts)
    let changed = ++s.posts === o.minPosts;
    if (level > s.breadth) {
      s.breadth = level;
      changed = true;
    }
    if (depth > s.maxDepth || s.deepestEvent === null) {
      s.deepestEvent = event.eventId;
      s.maxDepth = Math.max(s.maxDepth, depth);
      changed = true;
    }
    const rank = fnv1a(event.nodeKey);
    const full = s.sample.length >= o.sampleSize;
    if (!(full && rank >= s.sample[s.sample.length - 1]!.rank) && !inSample(s.sample, rank, event.nodeKey)) {
      insert(s, { rank, eventId: event.eventId, chain: reversed(chain) }, o);
      changed = true;
    }
    if (changed) s.signals = null;
    return { state: s, signals: judge(s, o) };
  },
  merge(a, b, o) {
    const byKey = new Map<string, Sampled>();
    for (const x of [...a.sample, ...b.sample]) byKey.set(keyOf(x), x);
    const sample = [...byKey.values()]
      .sort((x, y) => x.rank - y.rank || (x.eventId < y.eventId ? -1 : 1))
      .slice(0, o.sampleSize);
    const levels: number[] = [];
    for (let d = 0; d < Math.max(a.levels.length, b.levels.length); d++)
      levels.push((a.levels[d] ?? 0) + (b.levels[d] ?? 0));
    const deepest = a.maxDepth >= b.maxDepth ? a : b;
    return build(a.posts + b.posts, deepest.maxDepth, deepest.deepestEvent, levels, sample);
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
    return build(p.posts, p.maxDepth, p.deepestEvent, p.levels, p.sample);
  },
});
