import type { RepostEventInput } from '../../contract/index.js';
import { timeMs, type FormatEncoder } from './types.js';

/** X API v2 filtered stream: the tweet, its author in includes.users. */
export const xEncoder: FormatEncoder = {
  idOf: (e) => e.postId,
  accountOf: (a) => a,
  encode(e: RepostEventInput, ids) {
    const id = (p: string | null | undefined): string => ids.get(p ?? '') ?? String(p);
    const type = { repost: 'retweeted', quote: 'quoted', reply: 'replied_to', post: null }[e.kind];
    const data = {
      id: e.postId,
      text: e.text ?? '',
      author_id: e.authorId,
      created_at: new Date(timeMs(e.createdAt)).toISOString(),
      ...(e.kind === 'reply' ? { conversation_id: id(e.rootId ?? e.parentId) } : { conversation_id: e.postId }),
      ...(e.lang ? { lang: e.lang } : {}),
      ...(type ? { referenced_tweets: [{ type, id: id(e.parentId) }] } : {}),
      entities: {
        urls: (e.urls ?? []).map((u) => ({ url: 'https://t.co/x', expanded_url: u })),
        mentions: (e.mentions ?? []).map((m) => ({ id: m.accountId, username: m.accountId })),
      },
      ...(e.mediaHashes?.length ? { attachments: { media_keys: e.mediaHashes } } : {}),
    };
    const users = [
      { id: e.authorId, username: e.authorId, public_metrics: { followers_count: e.authorFollowers ?? 0 } },
    ];
    return { data, includes: { users }, matching_rules: [{ id: '1', tag: 'doxguard' }] };
  },
};
