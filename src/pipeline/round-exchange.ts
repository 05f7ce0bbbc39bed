import type { LinkClaim, LinkExchange } from '../contract/index.js';
import { ClaimDirectory } from './link-exchange.js';

type Listener = (claim: LinkClaim) => void;

/**
 * The cross-partition link exchange of a partitioned file or stdin run, made
 * deterministic by rounds (one source batch = one round). Claims published
 * during a round wait in `outbox`; whoever drives the rounds collects them,
 * puts every partition's in partition order, and hands them back through
 * `deliver` a fixed number of rounds later, to every replica alike. A
 * partition's listeners see what was delivered only when `open(partition)` is
 * called, right before that partition's batch, so a claim is placed at the
 * same point of the partition's stream whichever thread runs it and however
 * the threads interleave. Every replica (one per worker thread, or the one of
 * a single-threaded run) thus goes through the same sequence of states.
 */
export class RoundExchange implements LinkExchange {
  private readonly directory: ClaimDirectory;
  private readonly inbox = new Map<number, LinkClaim[]>();
  private readonly listeners = new Map<number, Set<Listener>>();
  private outbox: LinkClaim[] = [];

  constructor(ttlMs: number) {
    this.directory = new ClaimDirectory(ttlMs);
  }

  publish(claim: LinkClaim): void {
    this.outbox.push(claim);
  }

  claimsFor(key: string, exceptPartition: number): readonly LinkClaim[] {
    return this.directory.claimsFor(key, exceptPartition);
  }

  subscribe(partition: number, onClaim: Listener): () => void {
    let set = this.listeners.get(partition);
    if (!set) {
      this.listeners.set(partition, (set = new Set()));
      this.directory.subscribe(partition, (c) => {
        const box = this.inbox.get(partition);
        if (box) box.push(c);
        else this.inbox.set(partition, [c]);
      });
    }
    set.add(onClaim);
    return () => set.delete(onClaim);
  }

  /** Claims of every partition, in partition order, as collected `rounds` ago. */
  deliver(claims: readonly LinkClaim[]): void {
    for (const c of claims) this.directory.add(c);
  }

  /** Hand what was delivered to `partition`'s listeners (call right before its batch). */
  open(partition: number): void {
    const box = this.inbox.get(partition);
    if (!box || box.length === 0) return;
    this.inbox.set(partition, []);
    const set = this.listeners.get(partition);
    if (set) for (const c of box) for (const f of set) f(c);
  }

  /** The claims published since the last call, in publication order. */
  take(): LinkClaim[] {
    const out = this.outbox;
    this.outbox = [];
    return out;
  }
}

/** Claims of several replicas in one canonical order: by partition, each partition's in publication order. */
export function byPartition(claims: readonly LinkClaim[]): LinkClaim[] {
  return claims
    .map((c, i) => ({ c, i }))
    .sort((a, b) => a.c.partition - b.c.partition || a.i - b.i)
    .map((x) => x.c);
}
