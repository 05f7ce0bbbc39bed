import { z } from 'zod';
import { capped, invalid, invalidShape, mentionsOf, schemaOneEvent } from './map-helpers.js';
import type { AdaptContext, Adapted, FormatAdapter } from './types.js';

/**
 * Bluesky Jetstream (the JSON firehose): `commit` events of `app.bsky.feed.post` (replies, quotes through
 * record embeds, mentions and links from facets, image and video blobs) and `app.bsky.feed.repost`. Ids are
 * the records' at:// URIs; the author is the repo's DID. Event time is `time_us`, stamped by the Jetstream
 * server (a record's own `createdAt` is set by the client and can be back-dated); it is also the cursor a
 * live connection resumes from. Jetstream carries no follower counts.
 */

const POST = 'app.bsky.feed.post';
const REPOST = 'app.bsky.feed.repost';

/** Collections skipped, counted by these names (doxguard_input_skipped_total{kind}). */
const SKIPPED: Record<string, string> = {
  'app.bsky.feed.like': 'like',
  'app.bsky.graph.follow': 'follow',
  'app.bsky.actor.profile': 'profile',
  'app.bsky.graph.block': 'block',
  'app.bsky.graph.listitem': 'list',
  'app.bsky.graph.list': 'list',
};

const StrongRef = z.looseObject({ uri: z.string().min(1), cid: z.string().optional() });
const Blob = z.looseObject({ ref: z.looseObject({ $link: z.string() }).optional() }).optional();
const Images = z.array(z.looseObject({ image: Blob, alt: z.string().optional() })).optional();
const Media = z.looseObject({ $type: z.string().optional(), images: Images, video: Blob }).optional();
const Embed = z
  .looseObject({
    $type: z.string(),
    record: z.looseObject({ uri: z.string().optional(), record: StrongRef.optional() }).optional(),
    media: Media,
    images: Images,
    video: Blob,
    external: z.looseObject({ uri: z.string() }).optional(),
  })
  .optional();
const Facet = z.looseObject({
  features: z.array(z.looseObject({ $type: z.string(), did: z.string().optional(), uri: z.string().optional() })),
});
const PostRecord = z.looseObject({
  $type: z.literal(POST).optional(),
  text: z.string().default(''),
  createdAt: z.string().optional(),
  langs: z.array(z.string()).optional(),
  reply: z.looseObject({ root: StrongRef, parent: StrongRef }).optional(),
  embed: Embed,
  facets: z.array(Facet).optional(),
});
const RepostRecord = z.looseObject({ $type: z.literal(REPOST).optional(), subject: StrongRef });

export const JetstreamMessage = z.looseObject({
  did: z.string().min(1).describe("the repo's DID: the author"),
  time_us: z.number().int().positive().describe('Jetstream server time, unix microseconds: event time and cursor'),
  kind: z.enum(['commit', 'identity', 'account']),
  commit: z
    .looseObject({
      rev: z.string().optional(),
      operation: z.enum(['create', 'update', 'delete']),
      collection: z.string().min(1),
      rkey: z.string().min(1),
      record: z.record(z.string(), z.unknown()).optional(),
      cid: z.string().optional(),
    })
    .optional(),
});

function adapt(message: Record<string, unknown>, ctx: AdaptContext): Adapted {
  const m = JetstreamMessage.safeParse(message);
  if (!m.success) return invalidShape('jetstream', m.error);
  const { did, time_us: timeUs, kind, commit } = m.data;
  if (kind !== 'commit') return { kind: 'skip', what: kind };
  if (commit === undefined) return invalid('not a jetstream message: a commit event without commit');
  const { collection, operation } = commit;
  if (collection !== POST && collection !== REPOST) return { kind: 'skip', what: SKIPPED[collection] ?? 'other' };
  const uri = `at://${did}/${collection}/${commit.rkey}`;
  const time = Math.floor(timeUs / 1000);
  if (operation === 'delete') return { kind: 'delete', platform: ctx.platform, postId: uri, time };
  if (operation === 'update') return { kind: 'skip', what: 'update' };
  if (collection === REPOST) {
    const r = RepostRecord.safeParse(commit.record);
    if (!r.success) return invalidShape('jetstream repost', r.error);
    return schemaOneEvent(ctx, {
      eventId: uri,
      kind: 'repost',
      postId: uri,
      parentId: r.data.subject.uri,
      authorId: did,
      createdAt: time,
    });
  }
  const p = PostRecord.safeParse(commit.record);
  if (!p.success) return invalidShape('jetstream post', p.error);
  const post = p.data;
  const embed = post.embed;
  const quoted = embed?.record?.record?.uri ?? embed?.record?.uri ?? null;
  const media = [embed, embed?.media].flatMap((e) => [
    ...(e?.images ?? []).map((i) => i.image?.ref?.$link),
    e?.video?.ref?.$link,
  ]);
  const features = (post.facets ?? []).flatMap((f) => f.features);
  const links = features.filter((f) => f.$type === 'app.bsky.richtext.facet#link').map((f) => f.uri);
  const mentioned = features.filter((f) => f.$type === 'app.bsky.richtext.facet#mention').map((f) => f.did);
  const parentId = post.reply?.parent.uri ?? quoted;
  return schemaOneEvent(ctx, {
    eventId: uri,
    kind: post.reply ? 'reply' : quoted !== null ? 'quote' : 'post',
    postId: uri,
    parentId,
    rootId: post.reply?.root.uri ?? null,
    authorId: did,
    createdAt: time,
    text: post.text,
    // a reply that also quotes keeps the quoted post as a link
    urls: [...links, embed?.external?.uri, post.reply && quoted !== null ? quoted : null],
    mediaHashes: capped(media, 32, 256),
    lang: post.langs?.[0] ?? null,
    mentions: mentionsOf(mentioned, ctx),
  });
}

export const jetstream: FormatAdapter = {
  name: 'jetstream',
  platform: 'bluesky',
  skipKinds: ['identity', 'account', 'like', 'follow', 'profile', 'block', 'list', 'update', 'other'],
  shape: JetstreamMessage,
  adapt,
  recognises: (m) => typeof m.did === 'string' && typeof m.time_us === 'number',
  // bsky.app links name the author by DID or by handle; only a DID gives the at:// URI without a lookup
  linkPatterns: [
    {
      pattern: '^https?://bsky\\.app/profile/(?<did>did:[a-z0-9]+:[A-Za-z0-9._:%-]+)/post/(?<rkey>[A-Za-z0-9]+)',
      id: 'at://$<did>/app.bsky.feed.post/$<rkey>',
    },
  ],
};
