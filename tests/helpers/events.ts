import type { EnrichedEvent, Finding, DetectorContext, GraphView, IncidentView } from '../../src/contract/index.js';

export const T0 = Date.UTC(2026, 0, 1);

/** A schema-1 event line for NDJSON tests. */
export function eventLine(o: Partial<Record<string, unknown>> & { eventId: string; postId: string }): string {
  return JSON.stringify({
    platform: 'weibo',
    kind: o.parentId ? 'repost' : 'post',
    authorId: `a-${o.postId}`,
    createdAt: T0,
    ...o,
  });
}

/** A fast cascade: a root and `n` reposts, `gapMs` apart, on one platform (a binary tree below three roots' children). */
export function burst(root: string, n: number, start: number, gapMs: number, platform = 'weibo'): string[] {
  const lines = [eventLine({ eventId: `${root}-0`, postId: root, platform, createdAt: start })];
  for (let i = 1; i <= n; i++)
    lines.push(
      eventLine({
        eventId: `${root}-${i}`,
        postId: `${root}-${i}`,
        parentId: i < 4 ? root : `${root}-${i >> 1}`,
        platform,
        createdAt: start + i * gapMs,
      }),
    );
  return lines;
}

/** An enriched event for detector tests. */
export function enriched(o: Partial<EnrichedEvent> & { eventId: string; postId: string; time: number }): EnrichedEvent {
  const platform = o.platform ?? 'weibo';
  return {
    type: 'event',
    platform,
    kind: o.parentId ? 'repost' : 'post',
    parentId: null,
    rootId: null,
    authorId: `a-${o.postId}`,
    authorFollowers: 100,
    text: '',
    urls: [],
    mediaHashes: [],
    lang: null,
    mentions: [],
    position: { kind: 'file', file: 'test', line: 1 },
    nodeKey: `${platform}:${o.postId}`,
    linkedNodeKeys: [],
    findings: [] as Finding[],
    ...o,
  };
}

/** A detector context over a flat cascade (every post a child of the root). */
export function flatContext(size: number, time: number, overrides: Partial<IncidentView> = {}): DetectorContext {
  const graph: GraphView = {
    hasNode: () => true,
    parentOf: (k) => (k === 'weibo:root' ? null : 'weibo:root'),
    childrenOf: () => [],
    depthOf: (k) => (k === 'weibo:root' ? 0 : 1),
  };
  return {
    incident: {
      id: 'inc_test',
      size,
      authors: size,
      platforms: new Set(['weibo']),
      firstTime: T0,
      lastTime: time,
      rootKeys: ['weibo:root'],
      notices: 0,
      disclosures: new Map(),
      ...overrides,
    },
    graph,
    watermark: time,
  };
}
