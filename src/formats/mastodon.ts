import { z } from 'zod';
import { htmlLinks, htmlToText } from './html-text.js';
import { accountCreatedAt, invalid, invalidShape, mentionsOf, schemaOneEvent } from './map-helpers.js';
import type { AdaptContext, Adapted, FormatAdapter } from './types.js';

/**
 * Mastodon's streaming API: `update` events carry a Status (a reblog wraps the original in `reblog`; a
 * reply has `in_reply_to_id`; a quote, since 4.4, has `quote.quoted_status`); `delete` carries only the
 * status id. The frame is what the WebSocket sends (`{stream, event, payload}` with the Status as a JSON
 * string) or an SSE `event:`/`data:` pair turned into the same object; a bare Status (as the REST API
 * returns it) is read as an `update`. Event time is the Status's `created_at`; a `delete` carries no time
 * and takes the last event time this source saw. Ids are the instance's status and account ids.
 */

const Account = z.looseObject({
  id: z.string().min(1),
  acct: z.string().optional(),
  followers_count: z.number().int().nonnegative().optional(),
  created_at: z.unknown().optional().describe('when the account was created (Mastodon 3.4+: midnight UTC of that day)'),
});
const BaseStatus = z.looseObject({
  id: z.string().min(1),
  created_at: z.string().min(1),
  account: Account,
  content: z.string().default(''),
  in_reply_to_id: z.string().nullable().optional(),
  language: z.string().nullable().optional(),
  mentions: z.array(z.looseObject({ id: z.string().min(1), acct: z.string().optional() })).default([]),
  media_attachments: z
    .array(z.looseObject({ id: z.string().optional(), blurhash: z.string().nullable().optional() }))
    .default([]),
  card: z.looseObject({ url: z.string() }).nullable().optional(),
  quote: z
    .looseObject({
      state: z.string().optional(),
      quoted_status: z
        .looseObject({ id: z.string().min(1) })
        .nullable()
        .optional(),
      quoted_status_id: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
});
export const MastodonStatus = BaseStatus.extend({
  reblog: BaseStatus.nullable().optional().describe('the reblogged status: this one is a reblog of it'),
});
export const MastodonFrame = z.looseObject({
  stream: z.array(z.string()).optional(),
  event: z.string().min(1).describe('update | delete | status.update | notification | …'),
  payload: z
    .union([z.string(), z.record(z.string(), z.unknown())])
    .optional()
    .describe('a Status as a JSON string (update), or the status id (delete)'),
});

const SKIPPED: Record<string, string> = {
  'status.update': 'edit',
  notification: 'notification',
  conversation: 'conversation',
  filters_changed: 'filters',
  announcement: 'announcement',
  'announcement.reaction': 'announcement',
  'announcement.delete': 'announcement',
};

function adapt(message: Record<string, unknown>, ctx: AdaptContext): Adapted {
  if (!('event' in message)) return fromStatus(message, ctx);
  const f = MastodonFrame.safeParse(message);
  if (!f.success) return invalidShape('mastodon', f.error);
  const { event, payload } = f.data;
  if (event === 'delete') {
    if (typeof payload !== 'string' || payload === '') return invalid('mastodon delete without a status id payload');
    // Nothing was placed yet from this source, so there is nothing to mark.
    if (ctx.lastTime === null) return { kind: 'skip', what: 'delete_unplaced' };
    return { kind: 'delete', platform: ctx.platform, postId: payload, time: ctx.lastTime };
  }
  if (event !== 'update') return { kind: 'skip', what: SKIPPED[event] ?? 'other' };
  if (typeof payload !== 'string')
    return payload ? fromStatus(payload, ctx) : invalid('mastodon update without payload');
  let status: unknown;
  try {
    status = JSON.parse(payload);
  } catch (e) {
    return invalid(`mastodon update payload is not JSON: ${(e as Error).message}`);
  }
  if (typeof status !== 'object' || status === null) return invalid('mastodon update payload is not an object');
  return fromStatus(status as Record<string, unknown>, ctx);
}

function fromStatus(json: Record<string, unknown>, ctx: AdaptContext): Adapted {
  const s = MastodonStatus.safeParse(json);
  if (!s.success) return invalidShape('mastodon status', s.error);
  const status = s.data;
  const base = {
    eventId: status.id,
    postId: status.id,
    authorId: status.account.id,
    authorFollowers: status.account.followers_count ?? null,
    authorCreatedAt: accountCreatedAt(status.account.created_at),
    createdAt: status.created_at,
  };
  if (status.reblog) return schemaOneEvent(ctx, { ...base, kind: 'repost', parentId: status.reblog.id });
  const quoted = status.quote?.quoted_status?.id ?? status.quote?.quoted_status_id ?? null;
  const replyTo = status.in_reply_to_id ?? null;
  return schemaOneEvent(ctx, {
    ...base,
    kind: replyTo !== null ? 'reply' : quoted !== null ? 'quote' : 'post',
    parentId: replyTo ?? quoted,
    text: htmlToText(status.content),
    urls: [...htmlLinks(status.content), status.card?.url],
    // blurhash: Mastodon's perceptual summary of an image, the same for the same picture re-uploaded
    mediaHashes: status.media_attachments.map((a) => a.blurhash),
    lang: status.language ?? null,
    mentions: mentionsOf(
      status.mentions.map((m) => m.id),
      ctx,
    ),
  });
}

export const mastodon: FormatAdapter = {
  name: 'mastodon',
  platform: 'mastodon',
  skipKinds: ['edit', 'notification', 'conversation', 'filters', 'announcement', 'delete_unplaced', 'other'],
  shape: z.union([MastodonFrame, MastodonStatus]),
  adapt,
  recognises: (m) =>
    (typeof m.event === 'string' && ('payload' in m || 'stream' in m)) ||
    (typeof m.account === 'object' && typeof m.created_at === 'string' && 'content' in m),
  // status ids are the instance's own: a status URL names a post of this source only on this instance
  // (graph.linkPatterns can add `{platform: mastodon, pattern: '^https://your\\.instance/@[^/]+/(?<id>\\d+)'}`)
  linkPatterns: [],
};
