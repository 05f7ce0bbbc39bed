import { z } from 'zod';
import { accountCreatedAt, invalid, invalidShape, linksInText, schemaOneEvent } from './map-helpers.js';
import type { AdaptContext, Adapted, FormatAdapter } from './types.js';

/**
 * Reddit submissions (`t3`) and comments (`t1`), as the API lists them (`{kind, data}`) or bare (as archives
 * keep them). Ids are fullnames (`t3_…`, `t1_…`), which Reddit's moderation endpoints take as they are; a
 * comment answers `parent_id` inside the submission `link_id` (its cascade root). A submission's text is
 * its title and self text; a crosspost (`crosspost_parent`) is a reshare. Reddit carries no follower
 * counts; the author is `author_fullname` (`t2_…`), or the name when the fullname is missing. Event time
 * is `created_utc` (epoch seconds). Votes, awards and other things (`t2`, `t4`, `t5`, `more`) are skipped.
 */

const Common = {
  id: z.string().min(1),
  name: z.string().optional().describe('the fullname; built from kind and id when missing'),
  author: z.string().min(1),
  author_fullname: z.string().optional(),
  created_utc: z.number().nonnegative().describe('epoch seconds'),
  author_created_utc: z
    .unknown()
    .optional()
    .describe("the author account's creation, epoch seconds (archives such as Pushshift's keep it; the API does not)"),
  subreddit: z.string().optional(),
};
export const RedditSubmission = z.looseObject({
  ...Common,
  title: z.string(),
  selftext: z.string().default(''),
  url: z.string().optional(),
  is_self: z.boolean().optional(),
  crosspost_parent: z.string().nullable().optional(),
  preview: z
    .looseObject({ images: z.array(z.looseObject({ id: z.string().optional() })).optional() })
    .optional()
    .describe('preview image ids: the media of a submission'),
});
export const RedditComment = z.looseObject({
  ...Common,
  body: z.string(),
  parent_id: z.string().min(4).describe('t3_ (the submission) or t1_ (a comment)'),
  link_id: z.string().min(4).describe('the submission: the cascade root'),
});
export const RedditThing = z.looseObject({ kind: z.string().min(1), data: z.record(z.string(), z.unknown()) });

const SKIPPED: Record<string, string> = { t2: 'account', t4: 'message', t5: 'subreddit', t6: 'award', more: 'more' };

function adapt(message: Record<string, unknown>, ctx: AdaptContext): Adapted {
  let kind: string;
  let data: Record<string, unknown>;
  if (typeof message.kind === 'string' && typeof message.data === 'object' && message.data !== null) {
    const t = RedditThing.safeParse(message);
    if (!t.success) return invalidShape('reddit', t.error);
    ({ kind, data } = t.data);
  } else {
    data = message;
    kind = 'link_id' in message ? 't1' : 'title' in message ? 't3' : '';
  }
  if (kind === 't1') return comment(data, ctx);
  if (kind === 't3') return submission(data, ctx);
  if (kind === '') return invalid('not a reddit message: neither {kind, data} nor a submission or comment');
  return { kind: 'skip', what: SKIPPED[kind] ?? 'other' };
}

function fullname(prefix: string, id: string, name: string | undefined): string {
  return name ?? (id.startsWith(prefix) ? id : `${prefix}${id}`);
}

/** What Reddit shows in place of a deleted or removed post: the post is gone. */
const REMOVED = new Set(['[deleted]', '[removed]']);

/** A removed post seen again: deleted as of the last event time (when it went is not in the message). */
function removed(ctx: AdaptContext, postId: string, created: number): Adapted {
  return { kind: 'delete', platform: ctx.platform, postId, time: Math.max(ctx.lastTime ?? created, created) };
}

const time = (seconds: number): number => Math.round(seconds * 1000);
/** `author_created_utc` (epoch seconds) as epoch ms, or null when absent or not a time */
const authorCreated = (seconds: unknown): number | null =>
  typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? accountCreatedAt(time(seconds)) : null;

function submission(data: Record<string, unknown>, ctx: AdaptContext): Adapted {
  const s = RedditSubmission.safeParse(data);
  if (!s.success) return invalidShape('reddit submission', s.error);
  const p = s.data;
  const id = fullname('t3_', p.id, p.name);
  if (REMOVED.has(p.selftext)) return removed(ctx, id, time(p.created_utc));
  const text = p.selftext ? `${p.title}\n\n${p.selftext}` : p.title;
  return schemaOneEvent(ctx, {
    eventId: id,
    kind: p.crosspost_parent ? 'repost' : 'post',
    postId: id,
    parentId: p.crosspost_parent ?? null,
    rootId: p.crosspost_parent ? null : id,
    authorId: p.author_fullname ?? p.author,
    authorCreatedAt: authorCreated(p.author_created_utc),
    createdAt: time(p.created_utc),
    text,
    urls: [...(p.is_self === false ? [p.url] : []), ...linksInText(text)],
    mediaHashes: (p.preview?.images ?? []).map((i) => i.id),
  });
}

function comment(data: Record<string, unknown>, ctx: AdaptContext): Adapted {
  const c = RedditComment.safeParse(data);
  if (!c.success) return invalidShape('reddit comment', c.error);
  const p = c.data;
  const id = fullname('t1_', p.id, p.name);
  if (REMOVED.has(p.body)) return removed(ctx, id, time(p.created_utc));
  return schemaOneEvent(ctx, {
    eventId: id,
    kind: 'reply',
    postId: id,
    parentId: p.parent_id,
    rootId: p.link_id,
    authorId: p.author_fullname ?? p.author,
    authorCreatedAt: authorCreated(p.author_created_utc),
    createdAt: time(p.created_utc),
    text: p.body,
    urls: linksInText(p.body),
  });
}

export const reddit: FormatAdapter = {
  name: 'reddit',
  platform: 'reddit',
  skipKinds: ['account', 'message', 'subreddit', 'award', 'more', 'other'],
  shape: z.union([RedditThing, RedditSubmission, RedditComment]),
  adapt,
  recognises: (m) =>
    (typeof m.kind === 'string' && typeof m.data === 'object') ||
    typeof m.subreddit === 'string' ||
    typeof m.created_utc === 'number',
  // permalinks name a submission by its base-36 id (a comment by both): this adapter's ids are fullnames
  linkPatterns: [
    {
      pattern:
        '^https?://(?:www\\.|old\\.|new\\.)?reddit\\.com/r/[^/]+/comments/[a-z0-9]+/[^/]*/(?<comment>[a-z0-9]+)/?(?:[?#]|$)',
      id: 't1_$<comment>',
    },
    {
      pattern: '^https?://(?:www\\.|old\\.|new\\.)?reddit\\.com/r/[^/]+/comments/(?<id>[a-z0-9]+)',
      id: 't3_$<id>',
    },
    { pattern: '^https?://redd\\.it/(?<id>[a-z0-9]+)', id: 't3_$<id>' },
  ],
};
