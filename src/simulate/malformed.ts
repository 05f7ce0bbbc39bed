import type { Rng } from '../util/index.js';
import type { MalformedKind } from './truth.js';

/**
 * Bad lines for dead-letter tests, one of each kind that decode must catch,
 * with the DG_DLQ_* reason doxguard is expected to give (src/contract/dlq-reasons.ts).
 * Invalid UTF-8 cannot be produced here: lines are JS strings, always encoded
 * as valid UTF-8; a byte-level test has to write such bytes itself.
 */
export const EXPECTED_REASON: Readonly<Record<MalformedKind, string>> = {
  not_json: 'DG_DLQ_NOT_JSON',
  not_object: 'DG_DLQ_NOT_OBJECT',
  blank: 'DG_DLQ_EMPTY',
  wrong_type: 'DG_DLQ_SCHEMA',
  missing_parent: 'DG_DLQ_NO_PARENT',
  bad_time: 'DG_DLQ_BAD_TIME',
  oversized_text: 'DG_DLQ_SCHEMA',
  too_large: 'DG_DLQ_TOO_LARGE',
  unknown_type: 'DG_DLQ_UNKNOWN_TYPE',
};

/** Kinds in the order they are injected (cycled), so that any run with nine or more covers them all. */
export const MALFORMED_KINDS = Object.keys(EXPECTED_REASON) as MalformedKind[];

/** The `serial`-th malformed line (1-based; it picks the kind and keeps the eventId unique), near event time `time`. */
export function malformedLine(rng: Rng, serial: number, time: number): { kind: MalformedKind; line: string } {
  const k = MALFORMED_KINDS[(serial - 1) % MALFORMED_KINDS.length]!;
  const base = {
    eventId: `bad_${serial}`,
    platform: 'weibo',
    kind: 'repost',
    postId: `bad${serial}`,
    parentId: `bad${serial - 1}`,
    authorId: `9${serial}`,
    createdAt: time,
  };
  switch (k) {
    case 'not_json':
      return { kind: k, line: JSON.stringify(base).slice(0, rng.int(5, 40)) };
    case 'not_object':
      return { kind: k, line: rng.pick(['["repost", 1, 2]', '42', '"just a string"', 'null']) };
    case 'blank':
      return { kind: k, line: '' };
    case 'wrong_type':
      return { kind: k, line: JSON.stringify({ ...base, authorFollowers: rng.pick(['many', -3, 1.5]) }) };
    case 'missing_parent': {
      const { parentId: _drop, ...rest } = base;
      return { kind: k, line: JSON.stringify(rest) };
    }
    case 'bad_time':
      return {
        kind: k,
        line: JSON.stringify({
          ...base,
          createdAt: rng.pick(['yesterday', '2026-02-30T10:00:00Z', '2026-01-05 25:61:00']),
        }),
      };
    case 'oversized_text':
      return { kind: k, line: JSON.stringify({ ...base, text: 'x'.repeat(64 * 1024 + 100) }) };
    case 'too_large':
      return { kind: k, line: JSON.stringify({ ...base, text: 'y'.repeat(257 * 1024) }) };
    case 'unknown_type':
      return { kind: k, line: JSON.stringify({ ...base, type: 'like' }) };
  }
}
