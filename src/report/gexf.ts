import { DirectedGraph } from 'graphology';
import { write } from 'graphology-gexf';
import type { IncidentData } from './collect.js';

/**
 * The incident's propagation graph as GEXF for Gephi: nodes are posts
 * (platform, postId, pseudonymous author, time, role of the author when a key
 * participant), edges carry their kind. No text, no PII value.
 */
export function incidentGexf(d: IncidentData): string {
  const g = new DirectedGraph();
  const roles = new Map((d.incident?.participants ?? []).map((p) => [p.authorId, p.role]));
  for (const p of d.posts)
    g.mergeNode(p.key, {
      label: p.key,
      platform: p.platform,
      postId: p.postId,
      authorId: p.authorId,
      role: roles.get(p.authorId) ?? 'participant',
      time: new Date(p.time).toISOString(),
    });
  for (const e of d.edges)
    if (g.hasNode(e.from) && g.hasNode(e.to) && !g.hasEdge(e.from, e.to)) g.addEdge(e.from, e.to, { kind: e.kind });
  return write(g, { pretty: true });
}
