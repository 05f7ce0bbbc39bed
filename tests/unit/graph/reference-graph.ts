import { DirectedGraph } from 'graphology';
import type { EventKind } from '../../../src/contract/index.js';
import type {
  PropagationGraph,
  EdgeAttributes,
  EdgeKind,
  InEdge,
  PostAttributes,
  SeenPost,
} from '../../../src/graph/index.js';

const EDGE_OF_KIND: Record<EventKind, EdgeKind> = {
  post: 'reshare',
  repost: 'reshare',
  quote: 'quote',
  reply: 'reply',
};
const isParentKind = (k: EdgeKind): boolean => k === 'reshare' || k === 'quote' || k === 'reply';

/**
 * The propagation graph as it was held before the compact one (main at c23daad): a plain directed graphology
 * graph, one edge per pair whatever its direction, later edges between a pair merged into the first. The
 * differential test holds the compact graph to it.
 */
export class ReferenceGraph {
  readonly graph = new DirectedGraph<PostAttributes, EdgeAttributes>({ allowSelfLoops: false });

  ensurePlaceholder(
    ...[key, platform, postId, time, incident]: Parameters<PropagationGraph['ensurePlaceholder']>
  ): PostAttributes | null {
    if (this.graph.hasNode(key)) return this.graph.getNodeAttributes(key);
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
      parent: null,
      deleted: false,
    });
    return null;
  }

  upsertPost(key: string, post: SeenPost, parentKey: string | null): boolean {
    const attrs = this.graph.getNodeAttributes(key);
    if (attrs.kind !== null) return false;
    const parent = parentKey !== null && this.graph.hasNode(parentKey) ? this.graph.getNodeAttributes(parentKey) : null;
    Object.assign(attrs, { authorId: post.authorId, kind: post.kind, time: post.time, followers: post.followers });
    attrs.depth = parent === null ? 0 : parent.depth + 1;
    if (parentKey !== null && parent !== null && parentKey !== key) {
      attrs.parent = parentKey;
      this.connect(parentKey, key, EDGE_OF_KIND[post.kind], post.time);
    }
    return true;
  }

  markDeleted(key: string): boolean {
    if (!this.graph.hasNode(key) || this.graph.getNodeAttribute(key, 'deleted')) return false;
    this.graph.setNodeAttribute(key, 'deleted', true);
    return true;
  }

  connect(from: string, to: string, kind: EdgeKind, time: number): void {
    if (from === to || this.graph.hasEdge(to, from)) return;
    this.graph.mergeEdge(from, to, { kind, time });
  }

  dropNode(key: string): PostAttributes | null {
    if (!this.graph.hasNode(key)) return null;
    const attrs = this.graph.getNodeAttributes(key);
    this.graph.dropNode(key);
    return attrs;
  }

  /** The remembered parent while the edge from it stands with a parent kind (as shipped before the compact graph). */
  parentOf(key: string): string | null {
    const parent = this.graph.hasNode(key) ? this.graph.getNodeAttribute(key, 'parent') : null;
    if (parent === null || !this.graph.hasNode(parent)) return null;
    const edge = this.graph.edge(parent, key);
    return edge !== undefined && isParentKind(this.graph.getEdgeAttribute(edge, 'kind')) ? parent : null;
  }

  childrenOf(key: string): string[] {
    if (!this.graph.hasNode(key)) return [];
    const out: string[] = [];
    this.graph.forEachOutEdge(key, (_e, a, _s, target) => void (isParentKind(a.kind) && out.push(target)));
    return out;
  }

  reshares(key: string): number {
    return this.graph.hasNode(key) ? this.graph.outDegree(key) : 0;
  }

  inEdges(key: string): InEdge[] {
    if (!this.graph.hasNode(key)) return [];
    const out: InEdge[] = [];
    this.graph.forEachInEdge(key, (_e, a, source) => void out.push({ source, kind: a.kind, time: a.time }));
    return out;
  }
}
