import type { EnrichedEvent, RepostEvent } from '../event/types.js';
import { compileLinkPatterns, linkedNodeKeys, nodeKey } from './links.js';
import type { TextScanner } from './types.js';

export interface EnricherOptions {
  readonly linkPatterns: readonly { platform: string; pattern: string }[];
  readonly scanner: TextScanner;
}

export type Enricher = (event: RepostEvent) => EnrichedEvent;

/** Adds the post's node key, the other posts its links name, and PII findings. */
export function createEnricher(options: EnricherOptions): Enricher {
  const patterns = compileLinkPatterns(options.linkPatterns);
  const { scanner } = options;
  return (event) => {
    const key = nodeKey(event.platform, event.postId);
    return {
      ...event,
      nodeKey: key,
      linkedNodeKeys: event.urls.length ? linkedNodeKeys(event.urls, patterns, key) : [],
      findings: event.text ? scanner.scan(event.text, event) : [],
    };
  };
}
