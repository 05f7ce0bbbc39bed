/**
 * Remembers the first post that carried each link key (a media hash, a PII
 * fingerprint), so a later post with the same key links to it with one edge
 * (a star, not a clique). Keys carried by too many posts stop linking: they
 * are memes or hotlines, not evidence of one incident.
 */
export class LinkIndex {
  private readonly anchors = new Map<string, { node: string; count: number }>();
  constructor(private readonly maxPostsPerKey: number) {}

  /** Records that `node` carries `key`; returns the anchor to link to, or null (new key or too common). */
  see(key: string, node: string): { anchor: string | null; isNewAnchor: boolean } {
    const entry = this.anchors.get(key);
    if (entry === undefined) {
      this.anchors.set(key, { node, count: 1 });
      return { anchor: null, isNewAnchor: true };
    }
    entry.count++;
    if (entry.node === node || entry.count > this.maxPostsPerKey) return { anchor: null, isNewAnchor: false };
    return { anchor: entry.node, isNewAnchor: false };
  }

  /** The post that first carried `key`, while it is remembered. */
  anchorOf(key: string): string | null {
    return this.anchors.get(key)?.node ?? null;
  }

  /** Forget keys anchored on a dropped node. */
  release(keys: readonly string[], node: string): void {
    for (const k of keys) if (this.anchors.get(k)?.node === node) this.anchors.delete(k);
  }

  get size(): number {
    return this.anchors.size;
  }
}
