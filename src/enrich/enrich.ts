import type { EnrichedEvent, RepostEvent, TextScanner } from '../contract/index.js';
import { compileLinkPatterns, linkedNodeKeys, nodeKey, type LinkPatternSpec } from './links.js';

export interface EnricherOptions {
  readonly linkPatterns: readonly LinkPatternSpec[];
  readonly scanner: TextScanner;
}

export type Enricher = (event: RepostEvent) => EnrichedEvent;

/** Adds the post's node key, the other posts its links name, and PII findings. */
export function createEnricher(options: EnricherOptions): Enricher {
  const patterns = compileLinkPatterns(options.linkPatterns);
  const { scanner } = options;
  // Every field listed (no spread): one object shape for all events keeps the hot path monomorphic.
  return (e) => {
    const key = nodeKey(e.platform, e.postId);
    return {
      type: e.type,
      eventId: e.eventId,
      platform: e.platform,
      kind: e.kind,
      postId: e.postId,
      parentId: e.parentId,
      rootId: e.rootId,
      authorId: e.authorId,
      authorFollowers: e.authorFollowers,
      // present on every enriched event (undefined when the platform does not say): one object shape
      authorCreatedAt: e.authorCreatedAt,
      time: e.time,
      text: e.text,
      urls: e.urls,
      mediaHashes: e.mediaHashes,
      lang: e.lang,
      mentions: e.mentions,
      position: e.position,
      nodeKey: key,
      linkedNodeKeys: e.urls.length ? linkedNodeKeys(e.urls, patterns, key) : NONE,
      findings: e.text ? scanner.scan(e.text, e) : NONE,
    };
  };
}

const NONE: readonly never[] = Object.freeze([]);
