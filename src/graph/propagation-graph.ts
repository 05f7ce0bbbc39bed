import { DirectedGraph } from 'graphology';
import type { GraphView } from '../../detectors/types.js';
import type { EventKind } from '../event/input-schema.js';

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

  get order(): number {
    return this.graph.order;
  }
  get size(): number {
    return this.graph.size;
  }

  hasNode(key: string): boolean {
    return this.graph.hasNode(key);
  }

  attributes(key: string): PostAttributes {
    return this.graph.getNodeAttributes(key);
  }

  /** Adds a placeholder for a post known only by reference; returns true when it was new. */
  ensurePlaceholder(key: string, platform: string, postId: string, time: number, incident: unknown): boolean {
    if (this.graph.hasNode(key)) return false;
    this.graph.addNode(key, {
      platform,
      postId,
      authorId: null,
      kind: null,
      time,
      depth: 0,
      followers: 0,
      incident,
      anchors: null,
    });
    return true;
  }

  /**
   * Upserts a seen post (filling a placeholder) and the edge from its parent.
   * Returns false when the post had already been seen (a redelivery).
   */
  upsertPost(
    key: string,
    post: { platform: string; postId: string; authorId: string; kind: EventKind; time: number; followers: number },
    parentKey: string | null,
    incident: unknown,
  ): boolean {
    const existing = this.graph.hasNode(key) ? this.graph.getNodeAttributes(key) : null;
    if (existing?.kind) return false;
    const depth =
      parentKey !== null && this.graph.hasNode(parentKey) ? this.graph.getNodeAttribute(parentKey, 'depth') + 1 : 0;
    this.graph.mergeNode(key, { ...post, depth, incident, anchors: existing?.anchors ?? null });
    if (parentKey !== null && parentKey !== key) this.connect(parentKey, key, EDGE_OF_KIND[post.kind], post.time);
    return true;
  }

  connect(from: string, to: string, kind: EdgeKind, time: number): void {
    if (from === to || this.graph.hasEdge(from, to) || this.graph.hasEdge(to, from)) return;
    this.graph.addDirectedEdge(from, to, { kind, time });
  }

  dropNode(key: string): PostAttributes | null {
    if (!this.graph.hasNode(key)) return null;
    const attrs = this.graph.getNodeAttributes(key);
    this.graph.dropNode(key);
    return attrs;
  }

  parentOf(key: string): string | null {
    if (!this.graph.hasNode(key)) return null;
    for (const e of this.graph.inboundEdges(key)) {
      const kind = this.graph.getEdgeAttribute(e, 'kind');
      if (kind === 'reshare' || kind === 'quote' || kind === 'reply') return this.graph.source(e);
    }
    return null;
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
    return this.graph.hasNode(key) ? this.graph.getNodeAttribute(key, 'depth') : 0;
  }

  /** Reshare out-degree: how many reshared or answered this post. */
  reshares(key: string): number {
    return this.graph.hasNode(key) ? this.graph.outDegree(key) : 0;
  }
}
