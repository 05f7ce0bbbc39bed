import type { EnrichedEvent, Finding, PiiCategory } from '../contract/index.js';
import { LinkIndex, PropagationGraph } from '../graph/index.js';
import { nodeKey } from '../enrich/index.js';
import { append, appendAll, BoundedMap, ownMap, stableId } from '../util/index.js';
import { Incident } from './incident.js';
import { RecencyList } from './recency.js';

/** PII categories whose fingerprints identify one person well enough to link cascades. */
const LEVEL_RANK = { none: 0, watch: 1, warning: 2, critical: 3 } as const;

const LINKING_CATEGORIES: ReadonlySet<PiiCategory> = new Set([
  'national_id',
  'passport',
  'phone',
  'email',
  'home_address',
  'licence_plate',
  'bank_card',
]);

/** The recognizer name of a finding that stands for a peer partition's link claim (src/pipeline/peer-join.ts). */
export const PEER_RECOGNIZER = 'peer';

/**
 * A finding identifies its person well enough to link the cascades that carry it: about a person a post points
 * at (detectors/pii/attribution.ts), or a peer partition's claim (attributed there). A number, address or e-mail
 * that no post attributes to anybody is a public one (a hotline, a ministry's consultation address, a notice's
 * building): on real Weibo it joined dozens of unrelated cascades into one incident whose throttle named them
 * all (bench/realistic, tune split).
 */
function linksOn(f: Finding): boolean {
  return (
    LINKING_CATEGORIES.has(f.category) &&
    f.confidence >= 0.5 &&
    (f.about === 'target' || f.recognizer === PEER_RECOGNIZER)
  );
}

export interface IncidentStoreOptions {
  readonly linkByMediaHash: boolean;
  readonly linkByFingerprint: boolean;
  readonly maxPostsPerLinkKey: number;
  readonly recentPosts: number;
}

export interface Placement {
  readonly incident: Incident;
  /** incidents absorbed into `incident` by this event (their ids are retired) */
  readonly absorbed: readonly Incident[];
  /** false when the post had been seen before (redelivery) */
  readonly isNew: boolean;
}

/**
 * Places each event's post in the propagation graph and keeps incidents as
 * the connected groups of linked cascades. Incident ids derive from the
 * first root's key; when a link joins two incidents the one that started
 * first (then the smaller id) keeps its id, so ids do not depend on arrival
 * interleaving across partitions.
 */
export class IncidentStore {
  readonly graph = new PropagationGraph();
  readonly links: LinkIndex;
  /** live incidents by id */
  private readonly live = new Map<string, Incident>();
  /** the same incidents, least recently active first */
  private readonly recency = new RecencyList<Incident>();
  /** ids retired by a merge → the id that absorbed them, so feedback naming an old id still lands (bounded) */
  private readonly mergedInto = new BoundedMap<string, string>(MERGED_IDS_KEPT);

  constructor(private readonly options: IncidentStoreOptions) {
    this.links = new LinkIndex(options.maxPostsPerLinkKey);
  }

  get liveCount(): number {
    return this.live.size;
  }

  get(id: string): Incident | undefined {
    return this.live.get(id);
  }

  /**
   * The live incident an id names: its own, or the one it was merged into (through later merges too). A
   * platform's reviewer names the incident its commands carried, which may have joined another since.
   */
  resolve(id: string): Incident | undefined {
    for (let hops = 0; hops < MAX_MERGE_HOPS; hops++) {
      const live = this.live.get(id);
      if (live) return live;
      const next = this.mergedInto.get(id);
      if (next === undefined) return undefined;
      id = next;
    }
    return undefined;
  }

  incidentOfNode(key: string): Incident | null {
    return (this.graph.get(key)?.incident as Incident | undefined) ?? null;
  }

  /** Least recently active first. */
  coldestFirst(): Generator<Incident, void, undefined> {
    return this.recency.oldestFirst();
  }

  place(event: EnrichedEvent): Placement {
    const key = event.nodeKey;
    const parentKey = event.parentId === null ? null : nodeKey(event.platform, event.parentId);
    // (a reshare of the root names it twice: one key string, not two)
    const rootKey =
      event.rootId === null
        ? null
        : event.rootId === event.parentId
          ? parentKey
          : nodeKey(event.platform, event.rootId);

    // The incident this post starts in: its own (placeholder), its parent's, its root's, or a new one.
    let incident =
      this.incidentOfNode(key) ??
      (parentKey === null ? null : this.incidentOfNode(parentKey)) ??
      (rootKey === null ? null : this.incidentOfNode(rootKey));
    if (incident === null) {
      incident = new Incident(stableId('inc', rootKey ?? parentKey ?? key), event.time);
      this.live.set(incident.id, incident);
      this.recency.push(incident);
    }
    // one object built up and handed back (a Placing then a Placement were two per event)
    const placing = new Placing(incident);
    if (rootKey !== null) this.reference(placing, rootKey, event.platform, event.rootId!, event.time);
    if (parentKey !== null && parentKey !== rootKey)
      this.reference(placing, parentKey, event.platform, event.parentId!, event.time);
    this.reference(placing, key, event.platform, event.postId, event.time);

    // (the seen post's fields as arguments: no SeenPost object per event)
    const isNew = this.graph.upsertSeen(
      key,
      event.authorId,
      event.kind,
      event.time,
      event.authorFollowers ?? 0,
      parentKey,
    );
    placing.isNew = isNew;

    // Cross-platform links: URLs naming another post, shared screenshots, shared PII fingerprints. (Indexed
    // loops: these lists are mostly a shared frozen empty one, and `for…of` over a frozen array allocates.)
    const { linkedNodeKeys, mediaHashes, findings } = event;
    for (let i = 0; i < linkedNodeKeys.length; i++) {
      const linked = linkedNodeKeys[i]!;
      const colon = linked.indexOf(':');
      this.reference(placing, linked, linked.slice(0, colon), linked.slice(colon + 1), event.time);
      this.graph.connect(linked, key, 'link', event.time);
    }
    if (this.options.linkByMediaHash)
      for (let i = 0; i < mediaHashes.length; i++)
        this.join(placing, this.linkOn(`m:${mediaHashes[i]!}`, key, 'media', event.time));
    if (this.options.linkByFingerprint)
      for (let i = 0; i < findings.length; i++)
        if (linksOn(findings[i]!))
          this.join(placing, this.linkOn(`f:${findings[i]!.fingerprint}`, key, 'pii', event.time));

    const inc = placing.incident;
    if (isNew) this.recordPost(inc, event, rootKey ?? (parentKey === null ? key : null), parentKey);
    this.touch(inc, event.time);
    return placing;
  }

  /**
   * The link keys this event carries, as the cross-partition join names them:
   * `m:` media hashes, `f:` linking fingerprints, `u:` posts its URLs name.
   */
  linkKeysOf(event: EnrichedEvent): string[] {
    const keys: string[] = [];
    for (const linked of event.linkedNodeKeys) keys.push(`u:${linked}`);
    if (this.options.linkByMediaHash) for (const h of event.mediaHashes) keys.push(`m:${h}`);
    if (this.options.linkByFingerprint) for (const f of event.findings) if (linksOn(f)) keys.push(`f:${f.fingerprint}`);
    return keys;
  }

  /** The local post that holds a link key (its anchor, or the post a `u:` key names), or null. */
  holderOf(key: string): string | null {
    if (key.startsWith('u:')) {
      const node = key.slice(2);
      return this.graph.hasNode(node) ? node : null;
    }
    const anchor = this.links.anchorOf(key);
    return anchor !== null && this.graph.hasNode(anchor) ? anchor : null;
  }

  /** A post this event names (itself, its parent or root, a linked post): add it, or join its incident. */
  private reference(placing: Placing, key: string, platform: string, postId: string, time: number): void {
    const known = this.graph.ensurePlaceholder(key, platform, postId, time, placing.incident);
    if (known === null) placing.incident.members = append(placing.incident.members, key);
    else this.join(placing, known.incident as Incident);
  }

  private join(placing: Placing, other: Incident | null): void {
    if (other === null || other === placing.incident) return;
    const [winner, loser] = this.merge(placing.incident, other);
    placing.incident = winner;
    if (placing.absorbed === NONE) placing.absorbed = [];
    (placing.absorbed as Incident[]).push(loser);
  }

  /** Drops an incident and frees its graph nodes and link keys. */
  remove(incident: Incident): void {
    for (const k of incident.members) {
      const attrs = this.graph.dropNode(k);
      if (attrs?.anchors) this.links.release(attrs.anchors, k);
    }
    incident.members = [];
    this.live.delete(incident.id);
    this.recency.unlink(incident);
  }

  private linkOn(linkKey: string, node: string, kind: 'media' | 'pii', time: number): Incident | null {
    const { anchor, isNewAnchor } = this.links.see(linkKey, node);
    if (isNewAnchor) {
      const attrs = this.graph.attributes(node);
      (attrs.anchors ??= []).push(linkKey);
      return null;
    }
    if (anchor === null || !this.graph.hasNode(anchor)) return null;
    this.graph.connect(anchor, node, kind, time);
    return this.incidentOfNode(anchor);
  }

  private recordPost(incident: Incident, event: EnrichedEvent, rootKey: string | null, parentKey: string | null): void {
    incident.size++;
    const parentAuthor = parentKey === null ? null : (this.graph.get(parentKey)?.authorId ?? null);
    if (parentAuthor !== null) incident.drew(parentAuthor);
    incident.addPlatform(event.platform);
    incident.authorPosts.add(event.authorId);
    if (rootKey !== null) incident.addRoot(rootKey);
    if (event.time < incident.firstTime) incident.firstTime = event.time;
    incident.addRecent(event.postId, this.options.recentPosts);
    incident.dirty = true;
  }

  private touch(incident: Incident, time: number): void {
    if (time > incident.lastTime) incident.lastTime = time;
    // To the newest end: the oldest end stays the coldest (expiry and eviction read it).
    this.recency.touch(incident);
  }

  /** Joins two incidents: the earlier-started keeps its id; the larger keeps its object (small-to-large). */
  private merge(a: Incident, b: Incident): [winner: Incident, loser: Incident] {
    const winnerId = a.firstTime < b.firstTime || (a.firstTime === b.firstTime && a.id < b.id) ? a.id : b.id;
    const [big, small] = a.members.length >= b.members.length ? [a, b] : [b, a];
    const loserId = winnerId === big.id ? small.id : big.id;
    big.members = appendAll(big.members, small.members);
    for (const k of small.members) this.graph.attributes(k).incident = big;
    for (const r of small.rootKeys) big.addRoot(r);
    big.size += small.size;
    big.deletedPosts += small.deletedPosts;
    for (const p of small.platforms) big.addPlatform(p);
    small.authorPosts.forEach((n, author) => big.authorPosts.add(author, n));
    small.authorReach.forEach((n, author) => big.drew(author, n));
    big.firstTime = Math.min(big.firstTime, small.firstTime);
    big.lastTime = Math.max(big.lastTime, small.lastTime);
    if (small.disclosures.size > 0) big.disclosures = ownMap(big.disclosures);
    for (const [c, d] of small.disclosures) {
      const mine = big.disclosures.get(c);
      if (!mine || d.firstTime < mine.firstTime) big.disclosures.set(c, d);
    }
    if (small.noticeEntries.length > 0) big.noticeEntries = [...big.noticeEntries, ...small.noticeEntries];
    if (small.peers.size > 0) big.peers = ownMap(big.peers);
    for (const [id, partition] of small.peers) big.peers.set(id, partition);
    big.recentPosts = [...small.recentPosts, ...big.recentPosts].slice(-this.options.recentPosts * 2);
    if (small.commands.size > 0) big.commands = ownMap(big.commands);
    for (const [id, c] of small.commands) big.commands.set(id, c);
    if (small.accountCommands.size > 0) big.accountCommands = ownMap(big.accountCommands);
    for (const [k, c] of small.accountCommands) if (!big.accountCommands.has(k)) big.accountCommands.set(k, c);
    big.accounts.absorb(small.accounts);
    big.dirty = true;
    if (LEVEL_RANK[small.level ?? 'none'] > LEVEL_RANK[big.level ?? 'none']) big.level = small.level;
    for (const [k, v] of Object.entries(small.policyState))
      big.ownPolicyState()[k] = Math.max(big.policyState[k] ?? v, v);
    // `small` is handed back as the retired incident, under the id that is retired.
    const published = { [big.id]: big.published, [small.id]: small.published };
    this.live.delete(a.id);
    this.live.delete(b.id);
    this.recency.unlink(small);
    this.mergedInto.set(loserId, winnerId);
    small.id = loserId;
    small.published = published[loserId] ?? false;
    big.id = winnerId;
    big.published = published[winnerId] ?? false;
    small.members = [];
    this.live.set(big.id, big);
    this.recency.touch(big); // the joined incident is the one just active, as a re-insert made it
    return [big, small];
  }
}

/** Retired ids remembered for feedback (as many as the policy guard remembers commands). */
const MERGED_IDS_KEPT = 100_000;
/** A chain of merges longer than this is not followed (a guard against a cycle through a re-used id). */
const MAX_MERGE_HOPS = 64;

/** The incident being built up while one event is placed; the Placement handed back. */
class Placing implements Placement {
  absorbed: readonly Incident[] = NONE;
  isNew = false;
  constructor(public incident: Incident) {}
}
const NONE: readonly Incident[] = Object.freeze([]);
