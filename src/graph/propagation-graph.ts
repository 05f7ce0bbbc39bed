import { DirectedGraph } from 'graphology';
import type { GraphView, EventKind } from '../contract/index.js';
import { append } from '../util/index.js';

/** A post in the propagation graph. `kind` null: a placeholder for a post referenced but not yet seen. */
export type PostAttributes = {
  platform: string;
  postId: string;
  authorId: string | null;
  kind: EventKind | null;
  time: number;
  depth: number;
  followers: number;
  /** the incident this post belongs to (see src/incident); set by the incident store */
  incident: unknown;
  /** link-index keys this post anchors, freed with it */
  anchors: string[] | null;
  /** the post it reshares or answers, once seen with one (parentOf confirms the edge is still there) */
  parent: string | null;
  /** deleted on its platform: still part of the cascade's history, no longer a command's target */
  deleted: boolean;
};

export type EdgeKind = 'reshare' | 'quote' | 'reply' | 'link' | 'media' | 'pii';
export type EdgeAttributes = {
  kind: EdgeKind;
  time: number;
};
/** What upsertPost learns of a post when it is seen. */
export type SeenPost = { authorId: string; kind: EventKind; time: number; followers: number };
/** An edge into a post, as `inEdges` lists them. */
export type InEdge = { readonly source: string; readonly kind: EdgeKind; readonly time: number };

const EDGE_OF_KIND: Record<EventKind, EdgeKind> = {
  post: 'reshare',
  repost: 'reshare',
  quote: 'quote',
  reply: 'reply',
};

const isParentKind = (k: EdgeKind | null): boolean => k === 'reshare' || k === 'quote' || k === 'reply';

/** A post's kind and its parent slot's edge kind by index (PostNode.bits); index 0 is null. */
const KINDS: readonly (EventKind | null)[] = [null, 'post', 'repost', 'quote', 'reply'];
const KIND_AT: Record<EventKind, number> = { post: 1, repost: 2, quote: 3, reply: 4 };
const EDGE_KINDS: readonly (EdgeKind | null)[] = [null, 'reshare', 'quote', 'reply', 'link', 'media', 'pii'];
const EDGE_KIND_AT: Record<EdgeKind, number> = { reshare: 1, quote: 2, reply: 3, link: 4, media: 5, pii: 6 };
const DELETED = 1 << 6;
/** depth's place in PostNode.bits: bits / DEPTH, below it the flags */
const DEPTH = 1 << 7;
/** slot indices 1–3 (reshare, quote, reply) are parent edges (isParentKind) */
const PARENT_SLOTS = 3;

/** A post's rare parts: the link-index keys it anchors and its side edges (each null while none). */
interface NodeRare {
  anchors: string[] | null;
  side: SideEdge[] | null;
}

/** An edge kept in its target's side list: any edge that is not a node's parent slot. */
interface SideEdge {
  readonly from: PostNode;
  kind: EdgeKind;
  time: number;
  /** creation order (graphology's edge order); kept when the edge is re-kinded */
  readonly seq: number;
}

/**
 * A post and its place in the graph. Its attribute fields are the PostAttributes callers get (the live
 * object); the rest is the graph's own and not part of that type.
 */
class PostNode implements PostAttributes {
  authorId: string | null = null;
  followers = 0;
  parent: string | null = null;
  /**
   * `kind` (bits 0–2: its index in KINDS), `slot` (bits 3–5: its index in EDGE_KINDS), `deleted` (bit 6) and
   * `depth` (from bit 7, as bits / 128) in one number, a small integer while depth < 2^24: four fields of 8
   * bytes each were 24 bytes more per live post (issue 17). Written by arithmetic, not by `|` and `&~`, so
   * that a deeper post keeps its depth; read by `&` and `>>`, which keep the low bits of any such number.
   */
  bits = 0;
  /** the rare parts (link-index anchors, side edges); null while neither (nearly every post) */
  private rare: NodeRare | null = null;
  get depth(): number {
    return Math.floor(this.bits / DEPTH);
  }
  set depth(d: number) {
    this.bits = (this.bits % DEPTH) + d * DEPTH;
  }
  /** link-index keys this post anchors */
  get anchors(): string[] | null {
    return this.rare === null ? null : this.rare.anchors;
  }
  set anchors(list: string[] | null) {
    if (this.rare !== null) this.rare.anchors = list;
    else if (list !== null) this.rare = { anchors: list, side: null };
  }
  /** every other inbound edge (links, media, PII, a re-kinded parent edge); null while none */
  get side(): SideEdge[] | null {
    return this.rare === null ? null : this.rare.side;
  }
  set side(list: SideEdge[] | null) {
    if (this.rare !== null) this.rare.side = list;
    else if (list !== null) this.rare = { anchors: null, side: list };
  }
  /**
   * Targets of this post's out-edges, every kind, in the order the edges were made: null while none, an
   * array (of exact size while short), or an (insertion-ordered) Set once a long array has lost an entry, so
   * that dropping one of a hub's many children costs the same whatever the order the children go in.
   */
  out: PostNode[] | Set<PostNode> | null = null;
  get kind(): EventKind | null {
    return KINDS[this.bits & 7]!;
  }
  set kind(k: EventKind | null) {
    this.bits = this.bits - (this.bits & 7) + (k === null ? 0 : KIND_AT[k]);
  }
  get deleted(): boolean {
    return (this.bits & DELETED) !== 0;
  }
  set deleted(d: boolean) {
    this.bits = this.bits - (this.bits & DELETED) + (d ? DELETED : 0);
  }
  /**
   * The parent slot: the kind of the edge from `parent` whose time is this post's `time` (the edge
   * upsertPost makes), null while there is none. Most posts have exactly this one inbound edge.
   */
  get slot(): EdgeKind | null {
    return EDGE_KINDS[(this.bits >> 3) & 7]!;
  }
  set slot(k: EdgeKind | null) {
    this.bits = this.bits - (this.bits & (7 << 3)) + ((k === null ? 0 : EDGE_KIND_AT[k]) << 3);
  }
  /** the slot edge's creation order */
  slotSeq = 0;
  constructor(
    readonly key: string,
    readonly platform: string,
    readonly postId: string,
    public time: number,
    public incident: unknown,
  ) {}
}

/**
 * The propagation graph (parent → child for reshares, older → newer for cross-platform links), held
 * compactly: each post's attribute object, a parent slot for the edge from its parent, its out-neighbours
 * as a list made with its first out-edge (null for the many leaves) and the rare other inbound edges in
 * a side list. It behaves as the directed graphology graph it replaced (one edge per pair whatever its
 * direction, a later edge between the same posts re-kinds the first, the same edge order; property-tested
 * against that graph in tests/unit/graph); `graphOf` builds that graph for any live posts on demand (the
 * report's GEXF export builds its own from the edges `inEdges` listed as posts arrived). Every write is an idempotent upsert, so a redelivered event is harmless.
 */
export class PropagationGraph implements GraphView {
  private readonly nodes = new Map<string, PostNode>();
  private edges = 0;
  private nextSeq = 0;

  get order(): number {
    return this.nodes.size;
  }
  get size(): number {
    return this.edges;
  }

  hasNode(key: string): boolean {
    return this.nodes.has(key);
  }

  /** The post's attributes (live object), or undefined when absent. */
  get(key: string): PostAttributes | undefined {
    return this.nodes.get(key);
  }

  attributes(key: string): PostAttributes {
    const a = this.nodes.get(key);
    if (a === undefined) throw new Error(`doxguard: no post ${key} in the graph`);
    return a;
  }

  /**
   * Adds a placeholder for a post known only by reference. Returns the post's attributes when it was in the
   * graph already, null when this call added it (three calls per event: no result object).
   */
  ensurePlaceholder(
    key: string,
    platform: string,
    postId: string,
    time: number,
    incident: unknown,
  ): PostAttributes | null {
    const existing = this.nodes.get(key);
    if (existing !== undefined) return existing;
    this.nodes.set(key, new PostNode(key, platform, postId, time, incident));
    return null;
  }

  /**
   * Fills in a seen post (its placeholder must exist) and the edge from its
   * parent. Returns false when the post had already been seen (a redelivery).
   */
  upsertPost(key: string, post: SeenPost, parentKey: string | null): boolean {
    return this.upsertSeen(key, post.authorId, post.kind, post.time, post.followers, parentKey);
  }

  /** upsertPost with the seen post's fields as arguments (the incident store's call: no object per event). */
  upsertSeen(
    key: string,
    authorId: string,
    kind: EventKind,
    time: number,
    followers: number,
    parentKey: string | null,
  ): boolean {
    const node = this.node(key);
    if ((node.bits & 7) !== 0) return false; // seen before (its kind is set)
    const parent = parentKey === null ? undefined : this.nodes.get(parentKey);
    node.authorId = authorId;
    node.kind = kind;
    node.time = time;
    node.followers = followers;
    node.depth = parent === undefined ? 0 : parent.depth + 1;
    if (parentKey !== null && parent !== undefined && parentKey !== key) {
      node.parent = parent.key; // the parent's own key string, not the event's copy of it
      this.link(parent, node, EDGE_OF_KIND[kind], time);
    }
    return true;
  }

  /** Marks a post deleted; false when it is not in the graph or was already marked (a redelivery). */
  markDeleted(key: string): boolean {
    const node = this.nodes.get(key);
    if (node === undefined || node.deleted) return false;
    node.deleted = true;
    return true;
  }

  /**
   * One edge per pair whatever its direction: nothing when to→from exists; when from→to exists it takes the
   * new kind and time (graphology's mergeEdge). Both posts must be in the graph (the store references them
   * first); an edge to an absent post is not made.
   */
  connect(from: string, to: string, kind: EdgeKind, time: number): void {
    if (from === to) return;
    const f = this.nodes.get(from);
    const t = this.nodes.get(to);
    if (f !== undefined && t !== undefined) this.link(f, t, kind, time);
  }

  dropNode(key: string): PostAttributes | null {
    const node = this.nodes.get(key);
    if (node === undefined) return null;
    for (const t of node.out ?? NO_NODES) {
      if (t.slot !== null && t.parent === key) t.slot = null;
      else
        t.side = without(
          t.side!,
          t.side!.findIndex((e) => e.from === node),
        );
      this.edges--;
    }
    if (node.slot !== null) this.unlinkOut(this.nodes.get(node.parent!)!, node);
    for (const e of node.side ?? NO_SIDE) this.unlinkOut(e.from, node);
    node.out = null;
    node.slot = null;
    node.side = null;
    this.nodes.delete(key);
    return node;
  }

  /**
   * The post this one reshares or answers, while that edge stands. A post gets at most one such inbound edge
   * (from upsertPost, from its parent), so the remembered parent and its edge answer what a scan of the
   * inbound edges would (the structure detector walks ancestors on every event). The edge may be missing (a
   * link in the other direction came first) or have been re-kinded by a later link between the same posts:
   * then there is no parent.
   */
  parentOf(key: string): string | null {
    const node = this.nodes.get(key);
    if (node === undefined || node.parent === null) return null;
    // (the slot's kind index read from the bits: this runs for every ancestor on every event)
    const slot = (node.bits >> 3) & 7;
    if (slot !== 0) return slot <= PARENT_SLOTS ? node.parent : null;
    if (node.side === null) return null;
    const parent = this.nodes.get(node.parent);
    const e = parent === undefined ? undefined : node.side.find((s) => s.from === parent);
    return e !== undefined && isParentKind(e.kind) ? node.parent : null;
  }

  childrenOf(key: string): readonly string[] {
    const node = this.nodes.get(key);
    if (node === undefined || node.out === null) return [];
    const out: string[] = [];
    for (const t of node.out) if (isParentKind(this.kindOf(node, t))) out.push(t.key);
    return out;
  }

  depthOf(key: string): number {
    return this.nodes.get(key)?.depth ?? 0;
  }

  /** Reshare out-degree: how many reshared or answered this post (every out-edge, as graphology's outDegree). */
  reshares(key: string): number {
    const out = this.nodes.get(key)?.out;
    return out == null ? 0 : Array.isArray(out) ? out.length : out.size;
  }

  /** The edges into a post, in the order they were made (graphology's inbound order); [] when absent. */
  inEdges(key: string): InEdge[] {
    const node = this.nodes.get(key);
    if (node === undefined) return [];
    const edges: (InEdge & { seq: number })[] = [];
    if (node.slot !== null) edges.push({ source: node.parent!, kind: node.slot, time: node.time, seq: node.slotSeq });
    for (const e of node.side ?? NO_SIDE) edges.push({ source: e.from.key, kind: e.kind, time: e.time, seq: e.seq });
    if (edges.length > 1) edges.sort((a, b) => a.seq - b.seq);
    return edges.map(({ source, kind, time }) => ({ source, kind, time }));
  }

  /**
   * The graphology graph of these posts (absent keys skipped) and the edges between them, as the graph this
   * class replaced held them: nodes in the order given with a copy of their attributes, edges in the order
   * they were made. Built on demand (a report, an export); nothing on the live path needs it.
   */
  graphOf(keys: Iterable<string>): DirectedGraph<PostAttributes, EdgeAttributes> {
    const g = new DirectedGraph<PostAttributes, EdgeAttributes>({ allowSelfLoops: false });
    const edges: { source: string; target: string; kind: EdgeKind; time: number; seq: number }[] = [];
    for (const key of keys) {
      const n = this.nodes.get(key);
      if (n === undefined || g.hasNode(key)) continue;
      g.addNode(key, attributesOf(n));
      if (n.slot !== null) edges.push({ source: n.parent!, target: key, kind: n.slot, time: n.time, seq: n.slotSeq });
      for (const e of n.side ?? NO_SIDE)
        edges.push({ source: e.from.key, target: key, kind: e.kind, time: e.time, seq: e.seq });
    }
    edges.sort((a, b) => a.seq - b.seq);
    for (const e of edges) if (g.hasNode(e.source)) g.addEdge(e.source, e.target, { kind: e.kind, time: e.time });
    return g;
  }

  private node(key: string): PostNode {
    const n = this.nodes.get(key);
    if (n === undefined) throw new Error(`doxguard: no post ${key} in the graph`);
    return n;
  }

  /** The kind of the edge f→t (one of t's inbound edges: the slot or a side edge); null when there is none. */
  private kindOf(f: PostNode, t: PostNode): EdgeKind | null {
    if (t.slot !== null && t.parent === f.key) return t.slot;
    return t.side?.find((e) => e.from === f)?.kind ?? null;
  }

  private link(f: PostNode, t: PostNode, kind: EdgeKind, time: number): void {
    if (this.kindOf(t, f) !== null) return; // the other direction exists: one edge per pair
    if (t.slot !== null && t.parent === f.key) {
      if (kind === t.slot && time === t.time) return;
      // Re-kinded (or re-timed) by a later edge: it leaves the slot for the side list, keeping its place.
      // (The side list's own order does not matter: inEdges and graphOf order edges by `seq`.)
      (t.side ??= []).push({ from: f, kind, time, seq: t.slotSeq });
      t.slot = null;
      return;
    }
    const existing = t.side?.find((e) => e.from === f);
    if (existing !== undefined) {
      existing.kind = kind;
      existing.time = time;
      return;
    }
    const seq = this.nextSeq++;
    if (t.slot === null && t.parent === f.key && time === t.time) {
      t.slot = kind;
      t.slotSeq = seq;
    } else (t.side ??= []).push({ from: f, kind, time, seq });
    const out = f.out;
    // Exact-size arrays while short (util append: most posts have one or two children; a push would reserve 17 slots).
    if (out === null) f.out = [t];
    else if (!Array.isArray(out)) out.add(t);
    else f.out = append(out, t);
    this.edges++;
  }

  /** Removes t from f's out-neighbours (the edge f→t is going). */
  private unlinkOut(f: PostNode, t: PostNode): void {
    const out = f.out!;
    if (Array.isArray(out) && out.length <= SHORT_LIST) f.out = without(out, out.indexOf(t));
    else {
      // A long list losing an entry: a Set from now on (kept in order), so that a hub's children dropped
      // before it, in any order, cost O(1) each rather than a search and a shift of the list each.
      const set = Array.isArray(out) ? (f.out = new Set(out)) : out;
      set.delete(t);
      if (set.size === 0) f.out = null;
    }
    this.edges--;
  }
}

/** Out-lists up to this long lose an entry by a splice; a longer one becomes a Set at its first removal. */
const SHORT_LIST = 8;
const NO_NODES: readonly PostNode[] = Object.freeze([]);
const NO_SIDE: readonly SideEdge[] = Object.freeze([]);

/** The list without its i-th entry (in place), or null when that was the last. */
function without<T>(list: T[], i: number): T[] | null {
  if (list.length === 1) return null;
  list.splice(i, 1);
  return list;
}

function attributesOf(n: PostNode): PostAttributes {
  const { platform, postId, authorId, kind, time, depth, followers, incident, anchors, parent, deleted } = n;
  return { platform, postId, authorId, kind, time, depth, followers, incident, anchors, parent, deleted };
}
