import { z } from 'zod';
import { PII_CATEGORIES } from './events.js';

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
