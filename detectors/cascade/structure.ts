import { z } from 'zod';
import { defineDetector, type GraphView, type Signal } from '../../src/contract/index.js';
import { insert3 } from '../../src/util/index.js';
import { clamp01, fnv1a, round2 } from './shared.js';
import {
  type Above,
  aboveLength,
  aboveOf,
  addChain,
  chainAt,
  chainList,
  commonPrefixSum,
  newPrefix,
  type Prefix,
  removeChain,
} from './structure-prefix.js';

/**
 * Breadth, depth and structural virality (Goel, Anderson, Hofman, Watts,
 * Management Science 2016: the average shortest-path distance between all
 * pairs of nodes of the cascade tree; ~2 for a broadcast star, large for
 * person-to-person chains). Computed on a bounded, deterministic bottom-k
 * sample (the k posts with the smallest hash of their key), so it is the same
 * whatever the arrival order, mergeable, and O(depth) per change (a prefix
 * tree of the sampled chains gives the pair sum without a pass over the sample). Each
 * sampled post keeps its ancestors as they were when it was sampled; two posts in
 * different trees are joined through a virtual super-root (the incident).
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

/** A sampled post, as merge and restore list them: rank, post key, ancestors (its chain: the ancestors, then the key). */
type Sampled = readonly [rank: number, key: string, above: Above];

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
  /**
   * bottom-k sample, ascending rank (a post's rank is the hash of its key: found by binary search, no key set),
   * flat: sampled post i's rank at [3i], key at [3i + 1], ancestors at [3i + 2] (an object a post cost ~50
   * bytes more). Ranks are kept shifted to the signed 32-bit range (`rankOf`): small integers, not boxed numbers.
   */
  sample: (number | string | Above)[];
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

/** The hash of a post's key, shifted from unsigned to signed 32 bits (the same order; a small integer). */
const rankOf = (key: string): number => fnv1a(key) - 0x80000000;
/** Saved ranks are the unshifted hashes. */
const SHIFT = 0x80000000;

/** Posts in the sample. */
export const sampled = (s: StructureState): number => s.sample.length / 3;
const rankAt = (s: StructureState, i: number): number => s.sample[3 * i] as number;
const keyAt = (s: StructureState, i: number): string => s.sample[3 * i + 1] as string;
const aboveAt = (s: StructureState, i: number): Above => s.sample[3 * i + 2] as Above;
/** The sampled posts' keys, ascending rank. */
export const sampledKeys = (s: StructureState): string[] => Array.from({ length: sampled(s) }, (_, i) => keyAt(s, i));

/** Below this many sampled chains there is no prefix tree: distanceSum passes over the sample instead. */
export const TREE_FROM = 16;

/**
 * Σ over the sampled chains x of distance(x, chain): with the prefix tree, as distance's formula
 * summed: Σ|x| + m·|chain| − 2·Σ common prefix; without it, each distance (integers: the same sum).
 */
function distanceSum(s: StructureState, above: Above, key: string): number {
  const m = sampled(s);
  if (s.prefixes === null) {
    let sum = 0;
    for (let i = 0; i < m; i++) sum += distance(aboveAt(s, i), keyAt(s, i), above, key);
    return sum;
  }
  return s.chainLengths + m * (aboveLength(above) + 1) - 2 * commonPrefixSum(s.prefixes, above, key);
}

/** The sample's chains as a prefix tree. */
function treeOf(s: StructureState): Prefix {
  const root = newPrefix();
  for (let i = 0; i < sampled(s); i++) addChain(root, aboveAt(s, i), keyAt(s, i));
  return root;
}

/** The distance between two chains (each its ancestors, then its key). */
function distance(aAbove: Above, aKey: string, bAbove: Above, bKey: string): number {
  const na = aboveLength(aAbove) + 1;
  const nb = aboveLength(bAbove) + 1;
  let l = 0;
  while (l < na && l < nb && chainAt(aAbove, aKey, l) === chainAt(bAbove, bKey, l)) l++;
  // different roots: through the virtual super-root
  return l === 0 ? na + nb : na + nb - 2 * l;
}

/** The post's ancestors, the post first, into `out` (cut at maxDepth, stops at a cycle). */
function ancestors(key: string, graph: GraphView, maxDepth: number, out: string[]): string[] {
  // Truncated to one, not emptied: `length = 0` drops the backing store, and the first push then reserved a
  // fresh 17 slots on every event (~150 bytes each; issue 17, i17a)
  out[0] = key;
  out.length = 1;
  let k: string | null = graph.parentOf(key);
  while (k !== null && out.length <= maxDepth && !out.includes(k)) {
    out.push(k);
    k = graph.parentOf(k);
  }
  return out;
}

/**
 * The ancestors of the walk `chain` (the post first, then its parent, …) root first: null for a root, the one
 * key for one, a new exact-size list from two on (one copy, not a copy and a reversal).
 */
function aboveFrom(chain: readonly string[]): Above {
  const n = chain.length;
  if (n === 1) return null;
  if (n === 2) return chain[1]!;
  const out = new Array<string>(n - 1);
  for (let i = 0; i < n - 1; i++) out[i] = chain[n - 1 - i]!;
  return out;
}

/** scratch for the ancestor walk: no allocation per event (never escapes a call) */
const scratch: string[] = [];

/** Whether the post `key` of rank `rank` is in the sample (ascending rank; equal ranks sit together). */
function inSample(s: StructureState, rank: number, key: string): boolean {
  let lo = 0;
  let hi = sampled(s);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rankAt(s, mid) < rank) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sampled(s) && rankAt(s, i) === rank; i++) if (keyAt(s, i) === key) return true;
  return false;
}

const NONE: readonly Signal[] = Object.freeze([]) as readonly Signal[];
/** The initial empty lists (shared, frozen: replaced on the first post, never written). */
const NO_SAMPLE: readonly (number | string | Above)[] = Object.freeze([]);
const NO_LEVELS: readonly number[] = Object.freeze([]);
/** The levels of a state whose posts are all at depth 0 and number one (most incidents): shared, frozen. */
const ONE_ROOT: readonly number[] = Object.freeze([1]);

/** Inserts a post into the bottom-k sample in place, keeping the pair sum exact. */
function insert(s: StructureState, rank: number, key: string, above: Above, o: StructureOptions): void {
  if (sampled(s) >= o.sampleSize) {
    const last = sampled(s) - 1;
    const outKey = keyAt(s, last);
    const outAbove = aboveAt(s, last);
    s.sample.length -= 3;
    if (s.prefixes !== null) removeChain(s.prefixes, outAbove, outKey);
    s.chainLengths -= aboveLength(outAbove) + 1;
    s.pairSum -= distanceSum(s, outAbove, outKey);
  }
  s.pairSum += distanceSum(s, above, key);
  if (s.prefixes !== null) addChain(s.prefixes, above, key);
  s.chainLengths += aboveLength(above) + 1;
  let i = sampled(s);
  while (i > 0 && rankAt(s, i - 1) > rank) i--;
  s.sample = insert3<number | string | Above>(s.sample, 3 * i, rank, key, above);
  if (s.prefixes === null && sampled(s) >= TREE_FROM) s.prefixes = treeOf(s);
}

function judge(s: StructureState, o: StructureOptions): readonly Signal[] {
  if (s.signals) return s.signals;
  s.signals = NONE;
  if (s.posts < o.minPosts) return s.signals;
  const m = sampled(s);
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
        // joined, not a template literal: one flat string kept with the signal, not a rope of seven nodes
        message: [
          'structural virality ',
          round2(virality),
          ' (sample ',
          m,
          '), depth ',
          s.maxDepth,
          ', breadth ',
          s.breadth,
        ].join(''),
        evidence: s.deepestEvent ? [s.deepestEvent] : [],
      },
    ];
  return s.signals;
}

function recompute(s: StructureState): number {
  const m = sampled(s);
  let sum = 0;
  for (let i = 0; i < m; i++)
    for (let j = i + 1; j < m; j++) sum += distance(aboveAt(s, i), keyAt(s, i), aboveAt(s, j), keyAt(s, j));
  return sum;
}

function build(
  posts: number,
  maxDepth: number,
  deepestEvent: string | null,
  levels: number[],
  sample: readonly Sampled[],
): StructureState {
  const flat = new Array<number | string | Above>(3 * sample.length);
  let chainLengths = 0;
  for (let i = 0; i < sample.length; i++) {
    [flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]] = sample[i]!;
    chainLengths += aboveLength(sample[i]![2]) + 1;
  }
  const s: StructureState = {
    posts,
    maxDepth,
    deepestEvent,
    levels,
    breadth: Math.max(0, ...levels),
    sample: flat,
    pairSum: 0,
    prefixes: null,
    chainLengths,
    signals: null,
  };
  s.pairSum = recompute(s);
  if (sample.length >= TREE_FROM) s.prefixes = treeOf(s);
  return s;
}

/** The sample as a list (merge, save). */
const listOf = (s: StructureState): Sampled[] =>
  Array.from({ length: sampled(s) }, (_, i): Sampled => [rankAt(s, i), keyAt(s, i), aboveAt(s, i)]);

const Saved = z.object({
  posts: z.number(),
  maxDepth: z.number(),
  deepestEvent: z.string().nullable(),
  levels: z.array(z.number()),
  /** each sampled post's chain, root first, the post last (1.0.0 also saved its event id: read and left) */
  sample: z.array(z.object({ rank: z.number(), chain: z.array(z.string()).min(1) })),
});

export const structure = defineDetector<StructureOptions, StructureState>({
  name: 'cascade/structure',
  family: 'cascade',
  version: '1.1.0',
  description: 'breadth, depth and structural virality (bounded bottom-k sample)',
  options: StructureOptions,
  constants: [NONE, NO_SAMPLE, NO_LEVELS, ONE_ROOT],
  init: () => ({
    posts: 0,
    maxDepth: 0,
    deepestEvent: null,
    levels: NO_LEVELS as number[],
    breadth: 0,
    sample: NO_SAMPLE as (number | string | Above)[],
    pairSum: 0,
    prefixes: null,
    chainLengths: 0,
    signals: null,
  }),
  step(state, event, ctx, o) {
    const chain = ancestors(event.nodeKey, ctx.graph, o.maxDepth, scratch);
    const depth = Math.min(chain.length - 1, o.maxDepth);
    const s = state;
    let level = 1;
    // a first post at depth 0 (most incidents): the shared levels [1]; a copy of them once written
    if (depth === 0 && s.levels.length === 0) s.levels = ONE_ROOT as number[];
    else {
      if (s.levels === ONE_ROOT) s.levels = [1];
      if (s.levels.length <= depth) s.levels = s.levels.concat(new Array<number>(depth + 1 - s.levels.length).fill(0));
      level = ++s.levels[depth]!;
    }
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
    const rank = rankOf(event.nodeKey);
    const full = sampled(s) >= o.sampleSize;
    if (!(full && rank >= rankAt(s, sampled(s) - 1)) && !inSample(s, rank, event.nodeKey)) {
      insert(s, rank, event.nodeKey, aboveFrom(chain), o);
      changed = true;
    }
    if (changed) s.signals = null;
    return { state: s, signals: judge(s, o) };
  },
  merge(a, b, o) {
    const byKey = new Map<string, Sampled>();
    for (const x of [...listOf(a), ...listOf(b)]) byKey.set(x[1], x);
    const sample = [...byKey.values()].sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : 1)).slice(0, o.sampleSize);
    const levels = Array.from(
      { length: Math.max(a.levels.length, b.levels.length) },
      (_, d) => (a.levels[d] ?? 0) + (b.levels[d] ?? 0),
    );
    const deepest = a.maxDepth >= b.maxDepth ? a : b;
    return build(a.posts + b.posts, deepest.maxDepth, deepest.deepestEvent, levels, sample);
  },
  save: (s) => ({
    posts: s.posts,
    maxDepth: s.maxDepth,
    deepestEvent: s.deepestEvent,
    levels: [...s.levels],
    sample: listOf(s).map(([rank, key, above]) => ({ rank: rank + SHIFT, chain: chainList(above, key) })),
  }),
  restore(saved) {
    const p = Saved.parse(saved);
    const sample = p.sample.map(({ rank, chain }): Sampled => [rank - SHIFT, chain[chain.length - 1]!, aboveOf(chain)]);
    return build(p.posts, p.maxDepth, p.deepestEvent, p.levels, sample);
  },
});
