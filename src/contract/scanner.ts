import type { Finding, RepostEvent } from './events.js';

/**
 * Finds personal information in a post's text. Implemented by detectors/pii
 * (the recognizers and their engine); the enrich stage calls it once per event.
 * Returned findings hold fingerprints and redacted snippets only.
 */
export interface TextScanner {
  scan(text: string, event: RepostEvent): readonly Finding[];
}

/** The scanner used until one is configured: finds nothing. */
export const NO_SCANNER: TextScanner = { scan: () => [] };
