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
 * the second on (back inline when one is left). Only looked up by key, never iterated: the layout cannot
 * change a result.
 */
export interface Prefix {
  count: number;
  key: string | null;
  child: Prefix | null;
  next: Map<string, Prefix> | null;
}

export const newPrefix = (): Prefix => ({ count: 0, key: null, child: null, next: null });

function childOf(node: Prefix, k: string): Prefix | undefined {
  if (node.next !== null) return node.next.get(k);
  return node.key === k ? node.child! : undefined;
}

/** A new child of `node` under key `k` (none there yet). */
function addChild(node: Prefix, k: string): Prefix {
  const child = newPrefix();
  if (node.next !== null) node.next.set(k, child);
  else if (node.key === null) {
    node.key = k;
    node.child = child;
  } else {
    node.next = new Map([
      [node.key, node.child!],
      [k, child],
    ]);
    node.key = null;
    node.child = null;
  }
  return child;
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
  let node: Prefix | undefined = root;
  const n = aboveLength(above);
  for (let d = 0; d <= n; d++) {
    node = childOf(node, chainAt(above, key, d));
    if (node === undefined) break;
    sum += node.count;
  }
  return sum;
}

export function addChain(root: Prefix, above: Above, key: string): void {
  let node = root;
  const n = aboveLength(above);
  for (let d = 0; d <= n; d++) {
    const k = chainAt(above, key, d);
    const child = childOf(node, k) ?? addChild(node, k);
    child.count++;
    node = child;
  }
}

export function removeChain(root: Prefix, above: Above, key: string): void {
  let node = root;
  const n = aboveLength(above);
  for (let d = 0; d <= n; d++) {
    const k = chainAt(above, key, d);
    const child = childOf(node, k)!;
    if (--child.count === 0) {
      // no sampled chain passes here any more: drop the branch
      dropChild(node, k);
      return;
    }
    node = child;
  }
}
