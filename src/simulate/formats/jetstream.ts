import type { RepostEventInput } from '../../contract/index.js';
import { timeMs, type FormatEncoder } from './types.js';

const did = (authorId: string): string => `did:plc:${authorId.toLowerCase()}`;

/** Bluesky: a reshare with commentary is a quote (a repost record carries no text). */
export const jetstreamEncoder: FormatEncoder = {
  idOf: (e) =>
    `at://${did(e.authorId)}/app.bsky.feed.${e.kind === 'repost' && !('text' in e && e.text) ? 'repost' : 'post'}/${e.postId}`,
  accountOf: did,
  encode(e: RepostEventInput, ids) {
    const id = (postId: string | null | undefined): string =>
      ids.get(postId ?? '') ?? `at://did:plc:unknown/app.bsky.feed.post/${postId}`;
    const uri = this.idOf(e);
    const [, , repo, collection, rkey] = uri.split('/');
    const base = { did: repo, time_us: timeMs(e.createdAt) * 1000, kind: 'commit' };
    if (collection === 'app.bsky.feed.repost')
      return {
        ...base,
        commit: {
          rev: rkey,
          operation: 'create',
          collection,
          rkey,
          record: {
            $type: collection,
            subject: { uri: id(e.parentId), cid: 'bafy' },
            createdAt: new Date(timeMs(e.createdAt)).toISOString(),
          },
        },
      };
    const quoted = e.kind === 'quote' || e.kind === 'repost' ? { uri: id(e.parentId), cid: 'bafy' } : null;
    const images = (e.mediaHashes ?? []).map((h) => ({
      alt: '',
      image: { $type: 'blob', ref: { $link: h }, mimeType: 'image/jpeg', size: 1 },
    }));
    const embed =
      quoted && images.length
        ? {
            $type: 'app.bsky.embed.recordWithMedia',
            record: { record: quoted },
            media: { $type: 'app.bsky.embed.images', images },
          }
        : quoted
          ? { $type: 'app.bsky.embed.record', record: quoted }
          : images.length
            ? { $type: 'app.bsky.embed.images', images }
            : undefined;
    const facets = [
      ...(e.urls ?? []).map((u) => ({
        index: { byteStart: 0, byteEnd: 0 },
        features: [{ $type: 'app.bsky.richtext.facet#link', uri: u }],
      })),
      ...(e.mentions ?? []).map((m) => ({
        index: { byteStart: 0, byteEnd: 0 },
        features: [{ $type: 'app.bsky.richtext.facet#mention', did: did(m.accountId) }],
      })),
    ];
    const record = {
      $type: 'app.bsky.feed.post',
      text: e.text ?? '',
      createdAt: new Date(timeMs(e.createdAt)).toISOString(),
      ...(e.lang ? { langs: [e.lang] } : {}),
      ...(e.kind === 'reply'
        ? {
            reply: {
              root: { uri: id(e.rootId ?? e.parentId), cid: 'bafy' },
              parent: { uri: id(e.parentId), cid: 'bafy' },
            },
          }
        : {}),
      ...(embed ? { embed } : {}),
      ...(facets.length ? { facets } : {}),
    };
    return { ...base, commit: { rev: rkey, operation: 'create', collection, rkey, record, cid: 'bafy' } };
  },
};
