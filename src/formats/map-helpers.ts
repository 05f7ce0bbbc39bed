import type { z } from 'zod';
import { LIMITS, type EventKind, type Mention, type RepostEventInput } from '../contract/index.js';
import { parseEventTime } from '../util/index.js';
import type { AdaptContext, Adapted } from './types.js';

/** A zod failure as an adapter's `invalid`: the first issues with their paths, as the schema-1 decoder words them. */
export function invalidShape(format: string, error: z.ZodError): Adapted {
  const issues = error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  return { kind: 'invalid', message: `not a ${format} message: ${issues}` };
}

/**
 * An account's creation time as epoch ms, or null: optional metadata, so a value the format garbles (or one not
 * RFC 3339 / epoch ms) is dropped rather than dead-lettering the post that carries it.
 */
export function accountCreatedAt(value: unknown): number | null {
  return typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
    ? parseEventTime(value)
    : null;
}

export function invalid(message: string): Adapted {
  return { kind: 'invalid', message };
}

/** Distinct, non-empty, capped to schema 1's limits: a format may carry more than schema 1 keeps. */
export function capped(values: readonly (string | null | undefined)[], max: number, maxLength: number): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (typeof v !== 'string' || v.length === 0 || v.length > maxLength || out.includes(v)) continue;
    out.push(v);
    if (out.length >= max) break;
  }
  return out;
}

/**
 * The links written in a plain-text or Markdown post (Reddit bodies, Weibo text), up to schema 1's count:
 * `http(s)://…` to the first space, bracket or quote, trailing punctuation dropped.
 */
export function linksInText(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/https?:\/\/[^\s<>()[\]"'，。！？、]+/gu)) {
    out.push(m[0].replace(/[.,;:!?*_~]+$/, ''));
    if (out.length >= LIMITS.urlsMax) break;
  }
  return out;
}

/** Mentioned account ids as schema-1 mentions; an id in the configured public-figure set carries the flag. */
export function mentionsOf(
  ids: readonly (string | null | undefined)[],
  ctx: AdaptContext,
  official = new Set<string>(),
): Mention[] {
  return capped(ids, LIMITS.mentionsMax, LIMITS.idMax).map((accountId) =>
    ctx.publicFigures.has(accountId) || official.has(accountId) ? { accountId, publicFigure: true } : { accountId },
  );
}

/** The fields every adapter fills; optional ones are left out when the format does not carry them. */
export interface EventParts {
  readonly eventId: string;
  readonly kind: EventKind;
  readonly postId: string;
  readonly parentId?: string | null | undefined;
  readonly rootId?: string | null | undefined;
  readonly authorId: string;
  readonly authorFollowers?: number | null | undefined;
  /** when the author's account was created, as the format gives it (RFC 3339 or epoch ms) */
  readonly authorCreatedAt?: string | number | null | undefined;
  readonly createdAt: string | number;
  readonly text?: string | undefined;
  readonly urls?: readonly (string | null | undefined)[];
  readonly mediaHashes?: readonly (string | null | undefined)[];
  readonly lang?: string | null | undefined;
  readonly mentions?: readonly Mention[];
}

/** A schema-1 event object from the parts, in schema 1's field order, without empty optional fields. */
export function schemaOneEvent(ctx: AdaptContext, p: EventParts): Adapted {
  const event: Record<string, unknown> = {
    eventId: p.eventId,
    platform: ctx.platform,
    kind: p.kind,
    postId: p.postId,
  };
  if (p.parentId != null) event.parentId = p.parentId;
  if (p.rootId != null) event.rootId = p.rootId;
  event.authorId = p.authorId;
  if (p.authorFollowers != null) event.authorFollowers = p.authorFollowers;
  if (p.authorCreatedAt != null) event.authorCreatedAt = p.authorCreatedAt;
  event.createdAt = p.createdAt;
  if (p.text !== undefined && p.text !== '') event.text = p.text;
  const urls = capped(p.urls ?? [], LIMITS.urlsMax, LIMITS.urlMax);
  if (urls.length) event.urls = urls;
  const media = capped(p.mediaHashes ?? [], LIMITS.mediaHashesMax, LIMITS.idMax);
  if (media.length) event.mediaHashes = media;
  if (p.lang != null && p.lang !== '') event.lang = p.lang;
  if (p.mentions?.length) event.mentions = p.mentions;
  return { kind: 'event', event: event as RepostEventInput };
}
