import { z } from 'zod';
import { parseEventTime } from '../util/index.js';
import { accountCreatedAt, invalidShape, mentionsOf, schemaOneEvent } from './map-helpers.js';
import type { AdaptContext, Adapted, FormatAdapter } from './types.js';

/**
 * X API v2 as the filtered stream delivers it: `{data: Tweet, includes: {users, media, tweets},
 * matching_rules}`. `referenced_tweets` says what a tweet reshares or answers (retweeted > quoted >
 * replied_to); `conversation_id` is the cascade root of a reply; the author's followers come from
 * `includes.users` (expansions=author_id, user.fields=public_metrics); mentioned accounts whose
 * `verified_type` is `government` are public figures. Event time is `created_at`, else the time encoded in
 * the tweet id (a snowflake). A compliance `delete` marks the tweet deleted.
 */

const SNOWFLAKE_EPOCH_MS = 1288834974657n;

const Ref = z.looseObject({ type: z.enum(['retweeted', 'quoted', 'replied_to']), id: z.string().min(1) });
export const XTweet = z.looseObject({
  id: z.string().min(1),
  text: z.string().default(''),
  author_id: z.string().min(1),
  created_at: z.string().optional(),
  conversation_id: z.string().optional(),
  lang: z.string().optional(),
  referenced_tweets: z.array(Ref).optional(),
  entities: z
    .looseObject({
      mentions: z.array(z.looseObject({ id: z.string().optional(), username: z.string().optional() })).optional(),
      urls: z.array(z.looseObject({ url: z.string().optional(), expanded_url: z.string().optional() })).optional(),
    })
    .optional(),
  attachments: z.looseObject({ media_keys: z.array(z.string()).optional() }).optional(),
});
const XUser = z.looseObject({
  id: z.string(),
  public_metrics: z.looseObject({ followers_count: z.number().int().nonnegative() }).optional(),
  verified_type: z.string().optional(),
  created_at: z.unknown().optional().describe('user.fields=created_at: when the account was created'),
});
const XDelete = z.looseObject({
  delete: z.looseObject({
    tweet: z.looseObject({ id: z.string().min(1), author_id: z.string().optional() }),
    event_at: z.string().min(1),
  }),
});
export const XMessage = z.looseObject({
  data: z.union([XTweet, XDelete]),
  includes: z.looseObject({ users: z.array(XUser).optional() }).optional(),
  matching_rules: z.array(z.looseObject({ id: z.string().optional(), tag: z.string().optional() })).optional(),
});

function snowflakeTime(id: string): number | null {
  if (!/^\d{1,20}$/.test(id)) return null;
  const ms = (BigInt(id) >> 22n) + SNOWFLAKE_EPOCH_MS;
  return ms > SNOWFLAKE_EPOCH_MS ? Number(ms) : null;
}

function adapt(message: Record<string, unknown>, ctx: AdaptContext): Adapted {
  if (!('data' in message)) return { kind: 'skip', what: 'errors' in message ? 'system' : 'other' };
  const m = XMessage.safeParse(message);
  if (!m.success) return invalidShape('x', m.error);
  const data = m.data.data;
  if ('delete' in data) {
    const d = XDelete.parse(data).delete;
    return deleted(ctx, d.tweet.id, d.event_at);
  }
  const tweet = XTweet.parse(data);
  const users = m.data.includes?.users ?? [];
  const author = users.find((u) => u.id === tweet.author_id);
  const refs = tweet.referenced_tweets ?? [];
  const ref =
    refs.find((r) => r.type === 'retweeted') ??
    refs.find((r) => r.type === 'quoted') ??
    refs.find((r) => r.type === 'replied_to');
  const createdAt = tweet.created_at ?? snowflakeTime(tweet.id);
  if (createdAt === null) return { kind: 'invalid', message: 'x tweet without created_at and without a snowflake id' };
  const officials = new Set(users.filter((u) => u.verified_type === 'government').map((u) => u.id));
  const kind =
    ref === undefined ? 'post' : ref.type === 'retweeted' ? 'repost' : ref.type === 'quoted' ? 'quote' : 'reply';
  return schemaOneEvent(ctx, {
    eventId: tweet.id,
    kind,
    postId: tweet.id,
    parentId: ref?.id ?? null,
    rootId: kind === 'reply' && tweet.conversation_id !== tweet.id ? (tweet.conversation_id ?? null) : null,
    authorId: tweet.author_id,
    authorFollowers: author?.public_metrics?.followers_count ?? null,
    authorCreatedAt: accountCreatedAt(author?.created_at),
    createdAt,
    text: tweet.text,
    urls: (tweet.entities?.urls ?? []).map((u) => u.expanded_url ?? u.url),
    mediaHashes: tweet.attachments?.media_keys ?? [],
    lang: tweet.lang ?? null,
    mentions: mentionsOf(
      (tweet.entities?.mentions ?? []).map((u) => u.id),
      ctx,
      officials,
    ),
  });
}

function deleted(ctx: AdaptContext, postId: string, at: string): Adapted {
  const time = parseEventTime(at);
  if (time === null)
    return { kind: 'invalid', message: `x delete event_at ${JSON.stringify(at).slice(0, 40)} is not a time` };
  return { kind: 'delete', platform: ctx.platform, postId, time };
}

export const x: FormatAdapter = {
  name: 'x',
  platform: 'x',
  skipKinds: ['system', 'other'],
  shape: XMessage,
  adapt,
  recognises: (m) => ('data' in m && typeof m.kind !== 'string') || 'errors' in m,
  // the default graph.linkPatterns' x.com / twitter.com status URLs name tweet ids, as this adapter does
  linkPatterns: [],
};
