/**
 * cascade/structure's sampled ancestor chains and their prefix tree: Σ over the sampled chains of the common
 * prefix with a new chain in O(depth), so the structural virality's pair sum follows each sample change.
 */

/**
 * A sampled post's ancestors, root first, without the post itself: null for a root, the one key for a post
 * with one ancestor (most reshares of a broadcast), a list from two on. A chain is its ancestors and then the
 * post's own key, which the sample holds anyway: a list [root, post] per sampled reshare cost ~64 bytes more.
 */
export type Above = string | readonly string[] | null;

/** How many ancestors. */
export const aboveLength = (a: Above): number => (a === null ? 0 : typeof a === 'string' ? 1 : a.length);
/** The chain (ancestors, then the post) as a list, root first: what `save` writes. */
export const chainList = (above: Above, key: string): string[] =>
  above === null ? [key] : typeof above === 'string' ? [above, key] : [...above, key];
/** The ancestors of a chain given as a list, root first (restore). */
export const aboveOf = (chain: readonly string[]): Above =>
  chain.length === 1 ? null : chain.length === 2 ? chain[0]! : chain.slice(0, -1);

/** The chain's key at depth `d` (0: the root; aboveLength(above): the post). */
export const chainAt = (above: Above, key: string, d: number): string =>
  d === aboveLength(above) ? key : typeof above === 'string' ? above : above![d]!;

/**
 * A node of the prefix tree of the sampled chains: how many chains pass through it, and its children: the
 * one child inline (`key`, `child`: most nodes lie on a chain; a Map cost ~200 bytes a node), a Map from
 * the second on (back inline when one is left). A child with no children of its own (a leaf: most sampled
 * posts of a broadcast) is held as its count alone, a number, not a node (~56 bytes each). Only looked up by
 * key, never iterated: the layout cannot change a result.
 */
export interface Prefix {
  count: number;
  key: string | null;
  child: Child | null;
  next: Map<string, Child> | null;
}

/** A child: a node, or a leaf's count. */
type Child = Prefix | number;

export const newPrefix = (): Prefix => ({ count: 0, key: null, child: null, next: null });

const countOf = (c: Child): number => (typeof c === 'number' ? c : c.count);

function childOf(node: Prefix, k: string): Child | undefined {
  if (node.next !== null) return node.next.get(k);
  return node.key === k ? node.child! : undefined;
}

/** Puts `c` as `node`'s child under key `k` (a new child, or in place of the one there). */
function setChild(node: Prefix, k: string, c: Child): void {
  if (node.next !== null) node.next.set(k, c);
  else if (node.key === null || node.key === k) {
    node.key = k;
    node.child = c;
  } else {
    node.next = new Map([
      [node.key, node.child!],
      [k, c],
    ]);
    node.key = null;
    node.child = null;
  }
}

function dropChild(node: Prefix, k: string): void {
  const next = node.next;
  if (next === null) {
    node.key = null;
    node.child = null;
    return;
  }
  next.delete(k);
  if (next.size === 1)
    for (const [key, child] of next) {
      node.key = key;
      node.child = child;
      node.next = null;
    }
}

/** Σ over the sampled chains x of the common prefix length of x and `chain`. */
export function commonPrefixSum(root: Prefix, above: Above, key: string): number {
  let sum = 0;
  let node: Prefix = root;
  const n = aboveLength(above);
  for (let d = 0; d <= n; d++) {
    const c = childOf(node, chainAt(above, key, d));
    if (c === undefined) break;
    sum += countOf(c);
    // a leaf has nothing below it
    if (typeof c === 'number') break;
    node = c;
  }
  return sum;
}

export function addChain(root: Prefix, above: Above, key: string): void {
  let node = root;
  const n = aboveLength(above);
  for (let d = 0; d <= n; d++) {
    const k = chainAt(above, key, d);
    const c = childOf(node, k);
    if (d === n) {
      // the chain ends here: a leaf's count, or a node's
      if (c === undefined || typeof c === 'number') setChild(node, k, (c ?? 0) + 1);
      else c.count++;
      return;
    }
    // the chain goes on below: a node (a leaf becomes one)
    let next: Prefix;
    if (c === undefined || typeof c === 'number') {
      next = { count: (c ?? 0) + 1, key: null, child: null, next: null };
      setChild(node, k, next);
    } else {
      next = c;
      next.count++;
    }
    node = next;
  }
}

export function removeChain(root: Prefix, above: Above, key: string): void {
  let node = root;
  const n = aboveLength(above);
  for (let d = 0; d <= n; d++) {
    const k = chainAt(above, key, d);
    const c = childOf(node, k)!;
    const count = countOf(c) - 1;
    if (count === 0) {
      // no sampled chain passes here any more: drop the branch
      dropChild(node, k);
      return;
    }
    if (typeof c === 'number') {
      // (a leaf is only ever the chain's end)
      setChild(node, k, count);
      return;
    }
    c.count = count;
    // a node left with no child is a leaf again
    if (d === n && c.child === null && c.next === null) setChild(node, k, count);
    node = c;
  }
}
