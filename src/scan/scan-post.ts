import { activateDetectors, createPiiScanner, type PiiScanner } from '../../detectors/index.js';
import type { Config } from '../config/index.js';
import type { EnrichedEvent, FindingAbout, PiiCategory } from '../contract/index.js';
import type { ScanInput } from './input.js';
import { postSignals, type ScanSignal } from './signals.js';
import { attributeTarget, type ScanTarget } from './target.js';

/** One disclosure in a post: redacted snippet and keyed fingerprint, never the value. */
export interface ScanCategory {
  readonly category: PiiCategory;
  readonly recognizer: string;
  readonly confidence: number;
  readonly weight: number;
  readonly snippet: string;
  readonly fingerprint: string;
  /** whom it is about: a person the post points at, the poster's own or an organisation's contact, or nobody named */
  readonly about: FindingAbout;
}

/** What `doxguard scan` prints for one post. */
export interface ScanResult {
  readonly line: number;
  readonly categories: readonly ScanCategory[];
  readonly target: ScanTarget | null;
  readonly signals: readonly ScanSignal[];
}

export type PostScanner = (input: ScanInput, line: number) => ScanResult;

/**
 * The per-post view of the pipeline: the PII scanner and every enabled
 * non-cascade detector of `config`, run on one post as a one-post incident.
 * Deterministic for a given config and secret.
 */
export function createPostScanner(
  config: Readonly<Config>,
  secret: string,
  scanner: PiiScanner = createPiiScanner(config.pii, secret),
): PostScanner {
  const detectors = activateDetectors(config.detectors).filter((d) => d.detector.family !== 'cascade');
  return (input, line) => {
    const base = {
      type: 'event' as const,
      eventId: `scan-${line}`,
      platform: 'scan',
      kind: 'post' as const,
      postId: `scan-${line}`,
      parentId: null,
      rootId: null,
      authorId: 'scan',
      authorFollowers: null,
      time: 0,
      text: input.text,
      urls: [],
      mediaHashes: [],
      lang: input.lang ?? null,
      mentions: input.mentions ?? [],
      position: { kind: 'stdin' as const, line },
    };
    const findings = input.text === '' ? [] : scanner.scan(input.text, base);
    const event: EnrichedEvent = { ...base, nodeKey: `scan:${base.postId}`, linkedNodeKeys: [], findings };
    return {
      line,
      categories: findings.map((f) => ({
        category: f.category,
        recognizer: f.recognizer,
        confidence: f.confidence,
        weight: f.weight,
        snippet: f.snippet,
        fingerprint: f.fingerprint,
        about: f.about,
      })),
      target: attributeTarget(input, findings, secret),
      signals: postSignals(event, detectors),
    };
  };
}
