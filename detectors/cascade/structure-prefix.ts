/**
 * cascade/structure's sampled ancestor chains and their prefix tree: Σ over the sampled chains of the common
 * prefix with a new chain in O(depth), so the structural virality's pair sum follows each sample change.
 */

/** A sampled post's ancestor chain, root first, the post itself last: the key alone for a post without ancestors. */
export type Chain = string | readonly string[];

export const chainLength = (c: Chain): number => (typeof c === 'string' ? 1 : c.length);
export const chainAt = (c: Chain, d: number): string => (typeof c === 'string' ? c : c[d]!);

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
export function commonPrefixSum(root: Prefix, chain: Chain): number {
  let sum = 0;
  let node: Prefix | undefined = root;
  for (let d = 0; d < chainLength(chain); d++) {
    node = childOf(node, chainAt(chain, d));
    if (node === undefined) break;
    sum += node.count;
  }
  return sum;
}

export function addChain(root: Prefix, chain: Chain): void {
  let node = root;
  for (let d = 0; d < chainLength(chain); d++) {
    const k = chainAt(chain, d);
    const child = childOf(node, k) ?? addChild(node, k);
    child.count++;
    node = child;
  }
}

export function removeChain(root: Prefix, chain: Chain): void {
  let node = root;
  for (let d = 0; d < chainLength(chain); d++) {
    const k = chainAt(chain, d);
    const child = childOf(node, k)!;
    if (--child.count === 0) {
      // no sampled chain passes here any more: drop the branch
      dropChild(node, k);
      return;
    }
    node = child;
  }
}
