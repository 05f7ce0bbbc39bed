import {
  LIMITS,
  PLATFORM_PATTERN,
  type EventKind,
  type Mention,
  type RepostEvent,
  type SourcePosition,
} from '../contract/index.js';
import { parseEventTime } from '../util/index.js';

/**
 * Hand-written fast path for the common case: a valid repost event.
 *
 * Why it exists: zod's safeParse of RepostEventSchema was ~8% of the core's
 * CPU (it copies every object and array and runs refine closures per record).
 * This function checks a parsed JSON object against the same rules and builds
 * the record directly, reusing the input's string arrays (JSON.parse output is
 * owned by the caller and dropped after decoding).
 *
 * Contract: RepostEventSchema (src/contract/input-schema.ts) stays the single
 * source of truth. This function may only ACCEPT a subset of what the schema
 * accepts, and what it returns must equal (key order included) what the zod
 * path in decode-record.ts builds. Anything unusual or invalid returns null and
 * the caller takes the zod path, so dead-letter reasons and messages are
 * always zod's. tests/unit/decode/fast-event.test.ts checks both properties.
 * When the schema changes, change this function or make it return null.
 *
 * Input must come from JSON.parse (own data properties, no undefined values).
 */

const ID_MAX = LIMITS.idMax;
// A UTF-16 code unit encodes to at most 3 UTF-8 bytes: below this length the byte limit cannot be exceeded.
const TEXT_SURELY_FITS = Math.floor(LIMITS.textMaxBytes / 3);

/** Fields a JSON event may carry; everything is unknown until checked. */
interface EventJson {
  readonly type?: unknown;
  readonly eventId?: unknown;
  readonly platform?: unknown;
  readonly kind?: unknown;
  readonly postId?: unknown;
  readonly parentId?: unknown;
  readonly rootId?: unknown;
  readonly authorId?: unknown;
  readonly authorFollowers?: unknown;
  readonly authorCreatedAt?: unknown;
  readonly createdAt?: unknown;
  readonly text?: unknown;
  readonly urls?: unknown;
  readonly mediaHashes?: unknown;
  readonly lang?: unknown;
  readonly mentions?: unknown;
}

/** `id` in the schema: a string of 1..256 UTF-16 code units. */
function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length >= 1 && v.length <= ID_MAX;
}

/** z.number().int().nonnegative(): zod v4's int is a safe integer. */
function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isKind(v: unknown): v is EventKind {
  return v === 'post' || v === 'repost' || v === 'quote' || v === 'reply';
}

/** `id.nullable().optional()`: absent or null → null; otherwise an id; `false` when invalid. */
function optionalId(v: unknown): string | null | false {
  if (v === undefined || v === null) return null;
  return isId(v) ? v : false;
}

function isText(v: string): boolean {
  if (v.length <= TEXT_SURELY_FITS) return true;
  return v.length <= LIMITS.textMaxBytes && Buffer.byteLength(v, 'utf8') <= LIMITS.textMaxBytes;
}

/** An array of strings each within [min, max] code units, at most `count` of them; the input array itself. */
function stringArray(v: unknown, min: number, max: number, count: number): readonly string[] | null {
  if (!Array.isArray(v) || v.length > count) return null;
  for (let i = 0; i < v.length; i++) {
    const s: unknown = v[i];
    if (typeof s !== 'string' || s.length < min || s.length > max) return null;
  }
  return v as string[];
}

/** Mentions rebuilt as zod outputs them: accountId first, publicFigure only when given, unknown keys dropped. */
function mentionArray(v: unknown): Mention[] | null {
  if (!Array.isArray(v) || v.length > LIMITS.mentionsMax) return null;
  const out: Mention[] = new Array<Mention>(v.length);
  for (let i = 0; i < v.length; i++) {
    const m: unknown = v[i];
    if (typeof m !== 'object' || m === null || Array.isArray(m)) return null;
    const { accountId, publicFigure } = m as { accountId?: unknown; publicFigure?: unknown };
    if (!isId(accountId)) return null;
    if (publicFigure === undefined) out[i] = { accountId };
    else if (typeof publicFigure === 'boolean') out[i] = { accountId, publicFigure };
    else return null;
  }
  return out;
}

/**
 * The record for a valid repost event, or null: not valid, not sure, or a time
 * the zod path dead-letters (it then builds that dead letter itself).
 */
export function fastEventRecord(json: object, position: SourcePosition): RepostEvent | null {
  const e = json as EventJson;
  if (e.type !== undefined && e.type !== 'event') return null;
  const { eventId, platform, kind, postId, authorId, createdAt, authorFollowers, text, lang } = e;
  if (!isId(eventId) || !isId(postId) || !isId(authorId)) return null;
  if (typeof platform !== 'string' || !PLATFORM_PATTERN.test(platform)) return null;
  if (!isKind(kind)) return null;
  const parentId = optionalId(e.parentId);
  const rootId = optionalId(e.rootId);
  if (parentId === false || rootId === false) return null;
  // the schema's refine: only a post may lack a parent
  if (kind !== 'post' && parentId === null) return null;
  if (authorFollowers !== undefined && !isCount(authorFollowers)) return null;
  const time = eventTime(createdAt);
  if (time === null) return null;
  const accountTime = e.authorCreatedAt === undefined ? undefined : eventTime(e.authorCreatedAt);
  if (accountTime === null) return null;
  if (text !== undefined && (typeof text !== 'string' || !isText(text))) return null;
  if (lang !== undefined && (typeof lang !== 'string' || lang.length > LIMITS.langMax)) return null;
  // (absent, as in most events: the shared empty lists, not three new ones per event)
  const urls = e.urls === undefined ? NO_STRINGS : stringArray(e.urls, 0, LIMITS.urlMax, LIMITS.urlsMax);
  if (urls === null) return null;
  const mediaHashes =
    e.mediaHashes === undefined ? NO_STRINGS : stringArray(e.mediaHashes, 1, ID_MAX, LIMITS.mediaHashesMax);
  if (mediaHashes === null) return null;
  const mentions = e.mentions === undefined ? NO_MENTIONS : mentionArray(e.mentions);
  if (mentions === null) return null;
  // Field order is the zod path's record literal (decode-record.ts): output bytes depend on it.
  const record: RepostEvent = {
    type: 'event',
    eventId,
    platform,
    kind,
    postId,
    parentId,
    rootId,
    authorId,
    authorFollowers: authorFollowers ?? null,
    time,
    text: text ?? '',
    urls,
    mediaHashes,
    lang: lang ?? null,
    mentions,
    position,
  };
  // (added last, where a spread of the record would put it: the same key order without a second record)
  if (accountTime !== undefined) (record as { authorCreatedAt?: number }).authorCreatedAt = accountTime;
  return record;
}

/** An event's lists when it has none: shared and frozen (RepostEvent's lists are read-only; a write would throw). */
const NO_STRINGS: readonly string[] = Object.freeze([]);
const NO_MENTIONS: readonly Mention[] = Object.freeze([]);

/** EventTimeSchema: a string of at most 64 characters or a non-negative safe integer, then parsed. */
function eventTime(v: unknown): number | null {
  if (typeof v === 'string') return v.length <= 64 ? parseEventTime(v) : null;
  return isCount(v) ? parseEventTime(v) : null;
}
