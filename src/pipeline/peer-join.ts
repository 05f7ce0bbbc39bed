import type { EnrichedEvent, Finding, LinkClaim, LinkExchange } from '../contract/index.js';
import { PEER_RECOGNIZER, type Incident, type IncidentStore } from '../incident/index.js';

export interface PeerJoinOptions {
  readonly partition: number;
  readonly exchange: LinkExchange;
  /** a claim is applied once the local watermark passes its time plus this (later: at once, counted late) */
  readonly joinDelayMs: number;
  /** forget what was published after this long (event time) */
  readonly ttlMs: number;
  /** a claim arrived already due (the local watermark is past it): place it without waiting for a record */
  readonly onLate?: () => void;
}

export interface PeerJoinHooks {
  linkClaim(direction: 'published' | 'received'): void;
  linkJoin(timing: 'on_time' | 'late'): void;
}

/**
 * One partition's side of the cross-partition join (see link-exchange.ts):
 * publishes the link keys its posts carry, and turns the matching claims of
 * other partitions into peer posts, applied in event-time order at the
 * local watermark so that a run whose claims all arrived in time (a rebuild,
 * peers that keep up) places them at the same point as any other run.
 */
export class PeerJoin {
  /** key → event time it was published at */
  private readonly published = new Map<string, number>();
  /** claims waiting for the watermark, by due time (small: only matched claims) */
  private pending: { due: number; claim: LinkClaim }[] = [];
  /** claims already scheduled: id → event time, expired like `published` */
  private readonly applied = new Map<string, number>();
  private readonly unsubscribe: () => void;
  private watermark = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly options: PeerJoinOptions,
    private readonly store: IncidentStore,
    private readonly hooks: PeerJoinHooks,
  ) {
    this.unsubscribe = options.exchange.subscribe(options.partition, (c) => this.onClaim(c));
  }

  close(): void {
    this.unsubscribe();
  }

  /** After a local post was placed: claim its keys, and match claims other partitions already made. */
  afterLocal(event: EnrichedEvent, incident: Incident): void {
    for (const key of this.store.linkKeysOf(event)) {
      if (!this.published.has(key)) this.publish(key, claimedPost(event), incident.id, findingOf(key, event));
      for (const c of this.options.exchange.claimsFor(key, this.options.partition)) this.schedule(c, event.time);
    }
    // Someone elsewhere linked to this very post: claim it back so they get its side too.
    const named = `u:${event.nodeKey}`;
    const claims = this.options.exchange.claimsFor(named, this.options.partition);
    if (claims.length > 0) {
      if (!this.published.has(named)) this.publish(named, claimedPost(event), incident.id);
      for (const c of claims) this.schedule(c, event.time);
    }
  }

  /** The claims whose time has come at `watermark`, in order; the caller places them. */
  due(watermark: number): LinkClaim[] {
    this.watermark = watermark;
    if (this.pending.length === 0 || this.pending[0]!.due > watermark) return NO_CLAIMS;
    const out: LinkClaim[] = [];
    while (this.pending.length > 0 && this.pending[0]!.due <= watermark) out.push(this.pending.shift()!.claim);
    return out;
  }

  /** The peer post a claim stands for, as an event the pipeline places like any other. */
  peerEvent(c: LinkClaim): EnrichedEvent {
    const named = c.key.startsWith('u:') ? c.key.slice(2) : null;
    return {
      type: 'event',
      eventId: `peer:${c.partition}:${c.key}`,
      platform: c.platform,
      kind: 'post',
      postId: c.postId,
      parentId: null,
      rootId: null,
      authorId: c.authorId,
      authorFollowers: null,
      time: c.time,
      text: '',
      urls: NO_STRINGS,
      mediaHashes: c.key.startsWith('m:') ? [c.key.slice(2)] : NO_STRINGS,
      lang: null,
      mentions: [],
      position: { kind: 'peer', partition: c.partition, key: c.key },
      nodeKey: c.nodeKey,
      linkedNodeKeys: named !== null && named !== c.nodeKey ? [named] : NO_STRINGS,
      findings: c.key.startsWith('f:') && c.category !== null ? [peerFinding(c)] : NO_FINDINGS,
    };
  }

  /** Forget what is older than the TTL (called on the pipeline's tick). */
  expire(watermark: number): void {
    const horizon = watermark - this.options.ttlMs;
    for (const [k, t] of this.published) if (t < horizon) this.published.delete(k);
    for (const [k, t] of this.applied) if (t < horizon) this.applied.delete(k);
  }

  /** Claim `key` for a post of this partition, once (until it expires). */
  private publish(key: string, post: ClaimedPost, incidentId: string, finding?: Finding): void {
    this.published.set(key, post.time);
    this.hooks.linkClaim('published');
    this.options.exchange.publish({
      key,
      partition: this.options.partition,
      ...post,
      incidentId,
      category: finding?.category ?? null,
      weight: finding?.weight ?? null,
    });
  }

  /** A claim from another partition arrived: match it if this partition holds the key. */
  private onClaim(c: LinkClaim): void {
    this.hooks.linkClaim('received');
    const holder = this.store.holderOf(c.key);
    if (holder === null) return;
    const attrs = this.store.graph.get(holder)!;
    // A post here that someone elsewhere links to: claim it back (once).
    if (c.key.startsWith('u:') && attrs.kind !== null && !this.published.has(c.key) && attrs.authorId !== null) {
      const { platform, postId, authorId, time } = attrs;
      this.publish(c.key, { nodeKey: holder, platform, postId, authorId, time }, (attrs.incident as Incident).id);
    }
    this.schedule(c, attrs.time);
  }

  private schedule(c: LinkClaim, localTime: number): void {
    const id = `${c.partition}|${c.key}|${c.nodeKey}`;
    if (this.applied.has(id)) return;
    this.applied.set(id, c.time);
    const due = Math.max(c.time, localTime) + this.options.joinDelayMs;
    const late = due <= this.watermark;
    this.hooks.linkJoin(late ? 'late' : 'on_time');
    let i = this.pending.length;
    while (i > 0 && compare(this.pending[i - 1]!, due, c) > 0) i--;
    this.pending.splice(i, 0, { due, claim: c });
    if (late) this.options.onLate?.();
  }
}

/** Due time, then partition, then key: a total order, so equal due times place in the same order everywhere. */
function compare(a: { due: number; claim: LinkClaim }, due: number, c: LinkClaim): number {
  if (a.due !== due) return a.due - due;
  if (a.claim.partition !== c.partition) return a.claim.partition - c.partition;
  return a.claim.key < c.key ? -1 : a.claim.key > c.key ? 1 : 0;
}

/** The fields of a claim that describe the claiming post. */
type ClaimedPost = Pick<LinkClaim, 'nodeKey' | 'platform' | 'postId' | 'authorId' | 'time'>;

function claimedPost(e: EnrichedEvent): ClaimedPost {
  return { nodeKey: e.nodeKey, platform: e.platform, postId: e.postId, authorId: e.authorId, time: e.time };
}

/** For an `f:` key, the finding whose fingerprint it is. */
function findingOf(key: string, e: EnrichedEvent): Finding | undefined {
  return key.startsWith('f:') ? e.findings.find((f) => `f:${f.fingerprint}` === key) : undefined;
}

function peerFinding(c: LinkClaim): Finding {
  return {
    category: c.category!,
    recognizer: PEER_RECOGNIZER,
    confidence: 1,
    weight: c.weight ?? 0.5,
    fingerprint: c.key.slice(2),
    snippet: '(disclosed on a linked post)',
    start: 0,
    end: 0,
    // attributed on its own partition; here it counts once this incident has a target (pii/dossier)
    about: 'unattributed',
  };
}

const NO_CLAIMS: LinkClaim[] = [];
const NO_STRINGS: readonly string[] = Object.freeze([]);
const NO_FINDINGS: readonly Finding[] = Object.freeze([]);
