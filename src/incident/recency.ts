/** What the recency list threads through: each live incident knows its neighbours. */
export interface RecencyNode<T> {
  older: T | null;
  newer: T | null;
}

/**
 * Live incidents from least to most recently active, as an intrusive doubly
 * linked list: moving the incident an event touched to the newest end is two
 * pointer swaps, where re-inserting it into a Map (the earlier way) hashed its
 * id twice on every event. Expiry and eviction read from the oldest end.
 */
export class RecencyList<T extends RecencyNode<T>> {
  private oldest: T | null = null;
  private newest: T | null = null;

  isNewest(node: T): boolean {
    return this.newest === node;
  }

  /** Appends at the newest end (the node must not be in the list). */
  push(node: T): void {
    node.older = this.newest;
    node.newer = null;
    if (this.newest) this.newest.newer = node;
    else this.oldest = node;
    this.newest = node;
  }

  /** Takes a node out (a node not in the list is left alone). */
  unlink(node: T): void {
    if (node.older) node.older.newer = node.newer;
    else if (this.oldest === node) this.oldest = node.newer;
    else return;
    if (node.newer) node.newer.older = node.older;
    else this.newest = node.older;
    node.older = null;
    node.newer = null;
  }

  /** Moves a node in the list to the newest end. */
  touch(node: T): void {
    if (this.newest === node) return;
    this.unlink(node);
    this.push(node);
  }

  /** Oldest first; the node handed out may be unlinked before the next is asked for. */
  *oldestFirst(): Generator<T, void, undefined> {
    let node = this.oldest;
    while (node !== null) {
      const next = node.newer;
      yield node;
      node = next;
    }
  }
}
