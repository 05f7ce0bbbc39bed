import type { LinkClaim, LinkExchange } from '../contract/index.js';

/**
 * The directory of claims every instance keeps: by key, newest claim per
 * (key, partition), expired by event time. Fed by publish() in one process,
 * or by the links-topic consumer (src/source/kafka/link-topic.ts).
 */
export class ClaimDirectory implements LinkExchange {
  private readonly byKey = new Map<string, LinkClaim[]>();
  private readonly listeners = new Map<number, Set<(c: LinkClaim) => void>>();
  private newest = Number.NEGATIVE_INFINITY;
  private added = 0;

  /** @param ttlMs claims older than the newest claim's time minus this are forgotten */
  constructor(private readonly ttlMs: number) {}

  get size(): number {
    return this.byKey.size;
  }

  publish(claim: LinkClaim): void {
    this.add(claim);
  }

  /** Record a claim and tell the other partitions' pipelines. */
  add(claim: LinkClaim): void {
    const list = this.byKey.get(claim.key);
    if (list === undefined) this.byKey.set(claim.key, [claim]);
    else {
      const i = list.findIndex((c) => c.partition === claim.partition);
      if (i >= 0 && sameClaim(list[i]!, claim)) return;
      if (i >= 0) list[i] = claim;
      else list.push(claim);
    }
    if (claim.time > this.newest) this.newest = claim.time;
    if (++this.added % 4096 === 0) this.expire();
    for (const [partition, set] of this.listeners) if (partition !== claim.partition) for (const f of set) f(claim);
  }

  claimsFor(key: string, exceptPartition: number): readonly LinkClaim[] {
    const list = this.byKey.get(key);
    if (list === undefined) return NONE;
    return list.filter((c) => c.partition !== exceptPartition);
  }

  subscribe(partition: number, onClaim: (claim: LinkClaim) => void): () => void {
    let set = this.listeners.get(partition);
    if (!set) this.listeners.set(partition, (set = new Set()));
    set.add(onClaim);
    return () => set.delete(onClaim);
  }

  private expire(): void {
    const horizon = this.newest - this.ttlMs;
    for (const [key, list] of this.byKey) {
      const kept = list.filter((c) => c.time >= horizon);
      if (kept.length === 0) this.byKey.delete(key);
      else if (kept.length < list.length) this.byKey.set(key, kept);
    }
  }
}

function sameClaim(a: LinkClaim, b: LinkClaim): boolean {
  return a.nodeKey === b.nodeKey && a.time === b.time && a.incidentId === b.incidentId;
}

const NONE: readonly LinkClaim[] = Object.freeze([]);
