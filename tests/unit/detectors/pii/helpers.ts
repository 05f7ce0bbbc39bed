import { createPiiScanner, type Detection } from '../../../../detectors/pii/index.js';
import type { RepostEvent } from '../../../../src/contract/index.js';

export const SECRET = 'unit-test-secret-0123456789';
export const scanner = createPiiScanner({}, SECRET);

export function event(text: string, extra: Partial<RepostEvent> = {}): RepostEvent {
  return {
    type: 'event',
    eventId: 'e1',
    platform: 'weibo',
    kind: 'post',
    postId: 'p1',
    parentId: null,
    rootId: null,
    authorId: 'a1',
    authorFollowers: null,
    time: 1_700_000_000_000,
    text,
    urls: [],
    mediaHashes: [],
    lang: null,
    mentions: [],
    position: { kind: 'stdin', line: 1 },
    ...extra,
  };
}

/** Detections as [recognizer, original substring] pairs. */
export function found(text: string, recognizer?: string): [string, string][] {
  return scanner
    .analyze(text)
    .filter((d: Detection) => recognizer === undefined || d.recognizer === recognizer)
    .map((d) => [d.recognizer, text.slice(d.originalStart, d.originalEnd)]);
}

export function values(text: string, recognizer: string): string[] {
  return found(text, recognizer).map(([, v]) => v);
}

export function confidenceOf(text: string, recognizer: string): number | null {
  const d = scanner.analyze(text).find((x) => x.recognizer === recognizer);
  return d ? d.confidence : null;
}
