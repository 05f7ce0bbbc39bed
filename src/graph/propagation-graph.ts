import { DirectedGraph } from 'graphology';
import type { GraphView, EventKind } from '../contract/index.js';

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

const EDGE_OF_KIND: Record<EventKind, EdgeKind> = {
  post: 'reshare',
  repost: 'reshare',
  quote: 'quote',
  reply: 'reply',
};

/**
 * The propagation graph: a typed wrapper over a directed graphology graph
 * (parent → child for reshares, older → newer for cross-platform links).
 * Every write is an idempotent upsert, so a redelivered event is harmless.
 */
export class PropagationGraph implements GraphView {
  readonly graph = new DirectedGraph<PostAttributes, EdgeAttributes>({ allowSelfLoops: false });
  /** the same attribute objects graphology holds, by key: one Map lookup on the hot path instead of two */
  private readonly nodes = new Map<string, PostAttributes>();

  get order(): number {
    return this.graph.order;
  }
  get size(): number {
    return this.graph.size;
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
    const attrs: PostAttributes = {
      platform,
      postId,
      authorId: null,
      kind: null,
      time,
      depth: 0,
      followers: 0,
      incident,
      anchors: null,
      parent: null,
      deleted: false,
    };
    this.graph.addNode(key, attrs);
    // graphology keeps the object it was given (its node data holds `attributes` as passed): share it.
    this.nodes.set(key, attrs);
    return null;
  }

  /**
   * Fills in a seen post (its placeholder must exist) and the edge from its
   * parent. Returns false when the post had already been seen (a redelivery).
   */
  upsertPost(
    key: string,
    post: { authorId: string; kind: EventKind; time: number; followers: number },
    parentKey: string | null,
  ): boolean {
    const attrs = this.attributes(key);
    if (attrs.kind !== null) return false;
    const parent = parentKey === null ? undefined : this.nodes.get(parentKey);
    attrs.authorId = post.authorId;
    attrs.kind = post.kind;
    attrs.time = post.time;
    attrs.followers = post.followers;
    attrs.depth = parent === undefined ? 0 : parent.depth + 1;
    if (parentKey !== null && parent !== undefined && parentKey !== key) {
      attrs.parent = parentKey;
      this.connect(parentKey, key, EDGE_OF_KIND[post.kind], post.time);
    }
    return true;
  }

  /** Marks a post deleted; false when it is not in the graph or was already marked (a redelivery). */
  markDeleted(key: string): boolean {
    const attrs = this.nodes.get(key);
    if (attrs === undefined || attrs.deleted) return false;
    attrs.deleted = true;
    return true;
  }

  connect(from: string, to: string, kind: EdgeKind, time: number): void {
    // One edge per pair whatever its direction; mergeEdge is a no-op when from→to exists.
    if (from === to || this.graph.hasEdge(to, from)) return;
    this.graph.mergeEdge(from, to, { kind, time });
  }

  dropNode(key: string): PostAttributes | null {
    const attrs = this.nodes.get(key);
    if (attrs === undefined) return null;
    this.graph.dropNode(key);
    this.nodes.delete(key);
    return attrs;
  }

  /**
   * The post this one reshares or answers, while that edge stands. A post
   * gets at most one such inbound edge (from upsertPost, from its parent), so
   * the remembered parent plus one edge lookup answers what a scan of the
   * inbound edges would, without building their list on every call (the
   * structure detector walks ancestors on every event). The edge may be
   * missing (a link in the other direction came first) or have been re-kinded
   * by a later link between the same posts: then there is no parent.
   */
  parentOf(key: string): string | null {
    const parent = this.nodes.get(key)?.parent ?? null;
    if (parent === null || !this.nodes.has(parent)) return null;
    const edge = this.graph.edge(parent, key);
    if (edge === undefined) return null;
    const kind = this.graph.getEdgeAttribute(edge, 'kind');
    return kind === 'reshare' || kind === 'quote' || kind === 'reply' ? parent : null;
  }

  childrenOf(key: string): readonly string[] {
    if (!this.graph.hasNode(key)) return [];
    const out: string[] = [];
    this.graph.forEachOutEdge(key, (_e, attrs, _s, target) => {
      if (attrs.kind === 'reshare' || attrs.kind === 'quote' || attrs.kind === 'reply') out.push(target);
    });
    return out;
  }

  depthOf(key: string): number {
    return this.nodes.get(key)?.depth ?? 0;
  }

  /** Reshare out-degree: how many reshared or answered this post. */
  reshares(key: string): number {
    return this.graph.hasNode(key) ? this.graph.outDegree(key) : 0;
  }
}
