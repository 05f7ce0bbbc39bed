import { describe, expect, it } from 'vitest';
import { decodeRecord } from '../../../src/decode/index.js';
import { DLQ_REASONS, type RawRecord } from '../../../src/contract/index.js';
import { eventLine, T0 } from '../../helpers/events.js';

const at = (value: string | Uint8Array | null, line = 7): RawRecord => ({
  value: typeof value === 'string' ? Buffer.from(value) : value,
  key: null,
  position: { kind: 'file', file: 'in.ndjson', line },
});

function deadReason(value: string | Uint8Array | null): string {
  const r = decodeRecord(at(value));
  if (r.ok) throw new Error('expected a dead letter');
  expect(r.deadLetter.position).toEqual({ kind: 'file', file: 'in.ndjson', line: 7 });
  expect(r.deadLetter.message.length).toBeGreaterThan(0);
  return r.deadLetter.reason;
}

describe('decodeRecord', () => {
  it('accepts a schema-1 event, parses its time and fills defaults', () => {
    const r = decodeRecord(
      at(eventLine({ eventId: 'e1', postId: 'p1', createdAt: '2026-01-01T08:00:00+08:00', extra: 1 })),
    );
    expect(r.ok).toBe(true);
    if (!r.ok || r.record.type !== 'event') return;
    expect(r.record.time).toBe(T0);
    expect(r.record.urls).toEqual([]);
    expect(r.record.parentId).toBeNull();
    expect('extra' in r.record).toBe(false);
  });

  it("reads the author's account creation time when given, and leaves the field out when not", () => {
    const r = decodeRecord(at(eventLine({ eventId: 'e', postId: 'p', authorCreatedAt: '2025-12-31T00:00:00Z' })));
    expect(r.ok && r.record.type === 'event' && r.record.authorCreatedAt).toBe(Date.UTC(2025, 11, 31));
    const without = decodeRecord(at(eventLine({ eventId: 'e', postId: 'p' })));
    expect(without.ok && without.record.type === 'event' && 'authorCreatedAt' in without.record).toBe(false);
  });

  it('accepts epoch ms and notices and verdicts', () => {
    expect(decodeRecord(at(eventLine({ eventId: 'e', postId: 'p', createdAt: T0 }))).ok).toBe(true);
    const n = decodeRecord(
      at(
        JSON.stringify({
          type: 'notice',
          noticeId: 'n1',
          platform: 'weibo',
          postId: 'p',
          receivedAt: T0,
          reporter: 'victim',
        }),
      ),
    );
    expect(n.ok && n.record.type === 'notice' && n.record.time === T0).toBe(true);
    const v = decodeRecord(
      at(
        JSON.stringify({
          type: 'verdict',
          verdictId: 'v',
          incidentId: 'inc_1',
          decision: 'false_positive',
          decidedAt: T0,
        }),
      ),
    );
    expect(v.ok && v.record.type === 'verdict').toBe(true);
  });

  it.each([
    ['empty value (tombstone)', null, 'DG_DLQ_EMPTY'],
    ['blank line', '   ', 'DG_DLQ_EMPTY'],
    ['not JSON', '{"eventId": ', 'DG_DLQ_NOT_JSON'],
    ['JSON array', '[1,2]', 'DG_DLQ_NOT_OBJECT'],
    ['JSON string', '"hello"', 'DG_DLQ_NOT_OBJECT'],
    ['unknown type', '{"type":"like"}', 'DG_DLQ_UNKNOWN_TYPE'],
    [
      'missing eventId',
      JSON.stringify({ platform: 'weibo', kind: 'post', postId: 'p', authorId: 'a', createdAt: T0 }),
      'DG_DLQ_SCHEMA',
    ],
    ['wrong type', eventLine({ eventId: 'e', postId: 'p', authorFollowers: 'many' }), 'DG_DLQ_SCHEMA'],
    ['bad platform', eventLine({ eventId: 'e', postId: 'p', platform: 'Weibo!' }), 'DG_DLQ_SCHEMA'],
    ['unknown kind', eventLine({ eventId: 'e', postId: 'p', kind: 'like' }), 'DG_DLQ_SCHEMA'],
    ['id over its limit', eventLine({ eventId: 'e'.repeat(257), postId: 'p' }), 'DG_DLQ_SCHEMA'],
    ['text over 64 KiB', eventLine({ eventId: 'e', postId: 'p', text: '字'.repeat(22_000) }), 'DG_DLQ_SCHEMA'],
    ['repost without parent', eventLine({ eventId: 'e', postId: 'p', kind: 'repost' }), 'DG_DLQ_NO_PARENT'],
    [
      'repost with null parent',
      eventLine({ eventId: 'e', postId: 'p', kind: 'quote', parentId: null }),
      'DG_DLQ_NO_PARENT',
    ],
    ['unparseable time', eventLine({ eventId: 'e', postId: 'p', createdAt: 'yesterday' }), 'DG_DLQ_BAD_TIME'],
    ['impossible date', eventLine({ eventId: 'e', postId: 'p', createdAt: '2026-02-30T00:00:00Z' }), 'DG_DLQ_BAD_TIME'],
    [
      'time without zone',
      eventLine({ eventId: 'e', postId: 'p', createdAt: '2026-01-01T00:00:00' }),
      'DG_DLQ_BAD_TIME',
    ],
    ['negative epoch', eventLine({ eventId: 'e', postId: 'p', createdAt: -5 }), 'DG_DLQ_SCHEMA'],
    [
      'unparseable account time',
      eventLine({ eventId: 'e', postId: 'p', authorCreatedAt: 'last year' }),
      'DG_DLQ_BAD_TIME',
    ],
    [
      'account time of the wrong type',
      eventLine({ eventId: 'e', postId: 'p', authorCreatedAt: true }),
      'DG_DLQ_SCHEMA',
    ],
  ])('dead-letters %s', (_what, value, reason) => {
    expect(deadReason(value)).toBe(reason);
    expect(DLQ_REASONS).toHaveProperty(reason);
  });

  it('dead-letters invalid UTF-8 and keeps the original bytes in base64', () => {
    const bytes = Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]);
    const r = decodeRecord(at(bytes));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.deadLetter.reason).toBe('DG_DLQ_INVALID_UTF8');
    expect(r.deadLetter.valueEncoding).toBe('base64');
    expect(Buffer.from(r.deadLetter.value!, 'base64')).toEqual(Buffer.from(bytes));
  });

  it('dead-letters a record over the size limit without parsing it', () => {
    expect(deadReason('x'.repeat(300 * 1024))).toBe('DG_DLQ_TOO_LARGE');
  });

  it('keeps the original text of a dead letter and gives it a deterministic id', () => {
    const a = decodeRecord(at('nope'));
    const b = decodeRecord(at('nope'));
    expect(a.ok || b.ok).toBe(false);
    if (a.ok || b.ok) return;
    expect(a.deadLetter.value).toBe('nope');
    expect(a.deadLetter.id).toBe(b.deadLetter.id);
    expect(decodeRecord(at('nope', 8))).not.toEqual(a);
  });
});
