import { z } from 'zod';
import { PII_CATEGORIES } from '../event/types.js';

/**
 * Cross-partition incident join. Each input partition has its own pipeline
 * (src/pipeline/partitioned.ts), so two cascades of one incident keyed under
 * different roots land on different partitions, maybe different instances.
 * A pipeline publishes a *claim* for each link key it holds (a media hash, a
 * linking PII fingerprint, a URL naming another post); every instance reads
 * every claim (the compacted `doxguard.links` topic); a pipeline that holds a
 * key another partition claimed places that partition's post in its own graph
 * as a *peer post*, which joins the two halves into one incident there (more
 * platforms, the other half's disclosure) and names the peer incident.
 */
export const LinkClaimSchema = z.object({
  /** `m:<media hash>`, `f:<fingerprint>` or `u:<node key a URL names>` */
  key: z.string().min(3).max(600),
  partition: z.number().int().nonnegative(),
  /** the post that carries the key on the claiming side */
  nodeKey: z.string().min(1),
  platform: z.string().min(1),
  postId: z.string().min(1),
  authorId: z.string().min(1),
  /** event time of that post (epoch ms) */
  time: z.number().int(),
  /** the claiming side's incident when it claimed */
  incidentId: z.string().min(1),
  /** for `f:` keys, the category of the disclosure (its fingerprint is the key) */
  category: z.enum(PII_CATEGORIES).nullable(),
  weight: z.number().min(0).max(1).nullable(),
});
export type LinkClaim = z.infer<typeof LinkClaimSchema>;

/** Where claims go and come from: memory (tests, one process) or a compacted Kafka topic. */
export interface LinkExchange {
  /** make a claim known to every partition (asynchronous for Kafka: it comes back through `subscribe`) */
  publish(claim: LinkClaim): void;
  /** the claims other partitions made for `key` */
  claimsFor(key: string, exceptPartition: number): readonly LinkClaim[];
  /** called for each claim another partition makes from now on; returns an unsubscribe function */
  subscribe(partition: number, onClaim: (claim: LinkClaim) => void): () => void;
}

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
