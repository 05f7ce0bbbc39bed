import type { z } from 'zod';
import {
  DeletionSchema,
  LIMITS,
  NoticeSchema,
  RepostEventSchema,
  VerdictSchema,
  type InputRecord,
  type SourcePosition,
  type RawRecord,
  SCHEMAS,
  type DeadLetterRecord,
  type DlqReason,
  type RepostEvent,
} from '../contract/index.js';
import { stableId, isoTime, parseEventTime } from '../util/index.js';
import { fastEventRecord } from './fast-event.js';

export type DecodeResult =
  { readonly ok: true; readonly record: InputRecord } | { readonly ok: false; readonly deadLetter: DeadLetterRecord };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes → validated input record (schema 1), or a dead letter that says why and where. Never throws. */
export function decodeRecord(raw: RawRecord): DecodeResult {
  const parsed = parseRecord(raw);
  return parsed instanceof ParseFailure ? parsed.result : decodeJson(raw, parsed);
}

/**
 * Why a record's bytes are not a JSON object: parseRecord's answer then. A class of its own, so that no parsed
 * object (whatever its members) can be taken for one, and a record that parses is handed back as it is, with no
 * `{ ok, json }` wrapper made per record to be read once and dropped.
 */
export class ParseFailure {
  constructor(readonly result: DeadLetterResult) {}
}

/** Bytes → a JSON object, or a ParseFailure: why not (empty, too large, not UTF-8, not JSON, not an object). */
export function parseRecord(raw: RawRecord): object | ParseFailure {
  const { value } = raw;
  if (value === null || value.length === 0) return failed(raw, 'DG_DLQ_EMPTY', 'empty value or tombstone');
  if (value.length > LIMITS.recordMaxBytes)
    return failed(raw, 'DG_DLQ_TOO_LARGE', `record is ${value.length} bytes, the limit is ${LIMITS.recordMaxBytes}`);
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    return failed(raw, 'DG_DLQ_INVALID_UTF8', 'value is not valid UTF-8');
  }
  // A record starting with '{' is not blank: skip trim()'s copy for the usual case.
  if (text.charCodeAt(0) !== 0x7b && text.trim() === '') return failed(raw, 'DG_DLQ_EMPTY', 'blank line');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return failed(raw, 'DG_DLQ_NOT_JSON', `not JSON: ${(e as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return failed(
      raw,
      'DG_DLQ_NOT_OBJECT',
      `expected a JSON object, got ${Array.isArray(json) ? 'array' : typeof json}`,
    );
  return json;
}

const failed = (raw: RawRecord, reason: DlqReason, message: string): ParseFailure =>
  new ParseFailure(dead(raw, reason, message));

/** A parsed schema-1 record: an event (the default type), a notice, a verdict or a deletion. */
export function decodeJson(raw: RawRecord, json: object): DecodeResult {
  const { position } = raw;
  const type = (json as { type?: unknown }).type;
  switch (type) {
    case undefined:
    case 'event':
      return decodeEvent(raw, json, position);
    case 'notice': {
      const r = NoticeSchema.safeParse(json);
      if (!r.success) return schemaDead(raw, r.error, json);
      const time = parseEventTime(r.data.receivedAt);
      if (time === null)
        return dead(
          raw,
          'DG_DLQ_BAD_TIME',
          `receivedAt ${JSON.stringify(r.data.receivedAt)} is not RFC 3339 or epoch ms`,
        );
      return { ok: true, record: { ...r.data, type: 'notice', time, position } };
    }
    case 'verdict': {
      const r = VerdictSchema.safeParse(json);
      if (!r.success) return schemaDead(raw, r.error, json);
      const time = parseEventTime(r.data.decidedAt);
      if (time === null)
        return dead(
          raw,
          'DG_DLQ_BAD_TIME',
          `decidedAt ${JSON.stringify(r.data.decidedAt)} is not RFC 3339 or epoch ms`,
        );
      const v = r.data;
      return {
        ok: true,
        record: {
          type: 'verdict',
          verdictId: v.verdictId,
          incidentId: v.incidentId ?? null,
          commandId: v.commandId ?? null,
          decision: v.decision,
          time,
          reviewer: v.reviewer ?? null,
          position,
        },
      };
    }
    case 'delete': {
      const r = DeletionSchema.safeParse(json);
      if (!r.success) return schemaDead(raw, r.error, json);
      const time = parseEventTime(r.data.deletedAt);
      if (time === null)
        return dead(
          raw,
          'DG_DLQ_BAD_TIME',
          `deletedAt ${JSON.stringify(r.data.deletedAt)} is not RFC 3339 or epoch ms`,
        );
      return { ok: true, record: { type: 'delete', platform: r.data.platform, postId: r.data.postId, time, position } };
    }
    default:
      return dead(raw, 'DG_DLQ_UNKNOWN_TYPE', `unknown record type ${JSON.stringify(type).slice(0, 40)}`);
  }
}

/** A schema-1 event object (from the input, or mapped from a platform's format) → a validated event. */
export function decodeEvent(raw: RawRecord, json: object, position: SourcePosition): DecodeResult {
  // Valid events take the hand-written path (fast-event.ts); anything else gets zod's verdict and messages.
  const record = fastEventRecord(json, position);
  return record !== null ? { ok: true, record } : decodeEventWithZod(raw, json, position);
}

/** The schema's path for an event; exported for the fast path's equivalence test. */
export function decodeEventWithZod(raw: RawRecord, json: object, position: SourcePosition): DecodeResult {
  const r = RepostEventSchema.safeParse(json);
  if (!r.success) return schemaDead(raw, r.error, json);
  const e = r.data;
  const time = parseEventTime(e.createdAt);
  if (time === null)
    return dead(raw, 'DG_DLQ_BAD_TIME', `createdAt ${JSON.stringify(e.createdAt)} is not RFC 3339 or epoch ms`);
  const accountTime = e.authorCreatedAt === undefined ? undefined : parseEventTime(e.authorCreatedAt);
  if (accountTime === null)
    return dead(
      raw,
      'DG_DLQ_BAD_TIME',
      `authorCreatedAt ${JSON.stringify(e.authorCreatedAt)} is not RFC 3339 or epoch ms`,
    );
  const record: RepostEvent = {
    type: 'event',
    eventId: e.eventId,
    platform: e.platform,
    kind: e.kind,
    postId: e.postId,
    parentId: e.parentId ?? null,
    rootId: e.rootId ?? null,
    authorId: e.authorId,
    authorFollowers: e.authorFollowers ?? null,
    time,
    text: e.text ?? '',
    urls: e.urls ?? [],
    mediaHashes: e.mediaHashes ?? [],
    lang: e.lang ?? null,
    mentions: e.mentions ?? [],
    position,
  };
  // appended, so that an event without it keeps the shape (and output bytes) it always had
  return { ok: true, record: accountTime === undefined ? record : { ...record, authorCreatedAt: accountTime } };
}

function schemaDead(raw: RawRecord, error: z.ZodError, json: object): DecodeResult {
  const first = error.issues[0];
  const path = first?.path.map(String).join('.') ?? '';
  const reason: DlqReason = path === 'parentId' && first?.code === 'custom' ? 'DG_DLQ_NO_PARENT' : 'DG_DLQ_SCHEMA';
  const message = error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  const maybeTime = (json as { createdAt?: unknown }).createdAt;
  const time = typeof maybeTime === 'string' || typeof maybeTime === 'number' ? parseEventTime(maybeTime) : null;
  return dead(raw, reason, message, time);
}

export type DeadLetterResult = { readonly ok: false; readonly deadLetter: DeadLetterRecord };

export function dead(raw: RawRecord, reason: DlqReason, message: string, time: number | null = null): DeadLetterResult {
  const { value, key, position } = raw;
  let text: string | null = null;
  let encoding: 'utf8' | 'base64' = 'utf8';
  if (value !== null) {
    try {
      text = utf8.decode(value);
    } catch {
      text = Buffer.from(value).toString('base64');
      encoding = 'base64';
    }
  }
  return {
    ok: false,
    deadLetter: {
      schema: SCHEMAS.deadLetter,
      id: stableId('dlq', JSON.stringify(position)),
      reason,
      message,
      position,
      key: key === null ? null : Buffer.from(key).toString('utf8'),
      value: text,
      valueEncoding: encoding,
      eventTime: time === null ? null : isoTime(time),
    },
  };
}
